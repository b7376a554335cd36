"""`GET /export/<name>.csv`: a query's answer as CSV, under the same rules as `/graphql`."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import httpx
import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.auth import Role, mint_token
from core.settings import Settings
from tests.http_client import codes, http_client

TOP = """query($years: [Int!]) { obligationsSummary(groupBy: [MUNICIPALITY, YEAR],
  filter: {years: $years}, orderBy: {field: AMOUNT_OUTSTANDING}, first: 5) {
  municipality { id nameFa } year amountOutstanding collectionRate } }"""


@pytest.fixture
async def client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(settings, engine) as client:
        yield client


def _analyst(settings: Settings) -> dict[str, str]:
    return {"authorization": f"Bearer {mint_token(settings, Role.MINISTRY_ANALYST)}"}


async def test_an_analysts_answer_as_csv_matches_graphql(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    variables = orjson.dumps({"years": [1403, 1404]}).decode()
    params = {"query": TOP, "variables": variables}

    exported = await client.get("/export/top-5.csv", params=params, headers=_analyst(settings))
    answered = await client.get("/graphql", params=params, headers=_analyst(settings))

    assert exported.status_code == 200
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.headers["content-disposition"] == 'attachment; filename="top-5.csv"'
    assert exported.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    expected = answered.json()["data"]["obligationsSummary"]
    assert rows[0] == [
        "municipality.id",
        "municipality.nameFa",
        "year",
        "amountOutstanding",
        "collectionRate",
    ]
    assert rows[1:] == [
        [
            r["municipality"]["id"],
            r["municipality"]["nameFa"],
            str(r["year"]),
            r["amountOutstanding"],
            "" if r["collectionRate"] is None else str(r["collectionRate"]),
        ]
        for r in expected
    ]
    assert len(rows) == 1 + len(expected) > 1


async def test_a_connection_exports_its_nodes(client: httpx.AsyncClient) -> None:
    query = "{ municipalities(first: 3) { nodes { nameEn province { nameEn } } totalCount } }"

    exported = await client.get("/export/m.csv", params={"query": query})

    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == ["nameEn", "province.nameEn"]
    assert len(rows) == 4


@pytest.mark.parametrize(
    ("params", "code"),
    [
        (
            {"query": "{ obligationsSummary(groupBy: [], first: 0) { amountDue } }"},
            "BAD_USER_INPUT",
        ),
        ({"query": "{ a: provinces { id } b: provinces { id } }"}, "BAD_REQUEST"),
        ({"query": "mutation { __typename }"}, "METHOD_NOT_ALLOWED"),
        ({}, "BAD_REQUEST"),
    ],
)
async def test_a_failed_export_is_answered_as_graphql_answers(
    client: httpx.AsyncClient, params: dict[str, str], code: str
) -> None:
    response = await client.get("/export/x.csv", params=params)

    assert response.status_code in (400, 405)
    assert response.headers["content-type"].startswith("application/json")
    assert codes(response) == [code]


async def test_exports_share_the_rate_limit(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine, rate_limit_anonymous_operations=1) as client:
        first = await client.get("/export/x.csv", params={"query": "{ provinces { id } }"})
        second = await client.get("/graphql", params={"query": "{ provinces { id } }"})

    assert first.status_code == 200
    assert second.status_code == 429
