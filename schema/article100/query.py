"""Root fields of Article 100: the cases (for those the rules let see them), the commissions,
sessions and the seed's meeting (public), and the transparency figures seed 003's meeting asked to
follow — one aggregate statement each, on both read paths.

The figures are anonymised statistics, open to everyone: counts, days and shares, never a case, a
plate or a person. They count every case (the case rule would leave an anonymous caller nothing
to count); for callers who may not read the cases themselves, a group of fewer than
`MIN_CELL` cases is left out, so that no figure stands for one or two identifiable properties.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)

from core.auth import ARTICLE100_ROLES, MINISTRY_ROLES
from core.ids import parse_id
from db.tables import (
    CaseStatus,
    VerdictKind,
    a100_case,
    a100_verdict,
    a100_violation,
)
from schema.article100.enums import BacklogAge, CaseSpan
from schema.article100.lists import (
    EXECUTION_TASKS,
    VIOLATION_CASES,
    case_is_open,
    days_between,
    tehran_today,
)
from schema.article100.types import (
    Article100Commission,
    Article100Session,
    Article100StrategicMeeting,
    ExecutionTaskConnection,
    ViolationCase,
    ViolationCaseConnection,
    ViolationKind,
)
from schema.declare import Scope, column, grouped, lookup, one, page, roots, row_type, rows
from schema.municipalities.types import Municipality

#: Groups smaller than this are left out of the figures for callers who may not read cases.
MIN_CELL = 5

#: The upper bound (days since the report, inclusive) of each backlog band but the last.
BACKLOG_BANDS: tuple[tuple[BacklogAge, int], ...] = (
    (BacklogAge.UP_TO_30_DAYS, 30),
    (BacklogAge.UP_TO_90_DAYS, 90),
    (BacklogAge.UP_TO_180_DAYS, 180),
    (BacklogAge.UP_TO_365_DAYS, 365),
)

CityArgument = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Only this city's cases; every city's when not given."),
]
CITY_ARGUMENT = [("municipality_id", CityArgument, None)]


def _city(arguments: Mapping[str, Any]) -> int | None:
    value = arguments.get("municipality_id")
    if value is None:
        return None
    return parse_id(value, kind="Municipality", argument="municipalityId")


def _of_city(arguments: Mapping[str, Any], row: Any) -> list[ColumnElement[bool]]:
    city = _city(arguments)
    return [] if city is None else [row.c.municipality_id == city]


def _small_cells_hidden(scope: Scope) -> bool:
    role = scope.viewer.role
    return role not in MINISTRY_ROLES and role not in ARTICLE100_ROLES


def _anonymised(statement: Select[Any], scope: Scope, count: ColumnElement[Any]) -> Select[Any]:
    return statement.having(count >= MIN_CELL) if _small_cells_hidden(scope) else statement


def status_rank(row: Any) -> ColumnElement[Any]:
    """The statuses in the machine's order."""
    return case(
        {status.value: rank for rank, status in enumerate(CaseStatus)},
        value=row.c.status,
        else_=len(CaseStatus),
    )


# --- cases per stage, kind, district -----------------------------------------------------------


def _by_stage(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    c = a100_case
    statement = (
        select(
            c.c.status.label("status"),
            status_rank(c).label("status_rank"),
            func.count().label("case_count"),
        )
        .where(*_of_city(arguments, c))
        .group_by(c.c.status)
    )
    return _anonymised(statement, scope, func.count()).subquery(name), ["status_rank"]


@row_type(description="How many cases stand at one stage.")
class CasesByStage:
    status: CaseStatus = column("The stage.")
    case_count: int = column("How many cases stand there.")


def _by_kind(arguments: Mapping[str, Any], scope: Scope, name: str) -> tuple[FromClause, list[str]]:
    v, c = a100_violation, a100_case
    statement = (
        select(
            v.c.kind_id.label("kind"),
            func.count(func.distinct(v.c.case_id)).label("case_count"),
            func.count().label("violation_count"),
        )
        .join(c, c.c.id == v.c.case_id)
        .where(*_of_city(arguments, c))
        .group_by(v.c.kind_id)
    )
    counted = _anonymised(statement, scope, func.count(func.distinct(v.c.case_id)))
    return counted.subquery(name), ["kind"]


@row_type(description="How many cases have a violation of one kind.")
class CasesByViolationKind:
    kind: ViolationKind = one(via=("kind", "id"), description="The kind of violation.")
    case_count: int = column("How many cases have at least one violation of it.")
    violation_count: int = column("How many violations of it were found in all.")


def _by_district(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    c = a100_case
    statement = (
        select(
            c.c.municipality_id.label("municipality"),
            c.c.district.label("district"),
            func.count().label("case_count"),
            cast(func.sum(case((case_is_open(c), 1), else_=0)), Integer).label("open_count"),
        )
        .where(*_of_city(arguments, c))
        .group_by(c.c.municipality_id, c.c.district)
    )
    return _anonymised(statement, scope, func.count()).subquery(name), ["municipality", "district"]


@row_type(description="How many cases one municipal district of a city has.")
class CasesByDistrict:
    municipality: Municipality = one(via=("municipality", "id"), description="The city.")
    district: int = column("The municipal district (منطقه).")
    case_count: int = column("How many cases it has, in every stage.")
    open_count: int = column("How many of them are not closed, withdrawn or merged.")


# --- how long: median and 90th percentile of days -------------------------------------------------


def _nearest_rank(fraction_tenths: int, n: ColumnElement[Any]) -> ColumnElement[Any]:
    """⌈p·n⌉ for p = fraction_tenths / 10, in whole-number arithmetic (the same on both
    databases): the nearest-rank percentile's place among n sorted values."""
    return (n * fraction_tenths + 9) // 10


def _durations(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    c = a100_case
    city = _of_city(arguments, c)
    spans = union_all(
        select(
            c.c.municipality_id.label("municipality"),
            literal(CaseSpan.REPORT_TO_VERDICT.value).label("span"),
            days_between(c.c.reported_on, c.c.verdict_on).label("days"),
        ).where(c.c.verdict_on.is_not(None), *city),
        select(
            c.c.municipality_id.label("municipality"),
            literal(CaseSpan.FINAL_TO_EXECUTION.value).label("span"),
            days_between(c.c.final_on, c.c.executed_on).label("days"),
        ).where(c.c.executed_on.is_not(None), c.c.final_on.is_not(None), *city),
    ).subquery(f"{name}_spans")
    partition = [spans.c.municipality, spans.c.span]
    ranked = select(
        spans.c.municipality,
        spans.c.span,
        spans.c.days,
        func.row_number().over(partition_by=partition, order_by=spans.c.days).label("place"),
        func.count().over(partition_by=partition).label("n"),
    ).subquery(f"{name}_ranked")

    def at(tenths: int) -> ColumnElement[Any]:
        return func.min(case((ranked.c.place == _nearest_rank(tenths, ranked.c.n), ranked.c.days)))

    statement = select(
        ranked.c.municipality.label("municipality"),
        ranked.c.span.label("span"),
        func.count().label("case_count"),
        at(5).label("median_days"),
        at(9).label("p90_days"),
        func.max(ranked.c.days).label("max_days"),
    ).group_by(ranked.c.municipality, ranked.c.span)
    counted = _anonymised(statement, scope, func.count())
    return counted.subquery(name), ["municipality", "span"]


@row_type(
    description=(
        "How many days a span of cases' lives took in one city: the median and the 90th "
        "percentile (nearest rank: the ⌈p·n⌉-th smallest), in whole Tehran calendar days."
    )
)
class CaseSpanDays:
    municipality: Municipality = one(via=("municipality", "id"), description="The city.")
    span: CaseSpan = column("Which span.")
    case_count: int = column("How many cases have gone through it.")
    median_days: int = column("The median number of days it took.")
    p90_days: int = column("The 90th percentile: 9 in 10 took this many days or fewer.")
    max_days: int = column("The longest it took.")


def _deciding_kind(c: Any) -> ColumnElement[Any]:
    """The kind of a case's last verdict (the appeal's when there was one)."""
    verdict = a100_verdict.alias("last_verdict")
    return (
        select(verdict.c.kind)
        .where(verdict.c.case_id == c.c.id)
        .order_by(verdict.c.decided_at.desc(), verdict.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _execution_share(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    c = a100_case
    executed = cast(func.sum(case((c.c.executed_on.is_not(None), 1), else_=0)), Integer)
    statement = (
        select(
            c.c.municipality_id.label("municipality"),
            func.count().label("final_count"),
            executed.label("executed_count"),
            (executed * 100 // func.count()).label("executed_percent"),
        )
        .where(
            c.c.final_on.is_not(None),
            c.c.status.not_in([CaseStatus.WITHDRAWN.value, CaseStatus.MERGED.value]),
            _deciding_kind(c) != VerdictKind.NO_VIOLATION.value,
            *_of_city(arguments, c),
        )
        .group_by(c.c.municipality_id)
    )
    return _anonymised(statement, scope, func.count()).subquery(name), ["municipality"]


@row_type(description="How many of a city's final verdicts that order something were executed.")
class ExecutionShare:
    municipality: Municipality = one(via=("municipality", "id"), description="The city.")
    final_count: int = column(
        "Cases whose verdict became final and orders something (not 'no violation')."
    )
    executed_count: int = column("How many of those have their execution recorded.")
    executed_percent: int = column("executedCount as a whole percentage of finalCount (down).")


def _backlog(arguments: Mapping[str, Any], scope: Scope, name: str) -> tuple[FromClause, list[str]]:
    c = a100_case
    age = days_between(c.c.reported_on, tehran_today())
    band = case(
        *((age <= limit, literal(label.value)) for label, limit in BACKLOG_BANDS),
        else_=literal(BacklogAge.OVER_365_DAYS.value),
    )
    rank = case(
        *((age <= limit, literal(i)) for i, (_, limit) in enumerate(BACKLOG_BANDS)),
        else_=literal(len(BACKLOG_BANDS)),
    )
    aged = (
        select(band.label("age"), rank.label("age_rank"), c.c.reported_on)
        .where(case_is_open(c), *_of_city(arguments, c))
        .subquery(f"{name}_aged")
    )
    statement = select(
        aged.c.age.label("age"),
        aged.c.age_rank.label("age_rank"),
        func.count().label("case_count"),
        func.min(aged.c.reported_on).label("oldest_reported_on"),
    ).group_by(aged.c.age, aged.c.age_rank)
    return _anonymised(statement, scope, func.count()).subquery(name), ["age_rank"]


@row_type(description="Open cases (not closed, withdrawn or merged) by how long since reported.")
class BacklogByAge:
    age: BacklogAge = column("How long since the report (against Tehran's today).")
    case_count: int = column("How many open cases are that old.")
    oldest_reported_on: date = column("The report day of the oldest of them.")


@roots
class Article100Query:
    violation_case: ViolationCase | None = lookup(
        "One Article 100 case by id; NOT_FOUND when there is none the caller may see."
    )
    violation_cases: ViolationCaseConnection = page(
        VIOLATION_CASES,
        description=(
            "Article 100 cases the caller may see (its city's for the Article 100 roles, every "
            "city's for the ministry, none for anyone else); earliest reported first unless "
            "`orderBy` says."
        ),
    )
    execution_tasks: ExecutionTaskConnection = page(
        EXECUTION_TASKS,
        description=(
            "The execution office's tasks the caller may see (with their cases); earliest due "
            "first unless `orderBy` says. `filter: {state: OVERDUE}` lists the overdue."
        ),
    )
    violation_kinds: list[ViolationKind] = rows(
        order=lambda k: [k.c.id], description="The vocabulary of violation kinds."
    )
    article100_commissions: list[Article100Commission] = rows(
        order=lambda c: [c.c.municipality_id, c.c.level, c.c.number],
        description="Every city's Article 100 commissions, by city, level and number.",
    )
    article100_commission: Article100Commission | None = lookup(
        "One Article 100 commission by id; a NOT_FOUND error when there is none."
    )
    article100_session: Article100Session | None = lookup(
        "One session of an Article 100 commission by id; a NOT_FOUND error when there is none."
    )
    article100_strategic_meetings: list[Article100StrategicMeeting] = rows(
        order=lambda m: [m.c.held_on],
        description="Meetings on the management of centralised commissions (seed 003's).",
    )
    article100_cases_by_stage: list[CasesByStage] = grouped(
        _by_stage,
        arguments=CITY_ARGUMENT,
        description="Cases per stage, in the machine's order (anonymised statistics).",
    )
    article100_cases_by_violation_kind: list[CasesByViolationKind] = grouped(
        _by_kind,
        arguments=CITY_ARGUMENT,
        description="Cases per kind of violation (anonymised statistics).",
    )
    article100_cases_by_district: list[CasesByDistrict] = grouped(
        _by_district,
        arguments=CITY_ARGUMENT,
        description="Cases per city and municipal district (anonymised statistics).",
    )
    article100_span_days: list[CaseSpanDays] = grouped(
        _durations,
        arguments=CITY_ARGUMENT,
        description=(
            "Median and 90th-percentile days from report to verdict and from final verdict to "
            "execution, per city (anonymised statistics)."
        ),
    )
    article100_execution_share: list[ExecutionShare] = grouped(
        _execution_share,
        arguments=CITY_ARGUMENT,
        description="The share of final verdicts executed, per city (anonymised statistics).",
    )
    article100_backlog_by_age: list[BacklogByAge] = grouped(
        _backlog,
        arguments=CITY_ARGUMENT,
        description="Open cases by how long since reported, youngest first (anonymised).",
    )
