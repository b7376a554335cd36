"""/metrics: operations by type, name, read path and outcome, their latency, errors by code and
the pool's use, in Prometheus's text format; with several workers, the sum of all of them."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from tests.http_client import http_client
from tests.ports import free_ports

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = "civicgraph_graphql_operations_total"
ERRORS = "civicgraph_graphql_errors_total"
DURATION_COUNT = "civicgraph_graphql_operation_duration_seconds_count"

LIST = "query Metropolises { municipalities(first: 2) { nodes { nameEn } } }"
#: answered by the general executor only (README, "Compiled reads")
GENERAL = "query Pipeline { draftPipelineSummary { byStatus { status count } } }"


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(
    scraped: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)


async def _scrape(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples(response.text)


async def test_operations_are_counted_by_type_name_path_and_outcome(
    settings: Settings, engine: AsyncEngine, backend: str
) -> None:
    # a text no other test sent: the compiled statements are cached per process
    fresh = LIST.replace("municipalities", f"m{secrets.token_hex(4)}: municipalities")
    async with http_client(settings, engine) as client:
        before = await _scrape(client)
        for _ in range(2):  # the second, on PostgreSQL, takes the express lane
            assert (await client.post("/graphql", json={"query": fresh})).status_code == 200
        assert (await client.post("/graphql", json={"query": GENERAL})).status_code == 200
        refused = await client.post("/graphql", json={"query": "{ nope }"})
        assert refused.status_code == 400
        partial = await client.post(
            "/graphql",
            json={
                "query": 'query Lookup { municipality(id: "TXVuaWNpcGFsaXR5Ojk5OTk5OQ==") { id } }'
            },
        )
        assert partial.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        after = await _scrape(client)
        await client._transport.app.state.lane.close()  # type: ignore[attr-defined]

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    list_ok = {"operation_type": "query", "operation_name": "Metropolises", "outcome": "ok"}
    if backend == "postgresql":  # compiled once, then the lane runs the cached statement
        assert delta(OPERATIONS, **list_ok, path="compiled") == 1
        assert delta(OPERATIONS, **list_ok, path="express") == 1
    else:
        assert delta(OPERATIONS, **list_ok, path="compiled") == 2
    general_ok = {"operation_type": "query", "operation_name": "Pipeline", "path": "general"}
    assert delta(OPERATIONS, **general_ok, outcome="ok") == 1
    assert (
        delta(
            OPERATIONS,
            operation_type="query",
            operation_name="anonymous",
            path="general",
            outcome="rejected",
        )
        == 1
    )
    assert (
        delta(
            OPERATIONS,
            operation_type="query",
            operation_name="Lookup",
            path="general",
            outcome="partial",
        )
        == 1
    )
    assert delta(ERRORS, code="GRAPHQL_VALIDATION_FAILED") == 1
    assert delta(ERRORS, code="NOT_FOUND") == 1
    assert delta(DURATION_COUNT, operation_type="query", path="general") == 3
    assert value(after, "civicgraph_db_pool_capacity") >= 1
    assert ("civicgraph_db_pool_checked_out", frozenset()) in after


async def test_metrics_can_be_turned_off(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine, metrics=False) as client:
        assert (await client.get("/metrics")).status_code == 404


async def test_several_workers_add_up(tmp_path: Path) -> None:
    """Two uvicorn workers: whichever answers the scrape reports the operations of both."""
    database = f"sqlite+aiosqlite:///{tmp_path / 'workers.db'}"
    env = {**os.environ, "DATABASE_URL": database}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    cli = [sys.executable, "-m", "cli"]
    for command in (["migrate"], ["seed"]):
        prepared = await asyncio.create_subprocess_exec(
            *cli, *command, env=env, cwd=ROOT, stdout=asyncio.subprocess.DEVNULL
        )
        assert await prepared.wait() == 0
    (port,) = free_ports(1)
    server = await asyncio.create_subprocess_exec(
        *cli, "serve", "--workers", "2", "--port", str(port), env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=10) as client:
            for _ in range(600):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            # each request on a new connection, so that both workers take some
            requests = 20
            for _ in range(requests):
                async with httpx.AsyncClient(base_url=base, timeout=10) as one:
                    answer = await one.post("/graphql", json={"query": LIST})
                    assert answer.status_code == 200, answer.text
            scraped = [await _scrape(client) for _ in range(4)]
    finally:
        server.terminate()
        await server.wait()
    for each in scraped:  # every scrape sees all of them, whichever worker answered it
        total = sum(
            count
            for (name, labels), count in each.items()
            if name == OPERATIONS and ("operation_name", "Metropolises") in labels
        )
        assert total == requests


@pytest.mark.parametrize("name", ["", None])
def test_unnamed_operations_are_anonymous(name: str | None) -> None:
    from core.metrics import operation_label

    assert operation_label(name) == "anonymous"


def test_invented_names_cannot_grow_the_series_without_bound() -> None:
    from core.metrics import MAX_OPERATION_NAMES, operation_label

    labels = {operation_label(f"Invented{n}") for n in range(MAX_OPERATION_NAMES + 50)}
    assert "other" in labels
    assert len(labels) <= MAX_OPERATION_NAMES + 1
    assert operation_label("not a name!") == "other"
