"""A differential fuzzer: valid operations built from the schema, with random arguments and random
callers, answered by the general executor and by the compiled path (and, on PostgreSQL, by the
express lane on the second asking) — the response bodies must be the same bytes.

Operations select random fields of random types, nested a few levels, with aliases, connections
(`totalCount`, `nodes`, `edges`, `pageInfo`), filters and orders, lookups by ids that exist and
ids that do not; callers are anonymous or hold a token of each role. `CIVICGRAPH_FUZZ_EXAMPLES`
sets the examples per backend (default 200); under CI the search is derandomised.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    is_leaf_type,
)
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine

from core.auth import Role, mint_token
from core.settings import Settings
from graph.root import schema
from schema.declare import NODES
from tests.http_client import http_client
from tests.ids import gid
from tests.test_fuzz import FUZZ

GRAPHQL = schema._schema

#: Keys that mean something in the shipped data, and the types an id argument names (by the
#: argument's name; `id` names its field's type): mostly the right type, sometimes another type's
#: id or a bare key (both refused alike on every path).
KEYS = st.sampled_from([1, 2, 3, 5, 7, 12, 31, 40, 77, 150, 999999])
ID_KINDS = {
    "municipalityId": "Municipality",
    "municipalityIds": "Municipality",
    "provinceId": "Province",
    "provinceIds": "Province",
    "categoryId": "ObligationCategory",
    "categoryIds": "ObligationCategory",
    "councilId": "CityCouncil",
    "draftDirectiveId": "DraftDirective",
    "meetingId": "CommissionMeeting",
    "workingGroupId": "CommissionBody",
}
SEARCH = st.sampled_from(["ته", "شیراز", "مشهد", "پسماند", "Te", "a", "ي", "۱۴۰۴", "zz"])
YEARS = st.sampled_from([1398, 1403, 1404, 1405])
MAX_DEPTH = 3


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@st.composite
def value_of(
    draw: st.DrawFn, name: str, type_: GraphQLInputType, kind: str | None = None
) -> str | None:
    """A valid literal for an argument or input field (None: leave an optional one out)."""
    required = isinstance(type_, GraphQLNonNull)
    always = get_named_type(type_).name == "DateTime"  # a default of "now" differs per request
    if not required and not always and draw(st.integers(0, 2)) > 0:
        return None
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLList):
        element = inner.of_type
        element = element if isinstance(element, GraphQLNonNull) else GraphQLNonNull(element)
        items = draw(st.lists(value_of(name, element, kind), max_size=3))
        return "[" + ", ".join(item for item in items if item is not None) + "]"
    if isinstance(inner, GraphQLEnumType):
        return str(draw(st.sampled_from(sorted(inner.values))))
    if isinstance(inner, GraphQLInputObjectType):
        fields = []
        for field_name, field in inner.fields.items():
            literal = draw(value_of(field_name, field.type))
            if literal is not None:
                fields.append(f"{field_name}: {literal}")
        return "{" + ", ".join(fields) + "}"
    assert isinstance(inner, GraphQLScalarType)
    if inner.name == "ID":
        key = draw(KEYS)
        named = ID_KINDS.get(name, kind) or "Municipality"
        wrong = draw(st.sampled_from(sorted(NODES)))
        choice = draw(st.sampled_from([named, named, named, wrong, None]))
        return _string(str(key) if choice is None else gid(choice, key))
    if inner.name == "Int":
        if name == "first":
            return str(draw(st.integers(0, 6)))
        if name in ("year",):
            return str(draw(YEARS))
        return str(draw(st.integers(1, 6)))
    if inner.name == "Boolean":
        return draw(st.sampled_from(["true", "false"]))
    if inner.name == "String":
        if name == "after":
            return _string(draw(st.sampled_from(["nope", "4D3A"])))
        if name in ("fromMonth", "toMonth"):
            return _string(draw(st.sampled_from(["1403/01", "1404/06", "1404/12"])))
        return _string(draw(SEARCH))
    if inner.name == "DateTime":
        return _string("2025-06-01T00:00:00Z")
    return None if not required else _string("1")


def _arguments(draw: st.DrawFn, field: GraphQLField) -> str:
    given_ = []
    returned = get_named_type(field.type).name
    for name, argument in field.args.items():
        literal = draw(value_of(name, argument.type, returned if name == "id" else None))
        if literal is not None:
            given_.append(f"{name}: {literal}")
    return f"({', '.join(given_)})" if given_ else ""


@st.composite
def selection(draw: st.DrawFn, type_: GraphQLObjectType, depth: int) -> str:
    # Federation's root fields are for gateways (a representation is no argument to fuzz)
    names = sorted(name for name in type_.fields if not name.startswith("_"))
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    parts: list[str] = []
    for index, name in enumerate(chosen):
        field = type_.fields[name]
        named = get_named_type(field.type)
        arguments = _arguments(draw, field)
        alias = f"f{depth}_{index}: " if arguments or draw(st.booleans()) else ""
        if is_leaf_type(named):
            parts.append(f"{alias}{name}{arguments}")
        elif isinstance(named, GraphQLObjectType):
            if depth >= MAX_DEPTH:
                parts.append(f"{alias}{name}{arguments} {{ __typename }}")
            else:
                inner = draw(selection(named, depth + 1))
                parts.append(f"{alias}{name}{arguments} {{ {inner} }}")
    return " ".join(parts) or "__typename"


@st.composite
def operation(draw: st.DrawFn) -> str:
    query = GRAPHQL.query_type
    assert query is not None
    return "{ " + draw(selection(query, 0)) + " }"


def _callers(settings: Settings) -> list[str | None]:
    return [
        None,
        mint_token(settings, Role.MAYOR_OFFICE, municipality_id=1),
        mint_token(settings, Role.MAYOR_OFFICE, municipality_id=3),
        mint_token(settings, Role.COMMITTEE_MEMBER, mayor_id=1),
        mint_token(settings, Role.MINISTRY_REVIEWER),
        mint_token(settings, Role.MINISTRY_ANALYST),
        mint_token(settings, Role.ADMINISTRATOR),
        mint_token(settings, Role.UNION_SECRETARIAT),
        mint_token(settings, Role.COMMISSION_SECRETARIAT),
    ]


@pytest.fixture
async def clients(
    settings: Settings, engine: AsyncEngine
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    unlimited = {"rate_limit_operations": 0, "rate_limit_anonymous_operations": 0}
    async with (
        http_client(settings, engine, compiled_reads=False, **unlimited) as general,
        http_client(settings, engine, compiled_reads=True, **unlimited) as compiled,
    ):
        yield general, compiled


async def _body(client: httpx.AsyncClient, query: str, token: str | None) -> bytes:
    headers = {"accept": "application/json"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    async with asyncio.timeout(60):  # a request that never ends is a failure too
        response = await client.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code < 500, response.text
    return response.content


class _CompilerFailures(logging.Handler):
    """A compiled statement the database refused (the general executor then answered, so the
    bytes agree): a bug of the compiler all the same."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.failures.append(record.getMessage())


@pytest.fixture
def compiler_failures() -> Iterator[_CompilerFailures]:
    handler = _CompilerFailures()
    logger = logging.getLogger("civicgraph.compiled_reads")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@FUZZ
@given(query=operation(), caller=st.integers(0, 8))
async def test_both_paths_answer_the_same_bytes(
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
    compiler_failures: _CompilerFailures,
    settings: Settings,
    query: str,
    caller: int,
) -> None:
    general, compiled = clients
    token = _callers(settings)[caller]
    compiler_failures.failures.clear()
    expected = await _body(general, query, token)
    assert b'"INTERNAL_SERVER_ERROR"' not in expected, (query, expected)
    first = await _body(compiled, query, token)
    again = await _body(compiled, query, token)  # PostgreSQL: the express lane, once compiled
    assert compiler_failures.failures == [], query
    assert first == expected, query
    assert again == expected, query


def test_the_generator_makes_valid_operations() -> None:
    """The fuzzer's operations validate (else both paths would only agree on an error)."""
    from graphql import parse, validate
    from hypothesis import find

    found = find(operation(), lambda text: bool(text))
    assert validate(GRAPHQL, parse(found)) == []


#: Found by the fuzzer: four levels of selection that the compiled statement nests past SQLite's
#: parser stack (PostgreSQL parses it).
DEEP = (
    "{ jointSessions { agenda { councilResolution { adoptedOn } "
    "draftDirective { attachments { __typename } } } } }"
)


async def test_a_selection_too_deep_for_sqlites_parser_is_answered_the_general_way(
    backend: str,
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
    compiler_failures: _CompilerFailures,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    general, compiled = clients
    token = None  # anonymous: the public joint sessions' agendas
    caplog.set_level(logging.INFO, logger="civicgraph.compiled_reads")
    expected = await _body(general, DEEP, token)
    assert b'"errors"' not in expected
    answers = [await _body(compiled, DEEP, token) for _ in range(3)]

    assert answers == [expected] * 3
    assert compiler_failures.failures == []  # a limit of the database, not a fault
    too_deep = [r for r in caplog.records if "too deep for SQLite" in r.getMessage()]
    # SQLite refuses the statement once; the operation is then answered without asking again
    assert len(too_deep) == (1 if backend == "sqlite" else 0)
