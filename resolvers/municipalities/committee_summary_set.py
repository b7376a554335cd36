"""committeeSummarySet: the chair of the mayors' committee writes (or rewrites) the committee's
consolidated presentation of a draft's current submission, for the ministry.

Fails with UNAUTHENTICATED, FORBIDDEN (not the sitting chair), NOT_FOUND, INVALID_TRANSITION (the
draft is not before the committee or the ministry), VALIDATION (the summary is required).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row, insert, select, update

from db.tables import CommitteeRole, CommitteeSummaryRow, DraftStatus
from resolvers.municipalities.draft_lifecycle import Action, roles_for, rule
from resolvers.municipalities.drafts import (
    SUMMARY_MAX,
    clean_text,
    current_round,
    find_draft,
    normalize_paragraphs,
    require_seat,
)
from resolvers.mutations import (
    Changed,
    MutationContext,
    forbidden,
    parse_key,
    require_role,
    respond,
)
from schema.context import Info
from schema.municipalities.types import DraftDirective
from schema.municipalities.workflow import CommitteeSummary
from schema.payloads import MutationError, errors_field

summary_table = CommitteeSummaryRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CommitteeSummarySetData:
    draft_directive_id: int
    summary: str


async def committee_summary_set(
    ctx: MutationContext, data: CommitteeSummarySetData
) -> tuple[Row[Any], Row[Any]]:
    """(the draft, its summary)."""
    role = require_role(ctx.viewer, *roles_for(Action.SUMMARISE))
    text = clean_text(
        data.summary,
        field="summary",
        label="The summary",
        label_fa="جمع‌بندی",
        maximum=SUMMARY_MAX,
        required=True,
        normalise=normalize_paragraphs,
    )

    async with ctx.db.transaction() as conn:
        seat = await require_seat(conn, ctx.viewer)
        if seat.role != CommitteeRole.CHAIR.value:
            raise forbidden(
                "Only the chair of the mayors' committee sets its summary.",
                "تنها رئیس کمیته پنج‌نفره جمع‌بندی کمیته را ثبت می‌کند.",
            )
        row = await find_draft(conn, data.draft_directive_id, ctx.viewer, field="draftDirectiveId")
        rule(Action.SUMMARISE, DraftStatus(row.status), role)
        round_id = await current_round(conn, row.id)
        values = {"summary": text, "chair_mayor_id": seat.mayor_id, "set_at": ctx.clock()}
        existing = await conn.scalar(
            select(summary_table.c.id).where(summary_table.c.submission_event_id == round_id)
        )
        if existing is None:
            statement: Any = insert(summary_table).values(
                draft_directive_id=row.id, submission_event_id=round_id, **values
            )
        else:
            statement = update(summary_table).where(summary_table.c.id == existing).values(**values)
        result = await conn.execute(statement.returning(*summary_table.c))
        return row, result.one()


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="The chair's consolidated summary of a draft for the ministry.")
class CommitteeSummarySetInput:
    draft_directive_id: strawberry.ID = strawberry.field(description="The draft.")
    summary: str = strawberry.field(description="The text: required, at most 20,000 characters.")


@strawberry.type(description="The result of committeeSummarySet.")
class CommitteeSummarySetPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft summarised; null on errors."
    )
    committee_summary: CommitteeSummary | None = strawberry.field(
        description="The summary as set; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[CommitteeSummarySetInput, strawberry.argument(description="The summary.")],
) -> CommitteeSummarySetPayload:
    async def run(ctx: MutationContext) -> Changed:
        row, summary = await committee_summary_set(
            ctx,
            CommitteeSummarySetData(
                draft_directive_id=parse_key(
                    input.draft_directive_id, kind="DraftDirective", field="draftDirectiveId"
                ),
                summary=input.summary,
            ),
        )
        return {
            "draft_directive": (DraftDirective, row.id),
            "committee_summary": (CommitteeSummary, summary.id),
        }

    return await respond(info, CommitteeSummarySetPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="The committee's chair sets its consolidated summary of a draft under review.",
)
