"""GraphQL types of a district's neighbourhood councils (seed 001), declared field by field
(schema/declare.py), with their read rules (schema/rules.py): places, councils, posts, working
groups, meetings and directives are public; a small project's form is its council's until it is
submitted, then also the district's officials' and the headquarters', and everyone's once sent;
escalations are the district's business.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from sqlalchemy import case, literal, null, select

from db.tables import (
    DEPUTY_OF_FIELD,
    OPEN_ESCALATIONS,
    SIGNATURE_STEPS,
    DirectiveKind,
    DistrictOffice,
    EscalationStatus,
    ProjectStatus,
    WorkingGroupField,
    WorkingGroupLevel,
    board_meeting,
    city_district,
    council_directive,
    council_directive_scope,
    district_area,
    district_post,
    escalation,
    escalation_event,
    neighbourhood,
    neighbourhood_council,
    small_project,
    small_project_event,
    small_project_signature,
    working_group,
    working_group_attendance,
    working_group_meeting,
)
from db.tables.calendar import solar_hijri_of_day, solar_hijri_of_instant
from schema import rules
from schema.declare import (
    Alias,
    Expression,
    Link,
    Node,
    column,
    connection,
    expression,
    many,
    one,
    page,
    table_type,
)
from schema.municipalities.types import Municipality
from schema.neighbourhoods.lists import ESCALATIONS, SMALL_PROJECTS
from schema.pagination import Connection
from schema.scalars import Money


def _deputy_office(group: Alias) -> Expression:
    """The deputy office a working group's field meets."""
    return case(
        {f.value: office.value for f, office in DEPUTY_OF_FIELD.items()}, value=group.c.field
    )


def _next_office(project: Alias) -> Expression:
    """The office whose signature a project's status awaits; NULL when none is."""
    return case(
        *(
            (project.c.status == stage.value, literal(office.value))
            for _, office, stage in SIGNATURE_STEPS
        ),
        else_=null(),
    )


@table_type(
    city_district,
    keys=["id"],
    description=(
        "منطقه: a district of a city's municipality (Tehran has 22), with its district mayor and "
        "deputies, its areas and neighbourhoods, and their neighbourhood councils."
    ),
)
class CityDistrict(Node):
    id: strawberry.ID = column("The district's id.")
    number: int = column("Its number in the city (منطقه ۸ is 8).")
    name_fa: str = column("Persian name, e.g. منطقه 8.")
    name_en: str = column("English name, e.g. District 8.")
    is_sample: bool = column("False: Tehran's 22 districts are a public fact.")
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The city's municipality."
    )
    areas: list[DistrictArea] = many(
        via=("id", "district_id"),
        order=lambda a: [a.c.number],
        description="Its areas (نواحی), by number.",
    )
    neighbourhoods: list[Neighbourhood] = many(
        via=("id", "district_id"),
        order=lambda n: [n.c.area_id, n.c.id],
        description="Its neighbourhoods (محلات), area by area.",
    )
    councils: list[NeighbourhoodCouncil] = many(
        via=("id", "district_id"),
        where=lambda c: c.c.term_end.is_(None),
        order=lambda c: [c.c.neighbourhood_id],
        description="Its neighbourhood councils now (شورایاری‌ها), one per neighbourhood.",
    )
    officials: list[DistrictPost] = many(
        via=("id", "district_id"),
        where=lambda p: p.c.council_id.is_(None) & p.c.working_group_id.is_(None),
        order=lambda p: [p.c.office, p.c.started_on, p.c.id],
        description=(
            "The district's officials, past and present: the district mayor, the deputies, the "
            "liaison, the area mayors and the presiding board (councillors and secretaries are "
            "under their council and working group)."
        ),
    )
    presiding_board: list[DistrictPost] = many(
        via=("id", "district_id"),
        where=lambda p: (
            p.c.office.in_([DistrictOffice.BOARD_CHAIR.value, DistrictOffice.BOARD_MEMBER.value])
            & p.c.ended_on.is_(None)
        ),
        order=lambda p: [p.c.office, p.c.id],
        description="هیئت رئیسه: the presiding board of the district's councils now, chair first.",
    )
    working_groups: list[WorkingGroup] = many(
        via=("id", "district_id"),
        order=lambda g: [g.c.level, g.c.council_id, g.c.field, g.c.id],
        description="Its specialist working groups, the district's first, then each council's.",
    )
    board_meetings: list[BoardMeeting] = many(
        via=("id", "district_id"),
        order=lambda m: [m.c.held_on.desc()],
        description="The presiding board's monthly meetings with the district mayor, latest first.",
    )
    small_projects: SmallProjectConnection = page(
        SMALL_PROJECTS,
        via=("id", "district_id"),
        description="The district's small projects the caller may see; latest written first.",
    )
    escalations: EscalationConnection = page(
        ESCALATIONS,
        via=("id", "district_id"),
        description="The district's escalations the caller may see; oldest raised first.",
    )


@table_type(district_area, description="ناحیه: an area of a district, with its area mayor.")
class DistrictArea(Node):
    id: strawberry.ID = column("The area's id.")
    number: int = column("Its number in the district.")
    name_fa: str = column("Persian name.")
    is_sample: bool = column("True: seed 001 names no area.")
    district: CityDistrict = one(via=("district_id", "id"), description="Its district.")
    neighbourhoods: list[Neighbourhood] = many(
        via=("id", "area_id"), order=lambda n: [n.c.id], description="Its neighbourhoods."
    )
    mayor: DistrictPost | None = one(
        via=("id", "area_id"),
        where=lambda p: (p.c.office == DistrictOffice.AREA_MAYOR.value) & p.c.ended_on.is_(None),
        description="شهردار ناحیه: its area mayor now; null if none is recorded.",
    )


@table_type(neighbourhood, description="محله: a neighbourhood of an area of a district.")
class Neighbourhood(Node):
    id: strawberry.ID = column("The neighbourhood's id.")
    name_fa: str = column("Persian name.")
    is_sample: bool = column("True: seed 001 names no neighbourhood.")
    area: DistrictArea = one(via=("area_id", "id"), description="Its area.")
    district: CityDistrict = one(via=("district_id", "id"), description="Its district.")
    council: NeighbourhoodCouncil | None = one(
        via=("id", "neighbourhood_id"),
        where=lambda c: c.c.term_end.is_(None),
        description="Its neighbourhood council now; null if none is recorded.",
    )


@table_type(
    neighbourhood_council,
    keys=["id"],
    description="شورایاری: a neighbourhood's council for one term, with its members (شورایاران).",
)
class NeighbourhoodCouncil(Node):
    id: strawberry.ID = column("The council's id.")
    term_number: int = column("Its term (دوره).")
    term_start: date = column("First day of the term (ISO date).")
    term_end: date | None = column("Last day of the term; null while it sits.")
    is_sample: bool = column("True: the councils' terms and members are sample data.")
    neighbourhood: Neighbourhood = one(
        via=("neighbourhood_id", "id"), description="Its neighbourhood."
    )
    district: CityDistrict = one(via=("district_id", "id"), description="Its district.")
    members: list[DistrictPost] = many(
        via=("id", "council_id"),
        where=lambda p: p.c.office == DistrictOffice.COUNCILLOR.value,
        order=lambda p: [p.c.id],
        description="Its members (شورایاران) and their terms.",
    )
    working_groups: list[WorkingGroup] = many(
        via=("id", "council_id"),
        order=lambda g: [g.c.field],
        description="Its specialist working groups.",
    )
    directives: list[CouncilDirective] = many(
        through=Link(council_directive_scope, parent="council_id", child="directive_id"),
        order=lambda d, _: [d.c.id],
        description="The directives issued to it.",
    )
    small_projects: SmallProjectConnection = page(
        SMALL_PROJECTS,
        via=("id", "council_id"),
        description="Its small projects the caller may see; latest written first.",
    )


@table_type(
    district_post,
    description=(
        "A person holding an office in a district for a span of days (a post): a token of a "
        "district role acts as one post (`post_id`)."
    ),
)
class DistrictPost(Node):
    id: strawberry.ID = column("The post's id (a token's `post_id`).")
    office: DistrictOffice = column("The office held.")
    person_fa: str = column("The holder's name as the source gives it.")
    started_on: date = column("First day known in office (ISO date).")
    ended_on: date | None = column("Last day known in office; null while holding it.")
    source_fa: str | None = column("Where the post is stated (seed 001's report); null if sample.")
    is_sample: bool = column(
        "False for the posts seed 001 names (district 8's liaison Haddadian and district mayor "
        "Esteghamati, attested on 1399/04/11); true for invented holders."
    )
    is_current: bool = expression(
        lambda p: p.c.ended_on.is_(None), description="True while the office is held."
    )
    district: CityDistrict = one(via=("district_id", "id"), description="The district.")
    council: NeighbourhoodCouncil | None = one(
        via=("council_id", "id"),
        description="A councillor's or a neighbourhood secretary's council; null otherwise.",
    )
    working_group: WorkingGroup | None = one(
        via=("working_group_id", "id"),
        description="A secretary's working group; null otherwise.",
    )
    area: DistrictArea | None = one(
        via=("area_id", "id"), description="An area mayor's area; null otherwise."
    )


@table_type(
    working_group,
    description=(
        "کارگروه تخصصی: a specialist working group of a neighbourhood council or of the district, "
        "matched to the district deputy of its field, whom it meets once a month."
    ),
)
class WorkingGroup(Node):
    id: strawberry.ID = column("The group's id.")
    name_fa: str = column("Persian name.")
    level: WorkingGroupLevel = column("A neighbourhood council's group, or the district's.")
    field: WorkingGroupField = column("Its field.")
    formed_on: date = column("The day it was formed (ISO date).")
    is_sample: bool = column("True: seed 001 states that groups exist, not which.")
    deputy_office: DistrictOffice = expression(
        _deputy_office,
        description="The district deputy its field meets once a month.",
    )
    district: CityDistrict = one(via=("district_id", "id"), description="The district.")
    council: NeighbourhoodCouncil | None = one(
        via=("council_id", "id"), description="Its council; null for a district group."
    )
    secretary: DistrictPost | None = one(
        via=("id", "working_group_id"),
        where=lambda p: p.c.ended_on.is_(None),
        description="Its secretary now (دبیر); null if none is recorded.",
    )
    meetings: list[WorkingGroupMeeting] = many(
        via=("id", "working_group_id"),
        order=lambda m: [m.c.solar_year.desc(), m.c.solar_month.desc()],
        description="Its monthly meetings with its deputy, latest first.",
    )


@table_type(
    working_group_meeting,
    description="A working group's monthly joint meeting with its deputy: attendance and outcomes.",
)
class WorkingGroupMeeting(Node):
    id: strawberry.ID = column("The meeting's id.")
    held_on: date = column("The day it was held (ISO date).")
    held_on_solar_hijri: str = expression(
        lambda m: solar_hijri_of_day(m.c.held_on), description="The day, Solar Hijri: 1404/02/15."
    )
    solar_year: int = column("The Solar Hijri year of the month it is the meeting of.")
    solar_month: int = column("The Solar Hijri month (1–12) it is the meeting of.")
    outcomes_fa: str = column("What was agreed (مصوبات), in Persian.")
    is_sample: bool = column("True for sample meetings.")
    working_group: WorkingGroup = one(
        via=("working_group_id", "id"), description="The working group."
    )
    deputy: DistrictPost = one(
        via=("deputy_post_id", "id"), description="The deputy (post) the group met."
    )
    attendance: list[WorkingGroupAttendance] = many(
        via=("id", "meeting_id"),
        order=lambda a: [a.c.post_id],
        description="Who was expected, and whether they came.",
    )


@table_type(working_group_attendance, description="One expected attendee of a meeting.")
class WorkingGroupAttendance(Node):
    id: strawberry.ID = column("The attendance's id.")
    present: bool = column("True when they came.")
    post: DistrictPost = one(via=("post_id", "id"), description="The attendee's post.")


@table_type(
    board_meeting,
    description="The presiding board's monthly meeting with the district mayor.",
)
class BoardMeeting(Node):
    id: strawberry.ID = column("The meeting's id.")
    held_on: date = column("The day it was held (ISO date).")
    held_on_solar_hijri: str = expression(
        lambda m: solar_hijri_of_day(m.c.held_on), description="The day, Solar Hijri."
    )
    minutes_fa: str | None = column("Its minutes, in Persian; null if none were recorded.")
    is_sample: bool = column("True for sample meetings.")
    district_mayor: DistrictPost = one(
        via=("district_mayor_post_id", "id"), description="The district mayor (post) it met."
    )
    escalations: list[Escalation] = many(
        via=("id", "board_meeting_id"),
        order=lambda e: [e.c.id],
        description="The escalations taken up at it (that the caller may see).",
    )


@table_type(
    escalation,
    rule=rules.escalation_rule,
    description=(
        "A matter a working group's secretary could not agree on with the district mayor's side, "
        "taken to the district's presiding board, which takes it up at its monthly meeting with "
        "the district mayor and records the outcome."
    ),
)
class Escalation(Node):
    id: strawberry.ID = column("The escalation's id.")
    subject: str = column("What it is about.")
    description: str = column("The disagreement, in the secretary's words.")
    status: EscalationStatus = column("Where it stands.")
    outcome_fa: str | None = column("The board's outcome; null until recorded.")
    raised_at: datetime = column("When it was raised.")
    raised_on_solar_hijri: str = expression(
        lambda e: solar_hijri_of_instant(e.c.raised_at), description="The day raised, Solar Hijri."
    )
    closed_at: datetime | None = column("When it got an outcome or was withdrawn; null while open.")
    version: int = column("Counts its changes; pass it as `expectedVersion` to change it.")
    is_open: bool = expression(
        lambda e: e.c.status.in_(OPEN_ESCALATIONS),
        description="True while it awaits an outcome (raised or on the board's agenda).",
    )
    is_sample: bool = column("True for sample escalations.")
    district: CityDistrict = one(via=("district_id", "id"), description="The district.")
    working_group: WorkingGroup = one(
        via=("working_group_id", "id"), description="The working group that raised it."
    )
    raised_by: DistrictPost = one(
        via=("raised_by_post_id", "id"), description="The secretary (post) who raised it."
    )
    board_meeting: BoardMeeting | None = one(
        via=("board_meeting_id", "id"),
        description="The board meeting that took it up; null until then.",
    )
    events: list[EscalationEvent] = many(
        via=("id", "escalation_id"),
        order=lambda e: [e.c.id],
        description="Every step: who, when, from, to, why; oldest first.",
    )


@connection("A page of escalations.")
class EscalationConnection(Connection[Escalation]):
    pass


@table_type(
    escalation_event,
    rule=rules.escalation_part,
    description="One step of an escalation (never rewritten).",
)
class EscalationEvent(Node):
    id: strawberry.ID = column("The step's id.")
    from_status: EscalationStatus | None = column("Before; null for the first step.")
    to_status: EscalationStatus = column("After.")
    actor: str = column("Who took the step, as their token named them, with role and post.")
    reason: str = column("Why.")
    occurred_at: datetime = column("When.")
    post: DistrictPost | None = one(via=("post_id", "id"), description="The post that took it.")


@table_type(
    council_directive,
    description=(
        "A directive issued to the neighbourhood councils (ابلاغ), e.g. دستورالعمل اختیارات "
        "شورایاران on the members' powers: not a draft going up to the ministry."
    ),
)
class CouncilDirective(Node):
    id: strawberry.ID = column("The directive's id.")
    kind: DirectiveKind = column("What it is about.")
    title_fa: str = column("Its title, in Persian.")
    text_fa: str = column("Its text, in Persian.")
    issuer_fa: str = column("Who issued it.")
    issued_on: date | None = column("The day it was issued; null when the source gives none.")
    reported_on: date | None = column("The day a source reported it (ISO date).")
    reported_on_solar_hijri: str | None = expression(
        lambda d: solar_hijri_of_day(d.c.reported_on), description="That day, Solar Hijri."
    )
    source_fa: str | None = column("The source that reports it.")
    is_sample: bool = column(
        "True where the text or the issuer is invented: seed 001 reports that the directives were "
        "issued (their titles), not their text, issuer or day."
    )
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The city whose councils it is issued to."
    )
    councils: list[NeighbourhoodCouncil] = many(
        through=Link(council_directive_scope, parent="directive_id", child="council_id"),
        order=lambda c, _: [c.c.id],
        description="The neighbourhood councils it applies to.",
    )


@table_type(
    small_project,
    keys=["id"],
    rule=rules.small_project_rule,
    description=(
        "پروژه کوچک مقیاس: a small-scale project's form, filled in by a neighbourhood council's "
        "members on the form the planning deputy's working group prepared, signed in order by "
        "the neighbourhood and district working groups' secretaries, the district liaison, the "
        "planning deputy and the district mayor, then sent to the councils' headquarters."
    ),
)
class SmallProject(Node):
    id: strawberry.ID = column("The project's id.")
    title: str = column("Its title, in Persian.")
    description: str = column("What it is, in Persian.")
    estimated_cost_rials: Money = column("Estimated cost, in rials.")
    beneficiaries: int = column("How many people it serves.")
    location_fa: str = column("Where, in Persian.")
    status: ProjectStatus = column("Where the form stands.")
    round: int = column(
        "How many times it was submitted (0 before the first): a returned form, submitted again, "
        "is signed again from the first step in a new round."
    )
    version: int = column("Counts its changes; pass it as `expectedVersion` to change it.")
    created_at: datetime = column("When the form was written.")
    submitted_at: datetime | None = column("When it was last submitted; null before.")
    stage_since: datetime = column("When it reached its current status.")
    sent_at: datetime | None = column("When it was sent to the headquarters; null before.")
    sent_on_solar_hijri: str | None = expression(
        lambda p: solar_hijri_of_instant(p.c.sent_at), description="That day, Solar Hijri."
    )
    is_sample: bool = column("True for sample projects.")
    next_office: DistrictOffice | None = expression(
        _next_office,
        description="The office whose signature it awaits; null when none is awaited.",
    )
    district: CityDistrict = one(via=("district_id", "id"), description="The district.")
    neighbourhood: Neighbourhood = one(
        via=("neighbourhood_id", "id"), description="The neighbourhood."
    )
    council: NeighbourhoodCouncil = one(
        via=("council_id", "id"), description="The council whose members filled it in."
    )
    created_by: DistrictPost = one(
        via=("created_by_post_id", "id"), description="The councillor (post) who wrote it."
    )
    signatures: list[SmallProjectSignature] = many(
        via=("id", "project_id"),
        where=lambda s: (
            s.c.round
            == select(small_project.c.round)
            .where(small_project.c.id == s.c.project_id)
            .scalar_subquery()
        ),
        order=lambda s: [s.c.step],
        description="The signatures of the current round, in order.",
    )
    signature_history: list[SmallProjectSignature] = many(
        via=("id", "project_id"),
        order=lambda s: [s.c.round, s.c.step],
        description="Every signature of every round, in order.",
    )
    events: list[SmallProjectEvent] = many(
        via=("id", "project_id"),
        order=lambda e: [e.c.id],
        description="Every step of its life: who, when, from, to, why; oldest first.",
    )


@connection("A page of small projects.")
class SmallProjectConnection(Connection[SmallProject]):
    pass


@table_type(
    small_project_signature,
    rule=rules.small_project_part,
    description="One signature of a project's form: who, in which role (office), when.",
)
class SmallProjectSignature(Node):
    id: strawberry.ID = column("The signature's id.")
    round: int = column("The submission it belongs to.")
    step: int = column("1 to 5: its place in the order.")
    office: DistrictOffice = column("The role it was signed in.")
    actor: str = column("Who signed, as their token named them.")
    signed_at: datetime = column("When.")
    signed_on_solar_hijri: str = expression(
        lambda s: solar_hijri_of_instant(s.c.signed_at), description="That day, Solar Hijri."
    )
    waited_seconds: int = column("How long the form waited at this step before it was signed.")
    post: DistrictPost = one(via=("post_id", "id"), description="The signer's post.")
    project: SmallProject = one(via=("project_id", "id"), description="The project.")


@table_type(
    small_project_event,
    rule=rules.small_project_part,
    description="One step of a project's life (never rewritten).",
)
class SmallProjectEvent(Node):
    id: strawberry.ID = column("The step's id (pass the last seen as `after` when resubscribing).")
    round: int = column("The submission round it happened in.")
    from_status: ProjectStatus | None = column("Before; null for the first step.")
    to_status: ProjectStatus = column("After.")
    actor: str = column("Who took the step, as their token named them, with role and post.")
    reason: str | None = column("Why (a return always says why); null when none was given.")
    occurred_at: datetime = column("When.")
    stay_seconds: int | None = column("How long the project stayed in `fromStatus`.")
    post: DistrictPost | None = one(via=("post_id", "id"), description="The post that took it.")
    project: SmallProject = one(via=("project_id", "id"), description="The project.")
