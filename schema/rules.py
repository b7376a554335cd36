"""Who may see which rows: the read rules, each written once as SQL.

A rule is a condition on a row of its type's table (an alias of it) for the caller (`Scope`), or
None when the caller sees every row. The declarations carry them (`table_type(..., rule=...)`), and
every read built from the declarations adds them: the general executor's lookups, relationships
and pages, the compiled statement (so lists, `totalCount` and aggregates count only visible rows;
the caller's ids are bound parameters there), the express lane, `_entities`, the subscription's
events, the analysts' aggregates, and the writes' own lookups (a draft the caller may not see is
NOT_FOUND to them, never FORBIDDEN). A row the caller may not see does not exist for them.

The policy (README, "Who may see what"):

| data | anonymous | own office | other office | committee member | ministry, administrator |
| --- | --- | --- | --- | --- | --- |
| reference data | yes | yes | yes | yes | yes |
| a draft never submitted, its history | — | yes | — | — | — |
| a draft once submitted, its history | — | yes | — | yes | yes |
| an adopted draft, its history | yes | yes | yes | yes | yes |
| committee votes and summary of a round | — | once the committee decided it | — | yes | yes |
| obligations and their transfers | — | own | — | — | yes |
| an agenda item about a draft | as the draft | as the draft | as the draft | as the draft | as the draft |
"""

from __future__ import annotations

from sqlalchemy import and_, exists, false, or_, select

from core.auth import MINISTRY_ROLES, Role
from db.tables import DraftStatus, draft, event, obligation
from schema.declare import Alias, Condition, Expression, Scope

#: The roles that review submitted drafts: the committee's members and the ministry.
REVIEWERS = frozenset({Role.COMMITTEE_MEMBER, *MINISTRY_ROLES})

#: Where the committee's decision on a round takes a draft out of its review.
COMMITTEE_DECISIONS = (
    DraftStatus.FORWARDED_TO_MINISTRY.value,
    DraftStatus.RETURNED_FOR_REVISION.value,
)


def draft_directive(scope: Scope, row: Alias) -> Condition | None:
    """A draft is its office's working paper until submitted; then the committee's and the
    ministry's too; once adopted, everyone's (beside its national circular)."""
    role = scope.viewer.role
    adopted = row.c.status == DraftStatus.ADOPTED.value
    if role in REVIEWERS:
        return row.c.submitted_at.is_not(None)  # an adopted draft was submitted
    if role is Role.MAYOR_OFFICE:
        return or_(adopted, row.c.municipality_id == scope.municipality_id())
    return adopted


def _of_visible_draft(scope: Scope, draft_id: Expression) -> Condition | None:
    """The draft `draft_id` (a column) points at is one the caller may see."""
    seen = draft.alias("seen_draft")
    condition = draft_directive(scope, seen)
    if condition is None:
        return None
    return exists(select(seen.c.id).where(seen.c.id == draft_id, condition))


def draft_directive_event(scope: Scope, row: Alias) -> Condition | None:
    """A step of a draft's history is seen with the draft."""
    return _of_visible_draft(scope, row.c.draft_directive_id)


def committee_review(scope: Scope, row: Alias) -> Condition | None:
    """A vote or the chair's summary belongs to one review round (`submission_event_id`): the
    committee's and the ministry's business; the draft's own office sees it once the committee
    has decided that round (forwarded or returned the draft); nobody else."""
    role = scope.viewer.role
    if role in REVIEWERS:
        return None
    if role is not Role.MAYOR_OFFICE:
        return false()
    own = draft.alias("own_draft")
    decision = event.alias("decision")
    return and_(
        exists(
            select(own.c.id).where(
                own.c.id == row.c.draft_directive_id,
                own.c.municipality_id == scope.municipality_id(),
            )
        ),
        exists(
            select(decision.c.id).where(
                decision.c.draft_directive_id == row.c.draft_directive_id,
                decision.c.id > row.c.submission_event_id,
                decision.c.from_status == DraftStatus.IN_COMMITTEE_REVIEW.value,
                decision.c.to_status.in_(COMMITTEE_DECISIONS),
            )
        ),
    )


def social_security_obligation(scope: Scope, row: Alias) -> Condition | None:
    """What a municipality owes is its own office's and the ministry's business."""
    role = scope.viewer.role
    if role in MINISTRY_ROLES:
        return None
    if role is Role.MAYOR_OFFICE:
        return row.c.municipality_id == scope.municipality_id()
    return false()


def obligation_transfer(scope: Scope, row: Alias) -> Condition | None:
    """A transfer is seen with the obligation it was made against."""
    owed = obligation.alias("owed")
    condition = social_security_obligation(scope, owed)
    if condition is None:
        return None
    return exists(select(owed.c.id).where(owed.c.id == row.c.obligation_id, condition))


def agenda_item(scope: Scope, row: Alias) -> Condition | None:
    """An item of a meeting's agenda is public, unless it is about a draft: then it is seen by
    those who may see the draft (an agenda must not show a working paper's title or existence)."""
    seen = _of_visible_draft(scope, row.c.draft_directive_id)
    if seen is None:
        return None
    return or_(row.c.draft_directive_id.is_(None), seen)
