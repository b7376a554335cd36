"""violationCaseMerge: the secretariat merges a case into another of the same city and property
(the same registration plate) before the commission has ruled on it (MERGED).

Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND (either case), INVALID_TRANSITION, VALIDATION
(reason; the same case; another property; a target that has ended), VERSION_CONFLICT.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry

from db.tables import ENDED_STATUSES, CaseStatus
from resolvers.article100.machine import (
    check,
    clean_reason,
    find_case,
    move,
    require_step_role,
    today,
)
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, respond
from schema.article100.types import ViolationCase
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class ViolationCaseMergeData:
    case_id: int
    into_case_id: int
    reason: str
    expected_version: int


async def violation_case_merge(ctx: MutationContext, data: ViolationCaseMergeData) -> int:
    require_step_role(ctx.viewer, CaseStatus.MERGED)
    reason = clean_reason(data.reason)
    async with ctx.db.transaction() as conn:
        row = await find_case(conn, ctx.viewer, data.case_id)
        check(ctx.viewer, row, CaseStatus.MERGED, data.expected_version)
        target = await find_case(conn, ctx.viewer, data.into_case_id, field="intoCaseId")
        if target.id == row.id or target.plate != row.plate or target.status in ENDED_STATUSES:
            raise invalid(
                "A case merges into another open case of the same property (registration plate).",
                "پرونده تنها در پرونده باز دیگری از همان ملک (پلاک) ادغام می‌شود.",
                field="intoCaseId",
            )
        await move(
            ctx,
            conn,
            row,
            CaseStatus.MERGED,
            reason,
            data.expected_version,
            merged_into_id=target.id,
            closed_on=today(ctx),
        )
    return data.case_id


@strawberry.input(description="A case merged into another of the same property.")
class ViolationCaseMergeInput:
    case_id: strawberry.ID = strawberry.field(description="The case to merge.")
    into_case_id: strawberry.ID = strawberry.field(description="The case it is merged into.")
    reason: str = strawberry.field(description="Why (recorded with the step).")
    expected_version: int = strawberry.field(
        description="The case's `version` it is based on; a stale one is a VERSION_CONFLICT."
    )


@strawberry.type(description="The result of violationCaseMerge.")
class ViolationCaseMergePayload:
    case: ViolationCase | None = strawberry.field(description="The merged case; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[ViolationCaseMergeInput, strawberry.argument(description="The merge.")],
) -> ViolationCaseMergePayload:
    async def run(ctx: MutationContext) -> Changed:
        case_id = await violation_case_merge(
            ctx,
            ViolationCaseMergeData(
                case_id=parse_key(input.case_id, kind="ViolationCase", field="caseId"),
                into_case_id=parse_key(
                    input.into_case_id, kind="ViolationCase", field="intoCaseId"
                ),
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
        return {"case": (ViolationCase, case_id)}

    return await respond(info, ViolationCaseMergePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="The secretariat merges a case into another of the same property (MERGED).",
)
