"""National questions for the ministry's analysts, answered in the database.

`obligationsSummary` and `transfersSummary` are declared like lists (their groups are one
aggregate statement, so both read paths answer them, and answer them alike); the drafts' pipeline,
lead times and throughput are computed: several statements whose few rows Python wraps (listed in
`COMPUTED` with that reason). Every question reads only the rows the caller may see: the read rule
of the type of each table it reads is one of its conditions.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import Float, FromClause, case, cast

from core.errors import BadUserInput
from db.tables import DraftStatus, MunicipalityKind, draft, obligation, transfer
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
from schema.ministry import pipeline, statistics
from schema.ministry.inputs import ObligationTransferFilter, SocialSecurityObligationFilter
from schema.ministry.lists import SOCIAL_SECURITY_OBLIGATIONS
from schema.ministry.percentiles import fractions, percentile_label
from schema.ministry.types import (
    ObligationCategory,
    ObligationTransfer,
    SocialSecurityObligation,
)
from schema.municipalities.inputs import DraftDirectiveFilter
from schema.municipalities.lists import draft_filter_conditions
from schema.municipalities.types import DraftDirective, Municipality, Province
from schema.pagination import OrderDirection
from schema.scalars import Money

MAX_MONTHS = 120
#: The most groups `first` keeps.
MAX_GROUPS = 10_000

#: `@tag(name: "analysts")`: the analysts' national figures, which a contract for the mayors'
#: apps can leave out of its variant of the supergraph.
ANALYSTS = ["analysts"]

#: Why the pipeline, the lead times and the throughput are answered by Python.
SEVERAL_STATEMENTS = (
    "the analysts' statistics of drafts: several grouping statements (percentiles, a calendar of "
    "months) whose few rows Python wraps"
)


# --- sums of obligations and transfers ---------------------------------------------------------


@strawberry.enum(description="What obligations can be grouped by.")
class ObligationDimension(Enum):
    CATEGORY = strawberry.enum_value("CATEGORY", description="The category of cost.")
    PROVINCE = strawberry.enum_value("PROVINCE", description="The municipality's province.")
    MUNICIPALITY = strawberry.enum_value("MUNICIPALITY", description="The municipality.")
    MUNICIPALITY_KIND = strawberry.enum_value(
        "MUNICIPALITY_KIND", description="Metropolis, provincial centre or city."
    )
    YEAR = strawberry.enum_value("YEAR", description="The obligation's Solar Hijri year.")


@strawberry.enum(description="The sums groups of obligations can be ordered by.")
class ObligationSummaryOrderField(Enum):
    AMOUNT_DUE = strawberry.enum_value("AMOUNT_DUE", description="By the sum due.")
    AMOUNT_COLLECTED = strawberry.enum_value(
        "AMOUNT_COLLECTED", description="By the sum collected."
    )
    AMOUNT_OUTSTANDING = strawberry.enum_value(
        "AMOUNT_OUTSTANDING", description="By due less collected."
    )
    OBLIGATION_COUNT = strawberry.enum_value(
        "OBLIGATION_COUNT", description="By how many obligations."
    )


@strawberry.input(
    description=(
        "How to order groups of obligations: by one of their sums, ties broken by the dimensions "
        "grouped by (ascending, in the order of `groupBy`)."
    )
)
class ObligationSummaryOrder:
    field: ObligationSummaryOrderField = strawberry.field(description="Which sum to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Which way (largest first unless told)."
    )


@strawberry.enum(description="What transfers can be grouped by.")
class TransferDimension(Enum):
    MONTH = strawberry.enum_value(
        "MONTH", description="The Solar Hijri month of the day of the transfer, e.g. 1403/01."
    )
    YEAR = strawberry.enum_value(
        "YEAR", description="The Solar Hijri year of the day of the transfer."
    )
    OBLIGATION_YEAR = strawberry.enum_value(
        "OBLIGATION_YEAR", description="The Solar Hijri year of the obligation it pays."
    )
    CATEGORY = strawberry.enum_value("CATEGORY", description="The obligation's category.")
    PROVINCE = strawberry.enum_value("PROVINCE", description="The municipality's province.")
    MUNICIPALITY = strawberry.enum_value("MUNICIPALITY", description="The municipality.")
    MUNICIPALITY_KIND = strawberry.enum_value(
        "MUNICIPALITY_KIND", description="Metropolis, provincial centre or city."
    )


@strawberry.enum(description="The sums groups of transfers can be ordered by.")
class TransferSummaryOrderField(Enum):
    AMOUNT = strawberry.enum_value("AMOUNT", description="By the sum transferred.")
    TRANSFER_COUNT = strawberry.enum_value("TRANSFER_COUNT", description="By how many transfers.")


@strawberry.input(
    description=(
        "How to order groups of transfers: by one of their sums, ties broken by the dimensions "
        "grouped by (ascending, in the order of `groupBy`)."
    )
)
class TransferSummaryOrder:
    field: TransferSummaryOrderField = strawberry.field(description="Which sum to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Which way (largest first unless told)."
    )


def _ranking(arguments: Mapping[str, Any]) -> statistics.Ranking:
    order, first = arguments.get("order_by"), arguments.get("first")
    if first is not None and not 1 <= first <= MAX_GROUPS:
        raise BadUserInput(f"`first` must be 1 to {MAX_GROUPS}.", argument="first")
    return statistics.Ranking(
        order.field.name.lower() if order is not None else None,
        order is not None and order.direction is OrderDirection.DESC,
        first,
    )


def _dimensions(group_by: Sequence[Enum]) -> list[str]:
    """The dimensions' names in the order given, each once."""
    return list(dict.fromkeys(dimension.name for dimension in group_by))


def _obligation_groups(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    """`obligationsSummary(groupBy, filter, orderBy, first)` over the obligations and transfers
    the caller may see."""
    where = [
        *SOCIAL_SECURITY_OBLIGATIONS.where(arguments.get("filter")),
        *source_of(SocialSecurityObligation).visible(scope, obligation),
    ]
    return statistics.obligation_groups(
        _dimensions(arguments["group_by"]),
        where,
        source_of(ObligationTransfer).visible(scope, transfer),
        _ranking(arguments),
        name,
    )


def _transfer_groups(
    arguments: Mapping[str, Any], scope: Scope, name: str
) -> tuple[FromClause, list[str]]:
    """`transfersSummary(groupBy, filter, orderBy, first)` over the transfers (and their
    obligations) the caller may see."""
    given: ObligationTransferFilter | None = arguments.get("filter")
    where = [*source_of(SocialSecurityObligation).visible(scope, obligation)]
    if given is not None:
        if given.transferred_from is not None:
            where.append(transfer.c.transferred_on >= given.transferred_from)
        if given.transferred_to is not None:
            where.append(transfer.c.transferred_on <= given.transferred_to)
        if given.obligation is not None:
            where.extend(SOCIAL_SECURITY_OBLIGATIONS.where(given.obligation))
    return statistics.transfer_groups(
        _dimensions(arguments["group_by"]),
        where,
        source_of(ObligationTransfer).visible(scope, transfer),
        _ranking(arguments),
        name,
    )


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
    municipality: Municipality | None = one(
        via=("municipality", "id"), description="The municipality, when grouped by MUNICIPALITY."
    )
    obligation_count: int = column("How many obligations the group holds.")
    amount_due: Money = column("Sum due, in rials.")
    amount_collected: Money = column(
        "Sum collected and transferred against the group's obligations, in rials (any day)."
    )
    amount_outstanding: Money = expression(
        lambda g: g.c.amount_due - g.c.amount_collected,
        description="Due less collected, in rials; negative where more was transferred than due.",
    )
    collection_rate: float | None = expression(
        lambda g: case(
            (g.c.amount_due != 0, cast(g.c.amount_collected, Float) / cast(g.c.amount_due, Float))
        ),
        description=(
            "Collected as a share of due: 0 for nothing collected, 1 for all of it, above 1 "
            "where more was transferred than due; null when nothing is due."
        ),
    )


@row_type(description="One group of transfers: the dimensions it was grouped by, and its sums.")
class TransferSummary:
    month: str | None = column(
        "The Solar Hijri month of the transfers' day, e.g. 1403/01, when grouped by MONTH."
    )
    year: int | None = column("The Solar Hijri year of the transfers' day, when grouped by YEAR.")
    obligation_year: int | None = column(
        "The Solar Hijri year of the obligations paid, when grouped by OBLIGATION_YEAR."
    )
    municipality_kind: MunicipalityKind | None = column(
        "The kind of municipality, when grouped by MUNICIPALITY_KIND."
    )
    category: ObligationCategory | None = one(
        via=("category", "id"), description="The obligations' category, when grouped by CATEGORY."
    )
    province: Province | None = one(
        via=("province", "id"), description="The province, when grouped by PROVINCE."
    )
    municipality: Municipality | None = one(
        via=("municipality", "id"), description="The municipality, when grouped by MUNICIPALITY."
    )
    transfer_count: int = column("How many transfers the group holds.")
    amount: Money = column("Sum transferred, in rials.")


_SUMMARY_ARGUMENTS: list[tuple[str, Any, Any]] = [
    (
        "first",
        Annotated[
            int | None,
            strawberry.argument(
                description=(
                    f"Only the first groups in the order asked for (1 to {MAX_GROUPS}; "
                    "default every group): with `orderBy`, a top N."
                )
            ),
        ],
        None,
    ),
]


# --- the life of drafts ------------------------------------------------------------------------


@computed_type(SEVERAL_STATEMENTS, description="How many drafts are in one status.")
class DraftStatusCount:
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many drafts are in it.")


@computed_type(SEVERAL_STATEMENTS, description="How many drafts of one province are in one status.")
class DraftProvinceStatusCount:
    province: Province = strawberry.field(description="The province.")
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many of the province's drafts are in it.")


@computed_type(SEVERAL_STATEMENTS, description="One percentile of durations.")
class DurationPercentile:
    fraction: float = strawberry.field(
        description="Which percentile, as a fraction from 0 to 1 (0.5: the median)."
    )
    seconds: int = strawberry.field(
        description="The ⌈fraction·n⌉-th shortest of the n durations (the shortest for 0), in seconds."
    )


def _percentiles_of(row: Any, ps: Sequence[float]) -> dict[str, Any]:
    """The count, median, 90th and asked percentiles of one row of `percentiles(...)` computed
    over (0.5, 0.9, *ps)."""
    return {
        "count": row.count,
        "median_seconds": row.p_0,
        "p90_seconds": row.p_1,
        "percentiles": [
            DurationPercentile(fraction=p, seconds=row._mapping[percentile_label(i + 2)])
            for i, p in enumerate(ps)
        ],
    }


def _with_defaults(ps: Sequence[float]) -> tuple[float, ...]:
    """What the statements compute: the median and the 90th, then the asked percentiles."""
    return (0.5, 0.9, *ps)


PERCENTILES_DESCRIPTION = (
    "The percentiles `percentiles` lists, in the order asked (nearest-rank: the ⌈p·n⌉-th "
    "shortest of the n durations)."
)


@computed_type(
    SEVERAL_STATEMENTS,
    description=(
        "How long drafts stay (or have waited) in one status, in seconds. Percentiles are "
        "nearest-rank: the ⌈p·n⌉-th shortest of the n durations."
    ),
)
class DraftStatusDuration:
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many durations the figures are drawn from.")
    median_seconds: int = strawberry.field(description="The median, in seconds.")
    p90_seconds: int = strawberry.field(description="The 90th percentile, in seconds.")
    percentiles: list[DurationPercentile] = strawberry.field(description=PERCENTILES_DESCRIPTION)


@strawberry.enum(description="The stretches of a draft's way whose lengths are measured.")
class DraftLeadStage(Enum):
    WRITTEN_TO_SUBMITTED = strawberry.enum_value(
        "WRITTEN_TO_SUBMITTED", description="From first written to first submitted."
    )
    SUBMITTED_TO_DECIDED = strawberry.enum_value(
        "SUBMITTED_TO_DECIDED",
        description="From first submitted to the ministry's decision (adopted or rejected).",
    )
    WRITTEN_TO_DECIDED = strawberry.enum_value(
        "WRITTEN_TO_DECIDED", description="From first written to the ministry's decision."
    )


@computed_type(
    SEVERAL_STATEMENTS,
    description=(
        "How long drafts took over one stretch of their way, in seconds, counting the drafts "
        "that reached its end (returns and resubmissions included in the time)."
    ),
)
class DraftLeadTime:
    stage: DraftLeadStage = strawberry.field(description="The stretch.")
    count: int = strawberry.field(description="How many drafts reached its end.")
    median_seconds: int = strawberry.field(description="The median, in seconds.")
    p90_seconds: int = strawberry.field(description="The 90th percentile, in seconds.")
    percentiles: list[DurationPercentile] = strawberry.field(description=PERCENTILES_DESCRIPTION)


async def _parts(root: DraftPipelineSummary, part: str) -> list[Any]:
    """The rows of one part of the pipeline: at present, its own statement (each part is cheap
    alone); at a past instant, one statement, run once, reconstructs the states for all of
    them."""
    return [row for row in await root.rows(part) if row.part == part]


async def _by_status(root: DraftPipelineSummary, info: Info) -> list[DraftStatusCount]:
    return [
        DraftStatusCount(status=DraftStatus(r.status), count=r.count)
        for r in await _parts(root, "status")
    ]


async def _by_province(root: DraftPipelineSummary, info: Info) -> list[DraftProvinceStatusCount]:
    rows = await _parts(root, "province")
    found = await info.context.reads.lookup_many(source_of(Province), [r.province_id for r in rows])
    return [
        DraftProvinceStatusCount(
            province=instance(Province, province), status=DraftStatus(r.status), count=r.count
        )
        for r, province in zip(rows, found, strict=True)
        if province is not None  # a province the caller may not see is left out
    ]


async def _time_in_status(root: DraftPipelineSummary, info: Info) -> list[DraftStatusDuration]:
    ps = _with_defaults(root.fractions)
    rows = await pipeline.time_in_status(
        info.context.db, root.where, root.as_of, ps, filtered=root.filtered
    )
    return [
        DraftStatusDuration(status=DraftStatus(r.key), **_percentiles_of(r, root.fractions))
        for r in rows
    ]


async def _waiting(root: DraftPipelineSummary, info: Info) -> list[DraftStatusDuration]:
    return [
        DraftStatusDuration(status=DraftStatus(r.status), **_percentiles_of(r, root.fractions))
        for r in await _parts(root, "waiting")
    ]


def _pipeline_rows(
    db: Any, where: tuple[Any, ...], at: datetime, ps: tuple[float, ...], *, now: bool
) -> Callable[[str], Awaitable[Sequence[Any]]]:
    """The rows of a part of the pipeline: at present, a statement per part; at a past
    instant, one statement for every part, started on first use and shared."""
    task: asyncio.Task[Sequence[Any]] | None = None

    async def rows(part: str) -> Sequence[Any]:
        nonlocal task
        if now:
            return await pipeline.pipeline_at(db, where, at, ps, now=True, parts=(part,))
        if task is None:
            task = asyncio.ensure_future(pipeline.pipeline_at(db, where, at, ps, now=False))
        return await task

    return rows


@computed_type(
    SEVERAL_STATEMENTS,
    description=(
        "Where the country's drafts stood at one instant (`asOf`), and how long each stage "
        "takes: reconstructed from the drafts' histories, so a past instant shows the pipeline "
        "as it was then."
    ),
)
class DraftPipelineSummary:
    where: strawberry.Private[tuple[Any, ...]]
    #: whether `where` holds the caller's filter, or only the read rule
    filtered: strawberry.Private[bool]
    fractions: strawberry.Private[tuple[float, ...]]
    #: the rows of `pipeline.pipeline_at` for a part (byStatus, byProvince, waiting)
    rows: strawberry.Private[Callable[[str], Awaitable[Sequence[Any]]]]
    as_of: datetime = strawberry.field(description="The instant the pipeline is shown at (UTC).")
    by_status: list[DraftStatusCount] = computed(
        _by_status,
        reason=SEVERAL_STATEMENTS,
        description=(
            "Drafts per status at `asOf` (drafts written later are not counted), by status name."
        ),
    )
    by_province: list[DraftProvinceStatusCount] = computed(
        _by_province,
        reason=SEVERAL_STATEMENTS,
        description="Drafts per province and status at `asOf`, by province id then status name.",
    )
    time_in_status: list[DraftStatusDuration] = computed(
        _time_in_status,
        reason=SEVERAL_STATEMENTS,
        description=(
            "Stays completed by `asOf` in each status: from entering it to the draft's next "
            "step; by status name."
        ),
    )
    waiting: list[DraftStatusDuration] = computed(
        _waiting,
        reason=SEVERAL_STATEMENTS,
        description=(
            "Drafts in an open status at `asOf` (DRAFT, SUBMITTED, IN_COMMITTEE_REVIEW, "
            "FORWARDED_TO_MINISTRY, RETURNED_FOR_REVISION: every status but ADOPTED, REJECTED "
            "and WITHDRAWN), and how long they had waited in it then; by status name."
        ),
    )


@computed_type(
    SEVERAL_STATEMENTS,
    description="What the committee and the ministry did with drafts in one month.",
)
class DraftThroughputMonth:
    month: str = strawberry.field(description="The Solar Hijri month, e.g. 1404/01.")
    starts_at: datetime = strawberry.field(description="When the month begins (UTC instant).")
    submitted: int = strawberry.field(
        description="Submissions by offices (steps: a draft resubmitted twice counts twice)."
    )
    committee_forwarded: int = strawberry.field(
        description="Steps in which the committee forwarded a draft to the ministry."
    )
    committee_returned: int = strawberry.field(
        description="Steps in which the committee returned a draft for revision."
    )
    ministry_adopted: int = strawberry.field(description="Drafts the ministry adopted.")
    ministry_rejected: int = strawberry.field(description="Drafts the ministry rejected.")
    ministry_returned: int = strawberry.field(
        description="Steps in which the ministry returned a draft for revision."
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


def _drafts(filter: DraftDirectiveFilter | None, info: Info) -> tuple[tuple[Any, ...], bool]:
    """The drafts a question counts: the filter's conditions and the caller's read rule; and
    whether the filter set any condition (`filtered` of schema/ministry/pipeline.py)."""
    own = draft_filter_conditions(filter)
    rule = source_of(DraftDirective).visible(info.context.reads.scope, draft)
    return (*own, *rule), bool(own)


DraftsArgument = Annotated[
    DraftDirectiveFilter | None,
    strawberry.argument(
        description=(
            "Which drafts to count (as they are now: `status` is the current status, whatever "
            "`asOf` says)."
        )
    ),
]
PercentilesArgument = Annotated[
    list[float] | None,
    strawberry.argument(
        description=(
            "Further percentiles to give in `percentiles`, each a fraction from 0 to 1 "
            "(at most 20; default 0.5 and 0.9)."
        )
    ),
]


def _pipeline(
    root: Any,
    info: Info,
    filter: DraftsArgument = None,
    as_of: Annotated[
        datetime | None,
        strawberry.argument(
            description="Show the pipeline as it stood at this instant (default now)."
        ),
    ] = None,
    percentiles: PercentilesArgument = None,
) -> DraftPipelineSummary:
    instant = as_of.astimezone(UTC) if as_of is not None and as_of.tzinfo else None
    if as_of is not None and instant is None:
        raise BadUserInput("`asOf` needs a time zone, e.g. 2026-03-01T00:00:00Z.", argument="asOf")
    (where, filtered), asked = _drafts(filter, info), fractions(percentiles, "percentiles")
    at = instant or datetime.now(UTC)
    db = info.context.db
    return DraftPipelineSummary(
        where=where,
        filtered=filtered,
        fractions=asked,
        rows=_pipeline_rows(db, where, at, _with_defaults(asked), now=instant is None),
        as_of=at,
    )


async def _lead_times(
    root: Any, info: Info, filter: DraftsArgument = None, percentiles: PercentilesArgument = None
) -> list[DraftLeadTime]:
    asked = fractions(percentiles, "percentiles")
    where, _ = _drafts(filter, info)
    rows = await pipeline.lead_times(info.context.db, where, _with_defaults(asked))
    found = {r.key: r for r in rows}
    return [
        DraftLeadTime(stage=DraftLeadStage[stage], **_percentiles_of(found[stage], asked))
        for stage in pipeline.LEAD_STAGES
        if stage in found
    ]


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
    filter: DraftsArgument = None,
) -> list[DraftThroughputMonth]:
    default_first, default_last = pipeline.months_back(datetime.now(UTC), 12)
    first = _month(from_month, "fromMonth") if from_month else default_first
    last = _month(to_month, "toMonth") if to_month else default_last
    months = pipeline.solar_hijri_months(first, last)
    if not months or len(months) > MAX_MONTHS:
        raise BadUserInput(
            f"Ask for 1 to {MAX_MONTHS} months, first before last.", argument="fromMonth"
        )
    where, filtered = _drafts(filter, info)
    rows = await pipeline.throughput(info.context.db, months, where, filtered=filtered)
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


def _summary_arguments(dimension: type, filter: Any, order: type, what: str) -> list[Any]:
    return [
        (
            "group_by",
            Annotated[
                list[dimension],  # type: ignore[valid-type]
                strawberry.argument(description="Dimensions to group by (none: one total)."),
            ],
            inspect.Parameter.empty,
        ),
        (
            "filter",
            Annotated[filter | None, strawberry.argument(description=f"Which {what} to sum.")],
            None,
        ),
        (
            "order_by",
            Annotated[
                order | None,
                strawberry.argument(
                    description="Order the groups by a sum (default: by the dimensions)."
                ),
            ],
            None,
        ),
        *_SUMMARY_ARGUMENTS,
    ]


@roots
class AnalyticsQuery:
    obligations_summary: list[ObligationSummary] = grouped(
        _obligation_groups,
        arguments=_summary_arguments(
            ObligationDimension,
            SocialSecurityObligationFilter,
            ObligationSummaryOrder,
            "obligations",
        ),
        tags=ANALYSTS,
        description=(
            "Social-security obligations summed in the database, grouped by the given "
            "dimensions; ordered by the dimensions (ascending, in the order given; ids for "
            "categories, provinces and municipalities) unless `orderBy` says, and cut to "
            "`first`. No dimension gives one national total (over the sample data: that a year's "
            "dues add up to about the 1,500 billion tomans seed 002 gives as the Social Security "
            "Organization's yearly burden is the sample's assumption)."
        ),
    )
    transfers_summary: list[TransferSummary] = grouped(
        _transfer_groups,
        arguments=_summary_arguments(
            TransferDimension, ObligationTransferFilter, TransferSummaryOrder, "transfers"
        ),
        tags=ANALYSTS,
        description=(
            "Transfers against social-security obligations summed in the database, grouped by "
            "the given dimensions (a month or year of the Solar Hijri calendar, from the day of "
            "the transfer); ordered by the dimensions (ascending, in the order given) unless "
            "`orderBy` says, and cut to `first`."
        ),
    )
    draft_pipeline_summary: DraftPipelineSummary = computed(
        _pipeline,
        reason=SEVERAL_STATEMENTS,
        tags=ANALYSTS,
        description=(
            "How many drafts waited at each stage, where, and for how long, now or at a past "
            "instant."
        ),
    )
    draft_lead_times: list[DraftLeadTime] = computed(
        _lead_times,
        reason=SEVERAL_STATEMENTS,
        tags=ANALYSTS,
        description=(
            "How long drafts took from written to submitted to decided by the ministry, one "
            "entry per stretch (WRITTEN_TO_SUBMITTED, SUBMITTED_TO_DECIDED, WRITTEN_TO_DECIDED) "
            "that some draft completed."
        ),
    )
    draft_throughput: list[DraftThroughputMonth] = computed(
        _throughput,
        reason=SEVERAL_STATEMENTS,
        tags=ANALYSTS,
        description=(
            "Per Solar Hijri month (Tehran time; at most "
            f"{MAX_MONTHS}), the steps drafts took: submitted, forwarded or returned by the "
            "committee, adopted, rejected or returned by the ministry. Counts steps, not drafts."
        ),
    )
