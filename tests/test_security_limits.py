"""The outside audit's holes that are limits (issue 12): huge list arguments, huge documents, the
memory held per distinct document, and search strings (length, control characters). Each is
refused with a typed error before it costs anything, on both databases."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core import caches
from core.caches import BytesLRU
from core.settings import Settings
from graph import limits
from resolvers.compiled import express_lane, extension
from tests.conftest import GraphQLClient
from tests.http_client import codes, http_client

BY_STATUS = """query($status: [DraftStatus!]) {
  draftDirectives(filter: {status: $status}) { totalCount }
}"""


def _error(response: Any) -> dict[str, Any]:
    [error] = response.json()["errors"]
    return dict(error)


async def test_a_huge_list_variable_is_refused_before_execution(
    settings: Settings, engine: AsyncEngine
) -> None:
    """The audit's 33,000 statuses: BAD_USER_INPUT naming the variable, not connection lost."""
    async with http_client(settings, engine) as client:
        # the same document with a short list first: the express lane knows it afterwards
        short = await client.post(
            "/graphql", json={"query": BY_STATUS, "variables": {"status": ["DRAFT"]}}
        )
        again = await client.post(
            "/graphql", json={"query": BY_STATUS, "variables": {"status": ["DRAFT"]}}
        )
        huge = await client.post(
            "/graphql", json={"query": BY_STATUS, "variables": {"status": ["DRAFT"] * 33_000}}
        )

    assert short.status_code == again.status_code == 200
    assert huge.status_code == 400
    error = _error(huge)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "$status"
    assert (error["extensions"]["maximum"], error["extensions"]["actual"]) == (100, 33_000)
    assert error["extensions"]["messageFa"]
    assert "data" not in huge.json()


async def test_a_long_literal_list_is_refused_naming_the_argument(
    settings: Settings, engine: AsyncEngine
) -> None:
    statuses = ", ".join(["DRAFT"] * 101)
    query = f"{{ draftDirectives(filter: {{status: [{statuses}]}}) {{ totalCount }} }}"
    async with http_client(settings, engine) as client:
        response = await client.post("/graphql", json={"query": query})

    error = _error(response)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "filter.status"


async def test_a_list_at_the_maximum_is_answered(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine) as client:
        response = await client.post(
            "/graphql", json={"query": BY_STATUS, "variables": {"status": ["DRAFT"] * 100}}
        )

    assert response.status_code == 200
    assert response.json()["data"]["draftDirectives"]["totalCount"] >= 0


async def test_a_document_over_its_size_is_refused(settings: Settings, engine: AsyncEngine) -> None:
    query = "{ provinces { id } }\n# " + "x" * 40_000
    async with http_client(settings, engine) as client:
        response = await client.post("/graphql", json={"query": query})

    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_LARGE"]
    assert _error(response)["extensions"]["maximum"] == 32 * 1024


@pytest.fixture
def small_caches() -> Iterator[int]:
    """A 1 MiB budget for the process-wide caches, restored afterwards."""
    budget = 1024 * 1024
    yield budget
    caches.set_budget(caches.DEFAULT_BUDGET)


async def test_distinct_large_documents_keep_the_caches_within_their_budget(
    settings: Settings, engine: AsyncEngine, small_caches: int
) -> None:
    """The audit's growth: each distinct large document was kept whole, in several caches. 100
    distinct 30 KB documents (3 MB of text) leave every cache under its 1 MiB budget."""
    padding = "x" * 30_000
    async with http_client(settings, engine, cache_budget_bytes=small_caches) as client:
        for i in range(100):
            query = f"{{ provinces {{ id }} }}\n# {i} {padding}"
            response = await client.post("/graphql", json={"query": query})
            assert response.status_code == 200

    kept: list[BytesLRU[Any, Any]] = [
        limits._PARSED,
        limits._VALIDATED,
        extension._COMPILED,
        extension._DOCUMENTS,
        extension._SLOTTED,
        express_lane._SQL,
    ]
    for cache in kept:
        assert cache.bytes <= small_caches
    assert limits._PARSED.bytes > small_caches // 2  # it was used, and trimmed
    assert len(limits._PARSED) < 100


def test_memory_kept_per_distinct_document_is_bounded_by_bytes(small_caches: int) -> None:
    """What the process keeps, measured: 20 distinct documents of 1,800 tokens each (a parsed
    document keeps its chain of tokens: about 1 MB each, 20 MB if each were kept) leave the
    parsed-document cache holding its budget's worth, not their sum."""
    caches.set_budget(small_caches)
    limits.parse_document("{ provinces { id } }", 2000)  # warm up
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(20):
            fields = " ".join(f"a{j}: provinces {{ id }}" for j in range(300))
            limits.parse_document(f"# {i}\n{{ {fields} }}", 2000)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()

    assert limits._PARSED.bytes <= small_caches
    assert grown < 3 * small_caches


def test_a_bytes_lru_forgets_the_least_recently_used_first() -> None:
    cache: BytesLRU[str, str] = BytesLRU(1000, weigh=lambda key, value: len(value))

    cache["a"] = "x" * 300
    cache["b"] = "x" * 300
    assert cache.get("a") is not None  # now the most recent
    cache["c"] = "x" * 300  # over the budget: "b" goes

    assert ("a" in cache, "b" in cache, "c" in cache) == (True, False, True)
    assert cache.bytes <= 1000
    cache["huge"] = "x" * 5000  # heavier than the whole budget: not kept
    assert "huge" not in cache
    assert len(cache) == 2


@pytest.mark.parametrize(
    "query",
    [
        "query($s: String) { draftDirectives(filter: {search: $s}) { totalCount } }",
        "query($s: String) { municipalities(filter: {search: $s}) { totalCount } }",
        "query($s: String) { councilResolutions(filter: {search: $s}) { totalCount } }",
    ],
    ids=["drafts", "municipalities", "resolutions"],
)
@pytest.mark.parametrize(
    "search",
    ["ت" * 50_001, "تهران\x00", "\u202eتهران", "a" * 201],
    ids=["50001", "nul", "bidi", "201"],
)
async def test_a_search_over_its_limit_or_with_controls_is_bad_user_input(
    gql: GraphQLClient, query: str, search: str
) -> None:
    """The audit's 50,001-character search was INTERNAL_SERVER_ERROR on SQLite."""
    response = await gql.execute(query, {"s": search})

    [error] = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "filter.search"
    assert error["extensions"]["messageFa"]


async def test_a_search_at_its_limit_is_answered(gql: GraphQLClient) -> None:
    data = await gql.data(
        "query($s: String) { municipalities(filter: {search: $s}) { totalCount } }",
        {"s": "ت" * 200},
    )

    assert data["municipalities"]["totalCount"] == 0
