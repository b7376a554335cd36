"""Inputs the fuzzer (tests/test_fuzz.py) found to fail the server, kept as plain tests.

(The other one, a national obligations total of nothing, is in tests/ministry/test_analytics.py;
an empty `query` string over HTTP is in tests/test_graphql_over_http.py.)"""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient

ENTITIES = "{ _entities(representations: [%s]) { ... on Municipality { id } } }"


@pytest.mark.parametrize(
    "representation",
    [
        "1",
        '{id: "1"}',
        '{__typename: 5, id: "1"}',
        '{__typename: "Nope", id: "1"}',
        '{__typename: "Province", id: "1"}',  # a type, not an entity of this subgraph
        '{__typename: "DraftDirective"}',  # no key
    ],
)
async def test_a_representation_that_is_not_ours_is_bad_user_input(
    gql: GraphQLClient, representation: str
) -> None:
    response = await gql.execute(ENTITIES % representation)

    [error] = response["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "representations"}


async def test_a_good_representation_still_resolves(gql: GraphQLClient) -> None:
    data = await gql.data(ENTITIES % '{__typename: "Municipality", id: "1"}')

    assert data == {"_entities": [{"id": "1"}]}


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
