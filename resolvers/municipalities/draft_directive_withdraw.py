"""draftDirectiveWithdraw: the office takes its draft back, with a reason, before the ministry
decides. Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, VERSION_CONFLICT,
VALIDATION (the reason is required)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row

from db.tables import DraftStatus
from resolvers.municipalities.draft_lifecycle import Action, apply, roles_for, rule
from resolvers.municipalities.drafts import (
    check_expected_version,
    clean_reason,
    find_draft,
    require_own,
)
from resolvers.mutations import Changed, MutationContext, parse_key, require_role, respond
from schema.context import Info
from schema.municipalities.types import DraftDirective
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class DraftDirectiveWithdrawData:
    id: int
    reason: str
    expected_version: int | None = None


async def draft_directive_withdraw(
    ctx: MutationContext, data: DraftDirectiveWithdrawData
) -> Row[Any]:
    role = require_role(ctx.viewer, *roles_for(Action.WITHDRAW))
    reason = clean_reason(data.reason, required=True)

    async with ctx.db.transaction() as conn:
        row = await find_draft(conn, data.id, ctx.viewer)
        require_own(ctx.viewer, row)
        step = rule(Action.WITHDRAW, DraftStatus(row.status), role)
        check_expected_version(row, data.expected_version)
        return await apply(ctx, conn, row, step, reason=reason)


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="Take a draft back before the ministry decides on it.")
class DraftDirectiveWithdrawInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    reason: str = strawberry.field(description="Why: required, at most 2,000 characters.")
    expected_version: int | None = strawberry.field(
        default=None, description="If given, the `version` the office saw; a stale one conflicts."
    )


@strawberry.type(description="The result of draftDirectiveWithdraw.")
class DraftDirectiveWithdrawPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The withdrawn draft; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[DraftDirectiveWithdrawInput, strawberry.argument(description="What and why.")],
) -> DraftDirectiveWithdrawPayload:
    async def run(ctx: MutationContext) -> Changed:
        row = await draft_directive_withdraw(
            ctx,
            DraftDirectiveWithdrawData(
                id=parse_key(input.id, kind="DraftDirective", field="id"),
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
        return {"draft_directive": (DraftDirective, row.id)}

    return await respond(info, DraftDirectiveWithdrawPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="Its office withdraws a draft, with a reason, before the ministry decides.",
)
