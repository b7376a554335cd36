"""The request timeout: the client is answered on time (400, REQUEST_TIMEOUT), and a slow database
statement is stopped so that it frees its connection — on PostgreSQL by cancelling the query (and,
as a backstop, `statement_timeout`), on SQLite by interrupting the statement."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from db.engine import create_engine
from resolvers.reads import Reads
from server import engine_options
from tests.http_client import codes, http_client
from tests.ids import gid

QUERY = "{ socialSecurityObligations(first: 1) { nodes { amountCollected } } }"
TIMEOUT = 0.5

#: A statement that runs for many seconds on each database.
SLOW = {
    "postgresql": "SELECT pg_sleep(30)",
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
    " WHERE x < 1000000000) SELECT count(*) FROM c",
}


ROOT_PAGE = Reads._root_page  # the read of a root list's page


def _slow_read(statement: str) -> object:
    async def slow(self: Reads, *args: Any) -> Any:
        await self.db.scalar(text(statement))
        return await ROOT_PAGE(self, *args)

    return slow


async def _until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await condition():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


async def test_a_slow_resolver_is_answered_on_time(
    settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def sleepy(self: Reads, *args: Any) -> Any:
        await asyncio.sleep(TIMEOUT * 4)  # the straggler ends soon after the test
        return await ROOT_PAGE(self, *args)

    monkeypatch.setattr(Reads, "_root_page", sleepy)
    started = time.monotonic()
    async with http_client(
        settings, engine, compiled_reads=False, request_timeout_seconds=TIMEOUT
    ) as client:
        response = await client.post("/graphql", json={"query": QUERY})

    assert time.monotonic() - started < TIMEOUT + 1.5
    assert response.status_code == 400
    assert "data" not in response.json()
    assert codes(response) == ["REQUEST_TIMEOUT"]


async def test_a_slow_statement_times_out_and_frees_its_connection(
    backend: str, settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an engine of its own (the server's options), the database migrated by `engine`."""
    settings = settings.model_copy(
        update={"compiled_reads": False, "request_timeout_seconds": TIMEOUT}
    )
    own = create_engine(settings, **engine_options(settings))
    monkeypatch.setattr(Reads, "_root_page", _slow_read(SLOW[backend]))
    try:
        started = time.monotonic()
        async with http_client(settings, own) as client:
            response = await client.post("/graphql", json={"query": QUERY})
        elapsed = time.monotonic() - started

        async def freed() -> bool:
            return own.pool.checkedout() == 0  # type: ignore[attr-defined,no-any-return]

        assert await _until(freed, 5), "the timed-out request kept its connection"
        if backend == "postgresql":
            async with own.connect() as conn:
                running = await conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'"
                        " AND datname = current_database()"
                    )
                )
            assert running == 0
    finally:
        await own.dispose()

    assert elapsed < TIMEOUT + 1.5
    assert response.status_code == 400
    assert codes(response) == ["REQUEST_TIMEOUT"]


def test_sqlite_has_no_statement_timeout_setting() -> None:
    """SQLite's statements are interrupted (above): its engine takes no timeout setting."""
    settings = Settings(database_url="sqlite+aiosqlite:///x.db", request_timeout_seconds=TIMEOUT)
    assert engine_options(settings) == {}


@pytest.mark.postgresql_only
async def test_the_general_executor_plans_each_statement_for_its_values(
    backend: str, settings: Settings
) -> None:
    """The server's engine plans every statement for its own values (a generic plan, made
    without them, doubled the pipeline's time); the express lane's connections keep
    PostgreSQL's own choice for their statements, written once and run thousands of times."""
    from resolvers.compiled.express_lane import Lane

    own = create_engine(settings, **engine_options(settings))
    lane = Lane(own, size=1)
    try:
        async with own.connect() as conn:
            mode = (await conn.execute(text("SHOW plan_cache_mode"))).scalar()
        laned = await lane.fetch_text("SHOW plan_cache_mode", ())
    finally:
        await lane.close()
        await own.dispose()

    assert mode == "force_custom_plan"
    assert laned == b"auto"


@pytest.mark.postgresql_only
async def test_statement_timeout_bounds_a_statement_on_postgresql(
    backend: str, settings: Settings, engine: AsyncEngine
) -> None:
    """The backstop: even a statement nobody cancels stops at the request timeout."""
    settings = settings.model_copy(update={"request_timeout_seconds": TIMEOUT})
    own = create_engine(settings, **engine_options(settings))
    try:
        started = time.monotonic()
        with pytest.raises(DBAPIError, match="statement timeout"):
            async with own.connect() as conn:
                await conn.execute(text("SELECT pg_sleep(30)"))
        assert time.monotonic() - started < TIMEOUT + 1.5
    finally:
        await own.dispose()


@pytest.mark.postgresql_only  # the lane serves PostgreSQL only; SQLite takes the usual way
async def test_the_express_lane_keeps_the_timeout(
    backend: str, settings: Settings, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operation the lane repeats (PostgreSQL) is bound by the same timeout: answered on
    time with REQUEST_TIMEOUT, its statement stopped."""
    from resolvers.compiled import express_lane
    from resolvers.compiled.compiler import Prepared

    query = "query($id: ID!) { draftDirective(id: $id) { id title } }"
    body = {"query": query, "variables": {"id": gid("DraftDirective", 3)}}
    async with http_client(
        settings, engine, compiled_reads=True, request_timeout_seconds=TIMEOUT
    ) as client:
        first = await client.post("/graphql", json=body)  # compiled through Strawberry
        assert first.status_code == 200, first.text
        # the lane's statement made slow: what a runaway statement would be
        monkeypatch.setattr(
            express_lane, "_prepare", lambda *_: Prepared("SELECT pg_sleep(30)::text", (), {})
        )
        started = time.monotonic()
        response = await client.post("/graphql", json=body)
        elapsed = time.monotonic() - started
        lane = client._transport.app.state.lane  # type: ignore[attr-defined]
        await lane.close()

    async def stopped() -> bool:
        async with engine.connect() as conn:
            running = await conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'"
                )
            )
        return bool(running == 0)

    assert elapsed < TIMEOUT + 1.5
    assert response.status_code == 400
    assert codes(response) == ["REQUEST_TIMEOUT"]
    assert await _until(stopped, 5), "the lane's statement still runs"
