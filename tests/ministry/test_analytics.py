"""The analysts' fields, checked against the same figures computed independently in Python from
the raw rows, on both databases."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

import jdatetime
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.calendar import TEHRAN
from db.tables import category, draft, event, municipality, obligation, province, transfer
from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import Tokens

AS_OF = datetime(2026, 3, 1, tzinfo=UTC)

SUMMARY = """
query($groupBy: [ObligationDimension!]!, $filter: SocialSecurityObligationFilter) {
  obligationsSummary(groupBy: $groupBy, filter: $filter) {
    category { code } province { nameEn } municipalityKind year
    obligationCount amountDue amountCollected amountOutstanding collectionRate
  }
}
"""

PIPELINE = """
query($asOf: DateTime) {
  draftPipelineSummary(asOf: $asOf) {
    asOf
    byStatus { status count }
    byProvince { province { nameEn } status count }
    timeInStatus { status count medianSeconds p90Seconds }
    waiting { status count medianSeconds p90Seconds }
  }
}
"""

THROUGHPUT = """
query($from: String, $to: String) {
  draftThroughput(fromMonth: $from, toMonth: $to) {
    month startsAt submitted committeeForwarded committeeReturned
    ministryAdopted ministryRejected ministryReturned
  }
}
"""


@pytest.fixture
def gql(gql: GraphQLClient, tokens: Tokens) -> GraphQLClient:
    """The analysts' questions, asked as an analyst (who may see every obligation and every
    submitted draft; the sums are over the rows the caller may see)."""
    return gql.as_caller(tokens.analyst())


async def _rows(conn: AsyncConnection, statement: Any) -> list[Any]:
    return list((await conn.execute(statement)).all())


def _nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[math.ceil(p * len(ordered)) - 1]


@pytest.mark.parametrize(
    "group_by",
    [["PROVINCE", "CATEGORY"], ["MUNICIPALITY_KIND"], ["YEAR", "CATEGORY"], []],
)
async def test_obligations_summary_matches_the_rows(
    gql: GraphQLClient, conn: AsyncConnection, group_by: list[str]
) -> None:
    provinces = {r.id: r.name_en for r in await _rows(conn, select(province))}
    places = {r.id: r for r in await _rows(conn, select(municipality))}
    codes = {r.id: r.code for r in await _rows(conn, select(category))}
    paid: Counter[int] = Counter()
    for r in await _rows(conn, select(transfer)):
        paid[r.obligation_id] += r.amount
    expected: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in await _rows(conn, select(obligation)):
        place = places[r.municipality_id]
        dims = {
            "CATEGORY": codes[r.category_id],
            "PROVINCE": provinces[place.province_id],
            "MUNICIPALITY_KIND": place.kind,
            "YEAR": r.year,
        }
        totals = expected[tuple(dims[d] for d in group_by)]
        totals[0] += 1
        totals[1] += r.amount_due
        totals[2] += paid[r.id]

    data = await gql.data(SUMMARY, {"groupBy": group_by})

    actual = {}
    for row in data["obligationsSummary"]:
        dims = {
            "CATEGORY": (row["category"] or {}).get("code"),
            "PROVINCE": (row["province"] or {}).get("nameEn"),
            "MUNICIPALITY_KIND": row["municipalityKind"],
            "YEAR": row["year"],
        }
        key = tuple(dims[d] for d in group_by)
        actual[key] = [row["obligationCount"], int(row["amountDue"]), int(row["amountCollected"])]
        assert int(row["amountOutstanding"]) == actual[key][1] - actual[key][2]
        assert row["collectionRate"] == pytest.approx(actual[key][2] / actual[key][1])
    assert actual == dict(expected)


async def test_obligations_summary_filters(gql: GraphQLClient, conn: AsyncConnection) -> None:
    everything = await gql.data(SUMMARY, {"groupBy": ["YEAR"]})
    one_year = await gql.data(SUMMARY, {"groupBy": ["YEAR"], "filter": {"year": 1404}})

    assert [r for r in everything["obligationsSummary"] if r["year"] == 1404] == one_year[
        "obligationsSummary"
    ]


async def test_pipeline_matches_the_rows(gql: GraphQLClient, conn: AsyncConnection) -> None:
    provinces = {r.id: r.name_en for r in await _rows(conn, select(province))}
    places = {r.id: r.province_id for r in await _rows(conn, select(municipality))}
    # the analyst's sums are over the drafts the ministry sees: those submitted at some time
    drafts = [d for d in await _rows(conn, select(draft)) if d.submitted_at is not None]
    seen = {d.id for d in drafts}
    events = [
        e
        for e in await _rows(conn, select(event).order_by(event.c.occurred_at, event.c.id))
        if e.draft_directive_id in seen
    ]
    by_status = Counter(d.status for d in drafts)
    by_province = Counter((provinces[places[d.municipality_id]], d.status) for d in drafts)
    history: dict[int, list[Any]] = defaultdict(list)
    for e in events:
        history[e.draft_directive_id].append(e)
    stays: dict[str, list[int]] = defaultdict(list)
    for steps in history.values():
        for entered, left in itertools.pairwise(steps):
            stays[entered.to_status].append(
                int((left.occurred_at - entered.occurred_at).total_seconds())
            )
    waiting: dict[str, list[int]] = defaultdict(list)
    open_statuses = {
        "DRAFT",
        "SUBMITTED",
        "IN_COMMITTEE_REVIEW",
        "FORWARDED_TO_MINISTRY",
        "RETURNED_FOR_REVISION",
    }
    for d in drafts:
        if d.status in open_statuses:
            waiting[d.status].append(int((AS_OF - history[d.id][-1].occurred_at).total_seconds()))

    data = (await gql.data(PIPELINE, {"asOf": AS_OF.isoformat()}))["draftPipelineSummary"]

    assert data["asOf"] == AS_OF.isoformat()
    assert {r["status"]: r["count"] for r in data["byStatus"]} == dict(by_status)
    assert {(r["province"]["nameEn"], r["status"]): r["count"] for r in data["byProvince"]} == dict(
        by_province
    )
    for name, expected in (("timeInStatus", stays), ("waiting", waiting)):
        assert {
            r["status"]: (r["count"], r["medianSeconds"], r["p90Seconds"]) for r in data[name]
        } == {
            status: (len(v), _nearest_rank(v, 0.5), _nearest_rank(v, 0.9))
            for status, v in expected.items()
        }, name


async def test_throughput_per_solar_hijri_month(gql: GraphQLClient, conn: AsyncConnection) -> None:
    events = await _rows(conn, select(event))
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    steps = {
        ("IN_COMMITTEE_REVIEW", "FORWARDED_TO_MINISTRY"): "committeeForwarded",
        ("IN_COMMITTEE_REVIEW", "RETURNED_FOR_REVISION"): "committeeReturned",
        ("FORWARDED_TO_MINISTRY", "ADOPTED"): "ministryAdopted",
        ("FORWARDED_TO_MINISTRY", "REJECTED"): "ministryRejected",
        ("FORWARDED_TO_MINISTRY", "RETURNED_FOR_REVISION"): "ministryReturned",
    }
    for e in events:
        day = jdatetime.date.fromgregorian(date=e.occurred_at.astimezone(TEHRAN).date())
        month = f"{day.year:04d}/{day.month:02d}"
        if e.to_status == "SUBMITTED":
            counted[month]["submitted"] += 1
        step = steps.get((e.from_status, e.to_status))
        if step:
            counted[month][step] += 1

    data = await gql.data(THROUGHPUT, {"from": "1403/01", "to": "1404/12"})

    months = data["draftThroughput"]
    assert [m["month"] for m in months] == [
        f"{y}/{m:02d}" for y in (1403, 1404) for m in range(1, 13)
    ]
    assert months[0]["startsAt"] == "2024-03-19T20:30:00+00:00"  # Nowruz 1403, midnight in Tehran
    for month in months:
        for field in ("submitted", *steps.values()):
            assert month[field] == counted[month["month"]][field], (month["month"], field)
    assert sum(m["submitted"] for m in months) > 0


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"from": "1404/13"}, "fromMonth"),
        ({"from": "abc"}, "fromMonth"),
        ({"from": "1404/05", "to": "1404/01"}, "fromMonth"),
    ],
)
async def test_throughput_rejects_bad_months(
    gql: GraphQLClient, variables: dict[str, str], argument: str
) -> None:
    response = await gql.execute(THROUGHPUT, variables)

    [error] = response["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": argument}


async def test_national_total_of_no_obligations_is_zero(gql: GraphQLClient) -> None:
    """Found by the fuzzer (tests/test_fuzz.py): SUM over no rows is NULL, which was a masked
    internal error."""
    data = await gql.data(
        '{ obligationsSummary(groupBy: [], filter: {categoryCode: "none"}) {'
        " obligationCount amountDue amountCollected amountOutstanding collectionRate } }"
    )

    assert data["obligationsSummary"] == [
        {
            "obligationCount": 0,
            "amountDue": "0",
            "amountCollected": "0",
            "amountOutstanding": "0",
            "collectionRate": None,
        }
    ]


async def test_a_kept_pipeline_statement_answers_only_the_caller_it_was_built_for(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    # the pipeline's statements are built once per shape and conditions, read rule included
    # (db/built.py): two offices (the same rule, another municipality) and an analyst asking in
    # turn each get what they got when nothing was kept, with and without a filter
    from db import built

    callers = [gql.as_caller(tokens.office(1)), gql.as_caller(tokens.office(2))]
    callers.append(gql.as_caller(tokens.analyst()))
    for variables in ({"asOf": AS_OF.isoformat()}, {"asOf": AS_OF.isoformat(), "year": 1403}):
        document = PIPELINE if "year" not in variables else PIPELINE_OF_YEAR
        alone = []
        for caller in callers:
            built.forget()
            alone.append(await caller.data(document, variables))
        assert len({repr(answer) for answer in alone}) == 3  # the rules differ on these rows
        for _ in range(2):
            for caller, answer in zip(callers, alone, strict=True):
                assert await caller.data(document, variables) == answer


PIPELINE_OF_YEAR = """
query($asOf: DateTime, $year: Int) {
  draftPipelineSummary(asOf: $asOf, filter: {year: $year}) {
    byStatus { status count }
    byProvince { province { nameEn } status count }
    timeInStatus { status count medianSeconds p90Seconds }
    waiting { status count medianSeconds p90Seconds }
  }
}
"""
