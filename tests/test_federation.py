"""The service is an Apollo Federation 2 subgraph."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from tests.conftest import GraphQLClient, StatementCounter

ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Municipality { id nameEn mayor { fullName } }
    ... on DraftDirective { id title municipality { nameEn } }
  }
}
"""


async def test_service_sdl_is_federation_2_7_with_keys(gql: GraphQLClient) -> None:
    data = await gql.data("{ _service { sdl } }")

    sdl = data["_service"]["sdl"]
    assert 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7"' in sdl or (
        '@link(url: "https://specs.apollo.dev/federation/v2.7"' in sdl
    )
    assert 'type Municipality implements Node @key(fields: "id")' in sdl
    assert 'type DraftDirective implements Node @key(fields: "id")' in sdl


async def test_entities_resolve_in_order_in_one_statement_per_type(
    gql: GraphQLClient, conn: AsyncConnection
) -> None:
    page = await gql.data(
        "{ municipalities(first: 30) { nodes { id nameEn } } "
        "draftDirectives(first: 30) { nodes { id title } } }"
    )
    municipalities = page["municipalities"]["nodes"]
    drafts = page["draftDirectives"]["nodes"]
    representations = [{"__typename": "Municipality", "id": m["id"]} for m in municipalities] + [
        {"__typename": "DraftDirective", "id": d["id"]} for d in drafts
    ]

    with StatementCounter(conn) as counted:
        data = await gql.data(ENTITIES, {"representations": representations})

    entities = data["_entities"]
    assert [e["id"] for e in entities] == [r["id"] for r in representations]
    assert [e["nameEn"] for e in entities[:30]] == [m["nameEn"] for m in municipalities]
    assert [e["title"] for e in entities[30:]] == [d["title"] for d in drafts]
    # municipalities, drafts, mayors, and the drafts' municipalities (cached ones are reused)
    assert counted.count <= 4


async def test_unknown_entity_is_null(gql: GraphQLClient) -> None:
    data = await gql.data(
        ENTITIES,
        {"representations": [{"__typename": "Municipality", "id": "TXVuaWNpcGFsaXR5Ojk5OTk5OQ=="}]},
    )

    assert data["_entities"] == [None]
