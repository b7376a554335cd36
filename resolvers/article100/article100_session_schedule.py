"""article100SessionSchedule: the commissions' secretariat schedules a session of one of its
city's commissions, with the cases on its agenda and the IT support present.

An agenda holds cases waiting for that commission: referred ones for a first-instance commission,
appealed ones for the appeal commission. Fails with UNAUTHENTICATED, FORBIDDEN (not the
secretariat), NOT_FOUND (a commission of another city or none; a case the caller may not see),
VALIDATION (agenda empty, too long or holding a case not waiting for this commission; the IT
support's name; the idempotency key). A replay with the same idempotency key returns the first
session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import insert, select

from core.auth import Role
from db.tables import CaseStatus, CommissionLevel, a100_agenda_item, a100_commission, a100_session
from resolvers import idempotency
from resolvers.article100.machine import check_instant, find_case
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import (
    Changed,
    MutationContext,
    invalid,
    not_found,
    parse_key,
    require_role,
    respond,
)
from schema.article100.types import Article100Session
from schema.context import Info
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "article100SessionSchedule"
MAX_AGENDA = 100

#: The cases a commission of each level decides.
WAITING = {
    CommissionLevel.FIRST_INSTANCE.value: CaseStatus.REFERRED.value,
    CommissionLevel.APPEAL.value: CaseStatus.APPEAL_REQUESTED.value,
}


@dataclass(frozen=True)
class Article100SessionScheduleData:
    commission_id: int
    held_at: datetime
    case_ids: tuple[int, ...]
    it_support_present: bool
    it_support_name: str | None = None
    idempotency_key: str | None = None


async def article100_session_schedule(
    ctx: MutationContext, data: Article100SessionScheduleData
) -> int:
    require_role(ctx.viewer, Role.ARTICLE100_SECRETARIAT)
    name = clean_text(
        data.it_support_name,
        field="itSupportName",
        label="The IT expert's name",
        label_fa="نام کارشناس فناوری اطلاعات",
        maximum=200,
        required=False,
    )
    if not 1 <= len(data.case_ids) <= MAX_AGENDA or len(set(data.case_ids)) != len(data.case_ids):
        raise invalid(
            f"An agenda holds 1 to {MAX_AGENDA} cases, each once.",
            f"دستور جلسه ۱ تا {MAX_AGENDA} پرونده دارد، هر یک یک بار.",
            field="caseIds",
        )
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash(
        {
            "commission": data.commission_id,
            "heldAt": data.held_at.isoformat(),
            "cases": list(data.case_ids),
            "it": [data.it_support_present, name],
        }
    )
    async with ctx.db.transaction() as conn:
        if key is not None:
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        commission = (
            await conn.execute(
                select(a100_commission).where(
                    a100_commission.c.id == data.commission_id,
                    a100_commission.c.municipality_id == ctx.viewer.municipality_id,
                )
            )
        ).first()
        if commission is None:
            raise not_found(
                "Your city has no Article 100 commission with this id.",
                "کمیسیونی با این شناسه در شهر شما نیست.",
                field="commissionId",
            )
        for index, case_id in enumerate(data.case_ids):
            row = await find_case(conn, ctx.viewer, case_id, field=f"caseIds.{index}")
            if row.status != WAITING[commission.level] or row.commission_id != commission.id:
                raise invalid(
                    f"Case {case_id} is not waiting for this commission (it is {row.status}).",
                    "این پرونده در انتظار رسیدگی این کمیسیون نیست.",
                    field=f"caseIds.{index}",
                )
        session_id: int = await conn.scalar(
            insert(a100_session)
            .values(
                commission_id=commission.id,
                held_at=data.held_at,
                it_support_present=data.it_support_present or name is not None,
                it_support_name=name,
                scheduled_by=ctx.viewer.actor,
                is_sample=False,
            )
            .returning(a100_session.c.id)
        )
        await conn.execute(
            insert(a100_agenda_item),
            [
                {"session_id": session_id, "case_id": case_id, "position": position}
                for position, case_id in enumerate(data.case_ids, start=1)
            ],
        )
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, session_id, column="result_id")
    return session_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A session of an Article 100 commission, with its agenda.")
class Article100SessionScheduleInput:
    commission_id: strawberry.ID = strawberry.field(description="The commission (of your city).")
    held_at: datetime = strawberry.field(description="When it is held (an instant, with offset).")
    case_ids: list[strawberry.ID] = strawberry.field(
        description="The cases on its agenda, in order (1 to 100, each waiting for it)."
    )
    it_support_present: bool = strawberry.field(
        default=True, description="An IT expert is present at the session (seed 003 asked so)."
    )
    it_support_name: str | None = strawberry.field(
        default=None, description="The IT expert's name."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of article100SessionSchedule.")
class Article100SessionSchedulePayload:
    session: Article100Session | None = strawberry.field(description="The session; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[
        Article100SessionScheduleInput, strawberry.argument(description="The session.")
    ],
) -> Article100SessionSchedulePayload:
    async def run(ctx: MutationContext) -> Changed:
        check_instant(input.held_at, field="heldAt")
        session_id = await article100_session_schedule(
            ctx,
            Article100SessionScheduleData(
                commission_id=parse_key(
                    input.commission_id, kind="Article100Commission", field="commissionId"
                ),
                held_at=input.held_at,
                case_ids=tuple(
                    parse_key(value, kind="ViolationCase", field=f"caseIds.{index}")
                    for index, value in enumerate(input.case_ids)
                ),
                it_support_present=input.it_support_present,
                it_support_name=input.it_support_name,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"session": (Article100Session, session_id)}

    return await respond(info, Article100SessionSchedulePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="The secretariat schedules a commission session with its agenda and IT support.",
)
