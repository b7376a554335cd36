"""smallProjectSign: the official whose signature a small project's form awaits signs it, and the
form moves to the next signer — after the district mayor's, to the neighbourhood councils'
headquarters.

The order is the neighbourhood working group's secretary (of the project's own council), the
district working group's secretary, the district liaison, the planning deputy, the district mayor,
each holding that office in the project's district today. The database holds it too: a signature
row that is not the one awaited, or by a post not holding the office, is refused (migration 0009).
The project's row is locked for the step, so of two signers at once exactly one signs; the other
finds the form moved on (INVALID_TRANSITION). Fails with UNAUTHENTICATED, FORBIDDEN (not a signer's
role, or a post not holding it for this district or council), NOT_FOUND, INVALID_TRANSITION (not
awaiting a signature, or another office's), VERSION_CONFLICT (`expectedVersion` stale), VALIDATION
(idempotency key). A replay with the same idempotency key returns the project and signs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert

from core.errors import ErrorCode, MutationFailure
from db.tables import AFTER_STEP, ProjectStatus, small_project_signature
from resolvers import idempotency
from resolvers.mutations import Changed, MutationContext, forbidden, respond
from resolvers.neighbourhoods.common import (
    SIGNER_ROLE,
    SIGNER_ROLES,
    STATUS_FA,
    STEP_OF_STAGE,
    acting_post,
    check_version,
    lock_project,
    move,
    parse_key,
    today,
    wrong_stage,
)
from schema.context import Info
from schema.neighbourhoods.types import SmallProject
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "smallProjectSign"


@dataclass(frozen=True)
class SmallProjectSignData:
    project_id: int
    expected_version: int | None = None
    idempotency_key: str | None = None


async def small_project_sign(ctx: MutationContext, data: SmallProjectSignData) -> int:
    key = idempotency.clean_key(data.idempotency_key)
    async with ctx.db.transaction() as conn:
        post = await acting_post(conn, ctx, *SIGNER_ROLES)
        if key is not None:
            digest = idempotency.request_hash({"project": data.project_id})
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        row = await lock_project(conn, ctx, data.project_id)
        status = ProjectStatus(row.status)
        if status not in STEP_OF_STAGE:
            raise wrong_stage(status, "signed", "امضا کرد")
        step, office = STEP_OF_STAGE[status]
        if post.office != office.value:
            raise MutationFailure(
                ErrorCode.INVALID_TRANSITION,
                f"The form awaits the signature of the {office.value} (a "
                f"{SIGNER_ROLE[office].value} token), not a {post.office}'s: signatures go in order.",
                f"فرم در وضعیت «{STATUS_FA[status]}» است؛ امضاها به ترتیب است و نوبت شما نیست.",
                field="projectId",
            )
        if post.district_id != row.district_id or (step == 1 and post.council_id != row.council_id):
            raise forbidden(
                "The signer must hold the office for the project's district (the first, for its "
                "neighbourhood council).",
                "امضاکننده باید این سمت را در منطقه (و برای امضای نخست، در محله) پروژه داشته باشد.",
                field="projectId",
            )
        check_version(row, data.expected_version)
        now = ctx.clock()
        await conn.execute(
            insert(small_project_signature).values(
                project_id=row.id,
                district_id=row.district_id,
                round=row.round,
                step=step,
                prev_step=step - 1 if step > 1 else None,
                office=office.value,
                post_id=post.id,
                actor=f"{ctx.viewer.actor} {post.person_fa}"[:200],
                signed_at=now,
                signed_on=today(ctx),
                waited_seconds=max(int((now - row.stage_since).total_seconds()), 0),
            )
        )
        after = AFTER_STEP[step]
        if after is ProjectStatus.SENT_TO_HEADQUARTERS:
            await move(ctx, conn, row, after, post, sent_at=now)
        else:
            await move(ctx, conn, row, after, post)
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, row.id, column="result_id")
    return data.project_id


@strawberry.input(description="A signature on a small project's form.")
class SmallProjectSignInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    expected_version: int | None = strawberry.field(
        default=None, description="The version seen (VERSION_CONFLICT when stale)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of smallProjectSign.")
class SmallProjectSignPayload:
    project: SmallProject | None = strawberry.field(
        description="The project after the signature; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[SmallProjectSignInput, strawberry.argument(description="The signature.")],
) -> SmallProjectSignPayload:
    async def run(ctx: MutationContext) -> Changed:
        project_id = await small_project_sign(
            ctx,
            SmallProjectSignData(
                project_id=parse_key(input.project_id, kind="SmallProject", field="projectId"),
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"project": (SmallProject, project_id)}

    return await respond(info, SmallProjectSignPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "The official whose signature the form awaits signs it (in order: "
        "NEIGHBOURHOOD_WG_SECRETARY, DISTRICT_WG_SECRETARY, DISTRICT_LIAISON, PLANNING_DEPUTY, "
        "DISTRICT_MAYOR); after the district mayor's, it is sent to the headquarters."
    ),
)
