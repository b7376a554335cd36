"""Provinces, municipalities, mayors, the mayors' committee and the draft directives offices write."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlmodel import Field, SQLModel

from db.tables._common import one_of
from db.types import UTCDateTime


class MunicipalityKind(StrEnum):
    METROPOLIS = "METROPOLIS"
    PROVINCIAL_CENTRE = "PROVINCIAL_CENTRE"
    CITY = "CITY"


class CommitteeRole(StrEnum):
    CHAIR = "CHAIR"
    MEMBER = "MEMBER"


class DraftKind(StrEnum):
    DIRECTIVE = "DIRECTIVE"
    CIRCULAR = "CIRCULAR"


class CommitteeVoteChoice(StrEnum):
    FOR = "FOR"
    AGAINST = "AGAINST"


class DraftStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    IN_COMMITTEE_REVIEW = "IN_COMMITTEE_REVIEW"
    FORWARDED_TO_MINISTRY = "FORWARDED_TO_MINISTRY"
    RETURNED_FOR_REVISION = "RETURNED_FOR_REVISION"
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


class ProvinceRow(SQLModel, table=True):
    __tablename__ = "province"

    id: int | None = Field(default=None, primary_key=True)
    name_fa: str = Field(max_length=100)
    name_en: str = Field(max_length=100)
    name_key: str = Field(max_length=100, unique=True, description="search key of name_fa")
    search_text: str = Field(max_length=250, description="search keys of both names")


class MunicipalityRow(SQLModel, table=True):
    __tablename__ = "municipality"
    __table_args__ = (
        one_of("kind", MunicipalityKind, "ck_municipality_kind"),
        CheckConstraint("population IS NULL OR population >= 0", name="ck_municipality_population"),
        Index("uq_municipality_province_name", "province_id", "name_key", unique=True),
        # A province has exactly one centre (metropolises are provincial centres too).
        Index(
            "uq_municipality_province_centre",
            "province_id",
            unique=True,
            sqlite_where=text("is_provincial_centre"),
            postgresql_where=text("is_provincial_centre"),
        ),
        Index("ix_municipality_kind_name", "kind", "name_en"),
    )

    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    name_fa: str = Field(max_length=100)
    name_en: str = Field(max_length=100, index=True)
    name_key: str = Field(max_length=100)
    search_text: str = Field(max_length=250)
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    is_provincial_centre: bool = Field(default=False)
    population: int | None = Field(default=None, description="2016 national census")
    is_sample: bool = Field(default=False, description="an invented town of a sample data set")


class MayorRow(SQLModel, table=True):
    __tablename__ = "mayor"
    __table_args__ = (
        CheckConstraint("term_end IS NULL OR term_end >= term_start", name="ck_mayor_term"),
        # One sitting mayor per municipality.
        Index(
            "uq_mayor_current",
            "municipality_id",
            unique=True,
            sqlite_where=text("term_end IS NULL"),
            postgresql_where=text("term_end IS NULL"),
        ),
        Index("ix_mayor_municipality_term", "municipality_id", "term_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    full_name: str = Field(max_length=150)
    term_start: date
    term_end: date | None = None
    is_sample: bool = Field(default=True)


class MayorsCommitteeRow(SQLModel, table=True):
    __tablename__ = "mayors_committee"
    __table_args__ = (
        CheckConstraint(
            "term_end IS NULL OR term_end >= term_start", name="ck_mayors_committee_term"
        ),
        Index(
            "uq_mayors_committee_current",
            text("(term_end IS NULL)"),
            unique=True,
            sqlite_where=text("term_end IS NULL"),
            postgresql_where=text("term_end IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    term_start: date
    term_end: date | None = None


class CommitteeMembershipRow(SQLModel, table=True):
    __tablename__ = "committee_membership"
    __table_args__ = (
        one_of("role", CommitteeRole, "ck_committee_membership_role"),
        CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on", name="ck_committee_membership_dates"
        ),
        # One active chair per committee, and a mayor holds one active seat at a time.
        Index(
            "uq_committee_membership_chair",
            "committee_id",
            unique=True,
            sqlite_where=text("role = 'CHAIR' AND ended_on IS NULL"),
            postgresql_where=text("role = 'CHAIR' AND ended_on IS NULL"),
        ),
        Index(
            "uq_committee_membership_active_mayor",
            "committee_id",
            "mayor_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="mayors_committee.id", index=True)
    mayor_id: int = Field(foreign_key="mayor.id", index=True)
    role: str = Field(sa_column=Column(String(10), nullable=False))
    started_on: date
    ended_on: date | None = None
    successor_mayor_id: int | None = Field(
        default=None,
        description=(
            "Set when the seat is handed over: the database ends the seat and seats this mayor "
            "in the same statement (see migration 0002), so a sitting committee never loses a seat."
        ),
    )


class DraftDirectiveRow(SQLModel, table=True):
    __tablename__ = "draft_directive"
    __table_args__ = (
        one_of("kind", DraftKind, "ck_draft_directive_kind"),
        one_of("status", DraftStatus, "ck_draft_directive_status"),
        CheckConstraint("version >= 1", name="ck_draft_directive_version"),
        # A municipality's drafts, newest first (its `draftDirectives` list, the analysts'
        # 100-municipality page): what a list shows and the read rules ask carried in the index
        # (PostgreSQL's INCLUDE), so a page of them is read without visiting the drafts' rows,
        # each 1.4 KB with its text (migration 0017).
        Index(
            "ix_draft_directive_municipality_created",
            "municipality_id",
            "created_at",
            "id",
            postgresql_include=["submitted_at", "status", "kind", "title"],
        ),
        Index("ix_draft_directive_status_created", "status", "created_at", "id"),
        Index("ix_draft_directive_created", "created_at", "id"),
        # The reviewers' read rule (`submitted_at IS NOT NULL`) and the analysts' questions about
        # the drafts it keeps (status, place, year of writing, date of submission), answered from
        # the index alone instead of a pass over the drafts' bodies.
        Index(
            "ix_draft_directive_submitted",
            "submitted_at",
            "id",
            "municipality_id",
            "status",
            "created_at",
        ),
        # The same read rule asked of one draft at a time (a search's thousands of matches, a
        # document's draft): the ids it keeps, answered from the index alone, without a visit
        # to each draft's row.
        Index(
            "ix_draft_directive_sent_id",
            "id",
            postgresql_where=text("submitted_at IS NOT NULL"),
            sqlite_where=text("submitted_at IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    kind: str = Field(sa_column=Column(String(12), nullable=False))
    status: str = Field(sa_column=Column(String(24), nullable=False))
    title: str = Field(max_length=300)
    title_key: str = Field(max_length=300, description="search key of the title")
    body: str = Field(sa_column=Column(Text, nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    submitted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    is_sample: bool = Field(default=True)


def stay_seconds(entered: datetime, left: datetime) -> int:
    """Whole seconds from `entered` to `left`, halves rounded away from zero (as PostgreSQL
    rounds a numeric epoch to bigint)."""
    micro = (left - entered) // timedelta(microseconds=1)
    whole = (abs(micro) + 500_000) // 1_000_000
    return whole if micro >= 0 else -whole


class DraftDirectiveEventRow(SQLModel, table=True):
    """One step in a draft's life. Rows are only ever inserted: the history is never rewritten.

    `stay_seconds` is how long the draft stayed in `from_status`: from the step before this one
    to this one (null on the first step). Written with the step, so the analysts' time in
    each status is a percentile over one indexed column rather than a window over the history."""

    __tablename__ = "draft_directive_event"
    __table_args__ = (
        one_of("to_status", DraftStatus, "ck_draft_directive_event_to_status"),
        CheckConstraint(
            "from_status IS NULL OR from_status IN ("
            + ", ".join(f"'{s.value}'" for s in DraftStatus)
            + ")",
            name="ck_draft_directive_event_from_status",
        ),
        Index("ix_draft_directive_event_draft_time", "draft_directive_id", "occurred_at", "id"),
        # The analysts' time in each status: per status, the stays in order, with the columns
        # its conditions read (the draft, when the stay ended), from the index alone
        # (PostgreSQL: INCLUDE; SQLite has none).
        Index(
            "ix_draft_directive_event_stays",
            "from_status",
            "stay_seconds",
            postgresql_include=["draft_directive_id", "occurred_at"],
        ),
        # The analysts' lead times: each draft's first step into a status (first submitted,
        # decided), read in order from the index alone.
        Index("ix_draft_directive_event_into", "to_status", "draft_directive_id", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    draft_directive_id: int = Field(
        sa_column=Column(Integer, ForeignKey("draft_directive.id"), nullable=False)
    )
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    actor: str = Field(max_length=200, description="who acted: an office, a member, a reviewer")
    from_status: str | None = Field(default=None, sa_column=Column(String(24)))
    to_status: str = Field(sa_column=Column(String(24), nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(Text))
    stay_seconds: int | None = Field(default=None, sa_column=Column(BigInteger))


class CommitteeVoteRow(SQLModel, table=True):
    """One committee member's vote on one submission of a draft (each submission is a new round)."""

    __tablename__ = "committee_vote"
    __table_args__ = (
        one_of("choice", CommitteeVoteChoice, "ck_committee_vote_choice"),
        # Each member votes at most once per round.
        Index("uq_committee_vote_round_mayor", "submission_event_id", "mayor_id", unique=True),
        Index("ix_committee_vote_draft_round", "draft_directive_id", "submission_event_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    draft_directive_id: int = Field(foreign_key="draft_directive.id")
    submission_event_id: int = Field(
        foreign_key="draft_directive_event.id",
        description="the SUBMITTED event that opened the round",
    )
    mayor_id: int = Field(foreign_key="mayor.id")
    membership_id: int = Field(foreign_key="committee_membership.id")
    choice: str = Field(sa_column=Column(String(10), nullable=False))
    comment: str | None = Field(default=None, sa_column=Column(Text))
    cast_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class CommitteeSummaryRow(SQLModel, table=True):
    """The committee's consolidated presentation of one submission of a draft, set by the chair."""

    __tablename__ = "committee_summary"
    __table_args__ = (
        Index("uq_committee_summary_round", "submission_event_id", unique=True),
        Index("ix_committee_summary_draft", "draft_directive_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    draft_directive_id: int = Field(foreign_key="draft_directive.id")
    submission_event_id: int = Field(foreign_key="draft_directive_event.id")
    chair_mayor_id: int = Field(foreign_key="mayor.id")
    summary: str = Field(sa_column=Column(Text, nullable=False))
    set_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class JointSessionRow(SQLModel, table=True):
    """نشست هم‌اندیشی: a joint session of mayors, hosted in turn by the municipalities that
    volunteered (seed 002: five volunteers, Qom first)."""

    __tablename__ = "joint_session"
    __table_args__ = (
        CheckConstraint("sequence >= 1", name="ck_joint_session_sequence"),
        Index("uq_joint_session_sequence", "sequence", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    sequence: int = Field(description="1 for the first session of the round")
    host_municipality_id: int = Field(foreign_key="municipality.id", index=True)
    held_on: date | None = Field(default=None, description="null while only planned")
    title: str = Field(max_length=300)
    is_sample: bool = Field(default=True)
    minutes: str | None = Field(
        default=None, sa_column=Column(Text), description="صورتجلسه: null until recorded"
    )
    minutes_recorded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    minutes_is_sample: bool = Field(
        default=False,
        sa_column=Column(Boolean, nullable=False, server_default=false()),
        description="the minutes' text is invented",
    )


class JointSessionAgendaItemRow(SQLModel, table=True):
    """An item on a joint session's agenda, with the draft, resolution or bill it is about."""

    __tablename__ = "joint_session_agenda_item"
    __table_args__ = (
        CheckConstraint("position >= 1", name="ck_joint_session_agenda_item_position"),
        Index("uq_joint_session_agenda_item_position", "joint_session_id", "position", unique=True),
        Index("ix_joint_session_agenda_item_draft", "draft_directive_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    joint_session_id: int = Field(
        sa_column=Column(Integer, ForeignKey("joint_session.id"), nullable=False)
    )
    position: int = Field(description="1 for the first item")
    title: str = Field(max_length=300)
    draft_directive_id: int | None = Field(default=None, foreign_key="draft_directive.id")
    council_resolution_id: int | None = Field(default=None, foreign_key="council_resolution.id")
    government_bill_id: int | None = Field(default=None, foreign_key="government_bill.id")
    outcome: str | None = Field(default=None, sa_column=Column(Text))
    is_sample: bool = Field(default=True)


class JointSessionAttendanceRow(SQLModel, table=True):
    """A municipality whose mayor (or the mayor's deputy) attended a joint session."""

    __tablename__ = "joint_session_attendance"
    __table_args__ = (
        Index("uq_joint_session_attendance", "joint_session_id", "municipality_id", unique=True),
        Index("ix_joint_session_attendance_municipality", "municipality_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    joint_session_id: int = Field(
        sa_column=Column(Integer, ForeignKey("joint_session.id"), nullable=False)
    )
    municipality_id: int = Field(foreign_key="municipality.id")
    mayor_id: int | None = Field(default=None, foreign_key="mayor.id")
    is_sample: bool = Field(default=True)
