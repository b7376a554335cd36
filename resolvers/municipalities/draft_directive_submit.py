"""draftDirectiveSubmit: the office sends its draft (new, or revised after a return) to the
mayors' committee. A replay with the same idempotency key returns the first result.

Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, VERSION_CONFLICT (when an
`expectedVersion` is given and stale), VALIDATION (an empty draft is never submitted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
from resolvers.mutations import MutationContext, require_role

OPERATION = "draftDirectiveSubmit"


@dataclass(frozen=True)
class DraftDirectiveSubmitInput:
    id: int
    expected_version: int | None = None
    idempotency_key: str | None = None


async def draft_directive_submit(ctx: MutationContext, data: DraftDirectiveSubmitInput) -> Row[Any]:
    role = require_role(ctx.viewer, *roles_for(Action.SUBMIT))
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash({"id": data.id, "expectedVersion": data.expected_version})

    async with ctx.db.transaction() as conn:
        row = await find_draft(conn, data.id)
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
