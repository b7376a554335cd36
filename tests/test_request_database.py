"""The per-request database handle's end: an HTTP operation's handle gives its connection back
when the operation is over and takes none again, so a resolver still running after the answer
went out cannot hold a pooled connection that no one gives back (a run of the differential fuzz
once ended with the whole pool held that way, every later request waiting for a connection)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.errors import ServiceUnavailable
from db.session import RequestDatabase

ONE = text("SELECT 1")


def _checked_out(engine: AsyncEngine) -> int:
    return int(engine.pool.checkedout())  # type: ignore[attr-defined]


async def test_an_ended_handle_gives_its_connection_back_and_takes_no_other(
    engine: AsyncEngine,
) -> None:
    before = _checked_out(engine)
    db = RequestDatabase(engine)
    assert await db.scalar(ONE) == 1
    assert _checked_out(engine) == before + 1

    await db.end()
    assert _checked_out(engine) == before
    with pytest.raises(ServiceUnavailable):
        await db.scalar(ONE)  # a straggler of the ended operation
    assert _checked_out(engine) == before


async def test_a_handle_ended_before_its_first_read_takes_no_connection(
    engine: AsyncEngine,
) -> None:
    before = _checked_out(engine)
    db = RequestDatabase(engine)
    await db.end()
    with pytest.raises(ServiceUnavailable):
        await db.all(ONE)
    assert _checked_out(engine) == before


async def test_a_released_handle_reads_on_from_another_connection(engine: AsyncEngine) -> None:
    """`close` alone (an idle subscription, a WebSocket's next operation) may read again."""
    before = _checked_out(engine)
    db = RequestDatabase(engine)
    assert await db.scalar(ONE) == 1
    await db.close()
    assert _checked_out(engine) == before
    assert await db.scalar(ONE) == 1
    await db.end()
    assert _checked_out(engine) == before
