"""The councils' side: city councils and their terms, members and heads; the assembly of heads of
councils of metropolises and provincial centres, its meetings and their participants; council
resolutions and the national laws-and-regulations system; the government bills the assembly follows."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
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


class CouncilMemberRole(StrEnum):
    HEAD = "HEAD"
    DEPUTY_HEAD = "DEPUTY_HEAD"
    SECRETARY = "SECRETARY"
    MEMBER = "MEMBER"


class AssemblyMeetingKind(StrEnum):
    BOARD_MEETING = "BOARD_MEETING"
    ASSEMBLY_SESSION = "ASSEMBLY_SESSION"


class BillStatus(StrEnum):
    DRAFTED = "DRAFTED"
    PENDING = "PENDING"
    IN_PARLIAMENT = "IN_PARLIAMENT"
    PASSED = "PASSED"
    WITHDRAWN = "WITHDRAWN"


class CouncilTermRow(SQLModel, table=True):
    """A four-year term of the Islamic city councils (the seeds speak of the fifth)."""

    __tablename__ = "council_term"
    __table_args__ = (
        CheckConstraint("number >= 1", name="ck_council_term_number"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ck_council_term_dates"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True, description="1 for the first term (1378), 5 for the fifth")
    starts_on: date
    ends_on: date | None = None
    is_sample: bool = Field(default=True, description="the days are invented; the number is not")


class CityCouncilRow(SQLModel, table=True):
    """The Islamic council of one city for one term."""

    __tablename__ = "city_council"
    __table_args__ = (
        Index("uq_city_council_municipality_term", "municipality_id", "term_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    term_id: int = Field(foreign_key="council_term.id", index=True)


class CouncilMemberRow(SQLModel, table=True):
    """A seat on a city council for a term, with the member's role on its presiding board."""

    __tablename__ = "council_member"
    __table_args__ = (
        one_of("role", CouncilMemberRole, "ck_council_member_role"),
        # A council has one head (and one deputy head, one secretary) at a time.
        Index(
            "uq_council_member_board_role",
            "council_id",
            "role",
            unique=True,
            sqlite_where=text("role <> 'MEMBER'"),
            postgresql_where=text("role <> 'MEMBER'"),
        ),
        Index("ix_council_member_council_name", "council_id", "full_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(foreign_key="city_council.id")
    full_name: str = Field(max_length=150)
    role: str = Field(sa_column=Column(String(12), nullable=False))
    is_sample: bool = Field(default=True)


class CouncilsAssemblyRow(SQLModel, table=True):
    """مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها, for one term of the councils."""

    __tablename__ = "councils_assembly"

    id: int | None = Field(default=None, primary_key=True)
    term_id: int = Field(foreign_key="council_term.id", unique=True)
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    secretary_name: str | None = Field(default=None, max_length=150)


class AssemblyMeetingRow(SQLModel, table=True):
    """A board meeting (of the councils of metropolises) or a session of the whole assembly."""

    __tablename__ = "assembly_meeting"
    __table_args__ = (
        one_of("kind", AssemblyMeetingKind, "ck_assembly_meeting_kind"),
        CheckConstraint("number >= 1", name="ck_assembly_meeting_number"),
        Index("uq_assembly_meeting_number", "assembly_id", "kind", "number", unique=True),
        Index("ix_assembly_meeting_held", "held_on", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assembly_id: int = Field(foreign_key="councils_assembly.id")
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    number: int = Field(description="1 for the first meeting of its kind in the term")
    held_on: date
    host_council_id: int | None = Field(default=None, foreign_key="city_council.id")
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


class AssemblyAgendaItemRow(SQLModel, table=True):
    """An item on the agenda of an assembly meeting, with what it is about (a draft, a
    resolution, a bill) and, once decided, its outcome."""

    __tablename__ = "assembly_agenda_item"
    __table_args__ = (
        CheckConstraint("position >= 1", name="ck_assembly_agenda_item_position"),
        Index("uq_assembly_agenda_item_position", "meeting_id", "position", unique=True),
        Index("ix_assembly_agenda_item_draft", "draft_directive_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assembly_meeting.id"), nullable=False)
    )
    position: int = Field(description="1 for the first item")
    title: str = Field(max_length=300)
    draft_directive_id: int | None = Field(default=None, foreign_key="draft_directive.id")
    council_resolution_id: int | None = Field(default=None, foreign_key="council_resolution.id")
    government_bill_id: int | None = Field(default=None, foreign_key="government_bill.id")
    outcome: str | None = Field(default=None, sa_column=Column(Text))
    is_sample: bool = Field(default=True)


class CouncilsAssemblyParticipantRow(SQLModel, table=True):
    """A council that took part in the assembly's meetings of its term, without saying which
    meeting (seed 000 names the seven councils that took part, not who attended what)."""

    __tablename__ = "councils_assembly_participant"
    __table_args__ = (
        Index("uq_councils_assembly_participant", "assembly_id", "council_id", unique=True),
        Index("ix_councils_assembly_participant_council", "council_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assembly_id: int = Field(foreign_key="councils_assembly.id")
    council_id: int = Field(foreign_key="city_council.id")
    is_sample: bool = Field(default=True)


class AssemblyMeetingParticipantRow(SQLModel, table=True):
    """A council that took part in one assembly meeting (recorded only where a source says which
    council attended which meeting)."""

    __tablename__ = "assembly_meeting_participant"
    __table_args__ = (
        Index("uq_assembly_meeting_participant", "meeting_id", "council_id", unique=True),
        Index("ix_assembly_meeting_participant_council", "council_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assembly_meeting.id"), nullable=False)
    )
    council_id: int = Field(foreign_key="city_council.id")


class CouncilResolutionRow(SQLModel, table=True):
    """مصوبه: a resolution of a city council, and whether it reached the presidency's national
    laws-and-regulations system (سامانه ملی قوانین و مقررات)."""

    __tablename__ = "council_resolution"
    __table_args__ = (
        Index("uq_council_resolution_number", "council_id", "number", unique=True),
        Index("ix_council_resolution_council_adopted", "council_id", "adopted_on", "id"),
        Index("ix_council_resolution_adopted", "adopted_on", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(foreign_key="city_council.id")
    number: str = Field(max_length=40, description="as the council numbers it, e.g. 1398/142")
    title: str = Field(max_length=300)
    title_key: str = Field(max_length=300, description="search key of the title")
    adopted_on: date
    uploaded_at: datetime | None = Field(
        default=None,
        sa_column=Column(UTCDateTime()),
        description="when it was uploaded to the national system; null while not uploaded",
    )
    is_sample: bool = Field(default=True)


class GovernmentBillRow(SQLModel, table=True):
    """لایحه: a government bill the assembly follows."""

    __tablename__ = "government_bill"
    __table_args__ = (one_of("status", BillStatus, "ck_government_bill_status"),)

    id: int | None = Field(default=None, primary_key=True)
    title_fa: str = Field(max_length=300)
    title_en: str = Field(max_length=300)
    status: str = Field(sa_column=Column(String(16), nullable=False))
    assembly_position: str = Field(sa_column=Column(Text, nullable=False))
    is_sample: bool = Field(default=True)
