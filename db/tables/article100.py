"""Article 100 commissions (کمیسیون‌های ماده صد, seed 003): building-violation cases from the
inspector's report to the commission's verdict, the appeal, the execution of the final verdict
and the closing of the case, paperless, as Tabriz centralised them.

A case moves through one state machine (`CaseStatus`), each step recorded in `a100_case_event`
(who, when, from, to, why); the days of its stages are kept on the case (Tehran calendar days) for
the transparency figures. The owner's personal data is a row of its own (`a100_party`), read under
a stricter rule than the case. The case's id is a plain integer key, so that the generic
attachment table can name a case (owner kind CASE) for its documents, photos and plans.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, Float, Index, String, Text
from sqlmodel import Field, SQLModel

from db.tables._common import one_of
from db.types import UTCDateTime


class CaseStatus(StrEnum):
    """Where a case stands. The machine (resolvers/article100/machine.py) has these edges only:
    reported → referred → verdict issued → notified → (appeal requested → appeal verdict issued)
    → final → being executed → executed → closed; a final verdict finding no violation closes
    without execution; withdrawn or merged from any stage before a verdict is final."""

    REPORTED = "REPORTED"
    REFERRED = "REFERRED"
    VERDICT_ISSUED = "VERDICT_ISSUED"
    NOTIFIED = "NOTIFIED"
    APPEAL_REQUESTED = "APPEAL_REQUESTED"
    APPEAL_VERDICT_ISSUED = "APPEAL_VERDICT_ISSUED"
    FINAL = "FINAL"
    BEING_EXECUTED = "BEING_EXECUTED"
    EXECUTED = "EXECUTED"
    CLOSED = "CLOSED"
    WITHDRAWN = "WITHDRAWN"
    MERGED = "MERGED"


#: A case no longer waiting on anyone.
ENDED_STATUSES = (CaseStatus.CLOSED.value, CaseStatus.WITHDRAWN.value, CaseStatus.MERGED.value)


class CommissionLevel(StrEnum):
    FIRST_INSTANCE = "FIRST_INSTANCE"
    APPEAL = "APPEAL"


class CommissionSeat(StrEnum):
    """The three seats of an Article 100 commission (note 1 of Article 100)."""

    MINISTRY_REPRESENTATIVE = "MINISTRY_REPRESENTATIVE"
    JUDGE = "JUDGE"
    COUNCIL_MEMBER = "COUNCIL_MEMBER"


class MeasureUnit(StrEnum):
    SQUARE_METRES = "SQUARE_METRES"
    PARKING_SPACES = "PARKING_SPACES"
    NONE = "NONE"


class VerdictKind(StrEnum):
    DEMOLITION = "DEMOLITION"
    FINE = "FINE"
    RESTORATION = "RESTORATION"
    NO_VIOLATION = "NO_VIOLATION"


class AppealParty(StrEnum):
    OWNER = "OWNER"
    MUNICIPALITY = "MUNICIPALITY"


class TaskState(StrEnum):
    """Where an execution task stands (computed in SQL from its due and done days)."""

    OPEN = "OPEN"
    DONE = "DONE"
    OVERDUE = "OVERDUE"


class A100CommissionRow(SQLModel, table=True):
    """An Article 100 commission of a city: first instance or appeal."""

    __tablename__ = "a100_commission"
    __table_args__ = (
        one_of("level", CommissionLevel, "ck_a100_commission_level"),
        Index("uq_a100_commission_number", "municipality_id", "level", "number", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    level: str = Field(sa_column=Column(String(16), nullable=False))
    number: int = Field(description="1, 2, … among the city's commissions of its level")
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    is_centralised: bool = Field(
        default=False, description="held centrally by the city, not per district (Tabriz)"
    )
    is_sample: bool = Field(default=True)


class A100MemberRow(SQLModel, table=True):
    """A member holding one of a commission's three seats for a term."""

    __tablename__ = "a100_member"
    __table_args__ = (
        one_of("seat", CommissionSeat, "ck_a100_member_seat"),
        CheckConstraint("term_end IS NULL OR term_end >= term_start", name="ck_a100_member_term"),
        Index("ix_a100_member_commission", "commission_id", "term_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="a100_commission.id")
    full_name: str = Field(max_length=200)
    seat: str = Field(sa_column=Column(String(24), nullable=False))
    term_start: date
    term_end: date | None = None
    is_sample: bool = Field(default=True)


class A100SessionRow(SQLModel, table=True):
    """A session of a commission, with its agenda, attendance and the IT support present."""

    __tablename__ = "a100_session"
    __table_args__ = (Index("ix_a100_session_commission", "commission_id", "held_at"),)

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="a100_commission.id")
    held_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    it_support_present: bool = Field(
        default=False, description="an IT expert present for system problems (seed 003)"
    )
    it_support_name: str | None = Field(default=None, max_length=200)
    scheduled_by: str = Field(max_length=200)
    is_sample: bool = Field(default=True)


class A100AgendaItemRow(SQLModel, table=True):
    """A case on a session's agenda."""

    __tablename__ = "a100_agenda_item"
    __table_args__ = (
        Index("uq_a100_agenda_item", "session_id", "case_id", unique=True),
        Index("ix_a100_agenda_item_case", "case_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="a100_session.id")
    case_id: int = Field(foreign_key="a100_case.id")
    position: int


class A100AttendanceRow(SQLModel, table=True):
    """Whether a member sat at a session."""

    __tablename__ = "a100_attendance"
    __table_args__ = (Index("uq_a100_attendance", "session_id", "member_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="a100_session.id")
    member_id: int = Field(foreign_key="a100_member.id")
    present: bool


class A100PartyRow(SQLModel, table=True):
    """A party to a case: the property's owner. Personal data, read only by those working on the
    city's cases (schema/rules.py)."""

    __tablename__ = "a100_party"
    __table_args__ = (Index("ix_a100_party_municipality", "municipality_id"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    full_name: str = Field(max_length=200)
    national_id: str | None = Field(default=None, max_length=10, description="کد ملی")
    phone: str | None = Field(default=None, max_length=20)
    postal_address: str | None = Field(default=None, sa_column=Column(Text))
    is_sample: bool = Field(default=True)


class A100ViolationKindRow(SQLModel, table=True):
    """A kind of building violation (the vocabulary), with the unit it is measured in."""

    __tablename__ = "a100_violation_kind"
    __table_args__ = (
        one_of("unit", MeasureUnit, "ck_a100_violation_kind_unit"),
        Index("uq_a100_violation_kind_code", "code", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40)
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    unit: str = Field(sa_column=Column(String(16), nullable=False))
    law_note_fa: str = Field(max_length=200, description="the part of Article 100 it falls under")


class A100CaseRow(SQLModel, table=True):
    """A building-violation case (پرونده ماده صد) of a city, with its property and its stages."""

    __tablename__ = "a100_case"
    __table_args__ = (
        one_of("status", CaseStatus, "ck_a100_case_status"),
        CheckConstraint("version >= 1", name="ck_a100_case_version"),
        CheckConstraint("district >= 1", name="ck_a100_case_district"),
        Index("uq_a100_case_file_number", "municipality_id", "file_number", unique=True),
        Index("ix_a100_case_status", "municipality_id", "status"),
        Index("ix_a100_case_district", "municipality_id", "district"),
        Index("ix_a100_case_reported", "reported_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    file_number: str = Field(max_length=30)
    district: int = Field(description="the city's municipal district (منطقه)")
    plate: str = Field(max_length=40, description="registration plate (پلاک ثبتی)")
    address: str = Field(sa_column=Column(Text, nullable=False))
    owner_party_id: int = Field(foreign_key="a100_party.id")
    status: str = Field(sa_column=Column(String(24), nullable=False))
    version: int = Field(default=1)
    commission_id: int | None = Field(default=None, foreign_key="a100_commission.id")
    inspector: str = Field(max_length=200)
    inspection_report: str = Field(sa_column=Column(Text, nullable=False))
    inspected_on: date
    reported_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    reported_on: date
    referred_on: date | None = None
    verdict_on: date | None = Field(default=None, description="the first-instance verdict's day")
    notified_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    appeal_last_day: date | None = None
    appeal_filed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    appeal_party: str | None = Field(default=None, sa_column=Column(String(16)))
    final_on: date | None = None
    execution_started_on: date | None = None
    executed_on: date | None = None
    closed_on: date | None = None
    merged_into_id: int | None = Field(default=None, foreign_key="a100_case.id")
    is_sample: bool = Field(default=True)


class A100ViolationRow(SQLModel, table=True):
    """One violation found in a case, of a kind, with its measure (excess m², missing spaces)."""

    __tablename__ = "a100_violation"
    __table_args__ = (
        CheckConstraint("measure IS NULL OR measure > 0", name="ck_a100_violation_measure"),
        Index("ix_a100_violation_case", "case_id"),
        Index("ix_a100_violation_kind", "kind_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="a100_case.id")
    kind_id: int = Field(foreign_key="a100_violation_kind.id")
    measure: float | None = Field(default=None, sa_column=Column(Float))
    note: str | None = Field(default=None, sa_column=Column(Text))


class A100CaseEventRow(SQLModel, table=True):
    """One step of a case: who moved it, when, from where to where, and why."""

    __tablename__ = "a100_case_event"
    __table_args__ = (
        one_of("to_status", CaseStatus, "ck_a100_case_event_to"),
        Index("ix_a100_case_event_case", "case_id", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="a100_case.id")
    from_status: str | None = Field(default=None, sa_column=Column(String(24)))
    to_status: str = Field(sa_column=Column(String(24), nullable=False))
    actor: str = Field(max_length=200)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class A100VerdictRow(SQLModel, table=True):
    """A commission's verdict (رأی) on a case, at a session, by the members who decided it."""

    __tablename__ = "a100_verdict"
    __table_args__ = (
        one_of("kind", VerdictKind, "ck_a100_verdict_kind"),
        one_of("level", CommissionLevel, "ck_a100_verdict_level"),
        CheckConstraint("fine_rials IS NULL OR fine_rials >= 0", name="ck_a100_verdict_fine"),
        Index("uq_a100_verdict_level", "case_id", "level", unique=True),
        Index("ix_a100_verdict_session", "session_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="a100_case.id")
    session_id: int = Field(foreign_key="a100_session.id")
    level: str = Field(sa_column=Column(String(16), nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    fine_rials: int | None = Field(default=None, sa_column=Column(BigInteger))
    decided_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    recorded_by: str = Field(max_length=200)


class A100VerdictMemberRow(SQLModel, table=True):
    """A member who decided a verdict."""

    __tablename__ = "a100_verdict_member"
    __table_args__ = (Index("uq_a100_verdict_member", "verdict_id", "member_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    verdict_id: int = Field(foreign_key="a100_verdict.id")
    member_id: int = Field(foreign_key="a100_member.id")


class A100ExecutionTaskRow(SQLModel, table=True):
    """A task of the execution office to carry out a final verdict, due on a day; done once its
    execution (with its evidence) is recorded."""

    __tablename__ = "a100_execution_task"
    __table_args__ = (
        Index("ix_a100_execution_task_case", "case_id"),
        Index("ix_a100_execution_task_due", "done_on", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="a100_case.id")
    verdict_id: int = Field(foreign_key="a100_verdict.id")
    action: str = Field(sa_column=Column(Text, nullable=False))
    due_on: date
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    created_by: str = Field(max_length=200)
    done_on: date | None = None
    done_by: str | None = Field(default=None, max_length=200)
    evidence: str | None = Field(default=None, sa_column=Column(Text))
    is_sample: bool = Field(default=True)


class A100StrategicMeetingRow(SQLModel, table=True):
    """A meeting on the management of a city's centralised commissions (seed 003's, in Tabriz)."""

    __tablename__ = "a100_strategic_meeting"

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    held_on: date
    news_code: str | None = Field(default=None, max_length=20)
    place_fa: str = Field(max_length=300)
    summary_fa: str = Field(sa_column=Column(Text, nullable=False))
    summary_en: str = Field(sa_column=Column(Text, nullable=False))
    is_sample: bool = Field(default=False)


class A100MeetingParticipantRow(SQLModel, table=True):
    """A person who spoke at such a meeting, as the seed names them, and what they asked."""

    __tablename__ = "a100_meeting_participant"
    __table_args__ = (Index("uq_a100_meeting_participant", "meeting_id", "position", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="a100_strategic_meeting.id")
    position: int
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    office_fa: str = Field(max_length=300)
    office_en: str = Field(max_length=300)
    said_fa: str = Field(sa_column=Column(Text, nullable=False))
    said_en: str = Field(sa_column=Column(Text, nullable=False))
