"""article100AttendanceRecord: the secretariat records who of the commission's serving members
sat at a session (every serving member gets a line: present or not).

Fails with UNAUTHENTICATED, FORBIDDEN (not the secretariat), NOT_FOUND (a session of another
city or none), VALIDATION (a member who does not serve on the session's commission).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import delete, insert, select

from core.auth import Role
from db.tables import a100_attendance, a100_commission, a100_member, a100_session
from resolvers.mutations import (
    Changed,
    MutationContext,
    invalid,
    lock_row,
    not_found,
    parse_key,
    require_role,
    respond,
)
from schema.article100.types import Article100Session
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class Article100AttendanceRecordData:
    session_id: int
    present_member_ids: tuple[int, ...]


async def article100_attendance_record(
    ctx: MutationContext, data: Article100AttendanceRecordData
) -> int:
    require_role(ctx.viewer, Role.ARTICLE100_SECRETARIAT)
    async with ctx.db.transaction() as conn:
        session = await lock_row(
            conn, a100_session, data.session_id, field="sessionId", kind_fa="جلسه‌ای"
        )
        city = await conn.scalar(
            select(a100_commission.c.municipality_id).where(
                a100_commission.c.id == session.commission_id
            )
        )
        if city != ctx.viewer.municipality_id:
            raise not_found(
                "Your city has no session with this id.",
                "جلسه‌ای با این شناسه در شهر شما نیست.",
                field="sessionId",
            )
        serving = {
            row.id
            for row in (
                await conn.execute(
                    select(a100_member.c.id).where(
                        a100_member.c.commission_id == session.commission_id,
                        a100_member.c.term_end.is_(None),
                    )
                )
            ).all()
        }
        strangers = set(data.present_member_ids) - serving
        if strangers:
            raise invalid(
                f"Members {sorted(strangers)} do not serve on this session's commission.",
                "برخی از اعضای نام‌برده عضو این کمیسیون نیستند.",
                field="presentMemberIds",
            )
        await conn.execute(
            delete(a100_attendance).where(a100_attendance.c.session_id == session.id)
        )
        await conn.execute(
            insert(a100_attendance),
            [
                {
                    "session_id": session.id,
                    "member_id": member,
                    "present": member in data.present_member_ids,
                }
                for member in sorted(serving)
            ],
        )
    return data.session_id


@strawberry.input(description="Who sat at a session.")
class Article100AttendanceRecordInput:
    session_id: strawberry.ID = strawberry.field(description="The session.")
    present_member_ids: list[strawberry.ID] = strawberry.field(
        description="The serving members who sat; the others are recorded absent."
    )


@strawberry.type(description="The result of article100AttendanceRecord.")
class Article100AttendanceRecordPayload:
    session: Article100Session | None = strawberry.field(description="The session; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[
        Article100AttendanceRecordInput, strawberry.argument(description="The attendance.")
    ],
) -> Article100AttendanceRecordPayload:
    async def run(ctx: MutationContext) -> Changed:
        session_id = await article100_attendance_record(
            ctx,
            Article100AttendanceRecordData(
                session_id=parse_key(input.session_id, kind="Article100Session", field="sessionId"),
                present_member_ids=tuple(
                    parse_key(value, kind="Article100Member", field="presentMemberIds")
                    for value in input.present_member_ids
                ),
            ),
        )
        return {"session": (Article100Session, session_id)}

    return await respond(info, Article100AttendanceRecordPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve, description="The secretariat records who sat at a commission session."
)
