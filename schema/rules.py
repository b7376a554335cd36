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
| comments on a draft | — | once the step they were written in was decided | — | yes | yes |
| a record's versions and attachments | as the record itself (`DOCUMENT_OWNERS`) |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Table, and_, exists, false, or_, select, true

from core.auth import MINISTRY_ROLES, Role
from db.tables import (
    AttachmentOwnerKind,
    DraftStatus,
    VersionedKind,
    draft,
    event,
    joint_session,
    meeting,
    obligation,
    resolution,
)
from db.tables import draft_comment as comment_table
from schema.declare import Alias, Condition, Expression, Rule, Scope

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


# --- documents: comments, and what a record's versions and attachments defer to ---------------

#: The steps that decide a draft where it stood: the committee's, then the ministry's.
DECISIONS = (
    DraftStatus.FORWARDED_TO_MINISTRY.value,
    DraftStatus.RETURNED_FOR_REVISION.value,
    DraftStatus.ADOPTED.value,
    DraftStatus.REJECTED.value,
)


def draft_comment(scope: Scope, row: Alias) -> Condition | None:
    """Comments are the reviewers' working notes (committee members and the ministry, on the
    drafts they see); the draft's own office reads a comment once the step it was written in
    has been decided (the draft forwarded, returned, adopted or rejected after it); nobody else,
    the public never (an adopted draft is public, the notes on it are not)."""
    role = scope.viewer.role
    if role in REVIEWERS:
        return _of_visible_draft(scope, row.c.draft_directive_id)
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
                decision.c.id > row.c.after_event_id,
                decision.c.to_status.in_(DECISIONS),
            )
        ),
    )


@dataclass(frozen=True)
class DocumentOwner:
    """A kind of record that has versions or attachments: its table, its read rule, and the
    name of its GraphQL type (which a client's id for it is parsed as)."""

    table: Table
    rule: Rule | None
    type_name: str


#: Every kind of record with attachments or versions. A new kind (an Article 100 case file, a
#: neighbourhood project form) is a value of `AttachmentOwnerKind`/`VersionedKind` (and its CHECK
#: constraint, by migration) and an entry here: its versions and attachments then follow its rule
#: on every read path.
DOCUMENT_OWNERS: Final[Mapping[str, DocumentOwner]] = {
    AttachmentOwnerKind.DRAFT_DIRECTIVE.value: DocumentOwner(
        draft, draft_directive, "DraftDirective"
    ),
    AttachmentOwnerKind.COUNCIL_RESOLUTION.value: DocumentOwner(
        resolution, None, "CouncilResolution"
    ),
    AttachmentOwnerKind.ASSEMBLY_MEETING.value: DocumentOwner(meeting, None, "AssemblyMeeting"),
    AttachmentOwnerKind.JOINT_SESSION.value: DocumentOwner(joint_session, None, "JointSession"),
    VersionedKind.DRAFT_COMMENT.value: DocumentOwner(comment_table, draft_comment, "DraftComment"),
}


def _of_visible_owner(scope: Scope, row: Alias, kinds: tuple[str, ...]) -> Condition | None:
    """The row's owner (`owner_kind`, `owner_id`) is a record the caller may see: its kind's
    rule, on its own table. None when the caller sees every owner of every kind."""
    branches: list[Condition] = []
    everything = True
    for kind in kinds:
        owner = DOCUMENT_OWNERS[kind]
        seen = owner.table.alias(f"owner_{kind.lower()}")
        condition = owner.rule(scope, seen) if owner.rule is not None else None
        if condition is None:
            branches.append(row.c.owner_kind == kind)
            continue
        everything = False
        branches.append(
            and_(
                row.c.owner_kind == kind,
                exists(select(seen.c.id).where(seen.c.id == row.c.owner_id, condition)),
            )
        )
    if everything:
        return None
    return or_(*branches) if branches else true()


def attachment(scope: Scope, row: Alias) -> Condition | None:
    """An attachment is seen with the record it is attached to."""
    return _of_visible_owner(scope, row, tuple(kind.value for kind in AttachmentOwnerKind))


def document_version(scope: Scope, row: Alias) -> Condition | None:
    """A version of a text is seen with the record whose text it is."""
    return _of_visible_owner(scope, row, tuple(kind.value for kind in VersionedKind))
