"""escalationAdvance: one step of an escalation — the presiding board takes it up at one of its
monthly meetings with the district mayor (ON_BOARD_AGENDA, naming the meeting), then records the
outcome (AGREED or NOT_AGREED, the reason being the outcome); or the secretary who raised it
withdraws it before the board takes it up (WITHDRAWN).

Fails with UNAUTHENTICATED, FORBIDDEN (another role's step; a board of another district; not the
secretary who raised it), NOT_FOUND (the escalation or the meeting), INVALID_TRANSITION (no such
step from its status), VALIDATION (reason; a meeting missing or of another district),
VERSION_CONFLICT (`expectedVersion` stale).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import select

from db.tables import EscalationStatus, board_meeting
from resolvers.mutations import (
    Changed,
    MutationContext,
    forbidden,
    invalid,
    not_found,
    respond,
    version_conflict,
)
from resolvers.neighbourhoods.common import acting_post, clean_reason, parse_key
from resolvers.neighbourhoods.escalations import (
    S,
    lock_escalation,
    move,
    no_such_step,
    roles_for,
)
from schema.context import Info
from schema.neighbourhoods.types import Escalation
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class EscalationAdvanceData:
    escalation_id: int
    to: EscalationStatus
    reason: str
    board_meeting_id: int | None = None
    expected_version: int | None = None


async def escalation_advance(ctx: MutationContext, data: EscalationAdvanceData) -> int:
    reason = clean_reason(data.reason)
    async with ctx.db.transaction() as conn:
        row = await lock_escalation(conn, ctx, data.escalation_id)
        before = EscalationStatus(row.status)
        roles = roles_for(before, data.to)
        if not roles:
            raise no_such_step(before, data.to)
        post = await acting_post(conn, ctx, *roles)
        if post.district_id != row.district_id:
            raise forbidden(
                "Only the escalation's own district may take this step.",
                "تنها منطقه همین ارجاع این کار را می‌تواند.",
                field="escalationId",
            )
        if data.to is S.WITHDRAWN and post.id != row.raised_by_post_id:
            raise forbidden(
                "Only the secretary who raised it may withdraw it.",
                "تنها دبیری که ارجاع را اعلام کرده می‌تواند آن را پس بگیرد.",
                field="escalationId",
            )
        if data.expected_version is not None and data.expected_version != row.version:
            raise version_conflict(row.version, data.expected_version)
        values: dict[str, object] = {}
        if data.to is S.ON_BOARD_AGENDA:
            if data.board_meeting_id is None:
                raise invalid(
                    "Name the board meeting that takes it up.",
                    "جلسه هیئت رئیسه را نام ببرید.",
                    field="boardMeetingId",
                )
            meeting = (
                await conn.execute(
                    select(board_meeting).where(board_meeting.c.id == data.board_meeting_id)
                )
            ).first()
            if meeting is None:
                raise not_found(
                    "No board meeting has that id.",
                    "جلسه‌ای با این شناسه نیست.",
                    field="boardMeetingId",
                )
            if meeting.district_id != row.district_id:
                raise invalid(
                    "The meeting is another district's board's.",
                    "این جلسه از آن هیئت رئیسه منطقه دیگری است.",
                    field="boardMeetingId",
                )
            values["board_meeting_id"] = meeting.id
        if data.to in (S.AGREED, S.NOT_AGREED):
            values["outcome_fa"] = reason
        await move(ctx, conn, row, data.to, post, reason, **values)
    return data.escalation_id


@strawberry.input(description="One step of an escalation, and why.")
class EscalationAdvanceInput:
    escalation_id: strawberry.ID = strawberry.field(description="The escalation.")
    to: EscalationStatus = strawberry.field(
        description="ON_BOARD_AGENDA, AGREED, NOT_AGREED or WITHDRAWN (the machine's steps)."
    )
    reason: str = strawberry.field(
        description="Why; for AGREED and NOT_AGREED, the outcome (recorded). At most 2,000."
    )
    board_meeting_id: strawberry.ID | None = strawberry.field(
        default=None, description="ON_BOARD_AGENDA: the board's meeting that takes it up."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="The version seen (VERSION_CONFLICT when stale)."
    )


@strawberry.type(description="The result of escalationAdvance.")
class EscalationAdvancePayload:
    escalation: Escalation | None = strawberry.field(description="The escalation; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[EscalationAdvanceInput, strawberry.argument(description="The step.")],
) -> EscalationAdvancePayload:
    async def run(ctx: MutationContext) -> Changed:
        escalation_id = await escalation_advance(
            ctx,
            EscalationAdvanceData(
                escalation_id=parse_key(
                    input.escalation_id, kind="Escalation", field="escalationId"
                ),
                to=input.to,
                reason=input.reason,
                board_meeting_id=parse_key(
                    input.board_meeting_id, kind="BoardMeeting", field="boardMeetingId"
                )
                if input.board_meeting_id is not None
                else None,
                expected_version=input.expected_version,
            ),
        )
        return {"escalation": (Escalation, escalation_id)}

    return await respond(info, EscalationAdvancePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "One step of an escalation: the presiding board (PRESIDING_BOARD) takes it up at a "
        "meeting with the district mayor, then records AGREED or NOT_AGREED; the secretary who "
        "raised it may withdraw it while RAISED."
    ),
)
