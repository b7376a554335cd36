"""violationCaseAppeal: a party's appeal of the first-instance verdict, recorded by the
secretariat (APPEAL_REQUESTED); the case goes before the city's appeal commission.

In time only within ten Tehran days after the day of notification (core/deadlines.py): later, it
is refused with APPEAL_WINDOW_CLOSED and nothing changes. `filedAt` is when the appeal was lodged
(default: now), not in the future nor before the notice. Fails with UNAUTHENTICATED, FORBIDDEN,
NOT_FOUND (no case the caller may see; the city has no appeal commission), INVALID_TRANSITION
(not notified), APPEAL_WINDOW_CLOSED, VALIDATION (reason; filedAt), VERSION_CONFLICT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import select

from core.calendar import solar_hijri
from core.deadlines import appeal_in_time
from core.errors import ErrorCode, MutationFailure
from db.tables import AppealParty, CaseStatus, CommissionLevel, a100_commission
from resolvers.article100.machine import (
    check,
    check_instant,
    clean_reason,
    find_case,
    move,
    require_step_role,
)
from resolvers.mutations import Changed, MutationContext, invalid, not_found, parse_key, respond
from schema.article100.types import ViolationCase
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class ViolationCaseAppealData:
    case_id: int
    party: AppealParty
    reason: str
    expected_version: int
    filed_at: datetime | None = None


async def violation_case_appeal(ctx: MutationContext, data: ViolationCaseAppealData) -> int:
    require_step_role(ctx.viewer, CaseStatus.APPEAL_REQUESTED)
    reason = clean_reason(data.reason)
    now = ctx.clock()
    filed = data.filed_at or now
    check_instant(filed, field="filedAt")
    async with ctx.db.transaction() as conn:
        row = await find_case(conn, ctx.viewer, data.case_id)
        check(ctx.viewer, row, CaseStatus.APPEAL_REQUESTED, data.expected_version)
        if filed > now or filed < row.notified_at:
            raise invalid(
                "An appeal is filed after the notice and not in the future.",
                "اعتراض پس از ابلاغ و نه در آینده ثبت می‌شود.",
                field="filedAt",
            )
        if not appeal_in_time(row.notified_at, filed):
            last = solar_hijri(row.appeal_last_day)
            raise MutationFailure(
                ErrorCode.APPEAL_WINDOW_CLOSED,
                f"The appeal window closed at the end of {last} (ten days after notification, "
                "Tehran time): the verdict can no longer be appealed.",
                f"مهلت ده‌روزه اعتراض در پایان {last} به سر رسیده است و اعتراض پذیرفته نمی‌شود.",
                field="filedAt",
            )
        appeal = await conn.scalar(
            select(a100_commission.c.id)
            .where(
                a100_commission.c.municipality_id == row.municipality_id,
                a100_commission.c.level == CommissionLevel.APPEAL.value,
            )
            .order_by(a100_commission.c.number)
            .limit(1)
        )
        if appeal is None:
            raise not_found(
                "The city has no Article 100 appeal commission.",
                "شهر کمیسیون تجدیدنظر ماده صد ندارد.",
                field="caseId",
            )
        await move(
            ctx,
            conn,
            row,
            CaseStatus.APPEAL_REQUESTED,
            reason,
            data.expected_version,
            appeal_filed_at=filed,
            appeal_party=data.party.value,
            commission_id=appeal,
        )
    return data.case_id


@strawberry.input(description="A party's appeal of the first-instance verdict.")
class ViolationCaseAppealInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    party: AppealParty = strawberry.field(description="Who appeals.")
    reason: str = strawberry.field(description="The grounds, in Persian.")
    expected_version: int = strawberry.field(
        description="The case's `version` it is based on; a stale one is a VERSION_CONFLICT."
    )
    filed_at: datetime | None = strawberry.field(
        default=None, description="When the appeal was lodged (default: now)."
    )


@strawberry.type(description="The result of violationCaseAppeal.")
class ViolationCaseAppealPayload:
    case: ViolationCase | None = strawberry.field(description="The case; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[ViolationCaseAppealInput, strawberry.argument(description="The appeal.")],
) -> ViolationCaseAppealPayload:
    async def run(ctx: MutationContext) -> Changed:
        case_id = await violation_case_appeal(
            ctx,
            ViolationCaseAppealData(
                case_id=parse_key(input.case_id, kind="ViolationCase", field="caseId"),
                party=input.party,
                reason=input.reason,
                expected_version=input.expected_version,
                filed_at=input.filed_at,
            ),
        )
        return {"case": (ViolationCase, case_id)}

    return await respond(info, ViolationCaseAppealPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A party appeals the first-instance verdict within ten days of notification (Tehran "
        "time); later is APPEAL_WINDOW_CLOSED."
    ),
)
