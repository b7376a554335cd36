"""Social-security obligations: exact money, filters, and the sums behind them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import ObligationTransferRow, SocialSecurityObligationRow
from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import Tokens

OBLIGATIONS = """
query($filter: SocialSecurityObligationFilter, $first: Int, $after: String,
      $orderBy: SocialSecurityObligationOrder) {
  socialSecurityObligations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id year amountDue amountCollected amountOutstanding isSample
      category { code nameEn }
      municipality { id kind province { id } }
      transfers { amount transferredOn transferredOnSolarHijri reference }
    }
  }
}
"""


@pytest.fixture
def gql(gql: GraphQLClient, tokens: Tokens) -> GraphQLClient:
    """Obligations are the ministry's business (and each office's own): read as an analyst."""
    return gql.as_caller(tokens.analyst())


obligation = SocialSecurityObligationRow.__table__  # type: ignore[attr-defined]
transfer = ObligationTransferRow.__table__  # type: ignore[attr-defined]


async def _all(gql: GraphQLClient, filter_: dict[str, Any]) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        data = await gql.data(OBLIGATIONS, {"first": 100, "after": after, "filter": filter_})
        nodes += data["socialSecurityObligations"]["nodes"]
        if not data["socialSecurityObligations"]["pageInfo"]["hasNextPage"]:
            return nodes
        after = data["socialSecurityObligations"]["pageInfo"]["endCursor"]


async def test_categories_are_four_sample_rows(gql: GraphQLClient) -> None:
    data = await gql.data("{ obligationCategories { code nameFa nameEn isSample } }")

    assert len(data["obligationCategories"]) == 4
    assert all(c["isSample"] for c in data["obligationCategories"])


async def test_a_year_adds_up_to_the_order_of_1500_billion_tomans(
    gql: GraphQLClient, conn: AsyncConnection
) -> None:
    years = (await conn.execute(select(func.max(obligation.c.year)))).scalar_one()

    nodes = await _all(gql, {"year": years})

    total_rials = sum(int(str(n["amountDue"])) for n in nodes)
    assert all(isinstance(n["amountDue"], str) for n in nodes), "money travels as strings"
    assert total_rials > 2**31, "beyond what a GraphQL Int carries"
    # 1,500 billion tomans = 15,000 billion rials, give or take a tenth
    assert 13_500_000_000_000 <= total_rials <= 16_500_000_000_000
    exact = (
        await conn.execute(
            select(func.sum(obligation.c.amount_due)).where(obligation.c.year == years)
        )
    ).scalar_one()
    assert total_rials == int(exact)


async def test_collected_is_the_sum_of_transfers(gql: GraphQLClient) -> None:
    data = await gql.data(OBLIGATIONS, {"first": 50})
    nodes = data["socialSecurityObligations"]["nodes"]
    assert len(nodes) == 50
    assert sum(len(node["transfers"]) for node in nodes) > 0, "some were paid against"

    for node in nodes:
        transfers = sum(int(t["amount"]) for t in node["transfers"])
        assert int(node["amountCollected"]) == transfers
        assert int(node["amountOutstanding"]) == int(node["amountDue"]) - transfers
        assert node["isSample"]
        dates = [t["transferredOn"] for t in node["transfers"]]
        assert dates == sorted(dates)
        assert all(t["transferredOnSolarHijri"][:4] == str(node["year"]) for t in node["transfers"])


async def test_filters_by_category_province_and_kind(gql: GraphQLClient) -> None:
    page = await gql.data(OBLIGATIONS, {"first": 1})
    sample = page["socialSecurityObligations"]["nodes"][0]
    filter_ = {
        "year": sample["year"],
        "categoryCode": sample["category"]["code"],
        "provinceId": sample["municipality"]["province"]["id"],
        "municipalityKind": sample["municipality"]["kind"],
    }

    nodes = await _all(gql, filter_)

    assert sample["id"] in [n["id"] for n in nodes]
    for node in nodes:
        assert node["year"] == sample["year"]
        assert node["category"]["code"] == sample["category"]["code"]
        assert node["municipality"]["province"]["id"] == sample["municipality"]["province"]["id"]


async def test_ordered_by_amount(gql: GraphQLClient) -> None:
    data = await gql.data(
        OBLIGATIONS, {"first": 100, "orderBy": {"field": "AMOUNT_DUE", "direction": "DESC"}}
    )

    amounts = [int(n["amountDue"]) for n in data["socialSecurityObligations"]["nodes"]]
    assert amounts == sorted(amounts, reverse=True)


async def test_municipality_obligations_match_root_list(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ municipalities(first: 5) { nodes { id
             socialSecurityObligations(first: 100, filter: {year: 1404}) {
               totalCount nodes { id year municipality { id } } } } } }"""
    )

    for m in data["municipalities"]["nodes"]:
        connection = m["socialSecurityObligations"]
        assert connection["totalCount"] == len(connection["nodes"]) == 4
        assert {n["municipality"]["id"] for n in connection["nodes"]} == {m["id"]}
        root = await _all(gql, {"municipalityId": m["id"], "year": 1404})
        assert sorted(n["id"] for n in root) == sorted(n["id"] for n in connection["nodes"])
