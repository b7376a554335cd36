"""The life of drafts, as the analysts ask about it: where drafts stood at an instant
(reconstructed from their histories), how long stays took, how long drafts waited and how long
they took from written to submitted to decided. Every figure is one SQL statement on both
databases; Python only wraps the few rows that come back.

`where` is the drafts' filter and read rule: conditions on the `draft` table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jdatetime
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    Integer,
    Row,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import distinct_on

from core.calendar import TEHRAN
from db.built import built
from db.session import RequestDatabase
from db.tables import draft, event, municipality
from db.types import UTCDateTime
from schema.ministry.percentiles import percentile_label, percentiles

#: The statuses in which a draft waits for someone (its office, the committee or the ministry):
#: every status but the three final ones (ADOPTED, REJECTED, WITHDRAWN).
OPEN_STATUSES = (
    "DRAFT",
    "SUBMITTED",
    "IN_COMMITTEE_REVIEW",
    "FORWARDED_TO_MINISTRY",
    "RETURNED_FOR_REVISION",
)

#: The ministry's decisions: the step into either ends a draft's way.
DECIDED_STATUSES = ("ADOPTED", "REJECTED")

# The municipality is joined under an alias: filters name the table itself in their subqueries.
place = municipality.alias("place")


def seconds_between(dialect: str, start: Any, end: Any) -> ColumnElement[int]:
    """Whole seconds from `start` to `end` (instants)."""
    if dialect == "postgresql":
        return cast(func.extract("epoch", end - start), BigInteger)
    return cast(func.round((func.julianday(end) - func.julianday(start)) * 86400), Integer)


#: The instant a kept statement (db/built.py) is run for: a parameter given at each run.
AS_OF = "as_of"


def _as_of() -> ColumnElement[Any]:
    return bindparam(AS_OF, type_=UTCDateTime())


def _of_drafts(
    where: Sequence[ColumnElement[bool]], *, filtered: bool
) -> list[ColumnElement[bool]]:
    """Events of the drafts that pass `where` (no condition at all when `where` is empty).

    `filtered` says whether `where` holds the caller's own filter or only the read rule. A
    filter picks few drafts: the steps are those of the drafts in that set (a semi-join, or a
    probe of the history per draft). The read rule alone keeps most drafts (an analyst sees
    every draft that was ever sent): the steps are then those of every draft but the few it
    leaves out, one small hashed set instead of a semi-join that hashes nine drafts in ten and
    keeps PostgreSQL from reading the steps from their covering index alone (3× on the stays of
    the national sample). The two are the same set: every step has its draft."""
    if not where:
        return []
    if filtered:
        return [event.c.draft_directive_id.in_(select(draft.c.id).where(*where))]
    # CASE, not NOT(…): a condition that is NULL for a draft leaves the draft out, as WHERE does.
    # PostgreSQL estimates `CASE … = 0` at its default 0.5% of the drafts, so it always plans the
    # left-out set as a hashed subplan (the table grows as needed at run time): a NOT IN it judged
    # too big for memory would be rescanned for every step. Measured for a caller whose rule
    # leaves out 70% of the national sample (the public: adopted drafts only): 0.34 s, hashed.
    left_out = select(draft.c.id).where(case((and_(*where), 1), else_=0) == 0)
    return [event.c.draft_directive_id.not_in(left_out)]


def states_now(where: Sequence[ColumnElement[bool]], *, materialized: bool = False) -> Any:
    """Each draft that passes `where` with its status now and, for an open status, when it
    entered it: the end of its history (every change of status is a step of it), read from the
    drafts themselves and one index probe per waiting draft instead of a pass over every step.

    `materialized` (PostgreSQL) computes the states once: inlined, the probe would run again
    for every aggregate that reads `entered_at` (each percentile of the waiting part)."""
    entered = (
        select(func.max(event.c.occurred_at))
        .where(event.c.draft_directive_id == draft.c.id)
        .scalar_subquery()
    )
    states = (
        select(
            draft.c.id.label("draft_id"),
            draft.c.municipality_id,
            draft.c.status,
            case((draft.c.status.in_(OPEN_STATUSES), entered)).label("entered_at"),
        )
        .where(*where)
        .cte("states")
    )
    return states.prefix_with("MATERIALIZED") if materialized else states


def states_at(where: Sequence[ColumnElement[bool]], dialect: str) -> Any:
    """Each draft that existed at the instant `AS_OF` (a parameter; its first step, its writing,
    at or before it), with the status it was in then and when it entered it: the last step of
    its history at or before that instant. On PostgreSQL, DISTINCT ON the draft over the steps in the order of the index on
    (draft, time, id) read backwards, so no sort; elsewhere, numbering each draft's steps from
    the latest with a window (one pass over the history joined to the drafts that pass
    `where`, not a probe per draft)."""
    steps = event.join(draft, draft.c.id == event.c.draft_directive_id)
    kept = (event.c.occurred_at <= _as_of(), *where)
    if dialect == "postgresql":
        return (
            select(
                event.c.draft_directive_id.label("draft_id"),
                draft.c.municipality_id,
                event.c.to_status.label("status"),
                event.c.occurred_at.label("entered_at"),
            )
            .select_from(steps)
            .where(*kept)
            .ext(distinct_on(event.c.draft_directive_id))
            .order_by(
                event.c.draft_directive_id.desc(), event.c.occurred_at.desc(), event.c.id.desc()
            )
            .cte("states")
        )
    numbered = (
        select(
            event.c.draft_directive_id.label("draft_id"),
            draft.c.municipality_id,
            event.c.to_status.label("status"),
            event.c.occurred_at.label("entered_at"),
            func.row_number()
            .over(
                partition_by=event.c.draft_directive_id,
                order_by=[event.c.occurred_at.desc(), event.c.id.desc()],
            )
            .label("latest"),
        )
        .select_from(steps)
        .where(*kept)
        .subquery("numbered")
    )
    return (
        select(
            numbered.c.draft_id,
            numbered.c.municipality_id,
            numbered.c.status,
            numbered.c.entered_at,
        )
        .where(numbered.c.latest == 1)
        .cte("states")
    )


#: The parts of the pipeline `pipeline_at` answers.
PIPELINE_PARTS = ("status", "province", "waiting")


async def pipeline_at(
    db: RequestDatabase,
    where: Sequence[ColumnElement[bool]],
    as_of: datetime,
    ps: Sequence[float],
    *,
    now: bool,
    parts: Sequence[str] = PIPELINE_PARTS,
) -> Sequence[Row[Any]]:
    """Where drafts stood at `as_of`, in one statement over one reconstruction of their states
    (with `now`, `as_of` is the present: the drafts' own statuses, the end of their histories):
    rows of `part` "status" (drafts per status), "province" (per province and status) and
    "waiting" (per open status: how long its drafts had waited then, with the percentiles `ps`
    as `p_0`, `p_1`, …); ordered by part, province, status. `parts` names the parts to give:
    at present, each is cheap alone (the drafts' own statuses); at a past instant, the one
    reconstruction serves them all. The statement is built once for its shape and `where`
    (db/built.py) and run for `as_of`."""
    statement = built(
        ("pipeline_at", db.dialect, tuple(ps), now, tuple(parts)),
        where,
        lambda: _pipeline_statement(db.dialect, where, ps, now=now, parts=parts),
    )
    return await db.all(statement, {AS_OF: as_of})


def _pipeline_statement(
    dialect: str,
    where: Sequence[ColumnElement[bool]],
    ps: Sequence[float],
    *,
    now: bool,
    parts: Sequence[str],
) -> Any:
    """`pipeline_at`'s statement, its instant the parameter `AS_OF`."""
    if now:
        fenced = dialect == "postgresql" and "waiting" in parts
        states = states_now(where, materialized=fenced)
    else:
        states = states_at(where, dialect)
    nothing = [cast(null(), BigInteger).label(percentile_label(i)) for i in range(len(ps))]
    by_status = select(
        literal("status").label("part"),
        cast(null(), Integer).label("province_id"),
        states.c.status,
        func.count().label("count"),
        *nothing,
    ).group_by(states.c.status)
    by_province = (
        select(
            literal("province").label("part"),
            place.c.province_id,
            states.c.status,
            func.count().label("count"),
            *nothing,
        )
        .select_from(states.join(place, place.c.id == states.c.municipality_id))
        .group_by(place.c.province_id, states.c.status)
    )
    durations = (
        select(
            states.c.status,
            seconds_between(dialect, states.c.entered_at, _as_of()).label("seconds"),
        )
        .where(states.c.status.in_(OPEN_STATUSES))
        .subquery("durations")
    )
    waited = percentiles(dialect, durations, durations.c.status, ps).subquery("waited")
    waiting = select(
        literal("waiting").label("part"),
        cast(null(), Integer).label("province_id"),
        waited.c.key.label("status"),
        waited.c.count,
        *(waited.c[percentile_label(i)] for i in range(len(ps))),
    )
    chosen = {"status": by_status, "province": by_province, "waiting": waiting}
    union = union_all(*(chosen[part] for part in parts)).subquery("parts")
    return select(union).order_by(union.c.part, union.c.province_id, union.c.status)


async def time_in_status(
    db: RequestDatabase,
    where: Sequence[ColumnElement[bool]],
    as_of: datetime,
    ps: Sequence[float],
    *,
    filtered: bool = True,
) -> Sequence[Row[Any]]:
    """Stays completed by `as_of`: the step that ended a stay records its length
    (`stay_seconds`) and the status it left (`from_status`). `filtered`: see `_of_drafts`. The
    statement is built once for its shape and `where` (db/built.py) and run for `as_of`."""

    def build() -> Any:
        durations = (
            select(event.c.from_status.label("status"), event.c.stay_seconds.label("seconds"))
            .where(
                event.c.stay_seconds.is_not(None),
                event.c.occurred_at <= _as_of(),
                *_of_drafts(where, filtered=filtered),
            )
            .subquery("durations")
        )
        return percentiles(db.dialect, durations, durations.c.status, ps)

    statement = built(("time_in_status", db.dialect, tuple(ps), filtered), where, build)
    return await db.all(statement, {AS_OF: as_of})


#: The lead times: from which mark of a draft's life to which.
LEAD_STAGES = ("WRITTEN_TO_SUBMITTED", "SUBMITTED_TO_DECIDED", "WRITTEN_TO_DECIDED")


async def lead_times(
    db: RequestDatabase, where: Sequence[ColumnElement[bool]], ps: Sequence[float]
) -> Sequence[Row[Any]]:
    """Per stage of `LEAD_STAGES`, the drafts that reached its end: written (created), first
    submitted, decided by the ministry (adopted or rejected). The drafts that pass `where` are
    joined to their first step into SUBMITTED and into a decision (each a grouping of one index,
    `ix_draft_directive_event_into`, read in order), once, as a common table expression the three
    stages read. On PostgreSQL each stage is its own aggregate (no sort of every duration by
    stage before the percentiles' own)."""

    def first_step(statuses: Sequence[str], label: str) -> Any:
        return (
            select(
                event.c.draft_directive_id.label("draft_id"),
                func.min(event.c.occurred_at).label(label),
            )
            .where(event.c.to_status.in_(statuses))
            .group_by(event.c.draft_directive_id)
            .subquery(label)
        )

    submitted = first_step(["SUBMITTED"], "submitted")
    decided = first_step(DECIDED_STATUSES, "decided")
    marks = (
        select(
            draft.c.created_at.label("written"),
            submitted.c.submitted,
            decided.c.decided,
        )
        .select_from(
            draft.outerjoin(submitted, submitted.c.draft_id == draft.c.id).outerjoin(
                decided, decided.c.draft_id == draft.c.id
            )
        )
        .where(*where)
        .cte("marks")
    )
    spans = {
        "WRITTEN_TO_SUBMITTED": (marks.c.written, marks.c.submitted),
        "SUBMITTED_TO_DECIDED": (marks.c.submitted, marks.c.decided),
        "WRITTEN_TO_DECIDED": (marks.c.written, marks.c.decided),
    }

    def durations_of(stage: str) -> Any:
        start, end = spans[stage]
        return select(
            literal(stage).label("stage"),
            seconds_between(db.dialect, start, end).label("seconds"),
        ).where(start.is_not(None), end.is_not(None))

    if db.dialect == "postgresql":
        per_stage = []
        for stage in LEAD_STAGES:
            durations = durations_of(stage).subquery(f"durations_{stage.lower()}")
            per_stage.append(
                select(
                    literal(stage).label("key"),
                    func.count().label("count"),
                    *(
                        func.percentile_disc(literal(p, Float))
                        .within_group(durations.c.seconds)
                        .label(percentile_label(i))
                        for i, p in enumerate(ps)
                    ),
                ).having(func.count() > 0)  # a stage no draft completed gives no row
            )
        union = union_all(*per_stage).subquery("stages")
        return await db.all(select(union).order_by(union.c.key))
    durations = union_all(*(durations_of(stage) for stage in LEAD_STAGES)).subquery("durations")
    return await db.all(percentiles(db.dialect, durations, durations.c.stage, ps))


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
    db: RequestDatabase,
    months: list[Month],
    where: Sequence[ColumnElement[bool]],
    *,
    filtered: bool = True,
) -> Sequence[Row[Any]]:
    """Per month, how many drafts took each step: a calendar of months joined to the events.
    `filtered`: see `_of_drafts`."""
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
                    *_of_drafts(where, filtered=filtered),
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
