"""A property-based fuzzer: operations generated from the schema (random selections of fields with
random arguments, aliases, fragments, directives and variables), garbage documents and malformed
requests, sent through the HTTP app in-process on both databases.

The property: never a 5xx, and every error carries a known code other than
INTERNAL_SERVER_ERROR (an internal error is a bug the fuzzer found, even masked).

`CIVICGRAPH_FUZZ_EXAMPLES` sets the examples per strategy and backend (default 200); under CI the
search is derandomised, so a run is repeatable.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine

from core.errors import ErrorCode
from core.settings import Settings
from graph.root import schema
from tests.conftest import IN_CI
from tests.http_client import GRAPHQL_RESPONSE, JSON, http_client

EXAMPLES = int(os.environ.get("CIVICGRAPH_FUZZ_EXAMPLES", "200"))
KNOWN_CODES = {code.value for code in ErrorCode} - {ErrorCode.INTERNAL_SERVER_ERROR.value}
GRAPHQL = schema._schema

FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=IN_CI,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- values ------------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from([*list('abcXYZ019 _-"\\/\n\tشیرازيك۱۲\u200c'), "\x00", "😀"]),
    max_size=12,
)
NAMES = st.sampled_from(["id", "x", "Municipality", "METROPOLIS", "first", "__typename", "nope"])


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@st.composite
def literal(draw: st.DrawFn, type_: GraphQLInputType, depth: int = 0) -> str:
    """A GraphQL literal for an input type: mostly of the right type, sometimes not."""
    if draw(st.integers(0, 14)) == 0:
        return draw(st.sampled_from(["null", "1", '"x"', "true", "[]", "{}", "NOPE", "-1"]))
    if isinstance(type_, GraphQLNonNull):
        return draw(literal(type_.of_type, depth))
    if isinstance(type_, GraphQLList):
        items = draw(st.lists(literal(type_.of_type, depth + 1), max_size=3))
        return "[" + ", ".join(items) + "]"
    if isinstance(type_, GraphQLEnumType):
        return str(draw(st.sampled_from([*type_.values, "UNKNOWN_VALUE"])))
    if isinstance(type_, GraphQLInputObjectType):
        if depth > 2:
            return "{}"
        names = draw(st.lists(st.sampled_from(sorted(type_.fields)), max_size=3, unique=True))
        fields = [f"{n}: {draw(literal(type_.fields[n].type, depth + 1))}" for n in names]
        return "{" + ", ".join(fields) + "}"
    assert isinstance(type_, GraphQLScalarType)
    name = type_.name
    if name in {"Int", "Float"}:
        number = draw(st.integers(-(2**40), 2**40) | st.integers(-5, 120))
        return f"{number}.5" if name == "Float" and draw(st.booleans()) else str(number)
    if name == "Boolean":
        return draw(st.sampled_from(["true", "false"]))
    if name == "ID":
        return _string(draw(st.integers(-3, 10**12).map(str) | TEXT))
    if name == "_Any":
        kind = draw(st.sampled_from(["Municipality", "DraftDirective", "Province", "Nope"]))
        return f'{{__typename: "{kind}", id: {draw(literal(GRAPHQL.get_type("ID")))}}}'  # type: ignore[arg-type]
    if name in {"Date", "DateTime"}:
        return _string(draw(st.sampled_from(["2024-03-20", "1403/01/01", "2024-13-40", "x"])))
    if name == "Money":
        return draw(st.sampled_from(['"15000000000000"', "12", '"-1"', '"1e9"', '"abc"']))
    return _string(draw(TEXT))


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=6,
)

# -- operations ----------------------------------------------------------------------------------


def _fields(type_: Any) -> dict[str, GraphQLField]:
    return dict(getattr(type_, "fields", {}))


@st.composite
def selection_set(draw: st.DrawFn, type_: Any, depth: int, variable: bool = False) -> str:
    """Fields of `type_` nested `depth` deep; with `variable`, every `first` is `$first`."""
    if isinstance(type_, GraphQLUnionType):
        members = draw(st.lists(st.sampled_from(type_.types), min_size=1, max_size=2))
        parts = [f"... on {m.name} {draw(selection_set(m, depth, variable))}" for m in members]
        return "{ __typename " + " ".join(parts) + " }"
    fields = _fields(type_)
    leaves = sorted(n for n, f in fields.items() if is_leaf_type(get_named_type(f.type)))
    names = sorted(fields) if depth > 0 else leaves or ["__typename"]
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=4))
    parts = []
    for i, name in enumerate(chosen):
        alias = f"a{i}: " if draw(st.integers(0, 4)) == 0 else ""
        if name == "__typename":
            parts.append(alias + name)
            continue
        field = fields[name]
        arguments = draw(
            st.lists(st.sampled_from(sorted(field.args)), max_size=4, unique=True)
            if field.args
            else st.just([])
        )
        rendered = [
            f"{a}: $first"
            if variable and a == "first"
            else f"{a}: {draw(literal(field.args[a].type))}"
            for a in arguments
        ]
        args = f"({', '.join(rendered)})" if rendered else ""
        directive = draw(
            st.sampled_from(
                ["", "", "", " @include(if: true)", " @skip(if: false)", " @skip(if: true)"]
            )
        )
        named = get_named_type(field.type)
        sub = "" if is_leaf_type(named) else " " + draw(selection_set(named, depth - 1, variable))
        parts.append(f"{alias}{name}{args}{directive}{sub}")
    return "{ " + " ".join(parts) + " }"


@st.composite
def operation(draw: st.DrawFn) -> dict[str, Any]:
    """A request built from the schema; sometimes with a variable in place of `first`."""
    depth = draw(st.integers(0, 4))
    if draw(st.booleans()):
        body = draw(selection_set(GRAPHQL.query_type, depth, variable=True))
        first = draw(st.integers(-5, 200) | JSON_VALUES)
        return {"query": f"query Fuzz($first: Int) {body}", "variables": {"first": first}}
    body = draw(selection_set(GRAPHQL.query_type, depth))
    if draw(st.integers(0, 3)) == 0:
        return {"query": f"query F {{ ...Q }} fragment Q on Query {body}"}
    return {"query": body}


GARBAGE = st.lists(
    st.sampled_from([*'{}()[]:$@!.=,"\n abcXYZ_019#', "...", "query", "fragment on", "provinces"]),
    max_size=40,
).map("".join)

MALFORMED_BODIES = st.one_of(
    st.binary(max_size=60),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(
        st.sampled_from(["query", "variables", "operationName", "extensions", "documentId"]),
        JSON_VALUES,
        max_size=4,
    ).map(lambda v: json.dumps(v).encode()),
)

# -- the property ------------------------------------------------------------------------------


@pytest.fixture
async def client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(
        settings, engine, rate_limit_operations=0, rate_limit_anonymous_operations=0
    ) as client:
        yield client


def _check(response: httpx.Response, request: object) -> None:
    assert response.status_code < 500, (request, response.text)
    payload = response.json()
    entries = payload if isinstance(payload, list) else [payload]
    for entry in entries:
        for error in entry.get("errors") or ():
            code = (error.get("extensions") or {}).get("code")
            assert code in KNOWN_CODES, (request, error)


@FUZZ
@given(request=operation(), accept=st.sampled_from([GRAPHQL_RESPONSE, JSON, "*/*"]))
async def test_operations_from_the_schema_never_fail_the_server(
    client: httpx.AsyncClient, request: dict[str, Any], accept: str
) -> None:
    response = await client.post("/graphql", json=request, headers={"Accept": accept})

    _check(response, request)
    if response.status_code == 200 and accept == GRAPHQL_RESPONSE:
        assert "data" in response.json()


@FUZZ
@given(document=GARBAGE, variables=JSON_VALUES, use_get=st.booleans())
async def test_garbage_documents_never_fail_the_server(
    client: httpx.AsyncClient, document: str, variables: Any, use_get: bool
) -> None:
    if use_get:
        params = {"query": document, "variables": json.dumps(variables)}
        response = await client.get("/graphql", params=params)
    else:
        response = await client.post("/graphql", json={"query": document, "variables": variables})

    _check(response, document)


@FUZZ
@given(body=MALFORMED_BODIES)
async def test_malformed_requests_never_fail_the_server(
    client: httpx.AsyncClient, body: bytes
) -> None:
    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )

    _check(response, body)
