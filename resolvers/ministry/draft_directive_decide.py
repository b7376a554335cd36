"""draftDirectiveDecide: a ministry reviewer decides on a draft the committee forwarded: adopt it
(it becomes a national circular with its own number, linked back to the draft), return it to its
office with reasons, or reject it with reasons.

Fails with UNAUTHENTICATED, FORBIDDEN (not a ministry reviewer), NOT_FOUND, INVALID_TRANSITION
(not forwarded to the ministry), VERSION_CONFLICT, VALIDATION (reasons are required to return or
reject).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role
from core.calendar import solar_hijri
from core.text import search_key
from db.tables import DraftStatus, NationalCircularRow, NationalCircularSourceRow
from resolvers.municipalities.draft_lifecycle import Action, apply, roles_for, rule
from resolvers.municipalities.drafts import (
    check_expected_version,
    clean_reason,
    clean_title,
    find_draft,
)
from resolvers.mutations import MutationContext, require_role

circular = NationalCircularRow.__table__  # type: ignore[attr-defined]
circular_source = NationalCircularSourceRow.__table__  # type: ignore[attr-defined]


class Decision(StrEnum):
    ADOPT = "ADOPT"
    RETURN = "RETURN"
    REJECT = "REJECT"


_ACTION = {
    Decision.ADOPT: Action.ADOPT,
    Decision.RETURN: Action.RETURN,
    Decision.REJECT: Action.REJECT,
}


@dataclass(frozen=True)
class DraftDirectiveDecideInput:
    id: int
    decision: Decision
    reason: str | None = None
    circular_title: str | None = None
    expected_version: int | None = None


async def draft_directive_decide(
    ctx: MutationContext, data: DraftDirectiveDecideInput
) -> tuple[Row[Any], Row[Any] | None]:
    """(the draft after the decision, the national circular when adopted)."""
    action = _ACTION[data.decision]
    # The committee also returns drafts (by its votes); deciding is the ministry's alone.
    role = require_role(ctx.viewer, *(roles_for(action) & {Role.MINISTRY_REVIEWER}))
    reason = clean_reason(data.reason, required=data.decision is not Decision.ADOPT)
    title = clean_title(data.circular_title) if data.circular_title is not None else None

    async with ctx.db.transaction() as conn:
        row = await find_draft(conn, data.id)
        step = rule(action, DraftStatus(row.status), role)
        check_expected_version(row, data.expected_version)
        adopted: Row[Any] | None = None
        if data.decision is Decision.ADOPT:
            adopted = await _adopt(ctx, conn, row, title or row.title)
        updated = await apply(ctx, conn, row, step, reason=reason)
        return updated, adopted


async def _adopt(
    ctx: MutationContext, conn: AsyncConnection, row: Row[Any], title: str
) -> Row[Any]:
    now = ctx.clock()
    year = int((solar_hijri(now) or "0/").split("/")[0])
    if conn.dialect.name == "postgresql":
        # Numbers are handed out one adoption at a time (SQLite's write transactions already are).
        await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('national_circular'))"))
    serial = 1 + int(
        await conn.scalar(
            select(func.coalesce(func.max(circular.c.serial), 0)).where(circular.c.year == year)
        )
    )
    result = await conn.execute(
        insert(circular)
        .values(
            number=f"{year}/{serial:04d}",
            year=year,
            serial=serial,
            title=title,
            title_key=search_key(title),
            body=row.body,
            adopted_at=now,
            adopted_by=ctx.viewer.actor,
            is_sample=False,
        )
        .returning(*circular.c)
    )
    adopted = result.one()
    await conn.execute(
        insert(circular_source).values(national_circular_id=adopted.id, draft_directive_id=row.id)
    )
    return adopted
