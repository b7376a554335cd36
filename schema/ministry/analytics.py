"""National questions for the ministry's analysts, answered in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from core.errors import BadUserInput
from resolvers.ministry import analytics
from resolvers.municipalities.lists import draft_directive_args
from schema.context import Info
from schema.ministry.inputs import SocialSecurityObligationFilter
from schema.ministry.types import ObligationCategory
from schema.municipalities.enums import DraftStatus, MunicipalityKind
from schema.municipalities.inputs import DraftDirectiveFilter
from schema.municipalities.types import Province
from schema.scalars import Money

MAX_MONTHS = 120

#: `@tag(name: "analysts")`: the analysts' national figures, which a contract for the mayors'
#: apps can leave out of its variant of the supergraph.
ANALYSTS = ["analysts"]


@strawberry.enum(description="What obligations can be grouped by.")
class ObligationDimension(Enum):
    CATEGORY = strawberry.enum_value("CATEGORY", description="The category of cost.")
    PROVINCE = strawberry.enum_value("PROVINCE", description="The municipality's province.")
    MUNICIPALITY_KIND = strawberry.enum_value(
        "MUNICIPALITY_KIND", description="Metropolis, provincial centre or city."
    )
    YEAR = strawberry.enum_value("YEAR", description="The Solar Hijri year.")


@strawberry.type(
    description="One group of obligations: the dimensions it was grouped by, and its sums."
)
class ObligationSummary:
    municipality_kind: MunicipalityKind | None = strawberry.field(
        description="The kind of municipality, when grouped by MUNICIPALITY_KIND."
    )
    year: int | None = strawberry.field(description="The Solar Hijri year, when grouped by YEAR.")
    category: ObligationCategory | None = strawberry.field(
        description="The category, when grouped by CATEGORY."
    )
    province: Province | None = strawberry.field(
        description="The province, when grouped by PROVINCE."
    )
    obligation_count: int = strawberry.field(description="How many obligations the group holds.")
    amount_due: Money = strawberry.field(description="Sum due, in rials.")
    amount_collected: Money = strawberry.field(
        description="Sum collected and transferred, in rials."
    )

    @strawberry.field(description="Due less collected, in rials.")
    def amount_outstanding(self) -> Money:
        return Money(self.amount_due - self.amount_collected)

    @strawberry.field(description="Collected as a share of due, 0 to 1 (null when nothing is due).")
    def collection_rate(self) -> float | None:
        return self.amount_collected / self.amount_due if self.amount_due else None


@strawberry.type(description="How many drafts are in one status.")
class DraftStatusCount:
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many drafts are in it.")


@strawberry.type(description="How many drafts of one province are in one status.")
class DraftProvinceStatusCount:
    province: Province = strawberry.field(description="The province.")
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many of the province's drafts are in it.")


@strawberry.type(
    description=(
        "How long drafts stay in one status, in seconds. Percentiles are nearest-rank: the "
        "⌈p·n⌉-th shortest of the n stays."
    )
)
class DraftStatusDuration:
    status: DraftStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="How many stays the figures are drawn from.")
    median_seconds: int = strawberry.field(description="The median stay, in seconds.")
    p90_seconds: int = strawberry.field(description="The 90th percentile stay, in seconds.")


@strawberry.type(description="Where the country's drafts stand, and how long each stage takes.")
class DraftPipelineSummary:
    where: strawberry.Private[tuple[Any, ...]]
    as_of: datetime = strawberry.field(description="The instant `waiting` is measured at (UTC).")

    @strawberry.field(description="Drafts per status.")
    async def by_status(self, info: Info) -> list[DraftStatusCount]:
        rows = await analytics.drafts_by_status(info.context.db, self.where)
        return [DraftStatusCount(status=DraftStatus(r.status), count=r.n) for r in rows]

    @strawberry.field(description="Drafts per province and status, by province id then status.")
    async def by_province(self, info: Info) -> list[DraftProvinceStatusCount]:
        rows = await analytics.drafts_by_province(info.context.db, self.where)
        return [
            DraftProvinceStatusCount(
                province=_province(r, "province_id"),
                status=DraftStatus(r.status),
                count=r.n,
            )
            for r in rows
        ]

    @strawberry.field(
        description="Completed stays in each status: from entering it to the draft's next step."
    )
    async def time_in_status(self, info: Info) -> list[DraftStatusDuration]:
        rows = await analytics.time_in_status(info.context.db, self.where)
        return [_duration(r) for r in rows]

    @strawberry.field(
        description="Drafts waiting now in an open status, and how long they have waited."
    )
    async def waiting(self, info: Info) -> list[DraftStatusDuration]:
        rows = await analytics.waiting(info.context.db, self.where, self.as_of)
        return [_duration(r) for r in rows]


def _province(row: Any, key: str) -> Province:
    """The province a summary row names by id in `key`, its names joined in by the query."""
    return Province(
        id=strawberry.ID(str(row._mapping[key])),
        name_fa=row.province_name_fa,
        name_en=row.province_name_en,
    )


def _category(row: Any) -> ObligationCategory:
    return ObligationCategory(
        id=strawberry.ID(str(row.category)),
        code=row.category_code,
        name_fa=row.category_name_fa,
        name_en=row.category_name_en,
        description=row.category_description,
        is_sample=row.category_is_sample,
    )


def _duration(row: Any) -> DraftStatusDuration:
    return DraftStatusDuration(
        status=DraftStatus(row.status),
        count=row.count,
        median_seconds=row.median_seconds,
        p90_seconds=row.p90_seconds,
    )


@strawberry.type(description="What the committee and the ministry did with drafts in one month.")
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


@strawberry.type
class AnalyticsQuery:
    @strawberry.federation.field(
        tags=ANALYSTS,
        description=(
            "Social-security obligations summed in the database, grouped by the given "
            "dimensions (in that order; none gives one national total)."
        ),
    )
    async def obligations_summary(
        self,
        info: Info,
        group_by: Annotated[
            list[ObligationDimension], strawberry.argument(description="Dimensions to group by.")
        ],
        filter: Annotated[
            SocialSecurityObligationFilter | None,
            strawberry.argument(description="Which obligations to sum."),
        ] = None,
    ) -> list[ObligationSummary]:
        dimensions, where = analytics.obligation_question(group_by, filter)
        rows = await analytics.obligations_summary(info.context.db, dimensions, where)
        return [
            ObligationSummary(
                municipality_kind=(
                    MunicipalityKind(r.municipality_kind)
                    if "MUNICIPALITY_KIND" in dimensions
                    else None
                ),
                year=r.year if "YEAR" in dimensions else None,
                obligation_count=r.obligation_count,
                # SQL's SUM over no rows is NULL: a national total of nothing is zero.
                amount_due=Money(int(r.amount_due or 0)),
                amount_collected=Money(int(r.amount_collected or 0)),
                category=_category(r) if "CATEGORY" in dimensions else None,
                province=_province(r, "province") if "PROVINCE" in dimensions else None,
            )
            for r in rows
        ]

    @strawberry.federation.field(
        tags=ANALYSTS, description="How many drafts wait at each stage, where, and for how long."
    )
    def draft_pipeline_summary(
        self,
        info: Info,
        filter: Annotated[
            DraftDirectiveFilter | None, strawberry.argument(description="Which drafts to count.")
        ] = None,
        as_of: Annotated[
            datetime | None,
            strawberry.argument(description="Measure waiting times at this instant (default now)."),
        ] = None,
    ) -> DraftPipelineSummary:
        where = draft_directive_args(0, None, filter, None).where
        instant = as_of.astimezone(UTC) if as_of is not None and as_of.tzinfo else None
        if as_of is not None and instant is None:
            raise BadUserInput(
                "`asOf` needs a time zone, e.g. 2026-03-01T00:00:00Z.", argument="asOf"
            )
        return DraftPipelineSummary(where=where, as_of=instant or datetime.now(UTC))

    @strawberry.federation.field(
        tags=ANALYSTS,
        description=(
            "Per Solar Hijri month (Tehran time), the steps drafts took: submitted, forwarded or "
            "returned by the committee, adopted, rejected or returned by the ministry."
        ),
    )
    async def draft_throughput(
        self,
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
        default_first, default_last = analytics.months_back(datetime.now(UTC), 12)
        first = _month(from_month, "fromMonth") if from_month else default_first
        last = _month(to_month, "toMonth") if to_month else default_last
        months = analytics.solar_hijri_months(first, last)
        if not months or len(months) > MAX_MONTHS:
            raise BadUserInput(
                f"Ask for 1 to {MAX_MONTHS} months, first before last.", argument="fromMonth"
            )
        where = draft_directive_args(0, None, filter, None).where
        rows = await analytics.throughput(info.context.db, months, where)
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
