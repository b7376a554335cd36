"""Associations of municipalities: the union of municipalities (اتحادیه شهرداری‌ها, seed 002) with
its members, officers and elections; and the Assembly of Mayors of Iran's Metropolises (مجمع
شهرداران کلانشهرهای ایران, seed 004) with its technical and civil-works commission: the commission's
committees and working groups, its numbered meetings, topics, resolutions and their follow-up.

Secrecy of the union's ballots is held by the tables themselves: `union_participation` records
who voted (one row per member and election, a unique index), `union_ballot_mark` what was chosen,
under a random ballot token with no time, no member and no serial id, so that nothing stored links
a choice to a voter.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    false,
    text,
)
from sqlmodel import Field, SQLModel

from db.tables._common import one_of
from db.types import UTCDateTime


class ElectionStatus(StrEnum):
    """The union's election, in the only order it may go."""

    CALLED = "CALLED"
    CANDIDACY_OPEN = "CANDIDACY_OPEN"
    VOTING_OPEN = "VOTING_OPEN"
    COUNTED = "COUNTED"
    CERTIFIED = "CERTIFIED"


class UnionOffice(StrEnum):
    PRESIDENT = "PRESIDENT"
    VICE_PRESIDENT = "VICE_PRESIDENT"
    TREASURER = "TREASURER"
    BOARD_MEMBER = "BOARD_MEMBER"
    INSPECTOR = "INSPECTOR"


class CommissionBodyKind(StrEnum):
    ORIGINAL_COMMITTEE = "ORIGINAL_COMMITTEE"
    TQM_WORKING_GROUP = "TQM_WORKING_GROUP"


class TopicPriority(StrEnum):
    """The three classes of seed 004: «امور اضطراری کوتاه مدت، میان مدت و بلند مدت»."""

    URGENT_SHORT_TERM = "URGENT_SHORT_TERM"
    MEDIUM_TERM = "MEDIUM_TERM"
    LONG_TERM = "LONG_TERM"


class TopicStatus(StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    RESOLVED = "RESOLVED"
    DROPPED = "DROPPED"


class ResolutionState(StrEnum):
    """Where a resolution's follow-up stands (computed in SQL from its due and done days)."""

    OPEN = "OPEN"
    DONE = "DONE"
    OVERDUE = "OVERDUE"


#: A topic no longer open: resolved or dropped.
CLOSED_TOPIC_STATUSES = (TopicStatus.RESOLVED.value, TopicStatus.DROPPED.value)


# --- the union of municipalities -------------------------------------------------------------------


class MunicipalUnionRow(SQLModel, table=True):
    """اتحادیه شهرداری‌ها: a non-governmental body of municipalities."""

    __tablename__ = "municipal_union"

    id: int | None = Field(default=None, primary_key=True)
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    nature_fa: str = Field(max_length=200, description="نهاد غیردولتی")
    mission_fa: str = Field(sa_column=Column(Text, nullable=False))
    mission_en: str = Field(sa_column=Column(Text, nullable=False))
    announced_at_session_id: int | None = Field(
        default=None,
        foreign_key="joint_session.id",
        description="the joint session of mayors at which it was announced",
    )
    is_sample: bool = Field(default=False)


class UnionMemberRow(SQLModel, table=True):
    """A municipality's membership of the union, for a span of days."""

    __tablename__ = "union_member"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="ck_union_member_dates"),
        # A municipality is a member once at a time.
        Index(
            "uq_union_member_current",
            "union_id",
            "municipality_id",
            unique=True,
            sqlite_where=text("left_on IS NULL"),
            postgresql_where=text("left_on IS NULL"),
        ),
        Index("ix_union_member_municipality", "municipality_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    union_id: int = Field(foreign_key="municipal_union.id")
    municipality_id: int = Field(foreign_key="municipality.id")
    joined_on: date
    left_on: date | None = None
    is_sample: bool = Field(default=True)


class UnionElectionRow(SQLModel, table=True):
    """An election of the union for named seats; `status` moves only forward, one step at a time,
    each step recorded in `union_election_event`."""

    __tablename__ = "union_election"
    __table_args__ = (
        one_of("status", ElectionStatus, "ck_union_election_status"),
        CheckConstraint("ballots_cast >= 0", name="ck_union_election_ballots"),
        Index("ix_union_election_union", "union_id", "called_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    union_id: int = Field(foreign_key="municipal_union.id")
    title: str = Field(max_length=300)
    status: str = Field(sa_column=Column(String(16), nullable=False))
    called_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    certified_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    eligible_count: int | None = Field(
        default=None, description="members entitled to vote, fixed when voting opens"
    )
    ballots_cast: int = Field(
        default=0, description="ballots received; each cast updates it under the row's lock"
    )
    is_sample: bool = Field(default=True)


class UnionElectionSeatRow(SQLModel, table=True):
    """An office the election fills, and how many of it."""

    __tablename__ = "union_election_seat"
    __table_args__ = (
        one_of("office", UnionOffice, "ck_union_election_seat_office"),
        CheckConstraint("seats >= 1", name="ck_union_election_seat_seats"),
        Index("uq_union_election_seat", "election_id", "office", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="union_election.id")
    office: str = Field(sa_column=Column(String(16), nullable=False))
    seats: int


class UnionCandidateRow(SQLModel, table=True):
    """A member municipality standing for one seat of an election (one seat per election)."""

    __tablename__ = "union_candidate"
    __table_args__ = (
        Index("uq_union_candidate_member", "election_id", "member_id", unique=True),
        Index("ix_union_candidate_seat", "seat_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="union_election.id")
    seat_id: int = Field(foreign_key="union_election_seat.id")
    member_id: int = Field(foreign_key="union_member.id")
    filed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class UnionElectionEventRow(SQLModel, table=True):
    """One step of an election: who moved it, when, from where to where, and why."""

    __tablename__ = "union_election_event"
    __table_args__ = (
        one_of("to_status", ElectionStatus, "ck_union_election_event_to"),
        Index("ix_union_election_event_election", "election_id", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="union_election.id")
    from_status: str | None = Field(default=None, sa_column=Column(String(16)))
    to_status: str = Field(sa_column=Column(String(16), nullable=False))
    actor: str = Field(max_length=200)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class UnionParticipationRow(SQLModel, table=True):
    """Who voted: a member in an election, at most once (the unique index holds it). Nothing here
    says what the member chose."""

    __tablename__ = "union_participation"
    __table_args__ = (
        Index("uq_union_participation", "election_id", "member_id", unique=True),
        Index("ix_union_participation_member", "member_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="union_election.id")
    member_id: int = Field(foreign_key="union_member.id")
    voted_on: date = Field(description="the day only: an instant could be matched to a ballot")


class UnionBallotMarkRow(SQLModel, table=True):
    """What was chosen: a candidate marked on a ballot. The ballot is a random token, with no
    member, no time and no serial id, so that no column or join links it to who cast it."""

    __tablename__ = "union_ballot_mark"
    __table_args__ = (
        PrimaryKeyConstraint("ballot", "candidate_id", name="pk_union_ballot_mark"),
        Index("ix_union_ballot_mark_election", "election_id", "candidate_id"),
    )

    ballot: str = Field(sa_column=Column(String(32), nullable=False))
    election_id: int = Field(
        sa_column=Column(Integer, ForeignKey("union_election.id"), nullable=False)
    )
    candidate_id: int = Field(
        sa_column=Column(Integer, ForeignKey("union_candidate.id"), nullable=False)
    )


class UnionElectionResultRow(SQLModel, table=True):
    """A candidate's count, written by one INSERT … SELECT when the election is counted."""

    __tablename__ = "union_election_result"
    __table_args__ = (
        CheckConstraint("votes >= 0", name="ck_union_election_result_votes"),
        Index("uq_union_election_result_candidate", "candidate_id", unique=True),
        Index("ix_union_election_result_election", "election_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    election_id: int = Field(foreign_key="union_election.id")
    candidate_id: int = Field(foreign_key="union_candidate.id")
    votes: int
    rank: int = Field(description="1 for the most votes in the seat; ties go to who filed first")
    is_elected: bool


class UnionOfficerRow(SQLModel, table=True):
    """A member holding an office of the union for a term (from a certified election)."""

    __tablename__ = "union_officer"
    __table_args__ = (
        one_of("office", UnionOffice, "ck_union_officer_office"),
        CheckConstraint("term_end IS NULL OR term_end >= term_start", name="ck_union_officer_term"),
        Index("ix_union_officer_union", "union_id", "term_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    union_id: int = Field(foreign_key="municipal_union.id")
    member_id: int = Field(foreign_key="union_member.id")
    office: str = Field(sa_column=Column(String(16), nullable=False))
    term_start: date
    term_end: date | None = None
    election_id: int | None = Field(default=None, foreign_key="union_election.id")
    is_sample: bool = Field(default=True)


# --- the Assembly of Mayors of Iran's Metropolises -------------------------------------------------


class MetropolisesAssemblyRow(SQLModel, table=True):
    """مجمع شهرداران کلانشهرهای ایران: formed in late 1396 from the central secretariat."""

    __tablename__ = "metropolises_assembly"

    id: int | None = Field(default=None, primary_key=True)
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    formed_solar_year: int = Field(description="1396: «در اواخر سال 1396»")
    formed_from_fa: str = Field(max_length=200, description="دبیرخانه مرکزی")
    is_sample: bool = Field(default=False)


class AssemblyMilestoneRow(SQLModel, table=True):
    """A step of the assembly's history as the seed tells it."""

    __tablename__ = "assembly_milestone"
    __table_args__ = (Index("uq_assembly_milestone", "assembly_id", "position", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    assembly_id: int = Field(foreign_key="metropolises_assembly.id")
    position: int
    when_fa: str = Field(max_length=60, description="as the seed dates it, e.g. آذر ۱۳۷۸")
    gregorian_year: int | None = Field(default=None, description="when the seed dates it")
    text_fa: str = Field(sa_column=Column(Text, nullable=False))
    text_en: str = Field(sa_column=Column(Text, nullable=False))
    meeting_id: int | None = Field(default=None, foreign_key="commission_meeting.id")


class AssemblyCommissionRow(SQLModel, table=True):
    """A commission of the assembly (its committees became commissions in late 1396)."""

    __tablename__ = "assembly_commission"

    id: int | None = Field(default=None, primary_key=True)
    assembly_id: int = Field(foreign_key="metropolises_assembly.id")
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    formerly_fa: str = Field(max_length=200, description="the committee it was before 1396")
    is_sample: bool = Field(default=False)


class CommissionBodyRow(SQLModel, table=True):
    """One of the commission's original committees, or a working group of its TQM structure."""

    __tablename__ = "commission_body"
    __table_args__ = (
        one_of("kind", CommissionBodyKind, "ck_commission_body_kind"),
        Index("uq_commission_body_position", "commission_id", "kind", "position", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="assembly_commission.id")
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    position: int
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    is_deciding: bool = Field(default=False, description="the deputies: the deciding group")
    from_meeting: int | None = Field(default=None, description="first meeting number, if known")
    until_meeting: int | None = Field(default=None, description="last meeting number, if known")


class CommissionDutyRow(SQLModel, table=True):
    """One of the five duties of the commission's secretariat (its mandate)."""

    __tablename__ = "commission_duty"
    __table_args__ = (Index("uq_commission_duty_number", "commission_id", "number", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="assembly_commission.id")
    number: int
    text_fa: str = Field(sa_column=Column(Text, nullable=False))
    text_en: str = Field(sa_column=Column(Text, nullable=False))


class CommissionMeetingRow(SQLModel, table=True):
    """A numbered meeting (نشست) of the metropolises' technical and civil-works deputies."""

    __tablename__ = "commission_meeting"
    __table_args__ = (
        CheckConstraint("number >= 1", name="ck_commission_meeting_number"),
        Index("uq_commission_meeting_number", "commission_id", "number", unique=True),
        Index("ix_commission_meeting_host", "host_municipality_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="assembly_commission.id")
    number: int
    host_municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    host_fa: str | None = Field(default=None, max_length=200, description="the host as named")
    held_in_fa: str | None = Field(default=None, max_length=60, description="e.g. آذر ۱۳۷۸")
    held_on: date | None = None
    is_nationwide: bool = Field(default=False, description="with every provincial centre")
    with_festival: bool = Field(default=False, description="with the civil-works festival")
    note_fa: str | None = Field(default=None, sa_column=Column(Text))
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


class CommissionAgendaItemRow(SQLModel, table=True):
    """An item on a commission meeting's agenda: a topic before the commission, or the
    follow-up of one of its resolutions."""

    __tablename__ = "commission_agenda_item"
    __table_args__ = (
        CheckConstraint("position >= 1", name="ck_commission_agenda_item_position"),
        Index("uq_commission_agenda_item_position", "meeting_id", "position", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(
        sa_column=Column(Integer, ForeignKey("commission_meeting.id"), nullable=False)
    )
    position: int = Field(description="1 for the first item")
    title: str = Field(max_length=300)
    topic_id: int | None = Field(default=None, foreign_key="commission_topic.id")
    resolution_id: int | None = Field(default=None, foreign_key="commission_resolution.id")
    outcome: str | None = Field(default=None, sa_column=Column(Text))
    is_sample: bool = Field(default=True)


class CommissionTopicRow(SQLModel, table=True):
    """A topic before the commission, classed by priority, with its status."""

    __tablename__ = "commission_topic"
    __table_args__ = (
        one_of("priority", TopicPriority, "ck_commission_topic_priority"),
        one_of("status", TopicStatus, "ck_commission_topic_status"),
        Index("ix_commission_topic_open", "status", "priority", "raised_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="assembly_commission.id")
    meeting_id: int | None = Field(default=None, foreign_key="commission_meeting.id")
    working_group_id: int | None = Field(default=None, foreign_key="commission_body.id")
    title: str = Field(max_length=300)
    priority: str = Field(sa_column=Column(String(20), nullable=False))
    status: str = Field(sa_column=Column(String(12), nullable=False))
    raised_on: date
    closed_on: date | None = None
    is_sample: bool = Field(default=True)


class CommissionResolutionRow(SQLModel, table=True):
    """مصوبه: a resolution of a commission meeting, assigned to a metropolis, with a due day."""

    __tablename__ = "commission_resolution"
    __table_args__ = (
        Index("uq_commission_resolution_number", "meeting_id", "number", unique=True),
        Index("ix_commission_resolution_assignee", "assigned_municipality_id", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="commission_meeting.id")
    number: int
    text_fa: str = Field(sa_column=Column(Text, nullable=False))
    topic_id: int | None = Field(default=None, foreign_key="commission_topic.id")
    assigned_municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    due_on: date | None = None
    done_on: date | None = None
    is_sample: bool = Field(default=True)


class CommissionFollowUpRow(SQLModel, table=True):
    """A report on a resolution's follow-up (پیگیری): who, when, what; the last may mark it done."""

    __tablename__ = "commission_follow_up"
    __table_args__ = (Index("ix_commission_follow_up_resolution", "resolution_id", "reported_at"),)

    id: int | None = Field(default=None, primary_key=True)
    resolution_id: int = Field(foreign_key="commission_resolution.id")
    reported_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    actor: str = Field(max_length=200)
    note: str = Field(sa_column=Column(Text, nullable=False))
    marks_done: bool = Field(default=False)
    is_sample: bool = Field(default=False)
