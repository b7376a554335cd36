"""Three owners' subgraphs built from the same types: who shows what, who extends whom, and
entities resolved in batches (one statement per entity type, however many representations)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from graphql import GraphQLObjectType, GraphQLUnionType
from sqlalchemy.ext.asyncio import AsyncConnection

from core.settings import Settings
from graph.root import SUBGRAPHS, Subgraph, schema
from schema.declare import NODES
from tests.conftest import GraphQLClient, StatementCounter
from tests.municipalities.fixtures import Tokens

MUNICIPALITIES, MINISTRY, COUNCILS = Subgraph


def _fields(subgraph: Subgraph | None, type_name: str) -> list[str]:
    built = (SUBGRAPHS[subgraph] if subgraph else schema)._schema.type_map[type_name]
    assert isinstance(built, GraphQLObjectType)
    return list(built.fields)


def _entities(subgraph: Subgraph | None) -> set[str]:
    union = (SUBGRAPHS[subgraph] if subgraph else schema)._schema.type_map["_Entity"]
    assert isinstance(union, GraphQLUnionType)
    return {member.name for member in union.types}


def test_each_owner_extends_municipality_with_only_its_own_fields() -> None:
    assert _fields(MINISTRY, "Municipality") == ["id", "socialSecurityObligations"]
    assert _fields(COUNCILS, "Municipality") == [
        "id",
        "kind",
        "council",
        "districts",
        "inCouncilsAssembly",
    ]
    owned = _fields(MUNICIPALITIES, "Municipality")
    assert {"nameFa", "province", "mayor", "draftDirectives", "hostedJointSessions"} <= set(owned)
    assert not {"socialSecurityObligations", "council", "districts", "inCouncilsAssembly"} & set(
        owned
    )
    assert set(_fields(None, "Municipality")) == set(owned) | {
        "socialSecurityObligations",
        "council",
        "districts",
        "inCouncilsAssembly",
    }


def test_entities_and_keys_per_subgraph() -> None:
    """Every object with an id is an entity; the subgraph of `node(id:)` knows them all (the
    others' as stubs), each other subgraph the ones it reaches."""
    assert _entities(MUNICIPALITIES) == set(NODES)
    # the meetings' agendas and attendance are objects with ids too
    assert {
        "AssemblyAgendaItem",
        "JointSessionAgendaItem",
        "JointSessionAttendance",
        "CommissionAgendaItem",
    } <= set(NODES)
    # the ministry extends drafts with its decisions' outcome (the national circular)
    assert _entities(MINISTRY) == {
        "Municipality",
        "Province",
        "DraftDirective",
        "NationalCircular",
        "ObligationCategory",
        "ObligationTransfer",
        "SocialSecurityObligation",
    }
    # the councils' assembly meetings have agendas, whose items point at drafts
    assert _entities(COUNCILS) == {
        "Municipality",
        "Attachment",
        "AssemblyMeeting",
        "AssemblyAgendaItem",
        "CityCouncil",
        "CouncilMember",
        "CouncilResolution",
        "CouncilTerm",
        "CouncilsAssembly",
        "GovernmentBill",
        # a district's neighbourhood councils (schema/neighbourhoods/, owned by the councils):
        # every object with an id is an entity
        "CityDistrict",
        "DistrictArea",
        "Neighbourhood",
        "NeighbourhoodCouncil",
        "DistrictPost",
        "WorkingGroup",
        "WorkingGroupMeeting",
        "WorkingGroupAttendance",
        "BoardMeeting",
        "Escalation",
        "EscalationEvent",
        "CouncilDirective",
        "SmallProject",
        "SmallProjectSignature",
        "SmallProjectEvent",
        "DraftDirective",
    }
    assert _fields(MUNICIPALITIES, "CouncilResolution") == ["id"]  # a stub, for `node(id:)`
    assert _fields(MINISTRY, "Province") == ["id"]  # a stub: the ministry only points at it
    assert _fields(MINISTRY, "DraftDirective") == ["id", "nationalCircular"]


def test_requires_and_external_only_between_subgraphs() -> None:
    councils = SUBGRAPHS[COUNCILS].as_str()
    assert "kind: MunicipalityKind! @external" in councils
    assert 'inCouncilsAssembly: Boolean! @requires(fields: "kind")' in councils
    assert '@link(url: "https://specs.apollo.dev/federation/v2.7"' in councils
    merged = schema.as_str()
    assert "@external" not in merged
    assert "@requires" not in merged
    for subgraph in Subgraph:
        assert "type PageInfo @shareable" in SUBGRAPHS[subgraph].as_str()
    analysts = SUBGRAPHS[MINISTRY].as_str()
    for root in (
        "obligationsSummary",
        "transfersSummary",
        "draftPipelineSummary",
        "draftLeadTimes",
        "draftThroughput",
    ):
        assert re.search(rf"\n  {root}\([^@]*\): [^\n]* @tag\(name: \"analysts\"\)", analysts), root
    assert analysts.count('@tag(name: "analysts")') == 5


@pytest.mark.parametrize("subgraph", list(Subgraph))
async def test_service_sdl_is_the_subgraphs_own(
    conn: AsyncConnection, settings: Settings, subgraph: Subgraph
) -> None:
    client = GraphQLClient(conn, settings, served=SUBGRAPHS[subgraph])

    data = await client.data("{ _service { sdl } }")

    assert data["_service"]["sdl"] == SUBGRAPHS[subgraph].as_str()


ENTITY_COUNCILS = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Municipality { id inCouncilsAssembly
      council { id head { fullName } members { fullName } resolutions(first: 2) { totalCount } } }
  }
}
"""


async def _municipality_ids(gql: GraphQLClient) -> list[str]:
    page = await gql.data("{ municipalities(first: 100) { nodes { id } } }")
    return [node["id"] for node in page["municipalities"]["nodes"]]


async def test_councils_resolve_municipalities_in_one_statement_per_type(
    gql: GraphQLClient, conn: AsyncConnection, settings: Settings
) -> None:
    ids = await _municipality_ids(gql)
    councils = GraphQLClient(conn, settings, served=SUBGRAPHS[COUNCILS])
    counts: list[int] = []
    for size in (5, len(ids)):
        representations = [
            {"__typename": "Municipality", "id": i, "kind": "CITY"} for i in ids[:size]
        ]
        with StatementCounter(conn) as counted:
            data = await councils.data(ENTITY_COUNCILS, {"representations": representations})
        counts.append(counted.count)
        entities = data["_entities"]
        assert [e["id"] for e in entities] == ids[:size]
        assert all(e["council"] is not None for e in entities)
        # @requires: the representation's kind is taken as given
        assert all(e["inCouncilsAssembly"] is False for e in entities)

    # municipalities, `inCouncilsAssembly` over the kinds given, councils, heads, members,
    # resolutions, their counts: the same for 5 and for all
    assert counts[0] == counts[1] <= 7


async def test_ministry_extends_municipality_with_its_obligations(
    gql: GraphQLClient, conn: AsyncConnection, settings: Settings, tokens: Tokens
) -> None:
    ids = await _municipality_ids(gql)
    ministry = GraphQLClient(conn, settings, served=SUBGRAPHS[MINISTRY])
    ministry = ministry.as_caller(tokens.analyst())  # obligations are the ministry's to read
    representations = [{"__typename": "Municipality", "id": i} for i in ids]
    query = """query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Municipality { id socialSecurityObligations(first: 2) { nodes { year amountDue } } } } }"""

    with StatementCounter(conn) as counted:
        data = await ministry.data(query, {"representations": representations})

    assert [e["id"] for e in data["_entities"]] == ids
    assert all(len(e["socialSecurityObligations"]["nodes"]) == 2 for e in data["_entities"])
    assert counted.count == 2  # the municipalities, then one page of obligations for all


async def test_a_subgraph_answers_only_its_own_root_fields(
    conn: AsyncConnection, settings: Settings
) -> None:
    councils = GraphQLClient(conn, settings, served=SUBGRAPHS[COUNCILS])

    assert await councils.error_codes("{ municipalities { totalCount } }") == [
        "GRAPHQL_VALIDATION_FAILED"
    ]
    data: dict[str, Any] = await councils.data("{ councils(first: 1) { totalCount } }")
    assert data["councils"]["totalCount"] == 52
