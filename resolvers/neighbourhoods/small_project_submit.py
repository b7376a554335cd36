"""smallProjectSubmit: a member of the project's own council submits its form (a DRAFT, or a
RETURNED form once revised) for signing: a new round, awaiting the neighbourhood working group
secretary's signature first.

Fails with UNAUTHENTICATED, FORBIDDEN (not a councillor of the project's council), NOT_FOUND,
INVALID_TRANSITION (already submitted or sent), VERSION_CONFLICT (`expectedVersion` stale),
VALIDATION (idempotency key). A replay with the same idempotency key returns the project as the
first call left it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry

from db.tables import ProjectStatus
from resolvers import idempotency
from resolvers.mutations import Changed, MutationContext, respond
from resolvers.neighbourhoods.common import (
    check_version,
    lock_project,
    move,
    own_council_post,
    parse_key,
    wrong_stage,
)
from resolvers.neighbourhoods.small_project_edit import EDITABLE
from schema.context import Info
from schema.neighbourhoods.types import SmallProject
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "smallProjectSubmit"


@dataclass(frozen=True)
class SmallProjectSubmitData:
    project_id: int
    expected_version: int | None = None
    idempotency_key: str | None = None


async def small_project_submit(ctx: MutationContext, data: SmallProjectSubmitData) -> int:
    key = idempotency.clean_key(data.idempotency_key)
    async with ctx.db.transaction() as conn:
        if key is not None:
            digest = idempotency.request_hash({"project": data.project_id})
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        row = await lock_project(conn, ctx, data.project_id)
        post = await own_council_post(conn, ctx, row)
        status = ProjectStatus(row.status)
        if status not in EDITABLE:
            raise wrong_stage(status, "submitted", "ارسال کرد")
        check_version(row, data.expected_version)
        now = ctx.clock()
        await move(
            ctx,
            conn,
            row,
            ProjectStatus.AT_NEIGHBOURHOOD_SECRETARY,
            post,
            event_round=row.round + 1,
            round=row.round + 1,
            submitted_at=now,
        )
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, row.id, column="result_id")
    return data.project_id


@strawberry.input(description="A small project's form submitted for signing.")
class SmallProjectSubmitInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    expected_version: int | None = strawberry.field(
        default=None, description="The version seen (VERSION_CONFLICT when stale)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of smallProjectSubmit.")
class SmallProjectSubmitPayload:
    project: SmallProject | None = strawberry.field(description="The project; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[SmallProjectSubmitInput, strawberry.argument(description="The submission.")],
) -> SmallProjectSubmitPayload:
    async def run(ctx: MutationContext) -> Changed:
        project_id = await small_project_submit(
            ctx,
            SmallProjectSubmitData(
                project_id=parse_key(input.project_id, kind="SmallProject", field="projectId"),
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"project": (SmallProject, project_id)}

    return await respond(info, SmallProjectSubmitPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A member of the project's council (NEIGHBOURHOOD_COUNCILLOR) submits its form for "
        "signing (from DRAFT or RETURNED): a new round, at the neighbourhood working group's "
        "secretary first."
    ),
)
