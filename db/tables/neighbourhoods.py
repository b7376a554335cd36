"""A city district's neighbourhood councils (شورایاری, seed 001): the district (منطقه), its areas
(نواحی) and neighbourhoods (محلات), a council per neighbourhood with its members (شورایاران), the
district's officials and the presiding board (هیئت رئیسه), the specialist working groups
(کارگروه‌های تخصصی) and their monthly meetings with the matching deputy, escalations to the
presiding board, the directives issued to the councils, and the small-scale projects (پروژه‌های
کوچک مقیاس) whose form is signed in order by five officials, then sent to the headquarters.

What the database holds by itself (migration 0009, triggers on both databases and composite
foreign keys): a signature is the next one of its project's current round (the composite foreign
key to the previous step's signature refuses a skip, the trigger refuses a step that is not the
one awaited), by a post that holds that step's office in the project's district on the day it
signs (the neighbourhood's secretary: of the project's own neighbourhood council), once (a unique
index per project, round and step); a project's stage moves on only over the signature that
closes the stage before; signatures and the histories are never rewritten.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from db.tables._common import one_of
from db.types import UTCDateTime


class DistrictOffice(StrEnum):
    """An office a person holds in a district's neighbourhood-council system (a post)."""

    DISTRICT_MAYOR = "DISTRICT_MAYOR"  # شهردار منطقه
    PLANNING_DEPUTY = "PLANNING_DEPUTY"  # معاون برنامه‌ریزی
    URBAN_SERVICES_DEPUTY = "URBAN_SERVICES_DEPUTY"  # معاون خدمات شهری (و محیط زیست)
    TECHNICAL_DEPUTY = "TECHNICAL_DEPUTY"  # معاون فنی و عمرانی
    URBAN_PLANNING_DEPUTY = "URBAN_PLANNING_DEPUTY"  # معاون شهرسازی و معماری
    SOCIAL_DEPUTY = "SOCIAL_DEPUTY"  # معاون اجتماعی و فرهنگی
    TRANSPORT_DEPUTY = "TRANSPORT_DEPUTY"  # معاون حمل‌ونقل و ترافیک
    DISTRICT_LIAISON = "DISTRICT_LIAISON"  # رابط شورایاری منطقه
    AREA_MAYOR = "AREA_MAYOR"  # شهردار ناحیه
    COUNCILLOR = "COUNCILLOR"  # شورایار
    NEIGHBOURHOOD_WG_SECRETARY = "NEIGHBOURHOOD_WG_SECRETARY"  # دبیر کارگروه محله
    DISTRICT_WG_SECRETARY = "DISTRICT_WG_SECRETARY"  # دبیر کارگروه منطقه
    BOARD_CHAIR = "BOARD_CHAIR"  # رئیس هیئت رئیسه شورایاری‌های منطقه
    BOARD_MEMBER = "BOARD_MEMBER"  # عضو هیئت رئیسه


#: The district deputies a working group may be matched to.
DEPUTY_OFFICES: Final = (
    DistrictOffice.PLANNING_DEPUTY,
    DistrictOffice.URBAN_SERVICES_DEPUTY,
    DistrictOffice.TECHNICAL_DEPUTY,
    DistrictOffice.URBAN_PLANNING_DEPUTY,
    DistrictOffice.SOCIAL_DEPUTY,
    DistrictOffice.TRANSPORT_DEPUTY,
)

#: Offices held within one neighbourhood council (the post names the council).
COUNCIL_OFFICES: Final = (DistrictOffice.COUNCILLOR, DistrictOffice.NEIGHBOURHOOD_WG_SECRETARY)


class WorkingGroupField(StrEnum):
    """The field of a specialist working group, each matched to the deputy of its field."""

    PLANNING = "PLANNING"
    URBAN_SERVICES = "URBAN_SERVICES"
    TECHNICAL = "TECHNICAL"
    URBAN_PLANNING = "URBAN_PLANNING"
    SOCIAL = "SOCIAL"
    TRANSPORT = "TRANSPORT"


#: The deputy each field meets once a month.
DEPUTY_OF_FIELD: Final[dict[WorkingGroupField, DistrictOffice]] = {
    WorkingGroupField.PLANNING: DistrictOffice.PLANNING_DEPUTY,
    WorkingGroupField.URBAN_SERVICES: DistrictOffice.URBAN_SERVICES_DEPUTY,
    WorkingGroupField.TECHNICAL: DistrictOffice.TECHNICAL_DEPUTY,
    WorkingGroupField.URBAN_PLANNING: DistrictOffice.URBAN_PLANNING_DEPUTY,
    WorkingGroupField.SOCIAL: DistrictOffice.SOCIAL_DEPUTY,
    WorkingGroupField.TRANSPORT: DistrictOffice.TRANSPORT_DEPUTY,
}


class WorkingGroupLevel(StrEnum):
    NEIGHBOURHOOD = "NEIGHBOURHOOD"
    DISTRICT = "DISTRICT"


class ProjectStatus(StrEnum):
    """Where a small-scale project's form stands: written by the council's members, then at each
    of the five signers in turn, then sent to the headquarters; or returned to the council."""

    DRAFT = "DRAFT"
    AT_NEIGHBOURHOOD_SECRETARY = "AT_NEIGHBOURHOOD_SECRETARY"
    AT_DISTRICT_SECRETARY = "AT_DISTRICT_SECRETARY"
    AT_LIAISON = "AT_LIAISON"
    AT_PLANNING_DEPUTY = "AT_PLANNING_DEPUTY"
    AT_DISTRICT_MAYOR = "AT_DISTRICT_MAYOR"
    SENT_TO_HEADQUARTERS = "SENT_TO_HEADQUARTERS"
    RETURNED = "RETURNED"


#: The five signatures, in order: (step, the office that signs it, the stage awaiting it).
SIGNATURE_STEPS: Final[tuple[tuple[int, DistrictOffice, ProjectStatus], ...]] = (
    (1, DistrictOffice.NEIGHBOURHOOD_WG_SECRETARY, ProjectStatus.AT_NEIGHBOURHOOD_SECRETARY),
    (2, DistrictOffice.DISTRICT_WG_SECRETARY, ProjectStatus.AT_DISTRICT_SECRETARY),
    (3, DistrictOffice.DISTRICT_LIAISON, ProjectStatus.AT_LIAISON),
    (4, DistrictOffice.PLANNING_DEPUTY, ProjectStatus.AT_PLANNING_DEPUTY),
    (5, DistrictOffice.DISTRICT_MAYOR, ProjectStatus.AT_DISTRICT_MAYOR),
)

#: The stage after each step's signature.
AFTER_STEP: Final[dict[int, ProjectStatus]] = {
    1: ProjectStatus.AT_DISTRICT_SECRETARY,
    2: ProjectStatus.AT_LIAISON,
    3: ProjectStatus.AT_PLANNING_DEPUTY,
    4: ProjectStatus.AT_DISTRICT_MAYOR,
    5: ProjectStatus.SENT_TO_HEADQUARTERS,
}

#: The stages at which a signature is awaited.
SIGNING_STAGES: Final = tuple(stage for _, _, stage in SIGNATURE_STEPS)


class EscalationStatus(StrEnum):
    """A disagreement between a working group and the district mayor's side, taken to the
    district's presiding board (هیئت رئیسه)."""

    RAISED = "RAISED"
    ON_BOARD_AGENDA = "ON_BOARD_AGENDA"
    AGREED = "AGREED"
    NOT_AGREED = "NOT_AGREED"
    WITHDRAWN = "WITHDRAWN"


#: An escalation still waiting for an outcome.
OPEN_ESCALATIONS: Final = (EscalationStatus.RAISED.value, EscalationStatus.ON_BOARD_AGENDA.value)


class DirectiveKind(StrEnum):
    MEMBERS_POWERS = "MEMBERS_POWERS"  # دستورالعمل اختیارات شورایاران
    WORKING_GROUPS = "WORKING_GROUPS"  # دستورالعمل تشکیل کارگروه‌های تخصصی


# --- places -----------------------------------------------------------------------------------------


class CityDistrictRow(SQLModel, table=True):
    """منطقه: a district of a city's municipality, with its own district mayor."""

    __tablename__ = "city_district"
    __table_args__ = (
        CheckConstraint("number >= 1", name="ck_city_district_number"),
        Index("uq_city_district_number", "municipality_id", "number", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    number: int
    name_fa: str = Field(max_length=100)
    name_en: str = Field(max_length=100)
    is_sample: bool = Field(default=False)


class DistrictAreaRow(SQLModel, table=True):
    """ناحیه: an area of a district, with its area mayor."""

    __tablename__ = "district_area"
    __table_args__ = (
        Index("uq_district_area_number", "district_id", "number", unique=True),
        UniqueConstraint("id", "district_id", name="uq_district_area_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="city_district.id")
    number: int
    name_fa: str = Field(max_length=100)
    is_sample: bool = Field(default=True)


class NeighbourhoodRow(SQLModel, table=True):
    """محله: a neighbourhood of an area (and so of its district)."""

    __tablename__ = "neighbourhood"
    __table_args__ = (
        ForeignKeyConstraint(
            ["area_id", "district_id"],
            ["district_area.id", "district_area.district_id"],
            name="fk_neighbourhood_area_of_district",
        ),
        UniqueConstraint("id", "district_id", name="uq_neighbourhood_of"),
        Index("ix_neighbourhood_district", "district_id", "area_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="city_district.id")
    area_id: int
    name_fa: str = Field(max_length=100)
    is_sample: bool = Field(default=True)


class NeighbourhoodCouncilRow(SQLModel, table=True):
    """شورایاری: a neighbourhood's council for one term."""

    __tablename__ = "neighbourhood_council"
    __table_args__ = (
        ForeignKeyConstraint(
            ["neighbourhood_id", "district_id"],
            ["neighbourhood.id", "neighbourhood.district_id"],
            name="fk_neighbourhood_council_of_district",
        ),
        CheckConstraint(
            "term_end IS NULL OR term_end >= term_start", name="ck_neighbourhood_council_term"
        ),
        Index("uq_neighbourhood_council_term", "neighbourhood_id", "term_number", unique=True),
        UniqueConstraint("id", "district_id", name="uq_neighbourhood_council_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    neighbourhood_id: int
    district_id: int = Field(foreign_key="city_district.id")
    term_number: int
    term_start: date
    term_end: date | None = None
    is_sample: bool = Field(default=True)


# --- working groups ---------------------------------------------------------------------------------


class WorkingGroupRow(SQLModel, table=True):
    """کارگروه تخصصی: a specialist working group of a neighbourhood council or of the district,
    matched to the district deputy of its field, whom it meets once a month."""

    __tablename__ = "working_group"
    __table_args__ = (
        one_of("field", WorkingGroupField, "ck_working_group_field"),
        one_of("level", WorkingGroupLevel, "ck_working_group_level"),
        CheckConstraint(
            "(level = 'DISTRICT' AND council_id IS NULL)"
            " OR (level = 'NEIGHBOURHOOD' AND council_id IS NOT NULL)",
            name="ck_working_group_level_council",
        ),
        ForeignKeyConstraint(
            ["council_id", "district_id"],
            ["neighbourhood_council.id", "neighbourhood_council.district_id"],
            name="fk_working_group_council_of_district",
        ),
        Index("ix_working_group_district", "district_id", "level", "field"),
        UniqueConstraint("id", "district_id", name="uq_working_group_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="city_district.id")
    council_id: int | None = None
    level: str = Field(sa_column=Column(String(16), nullable=False))
    field: str = Field(sa_column=Column(String(16), nullable=False))
    name_fa: str = Field(max_length=200)
    formed_on: date
    is_sample: bool = Field(default=True)


class DistrictPostRow(SQLModel, table=True):
    """A person holding an office in a district for a span of days: the district mayor, a deputy,
    the liaison, an area mayor, a councillor (of one council), a working group's secretary (of one
    group), a member of the presiding board. A token acts as one post (`post_id`)."""

    __tablename__ = "district_post"
    __table_args__ = (
        one_of("office", DistrictOffice, "ck_district_post_office"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ck_district_post_term"),
        CheckConstraint(
            "(office IN ('COUNCILLOR', 'NEIGHBOURHOOD_WG_SECRETARY')) = (council_id IS NOT NULL)",
            name="ck_district_post_council",
        ),
        CheckConstraint(
            "(office IN ('NEIGHBOURHOOD_WG_SECRETARY', 'DISTRICT_WG_SECRETARY'))"
            " = (working_group_id IS NOT NULL)",
            name="ck_district_post_working_group",
        ),
        CheckConstraint(
            "(office = 'AREA_MAYOR') = (area_id IS NOT NULL)", name="ck_district_post_area"
        ),
        ForeignKeyConstraint(
            ["council_id", "district_id"],
            ["neighbourhood_council.id", "neighbourhood_council.district_id"],
            name="fk_district_post_council_of_district",
        ),
        ForeignKeyConstraint(
            ["working_group_id", "district_id"],
            ["working_group.id", "working_group.district_id"],
            name="fk_district_post_group_of_district",
        ),
        ForeignKeyConstraint(
            ["area_id", "district_id"],
            ["district_area.id", "district_area.district_id"],
            name="fk_district_post_area_of_district",
        ),
        UniqueConstraint("id", "office", "district_id", name="uq_district_post_holds"),
        Index("ix_district_post_district", "district_id", "office"),
        Index("ix_district_post_council", "council_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="city_district.id")
    office: str = Field(sa_column=Column(String(32), nullable=False))
    person_fa: str = Field(max_length=200, description="the holder's name as the source gives it")
    council_id: int | None = None
    working_group_id: int | None = None
    area_id: int | None = None
    started_on: date
    ended_on: date | None = None
    source_fa: str | None = Field(default=None, max_length=300, description="where it is stated")
    is_sample: bool = Field(default=True)


class WorkingGroupMeetingRow(SQLModel, table=True):
    """The monthly joint meeting of a working group with its deputy (one per Solar Hijri month)."""

    __tablename__ = "working_group_meeting"
    __table_args__ = (
        CheckConstraint("solar_month BETWEEN 1 AND 12", name="ck_working_group_meeting_month"),
        Index(
            "uq_working_group_meeting_month",
            "working_group_id",
            "solar_year",
            "solar_month",
            unique=True,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    working_group_id: int = Field(foreign_key="working_group.id")
    deputy_post_id: int = Field(foreign_key="district_post.id")
    held_on: date
    solar_year: int
    solar_month: int
    outcomes_fa: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    is_sample: bool = Field(default=True)


class WorkingGroupAttendanceRow(SQLModel, table=True):
    """Who was expected at a meeting, and whether they came."""

    __tablename__ = "working_group_attendance"
    __table_args__ = (Index("uq_working_group_attendance", "meeting_id", "post_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="working_group_meeting.id")
    post_id: int = Field(foreign_key="district_post.id")
    present: bool


class BoardMeetingRow(SQLModel, table=True):
    """The presiding board's monthly meeting with the district mayor."""

    __tablename__ = "board_meeting"
    __table_args__ = (Index("ix_board_meeting_district", "district_id", "held_on"),)

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="city_district.id")
    district_mayor_post_id: int = Field(foreign_key="district_post.id")
    held_on: date
    minutes_fa: str | None = Field(default=None, sa_column=Column(Text))
    is_sample: bool = Field(default=True)


class EscalationRow(SQLModel, table=True):
    """A matter a working group's secretary could not agree on with the district mayor's side,
    taken to the presiding board; `status` moves by the escalation machine only."""

    __tablename__ = "escalation"
    __table_args__ = (
        one_of("status", EscalationStatus, "ck_escalation_status"),
        CheckConstraint("version >= 1", name="ck_escalation_version"),
        ForeignKeyConstraint(
            ["working_group_id", "district_id"],
            ["working_group.id", "working_group.district_id"],
            name="fk_escalation_group_of_district",
        ),
        Index("ix_escalation_district", "district_id", "status", "raised_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="city_district.id")
    working_group_id: int
    raised_by_post_id: int = Field(foreign_key="district_post.id")
    subject: str = Field(max_length=300)
    description: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    board_meeting_id: int | None = Field(default=None, foreign_key="board_meeting.id")
    outcome_fa: str | None = Field(default=None, sa_column=Column(Text))
    raised_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    raised_on: date = Field(description="the day in Tehran it was raised")
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    is_sample: bool = Field(default=True)


class EscalationEventRow(SQLModel, table=True):
    """One step of an escalation: who, in which post, when, from where to where, why."""

    __tablename__ = "escalation_event"
    __table_args__ = (Index("ix_escalation_event_escalation", "escalation_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    escalation_id: int = Field(foreign_key="escalation.id")
    from_status: str | None = Field(default=None, sa_column=Column(String(16)))
    to_status: str = Field(sa_column=Column(String(16), nullable=False))
    post_id: int | None = Field(default=None, foreign_key="district_post.id")
    actor: str = Field(max_length=200)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


# --- directives -------------------------------------------------------------------------------------


class CouncilDirectiveRow(SQLModel, table=True):
    """A directive issued TO the neighbourhood councils (ابلاغ), e.g. on the members' powers."""

    __tablename__ = "council_directive"
    __table_args__ = (one_of("kind", DirectiveKind, "ck_council_directive_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    title_fa: str = Field(max_length=300)
    text_fa: str = Field(sa_column=Column(Text, nullable=False))
    issuer_fa: str = Field(max_length=200)
    issued_on: date | None = Field(default=None, description="null when the source gives none")
    reported_on: date | None = Field(default=None, description="the day a source reported it")
    source_fa: str | None = Field(default=None, max_length=300)
    is_sample: bool = Field(default=True)


class CouncilDirectiveScopeRow(SQLModel, table=True):
    """A neighbourhood council a directive applies to."""

    __tablename__ = "council_directive_scope"
    __table_args__ = (
        PrimaryKeyConstraint("directive_id", "council_id", name="pk_council_directive_scope"),
        Index("ix_council_directive_scope_council", "council_id"),
    )

    directive_id: int = Field(foreign_key="council_directive.id")
    council_id: int = Field(foreign_key="neighbourhood_council.id")


# --- small-scale projects ---------------------------------------------------------------------------


class SmallProjectRow(SQLModel, table=True):
    """پروژه کوچک مقیاس: the form a neighbourhood council's members fill in (the planning deputy's
    working group prepared it), then signed in order by five officials and sent to the
    neighbourhood councils' headquarters. `round` counts submissions (a returned form is signed
    again from the first step); `version` counts changes (optimistic concurrency)."""

    __tablename__ = "small_project"
    __table_args__ = (
        one_of("status", ProjectStatus, "ck_small_project_status"),
        CheckConstraint("version >= 1", name="ck_small_project_version"),
        CheckConstraint("round >= 0", name="ck_small_project_round"),
        CheckConstraint("estimated_cost_rials > 0", name="ck_small_project_cost"),
        CheckConstraint("beneficiaries >= 0", name="ck_small_project_beneficiaries"),
        ForeignKeyConstraint(
            ["council_id", "district_id"],
            ["neighbourhood_council.id", "neighbourhood_council.district_id"],
            name="fk_small_project_council_of_district",
        ),
        ForeignKeyConstraint(
            ["neighbourhood_id", "district_id"],
            ["neighbourhood.id", "neighbourhood.district_id"],
            name="fk_small_project_neighbourhood_of_district",
        ),
        UniqueConstraint("id", "district_id", name="uq_small_project_of"),
        Index("ix_small_project_district", "district_id", "status"),
        Index("ix_small_project_council", "council_id", "status"),
        Index("ix_small_project_neighbourhood", "neighbourhood_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="city_district.id")
    neighbourhood_id: int
    council_id: int
    title: str = Field(max_length=300)
    description: str = Field(sa_column=Column(Text, nullable=False))
    estimated_cost_rials: int = Field(sa_column=Column(BigInteger, nullable=False))
    beneficiaries: int = Field(description="people the project serves")
    location_fa: str = Field(max_length=500)
    status: str = Field(sa_column=Column(String(32), nullable=False))
    round: int = Field(default=0)
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    created_by_post_id: int = Field(foreign_key="district_post.id")
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    submitted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    stage_since: datetime = Field(
        sa_column=Column(UTCDateTime(), nullable=False),
        description="when it reached its current status",
    )
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    is_sample: bool = Field(default=False)


class SmallProjectSignatureRow(SQLModel, table=True):
    """One signature of a project's form: step 1..5 of one round, by a post holding the step's
    office in the project's district. `prev_step` names the signature it follows (none for the
    first): the composite foreign key makes a signature without its predecessor impossible."""

    __tablename__ = "small_project_signature"
    __table_args__ = (
        CheckConstraint("step BETWEEN 1 AND 5", name="ck_small_project_signature_step"),
        CheckConstraint(
            "(step = 1 AND prev_step IS NULL) OR (step > 1 AND prev_step = step - 1)",
            name="ck_small_project_signature_prev",
        ),
        CheckConstraint(
            "office = CASE step WHEN 1 THEN 'NEIGHBOURHOOD_WG_SECRETARY'"
            " WHEN 2 THEN 'DISTRICT_WG_SECRETARY' WHEN 3 THEN 'DISTRICT_LIAISON'"
            " WHEN 4 THEN 'PLANNING_DEPUTY' WHEN 5 THEN 'DISTRICT_MAYOR' END",
            name="ck_small_project_signature_office",
        ),
        CheckConstraint("waited_seconds >= 0", name="ck_small_project_signature_waited"),
        ForeignKeyConstraint(
            ["project_id", "district_id"],
            ["small_project.id", "small_project.district_id"],
            name="fk_small_project_signature_project",
        ),
        ForeignKeyConstraint(
            ["project_id", "round", "prev_step"],
            [
                "small_project_signature.project_id",
                "small_project_signature.round",
                "small_project_signature.step",
            ],
            name="fk_small_project_signature_previous",
        ),
        ForeignKeyConstraint(
            ["post_id", "office", "district_id"],
            ["district_post.id", "district_post.office", "district_post.district_id"],
            name="fk_small_project_signature_post_holds",
        ),
        UniqueConstraint("project_id", "round", "step", name="uq_small_project_signature_step"),
        Index("ix_small_project_signature_post", "post_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int
    district_id: int
    round: int
    step: int
    prev_step: int | None = None
    office: str = Field(sa_column=Column(String(32), nullable=False))
    post_id: int
    actor: str = Field(max_length=200)
    signed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    signed_on: date = Field(description="the day in Tehran it was signed")
    waited_seconds: int = Field(
        sa_column=Column(BigInteger, nullable=False),
        description="how long the form waited at this step before it was signed",
    )


class SmallProjectEventRow(SQLModel, table=True):
    """One step of a project's life: who (in which post), when, from, to, why; append-only."""

    __tablename__ = "small_project_event"
    __table_args__ = (
        one_of("to_status", ProjectStatus, "ck_small_project_event_to"),
        Index("ix_small_project_event_project", "project_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="small_project.id")
    round: int
    from_status: str | None = Field(default=None, sa_column=Column(String(32)))
    to_status: str = Field(sa_column=Column(String(32), nullable=False))
    post_id: int | None = Field(default=None, foreign_key="district_post.id")
    actor: str = Field(max_length=200)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    stay_seconds: int | None = Field(
        default=None,
        sa_column=Column(BigInteger),
        description="how long the project stayed in `from_status`",
    )
