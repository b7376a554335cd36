"""smallProjectReturn: the official whose signature a form awaits returns it instead, with the
reason: it goes back to the project's neighbourhood council (RETURNED), whose members revise it and
submit it again, to be signed again from the first step. The history records where it was
(`fromStatus`), who returned it and why.

Fails with UNAUTHENTICATED, FORBIDDEN (not a signer's role, or not for this district or council),
NOT_FOUND, INVALID_TRANSITION (not awaiting this signer), VERSION_CONFLICT, VALIDATION (reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry

from core.errors import ErrorCode, MutationFailure
from db.tables import ProjectStatus
from resolvers.mutations import Changed, MutationContext, forbidden, respond
from resolvers.neighbourhoods.common import (
    SIGNER_ROLES,
    STATUS_FA,
    STEP_OF_STAGE,
    acting_post,
    check_version,
    clean_reason,
    lock_project,
    move,
    parse_key,
    wrong_stage,
)
from schema.context import Info
from schema.neighbourhoods.types import SmallProject
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class SmallProjectReturnData:
    project_id: int
    reason: str
    expected_version: int | None = None


async def small_project_return(ctx: MutationContext, data: SmallProjectReturnData) -> int:
    reason = clean_reason(data.reason)
    async with ctx.db.transaction() as conn:
        post = await acting_post(conn, ctx, *SIGNER_ROLES)
        row = await lock_project(conn, ctx, data.project_id)
        status = ProjectStatus(row.status)
        if status not in STEP_OF_STAGE:
            raise wrong_stage(status, "returned", "بازگرداند")
        step, office = STEP_OF_STAGE[status]
        if post.office != office.value:
            raise MutationFailure(
                ErrorCode.INVALID_TRANSITION,
                f"Only the {office.value}, whose signature the form awaits, may return it now.",
                f"فرم در وضعیت «{STATUS_FA[status]}» است؛ تنها همان امضاکننده می‌تواند آن را "
                "بازگرداند.",
                field="projectId",
            )
        if post.district_id != row.district_id or (step == 1 and post.council_id != row.council_id):
            raise forbidden(
                "The signer must hold the office for the project's district.",
                "امضاکننده باید این سمت را در منطقه پروژه داشته باشد.",
                field="projectId",
            )
        check_version(row, data.expected_version)
        await move(ctx, conn, row, ProjectStatus.RETURNED, post, reason)
    return data.project_id


@strawberry.input(description="A form returned to its council, and why.")
class SmallProjectReturnInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    reason: str = strawberry.field(
        description="Why it goes back (recorded; the council's members read it). At most 2,000."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="The version seen (VERSION_CONFLICT when stale)."
    )


@strawberry.type(description="The result of smallProjectReturn.")
class SmallProjectReturnPayload:
    project: SmallProject | None = strawberry.field(description="The project; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[SmallProjectReturnInput, strawberry.argument(description="The return.")],
) -> SmallProjectReturnPayload:
    async def run(ctx: MutationContext) -> Changed:
        project_id = await small_project_return(
            ctx,
            SmallProjectReturnData(
                project_id=parse_key(input.project_id, kind="SmallProject", field="projectId"),
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
        return {"project": (SmallProject, project_id)}

    return await respond(info, SmallProjectReturnPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "The official whose signature the form awaits returns it, with the reason, to the "
        "project's council (RETURNED): revised and submitted again, it is signed again from the "
        "first step."
    ),
)
