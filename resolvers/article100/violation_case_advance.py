"""violationCaseAdvance: the steps of a case that need nothing but a reason.

- REFERRED (the commissions' secretariat): to the city's first-instance commission (the one
  named, or number 1);
- FINAL (the secretariat): a notified verdict once its ten-day appeal window has passed (before,
  INVALID_TRANSITION saying until when), or an appeal verdict at once;
- EXECUTED (the execution office): every execution task of the case done, at least one;
- CLOSED: an executed case (the execution office), or a final verdict of no violation (the
  secretariat): closure only once the execution is recorded, or when there is nothing to execute;
- WITHDRAWN (the secretariat): before the commission has ruled.

Fails with UNAUTHENTICATED, FORBIDDEN (a role that takes no such step, or not this edge),
NOT_FOUND (no case the caller may see; no such commission), INVALID_TRANSITION, VALIDATION
(reason; tasks not done), VERSION_CONFLICT.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.calendar import solar_hijri
from db.tables import (
    CaseStatus,
    CommissionLevel,
    VerdictKind,
    a100_commission,
    a100_execution_task,
)
from resolvers.article100.machine import (
    check,
    clean_reason,
    find_case,
    invalid_transition,
    last_verdict,
    move,
    require_step_role,
    today,
)
from resolvers.mutations import (
    Changed,
    MutationContext,
    invalid,
    not_found,
    parse_key,
    respond,
)
from schema.article100.types import ViolationCase
from schema.context import Info
from schema.payloads import MutationError, errors_field


@strawberry.enum(description="The steps violationCaseAdvance takes.")
class CaseAdvanceTo(Enum):
    REFERRED = strawberry.enum_value(
        "REFERRED", description="Refer to the first-instance commission."
    )
    FINAL = strawberry.enum_value("FINAL", description="The verdict becomes final.")
    EXECUTED = strawberry.enum_value("EXECUTED", description="The execution is recorded.")
    CLOSED = strawberry.enum_value("CLOSED", description="Close the case.")
    WITHDRAWN = strawberry.enum_value("WITHDRAWN", description="Withdraw it before a ruling.")


@dataclass(frozen=True)
class ViolationCaseAdvanceData:
    case_id: int
    to: CaseStatus
    reason: str
    expected_version: int
    commission_id: int | None = None


async def _first_instance(conn: AsyncConnection, city: int, commission_id: int | None) -> int:
    c = a100_commission
    query = select(c.c.id).where(
        c.c.municipality_id == city, c.c.level == CommissionLevel.FIRST_INSTANCE.value
    )
    query = query.where(c.c.id == commission_id) if commission_id else query.order_by(c.c.number)
    found = await conn.scalar(query.limit(1))
    if found is None:
        raise not_found(
            "The city has no such first-instance Article 100 commission.",
            "شهرداری کمیسیون بدوی ماده صدی با این مشخصات ندارد.",
            field="commissionId",
        )
    return int(found)


async def _values(
    ctx: MutationContext, conn: AsyncConnection, row: Row[Any], data: ViolationCaseAdvanceData
) -> dict[str, Any]:
    """What the step writes besides the status, after the checks only it has."""
    status, to, day = CaseStatus(row.status), data.to, today(ctx)
    if to is CaseStatus.REFERRED:
        return {
            "referred_on": day,
            "commission_id": await _first_instance(conn, row.municipality_id, data.commission_id),
        }
    if to is CaseStatus.FINAL:
        if status is CaseStatus.NOTIFIED and day <= row.appeal_last_day:
            last = solar_hijri(row.appeal_last_day)
            raise invalid_transition(
                status,
                to,
                why=f" before its appeal window closes (appeals in time until {last})",
                why_fa=f" تا مهلت اعتراض پایان نیافته است (تا {last})",
            )
        return {"final_on": day}
    if to is CaseStatus.EXECUTED:
        t = a100_execution_task
        total, open_ = (
            await conn.execute(
                select(func.count(), func.count() - func.count(t.c.done_on)).where(
                    t.c.case_id == row.id
                )
            )
        ).one()
        if total == 0 or open_ > 0:
            raise invalid(
                f"Execution is recorded once every task is done ({open_} of {total} open).",
                "اجرا هنگامی ثبت می‌شود که همه وظایف اجرایی انجام شده باشد.",
                field="caseId",
            )
        return {"executed_on": day}
    if to is CaseStatus.CLOSED:
        if status is CaseStatus.FINAL:
            verdict = await last_verdict(conn, row.id)
            if verdict is None or verdict.kind != VerdictKind.NO_VIOLATION.value:
                raise invalid_transition(
                    status,
                    to,
                    why=" until its verdict is executed",
                    why_fa=" مگر پس از اجرای رأی",
                )
        return {"closed_on": day}
    return {"closed_on": day}  # WITHDRAWN


async def violation_case_advance(ctx: MutationContext, data: ViolationCaseAdvanceData) -> int:
    require_step_role(ctx.viewer, data.to)
    reason = clean_reason(data.reason)
    async with ctx.db.transaction() as conn:
        row = await find_case(conn, ctx.viewer, data.case_id)
        check(ctx.viewer, row, data.to, data.expected_version)
        values = await _values(ctx, conn, row, data)
        await move(ctx, conn, row, data.to, reason, data.expected_version, **values)
    return data.case_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A step of a case that needs only a reason.")
class ViolationCaseAdvanceInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    to: CaseAdvanceTo = strawberry.field(description="The status to take it to.")
    reason: str = strawberry.field(description="Why (recorded with the step).")
    expected_version: int = strawberry.field(
        description="The `version` the step is based on; a stale one is a VERSION_CONFLICT."
    )
    commission_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="REFERRED: the first-instance commission (default: the city's number 1).",
    )


@strawberry.type(description="The result of violationCaseAdvance.")
class ViolationCaseAdvancePayload:
    case: ViolationCase | None = strawberry.field(description="The case; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[ViolationCaseAdvanceInput, strawberry.argument(description="The step.")],
) -> ViolationCaseAdvancePayload:
    async def run(ctx: MutationContext) -> Changed:
        case_id = await violation_case_advance(
            ctx,
            ViolationCaseAdvanceData(
                case_id=parse_key(input.case_id, kind="ViolationCase", field="caseId"),
                to=CaseStatus(input.to.name),
                reason=input.reason,
                expected_version=input.expected_version,
                commission_id=parse_key(
                    input.commission_id, kind="Article100Commission", field="commissionId"
                )
                if input.commission_id is not None
                else None,
            ),
        )
        return {"case": (ViolationCase, case_id)}

    return await respond(info, ViolationCaseAdvancePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A case one step on: referred, final, executed, closed or withdrawn (each step for its "
        "role; see ViolationCase.events for the record)."
    ),
)
