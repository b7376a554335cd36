"""GraphQL types of the municipalities domain, declared field by field (schema/declare.py): each
field says what it is, and both read paths are built from that."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import case, func, or_, select

from db.tables import (
    AttachmentOwnerKind,
    CommitteeRole,
    DraftKind,
    DraftStatus,
    MunicipalityKind,
    circular_source,
    committee,
    draft,
    event,
    joint_session,
    joint_session_agenda_item,
    joint_session_attendance,
    mayor,
    membership,
    municipality,
    province,
)
from db.tables.calendar import solar_hijri_of_day, solar_hijri_of_instant
from schema import rules
from schema.councils.lists import ASSEMBLY_KINDS, CURRENT_TERM_ID
from schema.declare import (
    Alias,
    Condition,
    Expression,
    Link,
    Node,
    column,
    computed,
    connection,
    expression,
    many,
    one,
    page,
    table_type,
)
from schema.documents.lists import DRAFT_VERSIONS, attachments
from schema.documents.types import (
    DIFF_REASON,
    committee_reviewed,
    resolve_changes_since_committee_review,
    resolve_draft_diff,
)
from schema.ministry.lists import SOCIAL_SECURITY_OBLIGATIONS
from schema.municipalities.lists import DRAFT_DIRECTIVES, MUNICIPALITIES
from schema.owners import Subgraph, contributed_by
from schema.pagination import Connection

if TYPE_CHECKING:
    from schema.associations.types import CommissionMeeting, UnionMember
    from schema.councils.types import CityCouncil, CouncilResolution, GovernmentBill
    from schema.documents.types import (
        Attachment,
        DocumentVersion,
        DocumentVersionConnection,
        DraftComment,
        TextDiff,
    )
    from schema.ministry.circulars import NationalCircular
    from schema.ministry.types import SocialSecurityObligationConnection
    from schema.municipalities.workflow import CommitteeSummary, CommitteeVote
    from schema.neighbourhoods.types import CityDistrict


@table_type(province, keys=["id"], description="استان: one of Iran's 31 provinces.")
class Province(Node):
    id: strawberry.ID = column("The province's id.")
    name_fa: str = column("Persian name, e.g. خراسان رضوی.")
    name_en: str = column("English name, e.g. Razavi Khorasan.")
    centre: Municipality | None = one(
        via=("id", "province_id"),
        where=lambda m: m.c.is_provincial_centre.is_(True),
        description="مرکز استان: the municipality of the province's centre.",
    )
    municipalities: MunicipalityConnection = page(
        MUNICIPALITIES,
        via=("id", "province_id"),
        description="The province's municipalities; by English name unless `orderBy` says.",
    )


@table_type(
    municipality,
    keys=["id"],
    description="شهرداری: the municipality of one city, and everything it answers for.",
)
class Municipality(Node):
    id: strawberry.ID = column("The municipality's id.")
    name_fa: str = column("Persian name of the city, e.g. مشهد.")
    name_en: str = column("English name of the city, e.g. Mashhad.")
    kind: MunicipalityKind = column("Metropolis, provincial centre or city.")
    is_provincial_centre: bool = column(
        "True for the centre of its province (metropolises included)."
    )
    population: int | None = column(
        "Population at the 2016 national census; null where not recorded."
    )
    is_sample: bool = column(
        "True for an invented town of a sample data set; false for a real city."
    )
    province: Province = one(
        via=("province_id", "id"), description="The province the city lies in."
    )
    mayor: Mayor | None = one(
        via=("id", "municipality_id"),
        where=lambda x: x.c.term_end.is_(None),
        description="The sitting mayor; null while the office is vacant.",
    )
    mayors: list[Mayor] = many(
        via=("id", "municipality_id"),
        order=lambda x: [x.c.term_start],
        description="Every mayor of the municipality, earliest term first.",
    )
    draft_directives: DraftDirectiveConnection = page(
        DRAFT_DIRECTIVES,
        via=("id", "municipality_id"),
        description="The drafts this municipality wrote; latest first unless `orderBy` says.",
    )
    social_security_obligations: Annotated[
        SocialSecurityObligationConnection, strawberry.lazy("schema.ministry.types")
    ] = page(
        SOCIAL_SECURITY_OBLIGATIONS,
        via=("id", "municipality_id"),
        description=(
            "What the municipality owes the Social Security Organization, per year and category; "
            "latest year first unless `orderBy` says."
        ),
        metadata=contributed_by(Subgraph.MINISTRY),
    )
    council: Annotated[CityCouncil, strawberry.lazy("schema.councils.types")] | None = one(
        via=("id", "municipality_id"),
        where=lambda c: c.c.term_id == CURRENT_TERM_ID,
        description="The city's Islamic council in the newest term; null if none is recorded.",
        metadata=contributed_by(Subgraph.COUNCILS),
    )
    districts: list[Annotated[CityDistrict, strawberry.lazy("schema.neighbourhoods.types")]] = many(
        via=("id", "municipality_id"),
        order=lambda d: [d.c.number],
        description="The city's districts (مناطق), by number; empty where none are recorded.",
        metadata=contributed_by(Subgraph.COUNCILS),
    )
    in_councils_assembly: bool = expression(
        lambda m: m.c.kind.in_(ASSEMBLY_KINDS),
        description=(
            "True when the head of the city's council sits in the assembly of heads of councils "
            "of metropolises and provincial centres: the city is a metropolis or a provincial "
            "centre. The councils' subgraph answers it from `kind`, which it requires."
        ),
        requires=["kind"],
        metadata=contributed_by(Subgraph.COUNCILS),
    )
    hosted_joint_sessions: list[JointSession] = many(
        via=("id", "host_municipality_id"),
        order=lambda j: [j.c.sequence],
        description="The joint sessions of mayors the municipality hosts.",
    )
    union_memberships: list[
        Annotated[UnionMember, strawberry.lazy("schema.associations.types")]
    ] = many(
        via=("id", "municipality_id"),
        order=lambda m: [m.c.joined_on],
        description="Its memberships of the union of municipalities, earliest first.",
    )
    hosted_commission_meetings: list[
        Annotated[CommissionMeeting, strawberry.lazy("schema.associations.types")]
    ] = many(
        via=("id", "host_municipality_id"),
        order=lambda m: [m.c.number],
        description=(
            "The meetings of the metropolises' technical and civil-works commission it hosted."
        ),
    )


@connection("A page of municipalities.")
class MunicipalityConnection(Connection[Municipality]):
    pass


@table_type(
    mayor, description="شهردار: a person holding the office of one municipality for a term."
)
class Mayor(Node):
    id: strawberry.ID = column("The mayor's id (one per term held).")
    full_name: str = column("Full name, in Persian.")
    term_start: date = column("First day in office (ISO date).")
    term_end: date | None = column("Last day in office; null while sitting.")
    is_sample: bool = column(
        "True for an invented mayor; false for a mayor the seeds name (Tabriz's, seed 003, in "
        "office on 1399/04/05): the name is the seed's, the term's days are still sample values."
    )
    is_current: bool = expression(
        lambda x: x.c.term_end.is_(None), description="True while the mayor is in office."
    )
    term_start_solar_hijri: str = expression(
        lambda x: solar_hijri_of_day(x.c.term_start),
        description="First day in office, Solar Hijri (e.g. 1399/04/11).",
    )
    term_end_solar_hijri: str | None = expression(
        lambda x: solar_hijri_of_day(x.c.term_end),
        description="Last day in office, Solar Hijri; null while sitting.",
    )
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The municipality the mayor heads or headed."
    )
    committee_memberships: list[CommitteeMembership] = many(
        via=("id", "mayor_id"),
        order=lambda s: [s.c.started_on],
        description="The mayor's seats on the mayors' committee, earliest first.",
    )


def _seated(seat: Alias) -> Condition:
    """A seat held now, or (for a past committee) at the end of its committee's term."""
    term_end = (
        select(committee.c.term_end).where(committee.c.id == seat.c.committee_id).scalar_subquery()
    )
    return or_(seat.c.ended_on.is_(None), seat.c.ended_on == term_end)


@table_type(
    committee,
    description=(
        "کمیته پنج‌نفره: five mayors chosen from among the mayors for a term, one of them chair, "
        "who gather the mayors' concerns and proposals and present them to the ministry."
    ),
)
class MayorsCommittee(Node):
    id: strawberry.ID = column("The committee's id (one per term).")
    term_start: date = column("First day of the term (ISO date).")
    term_end: date | None = column("Last day of the term; null if current.")
    is_current: bool = expression(
        lambda c: c.c.term_end.is_(None), description="True for the committee sitting now."
    )
    term_start_solar_hijri: str = expression(
        lambda c: solar_hijri_of_day(c.c.term_start),
        description="First day of the term, Solar Hijri.",
    )
    members: list[CommitteeMembership] = many(
        via=("id", "committee_id"),
        where=_seated,
        order=lambda s: [
            case((s.c.role == CommitteeRole.CHAIR.value, 0), else_=1),
            s.c.started_on,
        ],
        description=(
            "The five seats held now (for a past committee: at the end of its term), chair first."
        ),
    )
    chair: CommitteeMembership | None = one(
        via=("id", "committee_id"),
        where=lambda s: _seated(s) & (s.c.role == CommitteeRole.CHAIR.value),
        description="The chair's seat; null if the chair is vacant.",
    )
    memberships: list[CommitteeMembership] = many(
        via=("id", "committee_id"),
        order=lambda s: [s.c.started_on],
        description="Every seat the committee has had, including replaced members, earliest first.",
    )


@connection("A page of mayors' committees.")
class MayorsCommitteeConnection(Connection[MayorsCommittee]):
    pass


@table_type(membership, description="One mayor's seat on a mayors' committee, for a span of days.")
class CommitteeMembership(Node):
    id: strawberry.ID = column("The seat's id.")
    role: CommitteeRole = column("Chair or member.")
    started_on: date = column("First day in the seat (ISO date).")
    ended_on: date | None = column("Last day in the seat; null if held now.")
    is_active: bool = expression(
        lambda s: s.c.ended_on.is_(None), description="True while the seat is held."
    )
    mayor: Mayor = one(via=("mayor_id", "id"), description="The mayor in the seat.")
    committee: MayorsCommittee = one(
        via=("committee_id", "id"), description="The committee the seat belongs to."
    )


@table_type(
    draft,
    keys=["id"],
    rule=rules.draft_directive,
    description=(
        "پیش‌نویس دستورالعمل / بخشنامه: a municipality's needs, proposals or issues, written as a "
        "draft directive or circular and sent to the Ministry of Interior."
    ),
)
class DraftDirective(Node):
    id: strawberry.ID = column("The draft's id.")
    kind: DraftKind = column("Directive or circular.")
    status: DraftStatus = column("Where the draft stands now.")
    title: str = column("Title, in Persian.")
    body: str = column("Full text, in Persian.")
    version: int = column(
        "Grows by one with every change; edits name the version they were based on."
    )
    created_at: datetime = column("When it was first written (UTC).")
    updated_at: datetime = column("When it last changed (UTC).")
    submitted_at: datetime | None = column(
        "When its office submitted it (UTC); null if never submitted."
    )
    is_sample: bool = column("True for invented sample data shipped for trying the service out.")
    created_on_solar_hijri: str = expression(
        lambda d: solar_hijri_of_instant(d.c.created_at),
        description="The day it was first written, Solar Hijri (Tehran time).",
    )
    submitted_on_solar_hijri: str | None = expression(
        lambda d: solar_hijri_of_instant(d.c.submitted_at),
        description="The day it was submitted, Solar Hijri; null if never.",
    )
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The municipality that wrote it."
    )
    events: list[DraftDirectiveEvent] = many(
        via=("id", "draft_directive_id"),
        order=lambda e: [e.c.occurred_at],
        description="Its recorded history, oldest step first; never rewritten.",
    )
    committee_votes: list[
        Annotated[CommitteeVote, strawberry.lazy("schema.municipalities.workflow")]
    ] = many(
        via=("id", "draft_directive_id"),
        where=lambda v: v.c.submission_event_id == _current_round(v),
        order=lambda v: [v.c.cast_at],
        description="The committee's votes on its current submission, earliest first.",
    )
    committee_summary: (
        Annotated[CommitteeSummary, strawberry.lazy("schema.municipalities.workflow")] | None
    ) = one(
        via=("id", "draft_directive_id"),
        where=lambda s: s.c.submission_event_id == _current_round(s),
        description="The chair's consolidated summary of its current submission; null if none.",
    )
    national_circular: (
        Annotated[NationalCircular, strawberry.lazy("schema.ministry.circulars")] | None
    ) = one(
        through=Link(circular_source, parent="draft_directive_id", child="national_circular_id"),
        description="The national circular it was adopted into; null until adopted.",
        metadata=contributed_by(Subgraph.MINISTRY),
    )
    versions: Annotated[DocumentVersionConnection, strawberry.lazy("schema.documents.types")] = (
        page(
            DRAFT_VERSIONS,
            via=("id", "owner_id"),
            description=(
                "Its text (title and body) as first written and after each edit, with who wrote "
                "each, when, and the status the draft was in; newest first."
            ),
        )
    )
    diff: Annotated[TextDiff, strawberry.lazy("schema.documents.types")] = computed(
        resolve_draft_diff,
        reason=DIFF_REASON,
        description=(
            "What changed between two of its versions (`from` older, `to` newer), by words; "
            "BAD_USER_INPUT when it has no such version."
        ),
    )
    committee_reviewed_version: (
        Annotated[DocumentVersion, strawberry.lazy("schema.documents.types")] | None
    ) = one(
        via=("id", "owner_id"),
        where=committee_reviewed,
        description=(
            "The version the mayors' committee last decided on (forwarded or returned); null "
            "until the committee has decided on it."
        ),
    )
    changes_since_committee_review: (
        Annotated[TextDiff, strawberry.lazy("schema.documents.types")] | None
    ) = computed(
        resolve_changes_since_committee_review,
        reason=DIFF_REASON,
        description=(
            "What changed since the committee last saw it: from `committeeReviewedVersion` to "
            "the current text. Null until the committee has decided on it."
        ),
    )
    attachments: list[Annotated[Attachment, strawberry.lazy("schema.documents.types")]] = (
        attachments(
            AttachmentOwnerKind.DRAFT_DIRECTIVE,
            "The files attached to it, first attached first; seen with the draft.",
        )
    )
    comments: list[Annotated[DraftComment, strawberry.lazy("schema.documents.types")]] = many(
        via=("id", "draft_directive_id"),
        where=lambda c: c.c.parent_id.is_(None),
        order=lambda c: [c.c.created_at, c.c.id],
        description=(
            "The reviewers' comments on it (not the replies, which each comment lists), oldest "
            "first; see DraftComment for who reads them."
        ),
    )


def _current_round(row: Alias) -> Expression:
    """The id of the latest SUBMITTED event of the row's draft: its current review round."""
    return (
        select(func.max(event.c.id))
        .where(
            event.c.draft_directive_id == row.c.draft_directive_id,
            event.c.to_status == DraftStatus.SUBMITTED.value,
        )
        .scalar_subquery()
    )


@connection("A page of draft directives.")
class DraftDirectiveConnection(Connection[DraftDirective]):
    pass


@table_type(
    event,
    rule=rules.draft_directive_event,
    description="One step in a draft's life: who moved it, when, where, and why.",
)
class DraftDirectiveEvent(Node):
    id: strawberry.ID = column("The event's id.")
    occurred_at: datetime = column("When it happened (UTC).")
    actor: str = column("Who acted: a mayor's office, the committee, a ministry reviewer.")
    from_status: DraftStatus | None = column(
        "The status before; null for the step that created the draft."
    )
    to_status: DraftStatus = column("The status after.")
    reason: str | None = column(
        "Why, where the step needs a reason (returns, rejections, withdrawals)."
    )
    occurred_on_solar_hijri: str = expression(
        lambda e: solar_hijri_of_instant(e.c.occurred_at),
        description="The day it happened, Solar Hijri (Tehran time).",
    )
    draft_directive: DraftDirective = one(
        via=("draft_directive_id", "id"), description="The draft this step belongs to."
    )


@table_type(
    joint_session,
    description=(
        "نشست هم‌اندیشی: a joint session of mayors. Seed 002: five municipalities declared they "
        "were ready to host joint sessions held continuously until the end of the year, and Qom "
        "hosted the first. It names neither the other four nor how many sessions there are: the "
        "first session is real, every other session is a sample row (`isSample`)."
    ),
)
class JointSession(Node):
    id: strawberry.ID = column("The session's id.")
    sequence: int = column("Its place in the round: 1 for the first.")
    held_on: date | None = column(
        "The day it was held (ISO date); null where the day is not known."
    )
    title: str = column("Its title, in Persian.")
    is_sample: bool = column(
        "True for a sample session (its host and its place in the round are invented); false "
        "for the session the seeds name (the first, in Qom)."
    )
    host: Municipality = one(
        via=("host_municipality_id", "id"), description="The municipality hosting it."
    )
    attachments: list[Annotated[Attachment, strawberry.lazy("schema.documents.types")]] = (
        attachments(
            AttachmentOwnerKind.JOINT_SESSION,
            "The files attached to the session (its minutes, papers), first first.",
        )
    )
    agenda: list[JointSessionAgendaItem] = many(
        via=("id", "joint_session_id"),
        order=lambda i: [i.c.position],
        description=(
            "Its agenda, in order. An item about a draft is listed only to callers who may see "
            "the draft."
        ),
    )
    attendance: list[JointSessionAttendance] = many(
        via=("id", "joint_session_id"),
        order=lambda a: [a.c.municipality_id],
        description="The municipalities whose mayors attended, by municipality id.",
    )
    minutes: str | None = column(
        "صورتجلسه: its minutes, in Persian; null until recorded. Searchable (`search`)."
    )
    minutes_recorded_at: datetime | None = column(
        "When the minutes were recorded (UTC); null until then."
    )
    minutes_is_sample: bool = column("True when the minutes' text is invented sample text.")


@table_type(
    joint_session_agenda_item,
    rule=rules.agenda_item,
    description=(
        "An item of a joint session's agenda: what was put to the mayors, and the draft, "
        "resolution or bill it is about."
    ),
)
class JointSessionAgendaItem(Node):
    id: strawberry.ID = column("The item's id.")
    position: int = column("Its place on the agenda: 1 for the first.")
    title: str = column("What the item is, in Persian.")
    outcome: str | None = column("What was decided on it; null if not recorded.")
    is_sample: bool = column(
        "False for the items seed 002 reports were put to the session in Qom; true for sample ones."
    )
    joint_session: JointSession = one(
        via=("joint_session_id", "id"), description="The session whose agenda it is on."
    )
    draft_directive: DraftDirective | None = one(
        via=("draft_directive_id", "id"), description="The draft it is about; null if none."
    )
    council_resolution: (
        Annotated[CouncilResolution, strawberry.lazy("schema.councils.types")] | None
    ) = one(
        via=("council_resolution_id", "id"),
        description="The council resolution it is about; null if none.",
    )
    government_bill: Annotated[GovernmentBill, strawberry.lazy("schema.councils.types")] | None = (
        one(
            via=("government_bill_id", "id"),
            description="The government bill it is about; null if none.",
        )
    )


@table_type(
    joint_session_attendance,
    description="A municipality whose mayor attended a joint session.",
)
class JointSessionAttendance(Node):
    id: strawberry.ID = column("The attendance's id.")
    is_sample: bool = column(
        "True: seed 002 says the mayors of provincial centres met, not which of them."
    )
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The municipality that attended."
    )
    mayor: Mayor | None = one(
        via=("mayor_id", "id"), description="Its mayor who attended; null if not recorded."
    )
