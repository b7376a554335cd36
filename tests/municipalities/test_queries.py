"""Reads of the municipalities domain, on both databases."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.text import persian_sort_key
from db.tables import draft as draft_table
from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import Tokens

METROPOLISES = """
query Metropolises($first: Int) {
  municipalities(first: $first, filter: {kind: METROPOLIS}) {
    totalCount
    edges { node { nameFa nameEn kind isProvincialCentre province { nameEn } mayor { fullName } } }
  }
}
"""

MUNICIPALITY_PAGE = """
query Page($first: Int, $after: String, $orderBy: MunicipalityOrder, $filter: MunicipalityFilter) {
  municipalities(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id nameEn nameFa population } }
  }
}
"""

PROVINCES = """
{ provinces { id nameFa nameEn centre { nameEn kind isProvincialCentre } } }
"""

SEARCH = """
query Search($search: String!) {
  municipalities(first: 10, filter: {search: $search}) { totalCount nodes { nameEn } }
}
"""

COMMITTEE = """
{
  mayorsCommittee {
    isCurrent
    members { role isActive mayor { fullName isCurrent municipality { nameEn } } }
    chair { role mayor { fullName } }
    memberships { isActive endedOn }
  }
  mayorsCommittees { totalCount nodes { isCurrent members { role } } }
}
"""

DRAFTS = """
query Drafts($filter: DraftDirectiveFilter, $first: Int, $orderBy: DraftDirectiveOrder) {
  draftDirectives(first: $first, filter: $filter, orderBy: $orderBy) {
    totalCount
    nodes {
      id status title createdAt createdOnSolarHijri submittedAt
      municipality { id nameEn province { id } kind }
      events { fromStatus toStatus occurredAt actor reason }
    }
  }
}
"""


async def test_metropolises_answer_with_real_cities(gql: GraphQLClient) -> None:
    data = await gql.data(METROPOLISES, {"first": 5})

    connection = data["municipalities"]
    assert connection["totalCount"] == 9
    names = [edge["node"]["nameEn"] for edge in connection["edges"]]
    assert names == sorted(names)
    assert len(names) == 5
    assert names[0] == "Ahvaz"
    for edge in connection["edges"]:
        node = edge["node"]
        assert node["kind"] == "METROPOLIS"
        assert node["isProvincialCentre"]
        assert node["province"]["nameEn"]
        assert node["mayor"]["fullName"]


async def test_provinces_are_the_31_with_their_centres(gql: GraphQLClient) -> None:
    data = await gql.data(PROVINCES)

    provinces = data["provinces"]
    assert len(provinces) == 31
    assert [p["nameEn"] for p in provinces] == sorted(p["nameEn"] for p in provinces)
    centres = {p["nameEn"]: p["centre"]["nameEn"] for p in provinces}
    assert centres["Razavi Khorasan"] == "Mashhad"
    assert centres["East Azerbaijan"] == "Tabriz"
    assert centres["Alborz"] == "Karaj"
    assert all(p["centre"]["isProvincialCentre"] for p in provinces)


async def test_province_lists_its_municipalities(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ provinces { nameEn municipalities(first: 100) { totalCount nodes { province { nameEn } } } } }"""
    )

    total = 0
    for province in data["provinces"]:
        nodes = province["municipalities"]["nodes"]
        assert province["municipalities"]["totalCount"] == len(nodes) >= 1
        assert {n["province"]["nameEn"] for n in nodes} == {province["nameEn"]}
        total += len(nodes)
    everything = await gql.data("{ municipalities(first: 0) { totalCount } }")
    assert total == everything["municipalities"]["totalCount"]


@pytest.mark.parametrize(
    ("order_by", "key", "reverse"),
    [
        (None, "nameEn", False),
        ({"field": "NAME_FA", "direction": "ASC"}, "nameFa", False),
        ({"field": "POPULATION", "direction": "DESC"}, "population", True),
    ],
)
async def test_pages_walk_the_whole_list_in_order(
    gql: GraphQLClient, order_by: dict[str, str] | None, key: str, reverse: bool
) -> None:
    seen: list[dict[str, Any]] = []
    after = None
    has_next = True
    while has_next:
        data = await gql.data(MUNICIPALITY_PAGE, {"first": 7, "after": after, "orderBy": order_by})
        connection = data["municipalities"]
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [edge["node"] for edge in connection["edges"]]
        has_next = connection["pageInfo"]["hasNextPage"]
        after = connection["pageInfo"]["endCursor"]

    assert len(seen) == connection["totalCount"]
    assert len({node["id"] for node in seen}) == len(seen)
    values = [(node[key] or 0) for node in seen]
    if key == "nameFa":  # Persian alphabetical order (tests/municipalities/test_persian_order.py)
        values = [persian_sort_key(str(value)) for value in values]
    assert values == sorted(values, reverse=reverse)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("کرمانشاه", "Kermanshah"),
        ("كرمانشاه", "Kermanshah"),  # Arabic kaf
        ("ياسوج", "Yasuj"),  # Arabic yeh
        ("mashhad", "Mashhad"),
        ("BANDAR ABBAS", "Bandar Abbas"),
        ("خرم آباد", "Khorramabad"),  # a space where the name has a zero-width non-joiner
    ],
)
async def test_name_search_treats_letter_variants_as_one(
    gql: GraphQLClient, search: str, expected: str
) -> None:
    data = await gql.data(SEARCH, {"search": search})

    assert expected in [node["nameEn"] for node in data["municipalities"]["nodes"]]


async def test_search_escapes_like_wildcards(gql: GraphQLClient) -> None:
    data = await gql.data(SEARCH, {"search": "%"})

    assert data["municipalities"]["totalCount"] == 0


async def test_filters_combine(gql: GraphQLClient) -> None:
    provinces = await gql.data("{ provinces { id nameEn } }")
    tehran = next(p["id"] for p in provinces["provinces"] if p["nameEn"] == "Tehran")

    data = await gql.data(
        MUNICIPALITY_PAGE,
        {"first": 100, "filter": {"provinceId": tehran, "isProvincialCentre": False}},
    )

    nodes = [edge["node"]["nameEn"] for edge in data["municipalities"]["edges"]]
    assert nodes
    assert "Tehran" not in nodes


async def test_current_committee_has_five_members_and_one_chair(gql: GraphQLClient) -> None:
    data = await gql.data(COMMITTEE)

    committee = data["mayorsCommittee"]
    assert committee["isCurrent"]
    assert len(committee["members"]) == 5
    assert [m["role"] for m in committee["members"]].count("CHAIR") == 1
    assert committee["members"][0]["role"] == "CHAIR"
    chair_name = committee["members"][0]["mayor"]["fullName"]
    assert committee["chair"] == {"role": "CHAIR", "mayor": {"fullName": chair_name}}
    assert all(m["isActive"] and m["mayor"]["isCurrent"] for m in committee["members"])
    assert len(committee["memberships"]) > 5, "history keeps the replaced member"
    history = data["mayorsCommittees"]
    assert history["totalCount"] >= 2
    assert history["nodes"][0]["isCurrent"]
    assert all(len(c["members"]) == 5 for c in history["nodes"])


async def test_municipality_mayors_history(gql: GraphQLClient) -> None:
    data = await gql.data(
        """{ municipalities(first: 3) { nodes { mayor { id isCurrent termEnd }
             mayors { id termStart termEnd isCurrent termStartSolarHijri } } } }"""
    )

    for node in data["municipalities"]["nodes"]:
        mayors = node["mayors"]
        assert [m["termStart"] for m in mayors] == sorted(m["termStart"] for m in mayors)
        assert mayors[-1]["id"] == node["mayor"]["id"]
        assert node["mayor"]["termEnd"] is None
        assert sum(m["isCurrent"] for m in mayors) == 1


async def test_drafts_in_every_status_with_histories(
    gql: GraphQLClient, conn: AsyncConnection, tokens: Tokens
) -> None:
    seeded = set((await conn.execute(select(draft_table.c.status).distinct())).scalars())
    all_statuses = await gql.data('{ __type(name: "DraftStatus") { enumValues { name } } }')
    assert seeded == {value["name"] for value in all_statuses["__type"]["enumValues"]}

    # The ministry sees every draft once submitted, in every status a submitted draft can have.
    reviewer = gql.as_caller(tokens.reviewer())
    data = await reviewer.data(DRAFTS, {"first": 100})

    drafts = data["draftDirectives"]["nodes"]
    created = [d["createdAt"] for d in drafts]
    assert created == sorted(created, reverse=True), "latest first by default"
    statuses = {d["status"] for d in drafts}
    for status in seeded - {"DRAFT"}:
        response = await reviewer.data(DRAFTS, {"first": 1, "filter": {"status": [status]}})
        assert response["draftDirectives"]["totalCount"] >= 1, status
    for draft in drafts:
        events = draft["events"]
        assert events[0]["fromStatus"] is None
        assert events[0]["toStatus"] == "DRAFT"
        assert events[-1]["toStatus"] == draft["status"]
        for before, after in itertools.pairwise(events):
            assert after["fromStatus"] == before["toStatus"]
            assert after["occurredAt"] >= before["occurredAt"]
    assert statuses


async def test_draft_filters_by_status_province_kind_and_year(gql: GraphQLClient) -> None:
    everything = await gql.data(DRAFTS, {"first": 100})
    sample = everything["draftDirectives"]["nodes"][0]
    year = sample["createdOnSolarHijri"][:4]

    data = await gql.data(
        DRAFTS,
        {
            "first": 100,
            "filter": {
                "status": [sample["status"]],
                "provinceId": sample["municipality"]["province"]["id"],
                "municipalityKind": sample["municipality"]["kind"],
                "year": int(year),
            },
        },
    )

    nodes = data["draftDirectives"]["nodes"]
    assert sample["id"] in [n["id"] for n in nodes]
    assert data["draftDirectives"]["totalCount"] == len(nodes)
    for node in nodes:
        assert node["status"] == sample["status"]
        assert node["municipality"]["province"]["id"] == sample["municipality"]["province"]["id"]
        assert node["createdOnSolarHijri"].startswith(year)


async def test_draft_title_search_normalises_text(gql: GraphQLClient) -> None:
    everything = await gql.data(DRAFTS, {"first": 1})
    title = everything["draftDirectives"]["nodes"][0]["title"]
    word = max(title.split(), key=len)
    arabic = word.replace("ی", "ي").replace("ک", "ك")

    data = await gql.data(DRAFTS, {"first": 100, "filter": {"search": arabic}})

    assert all(word in node["title"] for node in data["draftDirectives"]["nodes"])
    assert data["draftDirectives"]["totalCount"] >= 1


async def test_lookups_by_id_join_both_ways(gql: GraphQLClient) -> None:
    page = await gql.data("{ draftDirectives(first: 1) { nodes { id municipality { id } } } }")
    draft = page["draftDirectives"]["nodes"][0]

    data = await gql.data(
        """query($d: ID!, $m: ID!) {
             draftDirective(id: $d) { id events { draftDirective { id } } }
             municipality(id: $m) { id draftDirectives(first: 100) { nodes { id } } }
           }""",
        {"d": draft["id"], "m": draft["municipality"]["id"]},
    )

    assert data["draftDirective"]["id"] == draft["id"]
    assert {e["draftDirective"]["id"] for e in data["draftDirective"]["events"]} == {draft["id"]}
    assert draft["id"] in [n["id"] for n in data["municipality"]["draftDirectives"]["nodes"]]
