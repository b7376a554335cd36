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
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role
from core.calendar import solar_hijri
from core.text import search_key
from db import search
from db.tables import (
    DraftStatus,
    NationalCircularRow,
    NationalCircularSourceRow,
    SearchDocumentKind,
)
from resolvers.municipalities.draft_lifecycle import Action, apply, roles_for, rule
from resolvers.municipalities.drafts import (
    check_expected_version,
    clean_reason,
    clean_title,
    find_draft,
)
from resolvers.mutations import Changed, MutationContext, parse_key, require_role, respond
from schema.context import Info
from schema.enums import described
from schema.ministry.circulars import NationalCircular
from schema.municipalities.types import DraftDirective
from schema.payloads import MutationError, errors_field

circular = NationalCircularRow.__table__  # type: ignore[attr-defined]
circular_source = NationalCircularSourceRow.__table__  # type: ignore[attr-defined]


class MinistryDecision(StrEnum):
    ADOPT = "ADOPT"
    RETURN = "RETURN"
    REJECT = "REJECT"


described(
    MinistryDecision,
    "What the ministry decides on a forwarded draft.",
    ADOPT="Adopt it: it becomes a national circular with its own number.",
    RETURN="Return it to its office for revision, with reasons.",
    REJECT="Reject it, with reasons.",
)


_ACTION = {
    MinistryDecision.ADOPT: Action.ADOPT,
    MinistryDecision.RETURN: Action.RETURN,
    MinistryDecision.REJECT: Action.REJECT,
}


@dataclass(frozen=True)
class DraftDirectiveDecideData:
    id: int
    decision: MinistryDecision
    reason: str | None = None
    circular_title: str | None = None
    expected_version: int | None = None


async def draft_directive_decide(
    ctx: MutationContext, data: DraftDirectiveDecideData
) -> tuple[Row[Any], Row[Any] | None]:
    """(the draft after the decision, the national circular when adopted)."""
    action = _ACTION[data.decision]
    # The committee also returns drafts (by its votes); deciding is the ministry's alone.
    role = require_role(ctx.viewer, *(roles_for(action) & {Role.MINISTRY_REVIEWER}))
    reason = clean_reason(data.reason, required=data.decision is not MinistryDecision.ADOPT)
    title = clean_title(data.circular_title) if data.circular_title is not None else None

    async with ctx.db.transaction() as conn:
        row = await find_draft(conn, data.id, ctx.viewer)
        step = rule(action, DraftStatus(row.status), role)
        check_expected_version(row, data.expected_version)
        adopted: Row[Any] | None = None
        if data.decision is MinistryDecision.ADOPT:
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
    await search.reindex(conn, SearchDocumentKind.NATIONAL_CIRCULAR, adopted.id)
    await conn.execute(
        insert(circular_source).values(national_circular_id=adopted.id, draft_directive_id=row.id)
    )
    return adopted


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="The ministry's decision on a draft forwarded by the committee.")
class DraftDirectiveDecideInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    decision: MinistryDecision = strawberry.field(description="Adopt, return or reject.")
    reason: str | None = strawberry.field(
        default=None, description="Why: required to return or reject (at most 2,000 characters)."
    )
    circular_title: str | None = strawberry.field(
        default=None, description="ADOPT: the circular's title, if not the draft's."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="If given, the `version` the reviewer saw; a stale one conflicts."
    )


@strawberry.type(description="The result of draftDirectiveDecide.")
class DraftDirectiveDecidePayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft after the decision; null on errors."
    )
    national_circular: NationalCircular | None = strawberry.field(
        description="ADOPT: the national circular it became; otherwise null."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[DraftDirectiveDecideInput, strawberry.argument(description="The decision.")],
) -> DraftDirectiveDecidePayload:
    async def run(ctx: MutationContext) -> Changed:
        row, adopted = await draft_directive_decide(
            ctx,
            DraftDirectiveDecideData(
                id=parse_key(input.id, kind="DraftDirective", field="id"),
                decision=input.decision,
                reason=input.reason,
                circular_title=input.circular_title,
                expected_version=input.expected_version,
            ),
        )
        return {
            "draft_directive": (DraftDirective, row.id),
            "national_circular": (NationalCircular, adopted.id) if adopted is not None else None,
        }

    return await respond(info, DraftDirectiveDecidePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="A ministry reviewer adopts, returns or rejects a draft forwarded to the ministry.",
)
