"""violationCaseNotify: the secretariat records that the first-instance verdict was served on the
parties (NOTIFIED); the ten-day appeal window runs from then, on Tehran's calendar.

`notifiedAt` is when the notice was served (default: now), neither in the future nor before the
verdict. Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, VALIDATION
(reason; notifiedAt), VERSION_CONFLICT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import strawberry
from sqlalchemy import select

from core.deadlines import appeal_last_day
from db.tables import CaseStatus, CommissionLevel, a100_verdict
from resolvers.article100.machine import (
    check,
    check_instant,
    clean_reason,
    find_case,
    move,
    require_step_role,
)
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, respond
from schema.article100.types import ViolationCase
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class ViolationCaseNotifyData:
    case_id: int
    reason: str
    expected_version: int
    notified_at: datetime | None = None


async def violation_case_notify(ctx: MutationContext, data: ViolationCaseNotifyData) -> int:
    require_step_role(ctx.viewer, CaseStatus.NOTIFIED)
    reason = clean_reason(data.reason)
    now = ctx.clock()
    served = data.notified_at or now
    check_instant(served, field="notifiedAt")
    async with ctx.db.transaction() as conn:
        row = await find_case(conn, ctx.viewer, data.case_id)
        check(ctx.viewer, row, CaseStatus.NOTIFIED, data.expected_version)
        decided = await conn.scalar(
            select(a100_verdict.c.decided_at).where(
                a100_verdict.c.case_id == row.id,
                a100_verdict.c.level == CommissionLevel.FIRST_INSTANCE.value,
            )
        )
        if served > now or (decided is not None and served < decided):
            raise invalid(
                "A notice is served after the verdict and not in the future.",
                "ابلاغ پس از صدور رأی و نه در آینده است.",
                field="notifiedAt",
            )
        await move(
            ctx,
            conn,
            row,
            CaseStatus.NOTIFIED,
            reason,
            data.expected_version,
            notified_at=served,
            appeal_last_day=appeal_last_day(served),
        )
    return data.case_id


@strawberry.input(description="The first-instance verdict served on the parties.")
class ViolationCaseNotifyInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    reason: str = strawberry.field(description="How it was served (recorded with the step).")
    expected_version: int = strawberry.field(
        description="The case's `version` it is based on; a stale one is a VERSION_CONFLICT."
    )
    notified_at: datetime | None = strawberry.field(
        default=None, description="When the notice was served (default: now)."
    )


@strawberry.type(description="The result of violationCaseNotify.")
class ViolationCaseNotifyPayload:
    case: ViolationCase | None = strawberry.field(description="The case; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[ViolationCaseNotifyInput, strawberry.argument(description="The notice.")],
) -> ViolationCaseNotifyPayload:
    async def run(ctx: MutationContext) -> Changed:
        case_id = await violation_case_notify(
            ctx,
            ViolationCaseNotifyData(
                case_id=parse_key(input.case_id, kind="ViolationCase", field="caseId"),
                reason=input.reason,
                expected_version=input.expected_version,
                notified_at=input.notified_at,
            ),
        )
        return {"case": (ViolationCase, case_id)}

    return await respond(info, ViolationCaseNotifyPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="The verdict is served (NOTIFIED); the ten-day appeal window runs from then.",
)
