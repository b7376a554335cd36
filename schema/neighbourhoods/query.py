"""Root fields of the neighbourhood councils: the districts and their councils, the small
projects and escalations, and the district's questions — projects per neighbourhood and stage,
open escalations and their age, working groups that missed their monthly meeting (one aggregate
statement each, compiled), and the time at each signature step (median, 90th and asked
percentiles, nearest rank, as the analysts' questions compute them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
from sqlalchemy import FromClause, func, literal, select, true

from core.errors import BadUserInput
from core.ids import parse_id
from db.tables import (
    OPEN_ESCALATIONS,
    SIGNATURE_STEPS,
    DistrictOffice,
    EscalationStatus,
    ProjectStatus,
    calendar,
    escalation,
    small_project,
    small_project_signature,
    working_group,
    working_group_meeting,
)
from schema.context import Info
from schema.declare import (
    Scope,
    column,
    computed,
    computed_type,
    grouped,
    lookup,
    one,
    page,
    roots,
    row_type,
    rows,
    source_of,
)
from schema.ministry.percentiles import fractions, percentile_label, percentiles
from schema.neighbourhoods.lists import ESCALATIONS, SMALL_PROJECTS
from schema.neighbourhoods.types import (
    CityDistrict,
    CouncilDirective,
    DistrictPost,
    Escalation,
    EscalationConnection,
    Neighbourhood,
    NeighbourhoodCouncil,
    SmallProject,
    SmallProjectConnection,
    WorkingGroup,
)

#: At most this many months in one question about missed meetings.
MAX_MONTHS = 120

DistrictArgument = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Only this district (CityDistrict); every district if null."),
]


def _district(arguments: Mapping[str, Any]) -> int | None:
    value = arguments.get("district_id")
    return None if value is None else parse_id(value, kind="CityDistrict", argument="districtId")


# --- projects per neighbourhood and stage ------------------------------------------------------------


def _by_stage(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    district = _district(arguments)
    where = [*source_of(SmallProject).visible(scope, small_project)]
    if district is not None:
        where.append(small_project.c.district_id == district)
    groups = (
        select(
            small_project.c.neighbourhood_id.label("neighbourhood"),
            small_project.c.status.label("status"),
            func.count().label("project_count"),
        )
        .where(*where)
        .group_by(small_project.c.neighbourhood_id, small_project.c.status)
        .subquery(name)
    )
    return groups, ["neighbourhood", "status"]


@row_type(description="How many of a neighbourhood's small projects stand at one stage.")
class ProjectsByNeighbourhoodAndStage:
    neighbourhood: Neighbourhood = one(
        via=("neighbourhood", "id"), description="The neighbourhood."
    )
    status: ProjectStatus = column("The stage.")
    project_count: int = column("How many of its projects (that the caller may see) are there.")


# --- open escalations and their age --------------------------------------------------------------------


def _open_escalations(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    district = _district(arguments)
    where = [
        escalation.c.status.in_(OPEN_ESCALATIONS),
        *source_of(Escalation).visible(scope, escalation),
    ]
    if district is not None:
        where.append(escalation.c.district_id == district)
    day = calendar.alias("age_day")
    age = (
        select(func.count())
        .select_from(day)
        .where(day.c.day > escalation.c.raised_on, day.c.day <= func.current_date())
        .scalar_subquery()
    )
    groups = (
        select(
            escalation.c.id.label("escalation"),
            escalation.c.status.label("status"),
            age.label("age_days"),
            (literal(0) - age).label("oldest_first"),
            escalation.c.id.label("id"),
        )
        .where(*where)
        .subquery(name)
    )
    return groups, ["oldest_first", "id"]


@row_type(description="An escalation still awaiting an outcome, and how long it has waited.")
class OpenEscalation:
    escalation: Escalation = one(via=("escalation", "id"), description="The escalation.")
    status: EscalationStatus = column("RAISED or ON_BOARD_AGENDA.")
    age_days: int = column("Days since it was raised (Tehran calendar days, to today).")


# --- working groups that missed their monthly meeting -------------------------------------------------


def _month(value: str | None, argument: str) -> int:
    parts = (value or "").split("/")
    if (
        len(parts) != 2
        or not all(p.isascii() and p.isdigit() for p in parts)
        or not 1300 <= int(parts[0]) <= 1600
        or not 1 <= int(parts[1]) <= 12
    ):
        raise BadUserInput(f"{value!r} is not a Solar Hijri month like 1404/01.", argument=argument)
    return int(parts[0]) * 12 + int(parts[1]) - 1


#: Without `fromMonth`/`toMonth`: the twelve months before the current one.
DEFAULT_MONTHS = 12


def _missed(arguments: Mapping[str, Any], scope: Scope, name: str) -> tuple[FromClause, list[str]]:
    given_first, given_last = arguments.get("from_month"), arguments.get("to_month")
    first: Any
    last: Any
    if given_first is None and given_last is None:
        # the current month, from the calendar (in SQL, so a compiled statement stays current)
        now = calendar.alias("this_month")
        current = (
            select(now.c.year * 12 + now.c.month - 1)
            .where(now.c.day == func.current_date())
            .scalar_subquery()
        )
        first, last = current - DEFAULT_MONTHS, current - 1
    else:
        first = _month(given_first, "fromMonth")
        last = _month(given_last, "toMonth")
        if not 0 <= last - first < MAX_MONTHS:
            raise BadUserInput(
                f"`toMonth` must not come before `fromMonth`, and at most {MAX_MONTHS} months "
                "apart.",
                argument="toMonth",
            )
    district = _district(arguments)
    ordinal = calendar.c.year * 12 + calendar.c.month - 1
    months = (
        select(
            calendar.c.year.label("year"),
            calendar.c.month.label("month"),
            func.max(calendar.c.day).label("last_day"),
            func.max(calendar.c.label).label("any_label"),
        )
        .where(ordinal >= first, ordinal <= last, calendar.c.day <= func.current_date())
        .group_by(calendar.c.year, calendar.c.month)
        .subquery("months")
    )
    held = working_group_meeting.alias("held")
    where = [
        working_group.c.formed_on <= months.c.last_day,
        ~select(held.c.id)
        .where(
            held.c.working_group_id == working_group.c.id,
            held.c.solar_year == months.c.year,
            held.c.solar_month == months.c.month,
        )
        .exists(),
    ]
    if district is not None:
        where.append(working_group.c.district_id == district)
    groups = (
        select(
            working_group.c.id.label("working_group"),
            func.substr(months.c.any_label, 1, 7).label("month"),
        )
        .select_from(working_group.join(months, true()))
        .where(*where)
        .subquery(name)
    )
    return groups, ["month", "working_group"]


@row_type(description="A month in which a working group did not meet its deputy.")
class MissedWorkingGroupMeeting:
    working_group: WorkingGroup = one(via=("working_group", "id"), description="The group.")
    month: str = column("The Solar Hijri month without a meeting, e.g. 1404/03.")


# --- time at each signature step ---------------------------------------------------------------------

#: Why the step times are answered by Python around their statement.
PERCENTILE_STATEMENT = (
    "nearest-rank percentiles are written differently per database (percentile_disc on "
    "PostgreSQL, a ranking window on SQLite): one statement, built for the request's database"
)


@computed_type(PERCENTILE_STATEMENT, description="One percentile of the waits at a step.")
class StepWaitPercentile:
    fraction: float = strawberry.field(description="Which percentile (0.5: the median).")
    seconds: int = strawberry.field(
        description="The ⌈fraction·n⌉-th shortest of the n waits (the shortest for 0), in seconds."
    )


@computed_type(
    PERCENTILE_STATEMENT,
    description=(
        "How long forms waited at one signature step before they were signed there (from "
        "reaching the step: the submission, or the signature before)."
    ),
)
class SignatureStepTime:
    step: int = strawberry.field(description="1 to 5.")
    office: DistrictOffice = strawberry.field(description="Who signs at this step.")
    count: int = strawberry.field(description="How many signatures (every round counts).")
    median_seconds: int = strawberry.field(description="The median wait, in seconds.")
    p90_seconds: int = strawberry.field(description="The 90th percentile, in seconds.")
    percentiles: list[StepWaitPercentile] = strawberry.field(
        description="The percentiles asked for, in the order asked."
    )


async def _step_times(
    root: Any,
    info: Info,
    district_id: DistrictArgument = None,
    percentiles_: Annotated[
        list[float] | None,
        strawberry.argument(
            name="percentiles",
            description=(
                "Further percentiles to give in `percentiles`, fractions from 0 to 1 (at most 20)."
            ),
        ),
    ] = None,
) -> list[SignatureStepTime]:
    asked = fractions(percentiles_, "percentiles") if percentiles_ is not None else ()
    district = _district({"district_id": district_id})
    seen = small_project.alias("seen")
    where: list[Any] = [*source_of(SmallProject).visible(info.context.reads.scope, seen)]
    if district is not None:
        where.append(seen.c.district_id == district)
    durations = (
        select(
            small_project_signature.c.step.label("step"),
            small_project_signature.c.waited_seconds.label("seconds"),
        )
        .select_from(
            small_project_signature.join(seen, seen.c.id == small_project_signature.c.project_id)
        )
        .where(*where)
        .subquery("durations")
    )
    db = info.context.db
    ps = (0.5, 0.9, *asked)
    found = {
        row.key: row
        for row in await db.all(percentiles(db.dialect, durations, durations.c.step, ps))
    }
    offices = {step: office for step, office, _ in SIGNATURE_STEPS}
    return [
        SignatureStepTime(
            step=step,
            office=offices[step],
            count=row._mapping["count"],
            median_seconds=row.p_0,
            p90_seconds=row.p_1,
            percentiles=[
                StepWaitPercentile(fraction=p, seconds=row._mapping[percentile_label(i + 2)])
                for i, p in enumerate(asked)
            ],
        )
        for step, row in sorted(found.items())
    ]


def _month_argument(description: str) -> Any:
    return Annotated[str | None, strawberry.argument(description=description)]


@roots
class NeighbourhoodsQuery:
    city_districts: list[CityDistrict] = rows(
        order=lambda d: [d.c.municipality_id, d.c.number],
        description="Every city district (منطقه) recorded (Tehran's 22), by city and number.",
    )
    city_district: CityDistrict | None = lookup(
        "One city district by id; a NOT_FOUND error when there is none."
    )
    neighbourhood_council: NeighbourhoodCouncil | None = lookup(
        "One neighbourhood council by id; a NOT_FOUND error when there is none."
    )
    district_post: DistrictPost | None = lookup(
        "One post (an office held by a person in a district) by id; NOT_FOUND when there is none."
    )
    working_group: WorkingGroup | None = lookup(
        "One specialist working group by id; a NOT_FOUND error when there is none."
    )
    council_directives: list[CouncilDirective] = rows(
        order=lambda d: [d.c.id],
        description="The directives issued to the neighbourhood councils.",
    )
    small_projects: SmallProjectConnection = page(
        SMALL_PROJECTS,
        description="The small projects the caller may see; latest written first.",
    )
    small_project: SmallProject | None = lookup(
        "One small project by id; NOT_FOUND when there is none the caller may see."
    )
    escalations: EscalationConnection = page(
        ESCALATIONS, description="The escalations the caller may see; oldest raised first."
    )
    escalation: Escalation | None = lookup(
        "One escalation by id; NOT_FOUND when there is none the caller may see."
    )
    small_projects_by_neighbourhood_and_stage: list[ProjectsByNeighbourhoodAndStage] = grouped(
        _by_stage,
        arguments=[("district_id", DistrictArgument, None)],
        description=(
            "Small projects (that the caller may see) per neighbourhood and stage, by "
            "neighbourhood then stage."
        ),
    )
    open_escalations: list[OpenEscalation] = grouped(
        _open_escalations,
        arguments=[("district_id", DistrictArgument, None)],
        description="Escalations awaiting an outcome (that the caller may see), oldest first.",
    )
    missed_working_group_meetings: list[MissedWorkingGroupMeeting] = grouped(
        _missed,
        arguments=[
            (
                "from_month",
                _month_argument(
                    "First month, e.g. 1403/01 (with `toMonth`; without both: the twelve months "
                    "before the current one)."
                ),
                None,
            ),
            ("to_month", _month_argument(f"Last month (at most {MAX_MONTHS} months on)."), None),
            ("district_id", DistrictArgument, None),
        ],
        description=(
            "Each month (from `fromMonth` to `toMonth`, up to today) in which a working group "
            "formed by then held no meeting with its deputy; by month, then group."
        ),
    )
    signature_step_times: list[SignatureStepTime] = computed(
        _step_times,
        reason=PERCENTILE_STATEMENT,
        description=(
            "Per signature step, how long forms (that the caller may see) waited there before "
            "they were signed: count, median and 90th percentile in seconds (nearest rank)."
        ),
    )
