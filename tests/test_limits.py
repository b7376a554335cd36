"""What one request may cost: each limit rejects with HTTP 400 and one error carrying a code;
production hides field suggestions, serves no IDE and (by default) refuses introspection."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Environment, Settings
from graph.limits import check_limits, count_tokens, measure, parse_document
from graph.root import schema
from tests.conftest import GraphQLClient
from tests.http_client import GRAPHQL_RESPONSE, JSON, codes, http_client

NESTED = (
    """{ municipalities(first: 2) { nodes { province { centre { province { nameEn } } } } } }"""
)
ALIASES = "{ a: provinces { id } b: provinces { id } c: provinces { id } }"
DIRECTIVES = "{ provinces @include(if: true) @skip(if: false) { id @include(if: true) } }"
ROOT_FIELDS = "{ provinces { id } obligationCategories { id } mayorsCommittee { id } }"
COSTLY = """query($first: Int) { municipalities(first: $first) {
  nodes { draftDirectives(first: 100) { nodes { id events { id } } } } } }"""


def _fragment_bomb(levels: int) -> str:
    """Each fragment spreads the one below twice: 2^(levels-1) copies of `centre` per province."""
    fragments = ["fragment F0 on Province { centre { id } }"]
    fragments += [
        f"fragment F{i} on Province {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels)
    ]
    body = "\n".join(fragments)
    return f"{{ provinces {{ ...F{levels - 1} }} }}\n{body}"


LIMITS: dict[str, tuple[dict[str, Any], str, dict[str, Any], str]] = {
    # case: (settings, document, variables, code)
    "depth": ({"max_depth": 5}, NESTED, {}, "DEPTH_LIMIT_EXCEEDED"),
    "aliases": ({"max_aliases": 2}, ALIASES, {}, "ALIAS_LIMIT_EXCEEDED"),
    "tokens": ({"max_tokens": 10}, ALIASES, {}, "TOKEN_LIMIT_EXCEEDED"),
    "directives": ({"max_directives": 2}, DIRECTIVES, {}, "DIRECTIVE_LIMIT_EXCEEDED"),
    "root fields": ({"max_root_fields": 2}, ROOT_FIELDS, {}, "ROOT_FIELD_LIMIT_EXCEEDED"),
    "cost": ({}, COSTLY, {"first": 100}, "COST_LIMIT_EXCEEDED"),
    "cost of fragments spread into each other": ({}, _fragment_bomb(40), {}, "COST_LIMIT_EXCEEDED"),
}


@pytest.mark.parametrize("case", list(LIMITS))
async def test_a_limit_rejects_with_400_and_one_coded_error(
    settings: Settings, engine: AsyncEngine, case: str
) -> None:
    update, document, variables, code = LIMITS[case]
    async with http_client(settings, engine, **update) as client:
        response = await client.post("/graphql", json={"query": document, "variables": variables})

    assert response.status_code == 400
    assert "data" not in response.json()
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == code


@pytest.mark.parametrize("case", list(LIMITS))
async def test_within_each_limit_the_operation_runs(
    settings: Settings, engine: AsyncEngine, case: str
) -> None:
    _, document, variables, _ = LIMITS[case]
    if "fragments" in case:
        document, variables = _fragment_bomb(3), {}
    if case == "cost":
        variables = {"first": 5}
    async with http_client(settings, engine) as client:
        response = await client.post("/graphql", json={"query": document, "variables": variables})

    assert response.status_code == 200, response.json()
    assert "errors" not in response.json()


async def test_legacy_json_clients_get_the_limit_error_with_200(
    settings: Settings, engine: AsyncEngine
) -> None:
    """`application/json` answers every well-formed request with 200 (the specification)."""
    async with http_client(settings, engine, max_aliases=2) as client:
        response = await client.post("/graphql", json={"query": ALIASES}, headers={"Accept": JSON})

    assert response.status_code == 200
    assert codes(response) == ["ALIAS_LIMIT_EXCEEDED"]


async def test_the_first_limit_exceeded_is_the_one_error(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with http_client(settings, engine, max_depth=2, max_aliases=1) as client:
        response = await client.post(
            "/graphql", json={"query": NESTED.replace("{ nodes", "{ n: nodes")}
        )

    assert codes(response) == ["DEPTH_LIMIT_EXCEEDED"]
    [error] = response.json()["errors"]
    assert error["extensions"] == {
        "code": "DEPTH_LIMIT_EXCEEDED",
        "limit": "maxDepth",
        "maximum": 2,
        "actual": 6,
    }


async def test_limits_run_before_validation(settings: Settings, engine: AsyncEngine) -> None:
    """A hostile document is refused before graphql-core's (partly quadratic) rules see it."""
    async with http_client(settings, engine, max_aliases=2) as client:
        response = await client.post("/graphql", json={"query": "{ a: x b: y c: z }"})

    assert codes(response) == ["ALIAS_LIMIT_EXCEEDED"]


def test_a_fragment_bomb_is_measured_in_linear_time(settings: Settings) -> None:
    document = parse_document(_fragment_bomb(200), max_tokens=0)
    started = time.perf_counter()
    found = measure(schema._schema, document, None, None, settings)

    assert time.perf_counter() - started < 0.5
    assert found.cost == 31 * (1 + 2**199)  # 31 provinces, each with 2^199 centres


def test_the_cost_counts_pages_of_connections(settings: Settings) -> None:
    query = """{ municipalities(first: 10) { totalCount edges { node { nameEn
      draftDirectives { nodes { id } } } } } }"""
    found = measure(schema._schema, parse_document(query, 0), None, None, settings)

    # municipalities 1, its totalCount 1, 10 edges, 10 nodes, 10 draft connections,
    # each with a default page (20) of nodes
    assert found.cost == 1 + 1 + 10 + 10 + 10 + 10 * 20


def test_first_beyond_the_maximum_page_counts_as_the_maximum(settings: Settings) -> None:
    document = parse_document("query($n: Int) { municipalities(first: $n) { nodes { id } } }", 0)

    assert measure(schema._schema, document, None, {"n": 5000}, settings).cost == 1 + 100
    assert measure(schema._schema, document, None, {"n": 3}, settings).cost == 1 + 3
    assert check_limits(schema._schema, document, None, {"n": 10**9}, settings) is None


async def test_a_page_over_the_maximum_stays_a_bad_user_input(gql: GraphQLClient) -> None:
    assert await gql.error_codes("{ municipalities(first: 101) { totalCount } }") == [
        "BAD_USER_INPUT"
    ]


def test_tokens_are_counted_without_comments() -> None:
    assert count_tokens("# a comment\n{ a b }", stop_after=100) == 4
    assert count_tokens("{ " + "a " * 1000 + "}", stop_after=10) == 11


async def test_a_limit_set_to_zero_is_off(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine, max_aliases=0) as client:
        query = "{ provinces { " + " ".join(f"a{i}: id" for i in range(50)) + " } }"
        response = await client.post("/graphql", json={"query": query})

    assert response.status_code == 200


async def test_a_body_over_the_limit_is_413(settings: Settings, engine: AsyncEngine) -> None:
    body = json.dumps({"query": "{ __typename }", "variables": {"x": "x" * 5000}})
    async with http_client(settings, engine, max_body_bytes=4096) as client:
        response = await client.post(
            "/graphql", content=body, headers={"Content-Type": "application/json"}
        )

    assert response.status_code == 413
    assert codes(response) == ["PAYLOAD_TOO_LARGE"]


async def test_a_streamed_body_over_the_limit_is_413(
    settings: Settings, engine: AsyncEngine
) -> None:
    async def chunks() -> Any:
        for _ in range(10):
            yield b" " * 1024

    async with http_client(settings, engine, max_body_bytes=4096) as client:
        response = await client.post(
            "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
        )

    assert response.status_code == 413


async def test_batching_is_off_unless_enabled(settings: Settings, engine: AsyncEngine) -> None:
    batch = [{"query": "{ __typename }"}, {"query": "{ obligationCategories { code } }"}]
    async with http_client(settings, engine) as client:
        refused = await client.post("/graphql", json=batch)
    async with http_client(settings, engine, batching=True, max_batch_size=2) as client:
        accepted = await client.post("/graphql", json=batch)
        too_many = await client.post("/graphql", json=batch * 2)

    assert refused.status_code == 400
    assert codes(refused) == ["BATCHING_NOT_ENABLED"]
    assert accepted.status_code == 200
    first, second = accepted.json()
    assert first == {"data": {"__typename": "Query"}}
    assert len(second["data"]["obligationCategories"]) == 4
    assert too_many.status_code == 400
    assert codes(too_many) == ["BATCH_LIMIT_EXCEEDED"]


INTROSPECTION = {
    "__schema": "{ __schema { queryType { name } } }",
    "__type": '{ __type(name: "Municipality") { name } }',
    "_service": "{ _service { sdl } }",
}


@pytest.mark.parametrize("field", list(INTROSPECTION))
@pytest.mark.parametrize(
    ("environment", "introspection", "allowed"),
    [
        (Environment.DEVELOPMENT, None, True),
        (Environment.PRODUCTION, None, False),
        (Environment.PRODUCTION, True, True),
        (Environment.DEVELOPMENT, False, False),
    ],
)
async def test_introspection_is_a_setting_on_in_development_off_in_production(
    settings: Settings,
    engine: AsyncEngine,
    field: str,
    environment: Environment,
    introspection: bool | None,
    allowed: bool,
) -> None:
    async with http_client(
        settings, engine, environment=environment, introspection=introspection
    ) as client:
        response = await client.post("/graphql", json={"query": INTROSPECTION[field]})

    assert (response.status_code == 200) is allowed
    if not allowed:
        assert set(codes(response)) == {"GRAPHQL_VALIDATION_FAILED"}
        assert "introspection has been disabled" in response.json()["errors"][0]["message"]


async def test_typename_is_not_introspection(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine, environment=Environment.PRODUCTION) as client:
        response = await client.post("/graphql", json={"query": "{ __typename }"})

    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("environment", "suggested"), [(Environment.DEVELOPMENT, True), (Environment.PRODUCTION, False)]
)
async def test_field_suggestions_only_in_development(
    settings: Settings, engine: AsyncEngine, environment: Environment, suggested: bool
) -> None:
    async with http_client(settings, engine, environment=environment) as client:
        response = await client.post("/graphql", json={"query": "{ provincez { id } }"})

    [error] = response.json()["errors"]
    assert ("Did you mean" in error["message"]) is suggested
    assert error["message"].startswith("Cannot query field 'provincez' on type 'Query'.")


async def test_production_serves_no_ide(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine, environment=Environment.PRODUCTION) as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 406
    assert "graphiql" not in response.text.lower()


async def test_parse_errors_have_a_code(gql: GraphQLClient) -> None:
    assert await gql.error_codes("{ provinces {") == ["GRAPHQL_PARSE_FAILED"]


async def test_a_variable_that_does_not_coerce_is_bad_user_input_not_masked(
    gql: GraphQLClient,
) -> None:
    response = await gql.execute(
        "query($n: Int!) { municipalities(first: $n) { totalCount } }", {"n": "many"}
    )

    [error] = response["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "Int cannot represent non-integer value" in error["message"]


def test_defaults_are_sensible() -> None:
    defaults = Settings()

    assert (defaults.max_depth, defaults.max_aliases, defaults.max_tokens) == (15, 30, 2000)
    assert (defaults.max_directives, defaults.max_root_fields) == (30, 20)
    assert (defaults.max_cost, defaults.max_body_bytes) == (25_000, 512 * 1024)
    assert (defaults.request_timeout_seconds, defaults.batching) == (15.0, False)
    assert GRAPHQL_RESPONSE  # the default response type (tests/test_graphql_over_http.py)


async def test_the_ides_introspection_query_passes_the_limits_in_development(
    settings: Settings, engine: AsyncEngine
) -> None:
    from graphql import get_introspection_query

    query = get_introspection_query(descriptions=True, directive_is_repeatable=True)
    async with http_client(settings, engine) as client:
        response = await client.post("/graphql", json={"query": query})

    assert response.status_code == 200
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"
