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
| comments on a draft | — | once the step they were written in was decided | — | yes | yes |
| a record's versions and attachments | as the record itself (`DOCUMENT_OWNERS`) |

A district's neighbourhood councils (README, "Neighbourhood councils of a district"):

| data | anonymous, others | councillor | district post | headquarters | administrator |
| --- | --- | --- | --- | --- | --- |
| places, councils, posts, working groups, meetings, directives | yes | yes | yes | yes | yes |
| a small project's form never submitted (DRAFT), its history | — | own council's | — | — | — |
| a submitted form, its signatures and history | — | own council's | own district's | yes | yes |
| a form sent to the headquarters, its signatures and history | yes | yes | yes | yes | yes |
| escalations and their history | — | own district's | own district's | yes | yes |

Article 100 (the README's own table): a case and all that hangs off it (steps, violations,
verdicts, agenda lines, execution tasks) is seen by the Article 100 roles of its city and by the
ministry; its owner's personal data (`a100_party`) only by the Article 100 roles of its city;
anonymous callers and everyone else see none of it, only the statistics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Table, and_, exists, false, or_, select, true

from core.auth import ARTICLE100_ROLES, DISTRICT_ROLES, MINISTRY_ROLES, Role
from db.tables import (
    AttachmentOwnerKind,
    DistrictOffice,
    DraftStatus,
    ProjectStatus,
    VersionedKind,
    a100_case,
    a100_execution_task,
    district_post,
    draft,
    escalation,
    event,
    joint_session,
    meeting,
    obligation,
    resolution,
    small_project,
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


# --- a district's neighbourhood councils -----------------------------------------------------------

#: Who sees every submitted form and every escalation: the councils' headquarters, the service's
#: administrator.
CITY_WIDE = frozenset({Role.COUNCILS_HEADQUARTERS, Role.ADMINISTRATOR})


def _own_district(scope: Scope, district_id: Expression) -> Condition:
    post = district_post.alias("caller_post")
    condition: Condition = exists(
        select(post.c.id).where(post.c.id == scope.post_id(), post.c.district_id == district_id)
    )
    return condition


def small_project_rule(scope: Scope, row: Alias) -> Condition | None:
    """A form is its council's working paper until submitted; then also the district's posts' and
    the headquarters'; once sent to the headquarters, everyone's."""
    role = scope.viewer.role
    sent = row.c.status == ProjectStatus.SENT_TO_HEADQUARTERS.value
    submitted = row.c.round >= 1
    if role in CITY_WIDE:
        return submitted
    if role is Role.NEIGHBOURHOOD_COUNCILLOR:
        post = district_post.alias("caller_post")
        own_council = exists(
            select(post.c.id).where(
                post.c.id == scope.post_id(),
                post.c.office == DistrictOffice.COUNCILLOR.value,
                post.c.council_id == row.c.council_id,
            )
        )
        return or_(sent, own_council, and_(submitted, _own_district(scope, row.c.district_id)))
    if role in DISTRICT_ROLES:
        return or_(sent, and_(submitted, _own_district(scope, row.c.district_id)))
    return sent


def _of_visible_project(scope: Scope, project_id: Expression) -> Condition | None:
    seen = small_project.alias("seen_project")
    condition = small_project_rule(scope, seen)
    if condition is None:
        return None
    return exists(select(seen.c.id).where(seen.c.id == project_id, condition))


def small_project_part(scope: Scope, row: Alias) -> Condition | None:
    """A signature or a step of a project's history is seen with the project."""
    return _of_visible_project(scope, row.c.project_id)


def escalation_rule(scope: Scope, row: Alias) -> Condition | None:
    """An escalation is the district's business (its councils and its officials), the
    headquarters' and the administrator's; nobody else's."""
    role = scope.viewer.role
    if role in CITY_WIDE:
        return None
    if role in DISTRICT_ROLES:
        return _own_district(scope, row.c.district_id)
    return false()


def escalation_part(scope: Scope, row: Alias) -> Condition | None:
    """A step of an escalation's history is seen with the escalation."""
    seen = escalation.alias("seen_escalation")
    condition = escalation_rule(scope, seen)
    if condition is None:
        return None
    return exists(select(seen.c.id).where(seen.c.id == row.c.escalation_id, condition))


# --- Article 100 ---------------------------------------------------------------------------------


def violation_case(scope: Scope, row: Alias) -> Condition | None:
    """A case file is the working paper of its city's Article 100 roles (inspectors, the
    commissions' secretariat and members, the execution office), and the ministry's; nobody
    else's."""
    role = scope.viewer.role
    if role in MINISTRY_ROLES:
        return None
    if role in ARTICLE100_ROLES:
        condition: Condition = row.c.municipality_id == scope.municipality_id()
        return condition
    return false()


def of_visible_case(scope: Scope, case_id: Expression) -> Condition | None:
    """The case `case_id` (a column) points at is one the caller may see."""
    seen = a100_case.alias("seen_case")
    condition = violation_case(scope, seen)
    if condition is None:
        return None
    return exists(select(seen.c.id).where(seen.c.id == case_id, condition))


def case_detail(scope: Scope, row: Alias) -> Condition | None:
    """A case's steps, violations, verdicts, agenda lines and execution tasks: seen with it."""
    return of_visible_case(scope, row.c.case_id)


def case_party(scope: Scope, row: Alias) -> Condition | None:
    """An owner's personal data: only the Article 100 roles of the owner's city, who work on
    the case (the ministry sees the case, never the person)."""
    if scope.viewer.role in ARTICLE100_ROLES:
        condition: Condition = row.c.municipality_id == scope.municipality_id()
        return condition
    return false()


def agenda_item(scope: Scope, row: Alias) -> Condition | None:
    """An item of a meeting's agenda is public, unless it is about a draft: then it is seen by
    those who may see the draft (an agenda must not show a working paper's title or existence)."""
    seen = _of_visible_draft(scope, row.c.draft_directive_id)
    if seen is None:
        return None
    return or_(row.c.draft_directive_id.is_(None), seen)


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
    AttachmentOwnerKind.VIOLATION_CASE.value: DocumentOwner(
        a100_case, violation_case, "ViolationCase"
    ),
    AttachmentOwnerKind.EXECUTION_TASK.value: DocumentOwner(
        a100_execution_task, case_detail, "ExecutionTask"
    ),
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
