"""draftDirectiveSubmit: the office sends its draft (new, or revised after a return) to the
mayors' committee. A replay with the same idempotency key returns the first result.

Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, VERSION_CONFLICT (when an
`expectedVersion` is given and stale), VALIDATION (an empty draft is never submitted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row

from db.tables import DraftStatus
from resolvers import idempotency
from resolvers.municipalities.draft_lifecycle import Action, apply, roles_for, rule
from resolvers.municipalities.drafts import (
    check_expected_version,
    clean_body,
    clean_title,
    find_draft,
    reload,
    require_own,
)
from resolvers.mutations import Changed, MutationContext, parse_key, require_role, respond
from schema.context import Info
from schema.municipalities.types import DraftDirective
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "draftDirectiveSubmit"


@dataclass(frozen=True)
class DraftDirectiveSubmitData:
    id: int
    expected_version: int | None = None
    idempotency_key: str | None = None


async def draft_directive_submit(ctx: MutationContext, data: DraftDirectiveSubmitData) -> Row[Any]:
    role = require_role(ctx.viewer, *roles_for(Action.SUBMIT))
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash({"id": data.id, "expectedVersion": data.expected_version})

    async with ctx.db.transaction() as conn:
        row = await find_draft(conn, data.id, ctx.viewer)
        require_own(ctx.viewer, row)
        if key is not None:
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest)
            if first is not None:
                return await reload(conn, first)
        step = rule(Action.SUBMIT, DraftStatus(row.status), role)
        check_expected_version(row, data.expected_version)
        clean_title(row.title)  # no empty submission, whatever was stored
        clean_body(row.body)
        updated = await apply(ctx, conn, row, step)
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, updated.id)
        return updated


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="Send a draft (new, or revised after a return) to the committee.")
class DraftDirectiveSubmitInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    expected_version: int | None = strawberry.field(
        default=None, description="If given, the `version` the office saw; a stale one conflicts."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of draftDirectiveSubmit.")
class DraftDirectiveSubmitPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The submitted draft; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[DraftDirectiveSubmitInput, strawberry.argument(description="What to submit.")],
) -> DraftDirectiveSubmitPayload:
    async def run(ctx: MutationContext) -> Changed:
        row = await draft_directive_submit(
            ctx,
            DraftDirectiveSubmitData(
                id=parse_key(input.id, kind="DraftDirective", field="id"),
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"draft_directive": (DraftDirective, row.id)}

    return await respond(info, DraftDirectiveSubmitPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="Its office submits a draft (DRAFT or RETURNED_FOR_REVISION → SUBMITTED).",
)
