"""Inputs the fuzzer (tests/test_fuzz.py) found to fail the server, kept as plain tests.

(The other one, a national obligations total of nothing, is in tests/ministry/test_analytics.py;
an empty `query` string over HTTP is in tests/test_graphql_over_http.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from tests.conftest import GraphQLClient
from tests.http_client import http_client

ENTITIES = "{ _entities(representations: [%s]) { ... on Municipality { id } } }"


@pytest.mark.parametrize(
    "representation",
    [
        "1",
        '{id: "1"}',
        '{__typename: 5, id: "1"}',
        '{__typename: "Nope", id: "1"}',
        '{__typename: "Mayor", id: "1"}',  # a database key, not the graph's id
        '{__typename: "DraftDirective"}',  # no key
    ],
)
async def test_a_representation_that_is_not_ours_is_bad_user_input(
    gql: GraphQLClient, representation: str
) -> None:
    response = await gql.execute(ENTITIES % representation)

    [error] = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "representations"


async def test_a_good_representation_still_resolves(gql: GraphQLClient) -> None:
    data = await gql.data(ENTITIES % '{__typename: "Municipality", id: "TXVuaWNpcGFsaXR5OjE="}')

    assert data == {"_entities": [{"id": "TXVuaWNpcGFsaXR5OjE="}]}


@pytest.mark.parametrize(
    "query",
    [
        "{ draftDirectives { pageInfo { hasNextPage } } }",
        "{ socialSecurityObligations { edges { cursor } pageInfo { endCursor @skip(if: true) } } }",
    ],
)
async def test_a_page_info_without_end_cursor_compiles(gql: GraphQLClient, query: str) -> None:
    """The compiled path referred to the page's row count, a column only endCursor adds."""
    general = GraphQLClient(
        gql.connection, gql.settings.model_copy(update={"compiled_reads": False})
    )

    assert await gql.data(query) == await general.data(query)


async def test_a_nul_character_in_a_text_argument_is_bad_user_input(
    settings: Settings, engine: AsyncEngine
) -> None:
    """PostgreSQL refuses NUL in text: that was an internal error, and it aborted the
    transaction under the request's other fields."""
    query = """{ draftDirectives(first: 2) { nodes { id } }
      obligationsSummary(groupBy: [], filter: {categoryCode: "a\\u0000b"}) { amountDue }
      municipalities(filter: {search: "x\\u0000"}) { totalCount } }"""
    async with http_client(settings, engine, compiled_reads=False) as client:
        general = await client.post("/graphql", json={"query": query})
    async with http_client(settings, engine) as client:
        compiled = await client.post("/graphql", json={"query": query})

    for response in (general, compiled):
        payload = response.json()
        assert response.status_code == 200
        assert {e["extensions"]["code"] for e in payload.get("errors", [])} <= {"BAD_USER_INPUT"}
        if "errors" not in payload:  # SQLite stores NUL: nothing to refuse
            assert payload["data"]["obligationsSummary"] == [{"amountDue": "0"}]


# Found by the differential fuzzer (tests/test_differential.py): each case answered differently by
# the general executor and the compiled path.
DIFFERENTIAL = {
    # `edges { node }` and `nodes` selecting different fields of one connection
    "edges and nodes": "{ mayorsCommittees { edges { node { chair { id } } } nodes { id } } }",
    # a connection asked only for constants of its pageInfo, over an empty page
    "an empty page's pageInfo": (
        '{ councilResolutions(filter: {councilId: "1", municipalityId: "1"}) '
        "{ pageInfo { hasPreviousPage __typename } } }"
    ),
    # a page of more than one row asked only for constants of its pageInfo (one group)
    "a full page's pageInfo": "{ councilResolutions(first: 2) { pageInfo { hasPreviousPage } } }",
    # a field that fails (a bad cursor) while its siblings read: their statement is cancelled,
    # and the request's later reads must not find its connection lost
    "a failing field beside reads": (
        '{ province(id: "5") { centre { draftDirectives(after: "4D3A") { edges { __typename } }'
        " council { assemblyMeetings { __typename } municipality { __typename } head { id } } } }"
        ' council(id: "1") { assemblyMeetings { heldOn } }'
        ' municipality(id: "12") { council { assemblyMeetings { heldOn } } inCouncilsAssembly } }'
    ),
}


@pytest.mark.parametrize("name", list(DIFFERENTIAL))
async def test_both_paths_agree_where_they_once_did_not(
    settings: Settings, engine: AsyncEngine, name: str
) -> None:
    query = {"query": DIFFERENTIAL[name]}
    headers = {"accept": "application/json"}
    async with (
        http_client(settings, engine, compiled_reads=False) as general,
        http_client(settings, engine, compiled_reads=True) as compiled,
    ):
        expected = await general.post("/graphql", json=query, headers=headers)
        first = await compiled.post("/graphql", json=query, headers=headers)
        again = await compiled.post("/graphql", json=query, headers=headers)

    assert b"SERVICE_UNAVAILABLE" not in expected.content + first.content
    assert first.content == expected.content
    assert again.content == expected.content
