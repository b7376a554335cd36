"""National questions for the ministry's analysts, answered in the database.

`obligationsSummary` is declared like any list (its groups are one aggregate statement, so both
read paths answer it); the pipeline and the throughput are computed: several statements whose few
rows Python wraps (listed in `COMPUTED` with that reason).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, Float, FromClause, case, cast

from core.errors import BadUserInput
from db.tables import DraftStatus, MunicipalityKind, draft, obligation
from schema import rules
from schema.context import Info
from schema.declare import (
    Scope,
    column,
    computed,
    computed_type,
    expression,
    grouped,
    instance,
    one,
    roots,
    row_type,
    source_of,
)
from schema.ministry import statistics
from schema.ministry.inputs import SocialSecurityObligationFilter
from schema.ministry.types import ObligationCategory
from schema.municipalities.inputs import DraftDirectiveFilter
from schema.municipalities.lists import draft_filter_conditions
from schema.municipalities.types import Province
from schema.scalars import Money

MAX_MONTHS = 120

#: `@tag(name: "analysts")`: the analysts' national figures, which a contract for the mayors'
#: apps can leave out of its variant of the supergraph.
ANALYSTS = ["analysts"]

#: Why the pipeline and the throughput are answered by Python.
SEVERAL_STATEMENTS = (
    "the analysts' statistics of drafts: several grouping statements (percentiles, a calendar of "
    "months) whose few rows Python wraps"
)


@strawberry.enum(description="What obligations can be grouped by.")
class ObligationDimension(Enum):
    CATEGORY = strawberry.enum_value("CATEGORY", description="The category of cost.")
    PROVINCE = strawberry.enum_value("PROVINCE", description="The municipality's province.")
    MUNICIPALITY_KIND = strawberry.enum_value(
        "MUNICIPALITY_KIND", description="Metropolis, provincial centre or city."
    )
    YEAR = strawberry.enum_value("YEAR", description="The Solar Hijri year.")


def _holds(rule: ColumnElement[bool] | None) -> list[ColumnElement[bool]]:
    """A read rule as conditions to add (none when the caller sees every row)."""
    return [] if rule is None else [rule]


def _groups(arguments: Mapping[str, Any], scope: Scope, name: str) -> tuple[FromClause, list[str]]:
    """`obligationsSummary(groupBy, filter)`: the groups, ordered by the dimensions asked for."""
    dimensions, where = statistics.obligation_question(
        arguments["group_by"], arguments.get("filter")
    )
    rule = rules.social_security_obligation(scope, obligation)  # sums of what the caller may see
    groups = statistics.obligation_groups(dimensions, [*where, *_holds(rule)], name)
    return groups, [dimension.lower() for dimension in dimensions]


@row_type(description="One group of obligations: the dimensions it was grouped by, and its sums.")
class ObligationSummary:
    municipality_kind: MunicipalityKind | None = column(
        "The kind of municipality, when grouped by MUNICIPALITY_KIND."
    )
    year: int | None = column("The Solar Hijri year, when grouped by YEAR.")
    category: ObligationCategory | None = one(
        via=("category", "id"), description="The category, when grouped by CATEGORY."
    )
    province: Province | None = one(
        via=("province", "id"), description="The province, when grouped by PROVINCE."
    )
    obligation_count: int = column("How many obligations the group holds.")
    amount_due: Money = column("Sum due, in rials.")
    amount_collected: Money = column("Sum collected and transferred, in rials.")
    amount_outstanding: Money = expression(
        lambda g: g.c.amount_due - g.c.amount_collected, description="Due less collected, in rials."
    )
    collection_rate: float | None = expression(
        lambda g: case(
            (g.c.amount_due != 0, cast(g.c.amount_collected, Float) / cast(g.c.amount_due, Float))
        ),
        description="Collected as a share of due, 0 to 1 (null when nothing is due).",
    )


@computed_type(SEVERAL_STATEMENTS, description="How many drafts are in one status.")
class DraftStatusCount:
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many drafts are in it.")


@computed_type(SEVERAL_STATEMENTS, description="How many drafts of one province are in one status.")
class DraftProvinceStatusCount:
    province: Province = strawberry.field(description="The province.")
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many of the province's drafts are in it.")


@computed_type(
    SEVERAL_STATEMENTS,
    description=(
        "How long drafts stay in one status, in seconds. Percentiles are nearest-rank: the "
        "⌈p·n⌉-th shortest of the n stays."
    ),
)
class DraftStatusDuration:
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many stays the figures are drawn from.")
    median_seconds: int = strawberry.field(description="The median stay, in seconds.")
    p90_seconds: int = strawberry.field(description="The 90th percentile stay, in seconds.")

    @classmethod
    def from_row(cls, row: Any) -> DraftStatusDuration:
        return cls(
            status=DraftStatus(row.status),
            count=row.count,
            median_seconds=row.median_seconds,
            p90_seconds=row.p90_seconds,
        )


async def _by_status(root: DraftPipelineSummary, info: Info) -> list[DraftStatusCount]:
    rows = await statistics.drafts_by_status(info.context.db, root.where)
    return [DraftStatusCount(status=DraftStatus(r.status), count=r.n) for r in rows]


async def _by_province(root: DraftPipelineSummary, info: Info) -> list[DraftProvinceStatusCount]:
    rows = await statistics.drafts_by_province(info.context.db, root.where)
    provinces = source_of(Province)
    found = await asyncio.gather(
        *(info.context.reads.lookup(provinces, r.province_id) for r in rows)
    )
    return [
        DraftProvinceStatusCount(
            province=instance(Province, province), status=DraftStatus(r.status), count=r.n
        )
        for r, province in zip(rows, found, strict=True)
    ]


async def _time_in_status(root: DraftPipelineSummary, info: Info) -> list[DraftStatusDuration]:
    rows = await statistics.time_in_status(info.context.db, root.where)
    return [DraftStatusDuration.from_row(r) for r in rows]


async def _waiting(root: DraftPipelineSummary, info: Info) -> list[DraftStatusDuration]:
    rows = await statistics.waiting(info.context.db, root.where, root.as_of)
    return [DraftStatusDuration.from_row(r) for r in rows]


@computed_type(
    SEVERAL_STATEMENTS,
    description="Where the country's drafts stand, and how long each stage takes.",
)
class DraftPipelineSummary:
    where: strawberry.Private[tuple[Any, ...]]
    as_of: datetime = strawberry.field(description="The instant `waiting` is measured at (UTC).")
    by_status: list[DraftStatusCount] = computed(
        _by_status, reason=SEVERAL_STATEMENTS, description="Drafts per status."
    )
    by_province: list[DraftProvinceStatusCount] = computed(
        _by_province,
        reason=SEVERAL_STATEMENTS,
        description="Drafts per province and status, by province id then status.",
    )
    time_in_status: list[DraftStatusDuration] = computed(
        _time_in_status,
        reason=SEVERAL_STATEMENTS,
        description="Completed stays in each status: from entering it to the draft's next step.",
    )
    waiting: list[DraftStatusDuration] = computed(
        _waiting,
        reason=SEVERAL_STATEMENTS,
        description="Drafts waiting now in an open status, and how long they have waited.",
    )


@computed_type(
    SEVERAL_STATEMENTS,
    description="What the committee and the ministry did with drafts in one month.",
)
class DraftThroughputMonth:
    month: str = strawberry.field(description="The Solar Hijri month, e.g. 1404/01.")
    starts_at: datetime = strawberry.field(description="When the month begins (UTC instant).")
    submitted: int = strawberry.field(description="Drafts submitted by their offices.")
    committee_forwarded: int = strawberry.field(
        description="Drafts the committee forwarded to the ministry."
    )
    committee_returned: int = strawberry.field(
        description="Drafts the committee returned for revision."
    )
    ministry_adopted: int = strawberry.field(description="Drafts the ministry adopted.")
    ministry_rejected: int = strawberry.field(description="Drafts the ministry rejected.")
    ministry_returned: int = strawberry.field(
        description="Drafts the ministry returned for revision."
    )


def _month(value: str, argument: str) -> str:
    parts = value.split("/")
    if (
        len(parts) != 2
        or not all(p.isascii() and p.isdigit() for p in parts)
        or not 1300 <= int(parts[0]) <= 1600
        or not 1 <= int(parts[1]) <= 12
    ):
        raise BadUserInput(f"{value!r} is not a Solar Hijri month like 1404/01.", argument=argument)
    return f"{int(parts[0]):04d}/{int(parts[1]):02d}"


def _pipeline(
    root: Any,
    info: Info,
    filter: Annotated[
        DraftDirectiveFilter | None, strawberry.argument(description="Which drafts to count.")
    ] = None,
    as_of: Annotated[
        datetime | None,
        strawberry.argument(description="Measure waiting times at this instant (default now)."),
    ] = None,
) -> DraftPipelineSummary:
    # counted over the drafts the caller may see
    rule = rules.draft_directive(info.context.reads.scope, draft)
    where = (*draft_filter_conditions(filter), *_holds(rule))
    instant = as_of.astimezone(UTC) if as_of is not None and as_of.tzinfo else None
    if as_of is not None and instant is None:
        raise BadUserInput("`asOf` needs a time zone, e.g. 2026-03-01T00:00:00Z.", argument="asOf")
    return DraftPipelineSummary(where=where, as_of=instant or datetime.now(UTC))


async def _throughput(
    root: Any,
    info: Info,
    from_month: Annotated[
        str | None,
        strawberry.argument(description="First month, e.g. 1403/01 (default: a year back)."),
    ] = None,
    to_month: Annotated[
        str | None, strawberry.argument(description="Last month (default: this month).")
    ] = None,
    filter: Annotated[
        DraftDirectiveFilter | None, strawberry.argument(description="Which drafts to count.")
    ] = None,
) -> list[DraftThroughputMonth]:
    default_first, default_last = statistics.months_back(datetime.now(UTC), 12)
    first = _month(from_month, "fromMonth") if from_month else default_first
    last = _month(to_month, "toMonth") if to_month else default_last
    months = statistics.solar_hijri_months(first, last)
    if not months or len(months) > MAX_MONTHS:
        raise BadUserInput(
            f"Ask for 1 to {MAX_MONTHS} months, first before last.", argument="fromMonth"
        )
    rows = await statistics.throughput(info.context.db, months, draft_filter_conditions(filter))
    starts = {m.label: m.start for m in months}
    return [
        DraftThroughputMonth(
            month=r.label,
            starts_at=starts[r.label].astimezone(UTC),
            submitted=r.submitted,
            committee_forwarded=r.committee_forwarded,
            committee_returned=r.committee_returned,
            ministry_adopted=r.ministry_adopted,
            ministry_rejected=r.ministry_rejected,
            ministry_returned=r.ministry_returned,
        )
        for r in rows
    ]


@roots
class AnalyticsQuery:
    obligations_summary: list[ObligationSummary] = grouped(
        _groups,
        arguments=[
            (
                "group_by",
                Annotated[
                    list[ObligationDimension],
                    strawberry.argument(description="Dimensions to group by."),
                ],
                inspect.Parameter.empty,
            ),
            (
                "filter",
                Annotated[
                    SocialSecurityObligationFilter | None,
                    strawberry.argument(description="Which obligations to sum."),
                ],
                None,
            ),
        ],
        tags=ANALYSTS,
        description=(
            "Social-security obligations summed in the database, grouped by the given "
            "dimensions (in that order; none gives one national total)."
        ),
    )
    draft_pipeline_summary: DraftPipelineSummary = computed(
        _pipeline,
        reason=SEVERAL_STATEMENTS,
        tags=ANALYSTS,
        description="How many drafts wait at each stage, where, and for how long.",
    )
    draft_throughput: list[DraftThroughputMonth] = computed(
        _throughput,
        reason=SEVERAL_STATEMENTS,
        tags=ANALYSTS,
        description=(
            "Per Solar Hijri month (Tehran time), the steps drafts took: submitted, forwarded or "
            "returned by the committee, adopted, rejected or returned by the ministry."
        ),
    )
