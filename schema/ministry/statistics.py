"""National questions, answered by the database: sums, counts, groupings and percentiles run in
SQL on both databases; Python only wraps the few rows that come back. The statements of the
analysts' fields (schema/ministry/analytics.py), written once for both read paths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jdatetime
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Row,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import KeyedColumnElement
from sqlalchemy.sql.selectable import Subquery

from core.calendar import TEHRAN
from db.session import RequestDatabase
from db.tables import draft, event, municipality, obligation, province, transfer
from db.types import UTCDateTime
from schema.ministry.lists import SOCIAL_SECURITY_OBLIGATIONS

# The municipality is joined under an alias: filters name the table itself in their subqueries
# (`municipality_id IN (SELECT id FROM municipality …)`), which must not correlate with the join.
place = municipality.alias("place")

OBLIGATION_DIMENSIONS: dict[str, ColumnElement[Any]] = {
    "CATEGORY": obligation.c.category_id,
    "PROVINCE": place.c.province_id,
    "MUNICIPALITY_KIND": place.c.kind,
    "YEAR": obligation.c.year,
}


def obligation_question(
    group_by: Sequence[Any], filter: Any
) -> tuple[list[str], list[ColumnElement[bool]]]:
    """`obligationsSummary(groupBy, filter)` as both paths ask it: the dimensions' names in the
    order given, each once, and the filter's conditions."""
    dimensions = list(dict.fromkeys(dimension.name for dimension in group_by))
    return dimensions, list(SOCIAL_SECURITY_OBLIGATIONS.where(filter) if filter else ())


def obligation_groups(
    group_by: Sequence[str], where: Sequence[ColumnElement[bool]], name: str = "grouped"
) -> Subquery:
    """Due, collected and counts of obligations, grouped by the named dimensions: one row per
    group, with a column for each of the four dimensions (NULL where not grouped by it) and
    sums that are 0, not NULL, over no obligations.

    Each obligation that passes the filters sums its own transfers (an index lookup), so a year's
    question reads that year's transfers, not every transfer ever made."""
    paid = transfer.alias("paid")
    collected = (
        select(func.coalesce(func.sum(paid.c.amount), 0))
        .where(paid.c.obligation_id == obligation.c.id)
        .scalar_subquery()
    )
    names = [dimension.lower() for dimension in group_by]
    rows = (
        select(
            *(OBLIGATION_DIMENSIONS[dimension].label(dimension.lower()) for dimension in group_by),
            obligation.c.amount_due,
            collected.label("collected"),
        )
        .select_from(obligation.join(place, place.c.id == obligation.c.municipality_id))
        .where(*where)
        .subquery("rows")
    )
    dimensions = [
        rows.c[name]
        if name in names
        else cast(null(), column.type).label(name)  # typed, so that joins on it compare
        for name, column in ((d.lower(), c) for d, c in OBLIGATION_DIMENSIONS.items())
    ]
    return (
        select(
            *dimensions,
            func.count().label("obligation_count"),
            cast(func.coalesce(func.sum(rows.c.amount_due), 0), BigInteger).label("amount_due"),
            cast(func.coalesce(func.sum(rows.c.collected), 0), BigInteger).label(
                "amount_collected"
            ),
        )
        .group_by(*(rows.c[dimension] for dimension in names))
        .subquery(name)
    )


# --- the life of drafts ----------------------------------------------------------------------


def _seconds(db: RequestDatabase, start: Any, end: Any) -> ColumnElement[int]:
    if db.dialect == "postgresql":
        return cast(func.extract("epoch", end - start), BigInteger)
    return cast(func.round((func.julianday(end) - func.julianday(start)) * 86400), Integer)


async def drafts_by_status(
    db: RequestDatabase, where: Sequence[ColumnElement[bool]]
) -> Sequence[Row[Any]]:
    statement = (
        select(draft.c.status, func.count().label("n"))
        .where(*where)
        .group_by(draft.c.status)
        .order_by(draft.c.status)
    )
    return await db.all(statement)


async def drafts_by_province(
    db: RequestDatabase, where: Sequence[ColumnElement[bool]]
) -> Sequence[Row[Any]]:
    counted = (
        select(place.c.province_id, draft.c.status, func.count().label("n"))
        .select_from(draft.join(place, place.c.id == draft.c.municipality_id))
        .where(*where)
        .group_by(place.c.province_id, draft.c.status)
        .subquery("counted")
    )
    statement = (
        select(
            counted,
            province.c.name_fa.label("province_name_fa"),
            province.c.name_en.label("province_name_en"),
        )
        .select_from(counted.join(province, province.c.id == counted.c.province_id))
        .order_by(counted.c.province_id, counted.c.status)
    )
    return await db.all(statement)


def _percentiles(db: RequestDatabase, durations: Any, key: KeyedColumnElement[Any]) -> Any:
    """Count, median and 90th percentile of `durations.seconds` per `key`, nearest-rank
    (the ⌈p·n⌉-th smallest): PostgreSQL's `percentile_disc`, and on SQLite the same rank found
    with a window and integer arithmetic."""
    if db.dialect == "postgresql":
        return (
            select(
                key.label("status"),
                func.count().label("count"),
                func.percentile_disc(0.5).within_group(durations.c.seconds).label("median_seconds"),
                func.percentile_disc(0.9).within_group(durations.c.seconds).label("p90_seconds"),
            )
            .group_by(key)
            .order_by(key)
        )
    ranked = select(
        key,
        durations.c.seconds,
        func.row_number().over(partition_by=key, order_by=durations.c.seconds).label("rank"),
        func.count().over(partition_by=key).label("n"),
    ).subquery("ranked")
    k = ranked.c[key.name]
    return (
        select(
            k.label("status"),
            func.max(ranked.c.n).label("count"),
            func.max(case((ranked.c.rank == (ranked.c.n + 1) // 2, ranked.c.seconds))).label(
                "median_seconds"
            ),
            func.max(case((ranked.c.rank == (9 * ranked.c.n + 9) // 10, ranked.c.seconds))).label(
                "p90_seconds"
            ),
        )
        .group_by(k)
        .order_by(k)
    )


def _of_drafts(where: Sequence[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    """Events of the drafts that pass `where` (no condition at all when nothing is filtered)."""
    if not where:
        return []
    return [event.c.draft_directive_id.in_(select(draft.c.id).where(*where))]


async def time_in_status(
    db: RequestDatabase, where: Sequence[ColumnElement[bool]]
) -> Sequence[Row[Any]]:
    """Completed stays: from the event that entered a status to the draft's next event, which
    records the stay (`stay_seconds`) and the status it left (`from_status`)."""
    durations = (
        select(event.c.from_status.label("status"), event.c.stay_seconds.label("seconds"))
        .where(event.c.stay_seconds.is_not(None), *_of_drafts(where))
        .subquery("durations")
    )
    return await db.all(_percentiles(db, durations, durations.c.status))


OPEN_STATUSES = (
    "DRAFT",
    "SUBMITTED",
    "IN_COMMITTEE_REVIEW",
    "FORWARDED_TO_MINISTRY",
    "RETURNED_FOR_REVISION",
)


async def waiting(
    db: RequestDatabase, where: Sequence[ColumnElement[bool]], as_of: datetime
) -> Sequence[Row[Any]]:
    """Drafts now in an open status, and how long they have been in it at `as_of`."""
    entered = (
        select(event.c.draft_directive_id, func.max(event.c.occurred_at).label("entered_at"))
        .where(
            event.c.draft_directive_id.in_(
                select(draft.c.id).where(draft.c.status.in_(OPEN_STATUSES))
            )
        )
        .group_by(event.c.draft_directive_id)
        .subquery("entered")
    )
    as_of_value = literal(as_of, UTCDateTime())
    durations = (
        select(
            draft.c.status.label("status"),
            _seconds(db, entered.c.entered_at, as_of_value).label("seconds"),
        )
        .select_from(draft.join(entered, entered.c.draft_directive_id == draft.c.id))
        .where(draft.c.status.in_(OPEN_STATUSES), entered.c.entered_at <= as_of_value, *where)
        .subquery("durations")
    )
    return await db.all(_percentiles(db, durations, durations.c.status))


# --- throughput per Solar Hijri month -----------------------------------------------------------


@dataclass(frozen=True)
class Month:
    label: str  # 1404/01
    start: datetime
    end: datetime


def solar_hijri_months(first: str, last: str) -> list[Month]:
    """The Solar Hijri months from `first` to `last` (both `YYYY/MM`), with the UTC instants at
    which each begins and ends on Tehran's clock."""
    year, month = (int(part) for part in first.split("/"))
    end_year, end_month = (int(part) for part in last.split("/"))
    months: list[Month] = []

    def start_of(y: int, m: int) -> datetime:
        day = jdatetime.date(y, m, 1).togregorian()
        return datetime(day.year, day.month, day.day, tzinfo=TEHRAN)

    while (year, month) <= (end_year, end_month):
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        months.append(
            Month(f"{year:04d}/{month:02d}", start_of(year, month), start_of(next_year, next_month))
        )
        year, month = next_year, next_month
    return months


THROUGHPUT_STEPS: dict[str, ColumnElement[bool]] = {
    "submitted": event.c.to_status == "SUBMITTED",
    "committee_forwarded": and_(
        event.c.from_status == "IN_COMMITTEE_REVIEW", event.c.to_status == "FORWARDED_TO_MINISTRY"
    ),
    "committee_returned": and_(
        event.c.from_status == "IN_COMMITTEE_REVIEW", event.c.to_status == "RETURNED_FOR_REVISION"
    ),
    "ministry_adopted": and_(
        event.c.from_status == "FORWARDED_TO_MINISTRY", event.c.to_status == "ADOPTED"
    ),
    "ministry_rejected": and_(
        event.c.from_status == "FORWARDED_TO_MINISTRY", event.c.to_status == "REJECTED"
    ),
    "ministry_returned": and_(
        event.c.from_status == "FORWARDED_TO_MINISTRY",
        event.c.to_status == "RETURNED_FOR_REVISION",
    ),
}


async def throughput(
    db: RequestDatabase, months: list[Month], where: Sequence[ColumnElement[bool]]
) -> Sequence[Row[Any]]:
    """Per month, how many drafts took each step: a calendar of months joined to the events."""
    # A calendar of months as a union of literal rows (SQLite cannot name VALUES' columns).
    calendar = union_all(
        *(
            select(
                literal(m.label).label("label"),
                literal(m.start, UTCDateTime()).label("starts"),
                literal(m.end, UTCDateTime()).label("ends"),
            )
            for m in months
        )
    ).subquery("calendar")
    counted = [
        func.count(case((condition, event.c.id))).label(name)
        for name, condition in THROUGHPUT_STEPS.items()
    ]
    statement = (
        select(calendar.c.label, *counted)
        .select_from(
            calendar.outerjoin(
                event,
                and_(
                    event.c.occurred_at >= calendar.c.starts,
                    event.c.occurred_at < calendar.c.ends,
                    *_of_drafts(where),
                    or_(*THROUGHPUT_STEPS.values()),
                ),
            )
        )
        .group_by(calendar.c.label)
        .order_by(calendar.c.label)
    )
    return await db.all(statement)


def months_back(as_of: datetime, count: int) -> tuple[str, str]:
    """The `count` Solar Hijri months up to the one holding `as_of` (first, last)."""
    today = jdatetime.date.fromgregorian(date=as_of.astimezone(TEHRAN).date())
    year, month = today.year, today.month
    last = f"{year:04d}/{month:02d}"
    for _ in range(count - 1):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return f"{year:04d}/{month:02d}", last
