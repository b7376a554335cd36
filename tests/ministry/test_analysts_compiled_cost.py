"""The compiled path is never costlier than the general path for an analyst's question.

Judged by measures that do not depend on the machine. Each question runs through the general
executor and through the compiled path on the same connection, as a ministry analyst, and every
statement each sends is recorded:

- the compiled path sends no more statements (round trips) than the general one; a question it
  does not compile (the computed pipeline, lead times, throughput) sends exactly the general
  executor's statements, with no attempt of its own beside them;
- on PostgreSQL, the compiled statement's plan reads no table more often than the general path's
  plans do together (scan nodes per table, `EXPLAIN`): the aggregate is computed once, not once
  per row or per root, and nothing is joined that the general path does not read.

The planner's estimated total cost is not the measure: it prices the compiled statement's lookup
of each group's municipality or province (an index probe per group, at the planner's guess of
the groups before a `first`) above the general path's one batched lookup, and prices neither
the round trips nor Python's work that the compiled path saves.

The questions are `bench/analysts.py`'s and those tests/ministry/test_analytics.py asks.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection

from core.settings import Settings
from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import Tokens

#: Questions whose answer measures waiting up to now (it moves between the two requests).
CLOCK = {"pipeline now", "pipeline of 1403"}

QUESTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "obligations, national total": (
        "{ obligationsSummary(groupBy: []) { obligationCount amountDue amountCollected "
        "amountOutstanding collectionRate } }",
        {},
    ),
    "obligations of 1404 by province and category": (
        "{ obligationsSummary(groupBy: [PROVINCE, CATEGORY], filter: {year: 1404}) "
        "{ province { nameEn } category { code } amountDue amountCollected obligationCount } }",
        {},
    ),
    "obligations by kind, by year and category": (
        "{ byKind: obligationsSummary(groupBy: [MUNICIPALITY_KIND]) { municipalityKind "
        "obligationCount amountDue } byYear: obligationsSummary(groupBy: [YEAR, CATEGORY]) "
        "{ year category { code } amountOutstanding collectionRate } }",
        {},
    ),
    "top municipalities by outstanding": (
        "{ obligationsSummary(groupBy: [MUNICIPALITY], orderBy: {field: AMOUNT_OUTSTANDING}, "
        "first: 20) { municipality { nameEn } amountOutstanding } }",
        {},
    ),
    "transfers by month": (
        '{ transfersSummary(groupBy: [MONTH], filter: {transferredFrom: "2024-03-20", '
        'transferredTo: "2025-03-20"}) { month transferCount amount } }',
        {},
    ),
    "pipeline now": (
        "{ draftPipelineSummary { byStatus { status count } byProvince { status count } "
        "timeInStatus { status count medianSeconds } waiting { status count medianSeconds } } }",
        {},
    ),
    "pipeline of 1403": (
        "{ draftPipelineSummary(filter: {year: 1403}) { byStatus { status count } "
        "byProvince { status count } timeInStatus { status count medianSeconds p90Seconds } "
        "waiting { status count medianSeconds p90Seconds } } }",
        {},
    ),
    "pipeline at a past instant": (
        "query($asOf: DateTime) { draftPipelineSummary(asOf: $asOf, percentiles: [0.25, 0.75]) "
        "{ asOf byStatus { status count } byProvince { province { nameEn } status count } "
        "timeInStatus { status count medianSeconds p90Seconds } "
        "waiting { status count percentiles { fraction seconds } } } }",
        {"asOf": "2026-03-01T00:00:00+00:00"},
    ),
    "lead times": (
        "{ draftLeadTimes(percentiles: [0.25, 0.75, 0.99]) { stage count medianSeconds "
        "percentiles { fraction seconds } } }",
        {},
    ),
    "throughput": (
        'query { draftThroughput(fromMonth: "1403/01", toMonth: "1404/12") { month startsAt '
        "submitted committeeForwarded committeeReturned ministryAdopted ministryRejected "
        "ministryReturned } }",
        {},
    ),
}


@dataclass
class Sent:
    """The statements sent on one connection, with their parameters."""

    statements: list[tuple[str, Any]] = field(default_factory=list)


@contextmanager
def recording(conn: AsyncConnection) -> Iterator[Sent]:
    """Record every statement sent on `conn` while the block runs."""
    sync = conn.sync_connection
    assert sync is not None
    sent = Sent()

    def before(connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if connection is sync:
            sent.statements.append((statement, parameters))

    event.listen(sync.engine, "before_cursor_execute", before)
    try:
        yield sent
    finally:
        event.remove(sync.engine, "before_cursor_execute", before)


def _scans(plan: dict[str, Any], found: Counter[str]) -> Counter[str]:
    """The tables a plan reads, each with how many of its nodes read it."""
    if "Relation Name" in plan:
        found[plan["Relation Name"]] += 1
    for child in plan.get("Plans", ()):
        _scans(child, found)
    return found


async def table_reads(conn: AsyncConnection, sent: Sent) -> Counter[str]:
    """How many plan nodes of the statements read each table (PostgreSQL's `EXPLAIN`)."""
    reads: Counter[str] = Counter()
    for statement, parameters in sent.statements:
        result = await conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        plan = result.scalar_one()
        _scans((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"], reads)
    return reads


@pytest.mark.parametrize("question", list(QUESTIONS))
async def test_the_compiled_path_costs_no_more_than_the_general_one(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, question: str
) -> None:
    query, variables = QUESTIONS[question]
    analyst = tokens.analyst()
    paths = {
        compiled: GraphQLClient(
            conn, settings.model_copy(update={"compiled_reads": compiled})
        ).as_caller(analyst)
        for compiled in (False, True)
    }
    sent: dict[bool, Sent] = {}
    answers: dict[bool, Any] = {}
    for compiled, client in paths.items():
        with recording(conn) as sent[compiled]:
            answers[compiled] = await client.data(query, variables)

    general, compiled_path = sent[False], sent[True]
    if question not in CLOCK:
        assert answers[True] == answers[False]
    assert general.statements, "the general path answered without the database"
    assert len(compiled_path.statements) <= len(general.statements), question
    if len(compiled_path.statements) > 1:  # not compiled: the general executor's own statements
        assert Counter(s for s, _ in compiled_path.statements) == Counter(
            s for s, _ in general.statements
        ), question
    if conn.dialect.name == "postgresql":
        mine, theirs = await table_reads(conn, compiled_path), await table_reads(conn, general)
        assert mine <= theirs, (question, mine, theirs)
