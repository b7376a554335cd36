"""Side reads: a request's read that would wait for its connection while another statement runs
goes, on PostgreSQL, to a second pooled connection when the pool has room below its size
(`RequestDatabase`'s description) — never inside a write, never past the limit, never on SQLite
or on a connection a test lent."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.errors import ServiceUnavailable
from core.settings import Settings
from db.engine import create_engine
from db.session import RequestDatabase
from server import engine_options

#: A read that holds its connection for a moment and says which server process answered it.
SLOW = text("SELECT pg_backend_pid() AS pid FROM (SELECT pg_sleep(0.3)) AS pause")
PID = text("SELECT pg_backend_pid() AS pid")
SQLITE_SLOW = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
    "SELECT count(*) AS pid FROM n"
)


class _Counted(RequestDatabase):
    """Counts the reads that went to a side connection."""

    side_reads = 0

    async def _side_read(self, statement: Any, parameters: Any) -> Any:
        self.side_reads += 1
        return await super()._side_read(statement, parameters)


def _own(settings: Settings, size: int) -> AsyncEngine:
    return create_engine(settings, **engine_options(settings), pool_size=size, max_overflow=2)


async def _pids(db: RequestDatabase, *statements: object) -> list[int]:
    rows = await asyncio.gather(*(db.all(s) for s in statements))  # type: ignore[arg-type]
    return [int(r[0].pid) for r in rows]


async def test_concurrent_reads_run_side_by_side_on_postgresql_only(
    backend: str, settings: Settings
) -> None:
    own = _own(settings, size=4)
    db = _Counted(own)
    try:
        if backend == "sqlite":
            # one file, one writer: SQLite's reads stay on the request's connection
            assert await _pids(db, SQLITE_SLOW, SQLITE_SLOW, SQLITE_SLOW) == [300000] * 3
            assert db.side_reads == 0
            return
        first, second, third = await _pids(db, SLOW, SLOW, SLOW)
        main = int((await db.all(PID))[0].pid)
    finally:
        await db.close()
        await own.dispose()

    # the first read holds the request's connection; the two others ran beside it, each on a
    # connection of its own, given back to the pool at once
    assert first == main
    assert len({first, second, third}) == 3
    assert db.side_reads == 2
    assert db.statements == 4


@pytest.mark.postgresql_only
async def test_no_more_side_reads_than_the_limit_nor_past_the_pools_size(
    backend: str, settings: Settings
) -> None:
    own = _own(settings, size=8)
    db = RequestDatabase(own)
    try:
        pids = await _pids(db, *[SLOW] * 6)
        assert len(set(pids)) == 1 + RequestDatabase.SIDE_READS
    finally:
        await db.close()
        await own.dispose()

    small = _own(settings, size=1)
    db = RequestDatabase(small)
    try:
        # the request's own connection fills the pool: the others wait for it
        assert len(set(await _pids(db, SLOW, SLOW))) == 1
    finally:
        await db.close()
        await small.dispose()


@pytest.mark.postgresql_only
async def test_no_side_read_while_a_write_is_open(backend: str, settings: Settings) -> None:
    own = _own(settings, size=4)
    db = RequestDatabase(own)
    try:
        async with db.transaction() as conn:
            main = int(await conn.scalar(PID))
            waiting = asyncio.create_task(db.all(PID))
            await asyncio.sleep(0.1)
            assert not waiting.done()  # the read waits for the write to end
        assert int((await waiting)[0].pid) == main
    finally:
        await db.close()
        await own.dispose()


@pytest.mark.postgresql_only
async def test_a_borrowed_connection_has_no_side_reads(
    backend: str, settings: Settings, engine: AsyncEngine
) -> None:
    async with engine.connect() as conn:
        db = RequestDatabase(connection=conn)
        assert len(set(await _pids(db, SLOW, SLOW))) == 1


@pytest.mark.postgresql_only
async def test_an_interrupted_request_stops_its_side_reads(
    backend: str, settings: Settings
) -> None:
    own = _own(settings, size=4)
    db = RequestDatabase(own)
    long = text("SELECT pg_sleep(30) IS NULL AS pid")
    try:
        reads = [asyncio.create_task(db.all(long)) for _ in range(2)]
        await asyncio.sleep(0.3)
        db.interrupt()
        results = await asyncio.wait_for(asyncio.gather(*reads, return_exceptions=True), timeout=10)
        assert all(isinstance(r, BaseException) for r in results)
        # the side read's connection went back (or was discarded): nothing keeps running
        assert own.pool.checkedout() <= 1  # type: ignore[attr-defined]
        with pytest.raises(ServiceUnavailable):
            await db.all(PID)  # the request is over: nothing more reads for it
    finally:
        await db.close()
        await own.dispose()
