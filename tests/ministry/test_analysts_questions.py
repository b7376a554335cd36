"""The analysts' second round of questions (months of transfers, top municipalities, lists in
filters, the pipeline at a past instant, lead times, any percentiles), each checked against the
same figure computed independently from the raw rows, on both databases, as a ministry analyst
(who sees every municipality)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jdatetime
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.settings import Settings
from db.tables import draft, event, municipality, obligation, transfer
from tests.conftest import GraphQLClient
from tests.ids import gid, key
from tests.municipalities.fixtures import HOME, Workflow

OPEN = {
    "DRAFT",
    "SUBMITTED",
    "IN_COMMITTEE_REVIEW",
    "FORWARDED_TO_MINISTRY",
    "RETURNED_FOR_REVISION",
}


@pytest.fixture
def analyst(settings: Settings) -> str:
    return mint_token(settings, Role.MINISTRY_ANALYST)


async def _rows(conn: AsyncConnection, statement: Any) -> list[Any]:
    return list((await conn.execute(statement)).all())


def _nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1]


def _seconds(start: datetime, end: datetime) -> int:
    micro = (end - start) // timedelta(microseconds=1)
    return (micro + 500_000) // 1_000_000


async def test_top_municipalities_by_outstanding_over_several_years(
    gql: GraphQLClient, conn: AsyncConnection, analyst: str
) -> None:
    paid: Counter[int] = Counter()
    for t in await _rows(conn, select(transfer)):
        paid[t.obligation_id] += t.amount
    outstanding: Counter[int] = Counter()
    for o in await _rows(conn, select(obligation).where(obligation.c.year.in_([1403, 1404]))):
        outstanding[o.municipality_id] += o.amount_due - paid[o.id]
    expected = sorted(outstanding.items(), key=lambda item: (-item[1], item[0]))[:3]

    data = await gql.data(
        """{ obligationsSummary(groupBy: [MUNICIPALITY], filter: {years: [1403, 1404]},
               orderBy: {field: AMOUNT_OUTSTANDING}, first: 3) {
               municipality { id } amountOutstanding province { id } } }""",
        token=analyst,
    )

    assert [
        (key(r["municipality"]["id"]), int(r["amountOutstanding"]), r["province"])
        for r in data["obligationsSummary"]
    ] == [(m, amount, None) for m, amount in expected]


async def test_collected_ascending_within_provinces_given_as_a_list(
    gql: GraphQLClient, conn: AsyncConnection, analyst: str
) -> None:
    places = {m.id: m.province_id for m in await _rows(conn, select(municipality))}
    provinces = sorted(set(places.values()))[:2]
    paid: Counter[int] = Counter()
    for t in await _rows(conn, select(transfer)):
        paid[t.obligation_id] += t.amount
    collected: Counter[int] = Counter()
    for o in await _rows(conn, select(obligation)):
        if places[o.municipality_id] in provinces:
            collected[places[o.municipality_id]] += paid[o.id]

    data = await gql.data(
        """query($p: [ID!]) { obligationsSummary(groupBy: [PROVINCE], filter: {provinceIds: $p},
               orderBy: {field: AMOUNT_COLLECTED, direction: ASC}) {
               province { id } amountCollected } }""",
        {"p": [gid("Province", p) for p in provinces]},
        token=analyst,
    )

    assert [
        (key(r["province"]["id"]), int(r["amountCollected"])) for r in data["obligationsSummary"]
    ] == sorted(collected.items(), key=lambda item: (item[1], item[0]))


async def test_transfers_by_solar_hijri_month_over_a_date_range_across_nowruz(
    gql: GraphQLClient, conn: AsyncConnection, analyst: str
) -> None:
    """Both ends included; Nowruz 1404 (2025-03-21) opens month 1404/01."""
    start, end = date(2025, 2, 1), date(2025, 4, 30)
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t in await _rows(conn, select(transfer)):
        if start <= t.transferred_on <= end:
            day = jdatetime.date.fromgregorian(date=t.transferred_on)
            month = counted[f"{day.year:04d}/{day.month:02d}"]
            month[0] += 1
            month[1] += t.amount

    data = await gql.data(
        """{ transfersSummary(groupBy: [MONTH],
               filter: {transferredFrom: "2025-02-01", transferredTo: "2025-04-30"}) {
               month transferCount amount year } }""",
        token=analyst,
    )

    assert jdatetime.date.fromgregorian(date=date(2025, 3, 21)).strftime("%Y/%m/%d") == "1404/01/01"
    assert {
        r["month"]: [r["transferCount"], int(r["amount"])] for r in data["transfersSummary"]
    } == dict(counted)
    assert [r["month"] for r in data["transfersSummary"]] == sorted(counted)
    assert all(r["year"] is None for r in data["transfersSummary"])


async def test_pipeline_as_it_stood_at_a_past_instant(
    gql: GraphQLClient, conn: AsyncConnection, analyst: str
) -> None:
    # the ministry sees the drafts submitted at some time (now), with their whole histories
    seen = {d.id for d in await _rows(conn, select(draft)) if d.submitted_at is not None}
    events = [
        e
        for e in await _rows(conn, select(event).order_by(event.c.occurred_at, event.c.id))
        if e.draft_directive_id in seen
    ]
    moments = sorted(e.occurred_at for e in events)
    as_of = moments[len(moments) // 2].astimezone(UTC)
    stood: dict[int, Any] = {}
    stays: dict[str, list[int]] = defaultdict(list)
    for e in events:
        if e.occurred_at <= as_of:
            stood[e.draft_directive_id] = e
            if e.stay_seconds is not None:
                stays[e.from_status].append(e.stay_seconds)
    waited: dict[str, list[int]] = defaultdict(list)
    for e in stood.values():
        if e.to_status in OPEN:
            waited[e.to_status].append(_seconds(e.occurred_at, as_of))
    fractions = [0.0, 0.25, 0.7, 1.0]

    data = (
        await gql.data(
            """query($at: DateTime, $ps: [Float!]) { draftPipelineSummary(asOf: $at, percentiles: $ps) {
                 byStatus { status count }
                 timeInStatus { status count medianSeconds percentiles { fraction seconds } }
                 waiting { status count p90Seconds percentiles { fraction seconds } } } }""",
            {"at": as_of.isoformat(), "ps": fractions},
            token=analyst,
        )
    )["draftPipelineSummary"]

    assert {r["status"]: r["count"] for r in data["byStatus"]} == dict(
        Counter(e.to_status for e in stood.values())
    )
    for name, durations in (("timeInStatus", stays), ("waiting", waited)):
        assert {
            r["status"]: (r["count"], [(p["fraction"], p["seconds"]) for p in r["percentiles"]])
            for r in data[name]
        } == {
            status: (len(v), [(p, _nearest_rank(v, p)) for p in fractions])
            for status, v in durations.items()
        }, name
    assert {r["status"]: r["p90Seconds"] for r in data["waiting"]} == {
        status: _nearest_rank(v, 0.9) for status, v in waited.items()
    }


async def test_lead_times_of_drafts_of_several_provinces(
    gql: GraphQLClient, conn: AsyncConnection, analyst: str
) -> None:
    places = {m.id: m.province_id for m in await _rows(conn, select(municipality))}
    provinces = sorted(set(places.values()))[:3]
    drafts = {
        d.id: d for d in await _rows(conn, select(draft)) if places[d.municipality_id] in provinces
    }
    submitted: dict[int, datetime] = {}
    decided: dict[int, datetime] = {}
    for e in await _rows(conn, select(event).order_by(event.c.occurred_at, event.c.id)):
        if e.draft_directive_id in drafts:
            if e.to_status == "SUBMITTED":
                submitted.setdefault(e.draft_directive_id, e.occurred_at)
            if e.to_status in ("ADOPTED", "REJECTED"):
                decided.setdefault(e.draft_directive_id, e.occurred_at)
    spans = {
        "WRITTEN_TO_SUBMITTED": [_seconds(drafts[d].created_at, at) for d, at in submitted.items()],
        "SUBMITTED_TO_DECIDED": [_seconds(submitted[d], at) for d, at in decided.items()],
        "WRITTEN_TO_DECIDED": [_seconds(drafts[d].created_at, at) for d, at in decided.items()],
    }

    data = await gql.data(
        """query($p: [ID!]) { draftLeadTimes(filter: {provinceIds: $p}, percentiles: [0.1, 0.99]) {
             stage count medianSeconds p90Seconds percentiles { fraction seconds } } }""",
        {"p": [gid("Province", p) for p in provinces]},
        token=analyst,
    )

    assert [
        (r["stage"], r["count"], r["medianSeconds"], r["p90Seconds"], r["percentiles"])
        for r in data["draftLeadTimes"]
    ] == [
        (
            stage,
            len(v),
            _nearest_rank(v, 0.5),
            _nearest_rank(v, 0.9),
            [{"fraction": p, "seconds": _nearest_rank(v, p)} for p in (0.1, 0.99)],
        )
        for stage, v in spans.items()
        if v
    ]


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ("{ draftLeadTimes(percentiles: [1.5]) { stage } }", "percentiles"),
        ("{ draftPipelineSummary(percentiles: []) { asOf } }", "percentiles"),
        ("{ obligationsSummary(groupBy: [], first: 0) { amountDue } }", "first"),
        (
            '{ obligationsSummary(groupBy: [], filter: {provinceIds: ["x"]}) { amountDue } }',
            "filter.provinceIds",
        ),
        (
            '{ draftLeadTimes(filter: {submittedFrom: "2025-01-01T00:00:00"}) { stage } }',
            "filter.submittedFrom",
        ),
    ],
)
async def test_bad_analyst_arguments_are_typed_errors(
    gql: GraphQLClient, analyst: str, query: str, argument: str
) -> None:
    response = await gql.execute(query, token=analyst)

    [error] = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"].get("argument") == argument


async def test_stays_of_drafts_never_sent_are_left_out_with_or_without_a_filter(
    gql: GraphQLClient, analyst: str, workflow: Workflow
) -> None:
    # Without a filter the drafts a caller may not see are left out (the complement of the read
    # rule); with one, the steps are those of the drafts it picks: the same rule either way.
    question = """query($filter: DraftDirectiveFilter) {
        draftPipelineSummary(filter: $filter) { timeInStatus { status count } } }"""

    async def draft_stays(token: str, filter: dict[str, Any] | None) -> int:
        data = await gql.data(question, {"filter": filter}, token=token)
        rows = data["draftPipelineSummary"]["timeInStatus"]
        return sum(r["count"] for r in rows if r["status"] == "DRAFT")

    office = workflow.tokens.office(HOME)
    home = {"municipalityIds": [gid("Municipality", HOME)]}
    asked = [(analyst, None), (analyst, home), (office, None), (office, home)]
    before = [await draft_stays(token, filter) for token, filter in asked]

    await workflow.withdrawn(HOME)  # its stay in DRAFT ends unsent: the office's alone
    await workflow.submitted(HOME)  # its stay in DRAFT ends by sending it: everyone's who sees it

    after = [await draft_stays(token, filter) for token, filter in asked]
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 2, 2]
