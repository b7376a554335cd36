"""The transparency figures against an independent computation: the rows read plainly and counted
in Python (nearest-rank percentiles, Tehran's today), through both read paths; anonymous callers
get the same figures less the groups of fewer than five cases."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.calendar import TEHRAN
from core.settings import Settings
from db.tables import CaseStatus, a100_case, a100_verdict, a100_violation
from schema.article100.query import BACKLOG_BANDS, MIN_CELL
from tests.conftest import GraphQLClient
from tests.ids import gid, key

pytestmark = pytest.mark.usefixtures("backend")

FIGURES = """{
  article100CasesByStage { status caseCount }
  article100CasesByViolationKind { kind { code } caseCount violationCount }
  article100CasesByDistrict { municipality { id } district caseCount openCount }
  article100SpanDays { municipality { id } span caseCount medianDays p90Days maxDays }
  article100ExecutionShare { municipality { id } finalCount executedCount executedPercent }
  article100BacklogByAge { age caseCount oldestReportedOn }
}"""
ENDED = {"CLOSED", "WITHDRAWN", "MERGED"}


def _rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) - 1e-9)) - 1]


async def _expected(conn: AsyncConnection) -> dict[str, list[dict[str, Any]]]:
    cases = (await conn.execute(select(a100_case))).all()
    violations = (await conn.execute(select(a100_violation))).all()
    verdicts = (
        await conn.execute(
            select(a100_verdict).order_by(a100_verdict.c.decided_at, a100_verdict.c.id)
        )
    ).all()
    last_kind = {v.case_id: v.kind for v in verdicts}
    order = [s.value for s in CaseStatus]
    stage = Counter(c.status for c in cases)
    by_kind_cases: dict[int, set[int]] = defaultdict(set)
    by_kind_count: Counter[int] = Counter()
    for v in violations:
        by_kind_cases[v.kind_id].add(v.case_id)
        by_kind_count[v.kind_id] += 1
    district: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for c in cases:
        district[(c.municipality_id, c.district)][0] += 1
        district[(c.municipality_id, c.district)][1] += c.status not in ENDED
    spans: dict[tuple[int, str], list[int]] = defaultdict(list)
    for c in cases:
        if c.verdict_on is not None:
            spans[(c.municipality_id, "REPORT_TO_VERDICT")].append(
                (c.verdict_on - c.reported_on).days
            )
        if c.executed_on is not None and c.final_on is not None:
            spans[(c.municipality_id, "FINAL_TO_EXECUTION")].append(
                (c.executed_on - c.final_on).days
            )
    share: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for c in cases:
        if (
            c.final_on is not None
            and c.status not in ("WITHDRAWN", "MERGED")
            and last_kind.get(c.id) != "NO_VIOLATION"
        ):
            share[c.municipality_id][0] += 1
            share[c.municipality_id][1] += c.executed_on is not None
    today = datetime.now(TEHRAN).date()
    backlog: dict[int, list[Any]] = {}
    labels = [label.value for label, _ in BACKLOG_BANDS] + ["OVER_365_DAYS"]
    for c in cases:
        if c.status in ENDED:
            continue
        age = (today - c.reported_on).days
        band = next(
            (i for i, (_, limit) in enumerate(BACKLOG_BANDS) if age <= limit), len(BACKLOG_BANDS)
        )
        entry = backlog.setdefault(band, [0, c.reported_on])
        entry[0] += 1
        entry[1] = min(entry[1], c.reported_on)
    return {
        "article100CasesByStage": [
            {"status": s, "caseCount": stage[s]} for s in sorted(stage, key=order.index)
        ],
        "article100CasesByViolationKind": [
            {"kind": k, "caseCount": len(by_kind_cases[k]), "violationCount": by_kind_count[k]}
            for k in sorted(by_kind_count)
        ],
        "article100CasesByDistrict": [
            {"municipality": m, "district": d, "caseCount": n, "openCount": o}
            for (m, d), (n, o) in sorted(district.items())
        ],
        "article100SpanDays": [
            {
                "municipality": m,
                "span": s,
                "caseCount": len(v),
                "medianDays": _rank(v, 0.5),
                "p90Days": _rank(v, 0.9),
                "maxDays": max(v),
            }
            for (m, s), v in sorted(spans.items())
        ],
        "article100ExecutionShare": [
            {
                "municipality": m,
                "finalCount": n,
                "executedCount": e,
                "executedPercent": e * 100 // n,
            }
            for m, (n, e) in sorted(share.items())
        ],
        "article100BacklogByAge": [
            {"age": labels[b], "caseCount": n, "oldestReportedOn": day.isoformat()}
            for b, (n, day) in sorted(backlog.items())
        ],
    }


def _plain(answer: dict[str, Any], kinds: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """The graph's answer with its objects reduced to the keys the computation uses."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in answer.items():
        plain = []
        for row in rows:
            row = dict(row)
            if "municipality" in row:
                row["municipality"] = key(row["municipality"]["id"])
            if "kind" in row:
                row["kind"] = kinds[row["kind"]["code"]]
            plain.append(row)
        out[name] = plain
    return out


def _count_key(name: str) -> str:
    return "finalCount" if name == "article100ExecutionShare" else "caseCount"


@pytest.mark.parametrize("caller", ["ministry", "anonymous"])
async def test_the_figures_agree_with_a_count_of_the_rows(
    conn: AsyncConnection, settings: Settings, caller: str
) -> None:
    token = mint_token(settings, Role.MINISTRY_ANALYST) if caller == "ministry" else None
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    answer = await general.data(FIGURES, token=token)
    assert await compiled.data(FIGURES, token=token) == answer
    kinds = {
        row["code"]: row["id"]
        for row in (await general.data("{ violationKinds { id code } }"))["violationKinds"]
    }
    kinds = {code: key(value) for code, value in kinds.items()}
    expected = await _expected(conn)
    if caller == "anonymous":
        expected = {
            name: [row for row in rows if row[_count_key(name)] >= MIN_CELL]
            for name, rows in expected.items()
        }
    got = _plain(answer, kinds)
    for name in expected:
        assert got[name] == expected[name], name
    assert expected["article100CasesByStage"], "the sample has cases"
    assert {row["status"] for row in expected["article100CasesByStage"]} == {
        s.value for s in CaseStatus
    } or caller == "anonymous"


async def test_a_citys_figures_count_only_its_cases(
    conn: AsyncConnection, gql: GraphQLClient, settings: Settings
) -> None:
    tabriz = await conn.scalar(select(a100_case.c.municipality_id).limit(1))
    assert tabriz is not None
    token = mint_token(settings, Role.MINISTRY_ANALYST)
    data = await gql.data(
        "query($c: ID!) { article100CasesByStage(municipalityId: $c) { caseCount } "
        "article100CasesByDistrict(municipalityId: $c) { municipality { id } } }",
        {"c": gid("Municipality", tabriz)},
        token=token,
    )
    count = len(
        (
            await conn.execute(select(a100_case.c.id).where(a100_case.c.municipality_id == tabriz))
        ).all()
    )
    assert sum(row["caseCount"] for row in data["article100CasesByStage"]) == count
    assert {row["municipality"]["id"] for row in data["article100CasesByDistrict"]} == {
        gid("Municipality", tabriz)
    }
