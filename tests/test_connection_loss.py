"""A pooled connection the server dropped (PostgreSQL restarted, a proxy timed it out) is
replaced without the client seeing it: the pool does not ping at every checkout (three round
trips with asyncpg), so a request's first read is retried once on a new connection, and a write
probes the connection it has just taken."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from db.engine import create_engine
from db.session import RequestDatabase
from server import engine_options
from tests.http_client import http_client


async def _pooled_and_dropped(own: AsyncEngine, admin: AsyncEngine) -> None:
    """Leave one idle connection in `own`'s pool, then have the server end it."""
    async with own.connect() as conn:
        pid = await conn.scalar(text("SELECT pg_backend_pid()"))
    async with admin.connect() as conn:
        assert await conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


@pytest.mark.postgresql_only  # a SQLite connection is a file: nothing drops it
async def test_a_read_on_a_dropped_connection_is_answered(
    backend: str, settings: Settings, engine: AsyncEngine
) -> None:
    settings = settings.model_copy(update={"compiled_reads": False})
    own = create_engine(settings, **engine_options(settings), pool_size=1, max_overflow=0)
    try:
        await _pooled_and_dropped(own, engine)
        async with http_client(settings, own) as client:
            response = await client.post("/graphql", json={"query": "{ provinces { nameEn } }"})
            again = await client.post("/graphql", json={"query": "{ provinces { nameEn } }"})
    finally:
        await own.dispose()

    assert response.status_code == 200, response.text
    assert "errors" not in response.json()
    assert len(response.json()["data"]["provinces"]) == 31
    assert again.json() == response.json()


@pytest.mark.postgresql_only
async def test_a_write_takes_a_live_connection(
    backend: str, settings: Settings, engine: AsyncEngine
) -> None:
    own = create_engine(settings, **engine_options(settings), pool_size=1, max_overflow=0)
    try:
        await _pooled_and_dropped(own, engine)
        db = RequestDatabase(own)
        async with db.transaction() as conn:
            alive = await conn.scalar(text("SELECT count(*) FROM province"))
        await db.close()
    finally:
        await own.dispose()

    assert alive == 31
