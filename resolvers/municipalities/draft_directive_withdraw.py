"""draftDirectiveWithdraw: the office takes its draft back, with a reason, before the ministry
decides. Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, VERSION_CONFLICT,
VALIDATION (the reason is required)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from db.tables import DraftStatus
from resolvers.municipalities.draft_lifecycle import Action, apply, roles_for, rule
from resolvers.municipalities.drafts import (
    check_expected_version,
    clean_reason,
    find_draft,
    require_own,
)
from resolvers.mutations import MutationContext, require_role


@dataclass(frozen=True)
class DraftDirectiveWithdrawInput:
    id: int
    reason: str
    expected_version: int | None = None


async def draft_directive_withdraw(
    ctx: MutationContext, data: DraftDirectiveWithdrawInput
) -> Row[Any]:
    role = require_role(ctx.viewer, *roles_for(Action.WITHDRAW))
    reason = clean_reason(data.reason, required=True)

    async with ctx.db.transaction() as conn:
        row = await find_draft(conn, data.id)
        require_own(ctx.viewer, row)
        step = rule(Action.WITHDRAW, DraftStatus(row.status), role)
        check_expected_version(row, data.expected_version)
        return await apply(ctx, conn, row, step, reason=reason)
