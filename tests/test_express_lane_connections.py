"""The express lane's own connections (resolvers/compiled/express_lane.py, `Connections`): at
most `size` open, callers beyond that served in turn, a connection whose statement did not end
normally never reused, nothing lost to a cancelled caller — and, on PostgreSQL, a lane whose
connection the database dropped still answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from resolvers.compiled.express_lane import Connections
from tests.http_client import http_client
from tests.ids import gid


class FakeConnection:
    """What `Connections` asks of a connection: whether it is closed, and to end it."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.closed = False
        self.terminated = False

    def is_closed(self) -> bool:
        return self.closed

    def terminate(self) -> None:
        self.closed = self.terminated = True

    async def close(self) -> None:
        self.closed = True


class Opener:
    def __init__(self, *, fail: bool = False) -> None:
        self.made: list[FakeConnection] = []
        self.fail = fail

    async def __call__(self) -> Any:
        await asyncio.sleep(0)
        if self.fail:
            raise OSError("the database is unreachable")
        connection = FakeConnection(len(self.made))
        self.made.append(connection)
        return connection


async def test_at_most_size_are_opened_and_callers_beyond_wait_their_turn() -> None:
    opener = Opener()
    connections = Connections(opener, 2)
    first, second = await connections.acquire(), await connections.acquire()
    waiting = [asyncio.ensure_future(connections.acquire()) for _ in range(2)]
    await asyncio.sleep(0.01)
    assert len(opener.made) == 2
    assert not any(w.done() for w in waiting)
    connections.release(second)
    assert await waiting[0] is second  # the first to wait is the first served
    connections.release(first)
    assert await waiting[1] is first
    assert connections.opened == 2
    assert len(opener.made) == 2


async def test_an_idle_connection_is_reused_warmest_first() -> None:
    opener = Opener()
    connections = Connections(opener, 4)
    a, b = await connections.acquire(), await connections.acquire()
    connections.release(a)
    connections.release(b)
    assert await connections.acquire() is b
    assert await connections.acquire() is a
    assert len(opener.made) == 2


async def test_a_connection_not_reusable_is_terminated_and_a_waiter_opens_a_fresh_one() -> None:
    opener = Opener()
    connections = Connections(opener, 1)
    used = await connections.acquire()
    waiter = asyncio.ensure_future(connections.acquire())
    await asyncio.sleep(0.01)
    connections.release(used, reusable=False)  # its statement timed out
    fresh = await waiter
    assert used.terminated
    assert fresh is not used
    assert not fresh.closed
    assert connections.opened == 1


async def test_a_connection_the_database_dropped_is_not_handed_out() -> None:
    opener = Opener()
    connections = Connections(opener, 1)
    dropped = await connections.acquire()
    connections.release(dropped)
    dropped.closed = True  # the server ended it while it was idle
    fresh = await connections.acquire()
    assert fresh is not dropped
    assert connections.opened == 1


async def test_a_cancelled_caller_leaves_no_connection_behind() -> None:
    opener = Opener()
    connections = Connections(opener, 1)
    used = await connections.acquire()
    waiter = asyncio.ensure_future(connections.acquire())
    await asyncio.sleep(0.01)
    connections.release(used)  # handed to the waiter…
    waiter.cancel()  # …which is cancelled before it runs again
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert await asyncio.wait_for(connections.acquire(), 1) is used
    assert connections.opened == 1


async def test_a_failed_connect_frees_its_place() -> None:
    opener = Opener(fail=True)
    connections = Connections(opener, 1)
    with pytest.raises(OSError, match="unreachable"):
        await connections.acquire()
    assert connections.opened == 0
    opener.fail = False
    assert isinstance(await connections.acquire(), FakeConnection)


async def test_closing_ends_idle_connections_now_and_checked_out_ones_when_returned() -> None:
    opener = Opener()
    connections = Connections(opener, 2)
    idle, busy = await connections.acquire(), await connections.acquire()
    connections.release(idle)
    await connections.close()
    assert idle.closed
    assert not busy.closed
    connections.release(busy)
    assert busy.terminated
    assert connections.opened == 0
    with pytest.raises(Exception, match="closed"):
        await connections.acquire()


@pytest.mark.postgresql_only  # the lane serves PostgreSQL only; SQLite takes the usual way
async def test_the_lane_answers_after_the_database_drops_its_connections(
    backend: str, settings: Settings, engine: AsyncEngine
) -> None:
    """Every connection of the lane ended by the server (a restart, an idle timeout): the next
    requests are still answered, with the same data."""
    query = "query($id: ID!) { draftDirective(id: $id) { id title } }"
    body = {"query": query, "variables": {"id": gid("DraftDirective", 3)}}
    async with http_client(settings, engine, compiled_reads=True) as client:
        first = await client.post("/graphql", json=body)  # compiled through Strawberry
        second = await client.post("/graphql", json=body)  # the lane: its connection opened
        lane = client._transport.app.state.lane  # type: ignore[attr-defined]
        pids = [c.get_server_pid() for c in lane.connections()._idle]
        assert pids
        async with engine.connect() as conn:
            for pid in pids:
                assert await conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        answers = [await client.post("/graphql", json=body) for _ in range(3)]
        await lane.close()
    assert first.status_code == second.status_code == 200
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    assert all(a.json() == first.json() for a in answers)


async def test_closing_wakes_every_caller_waiting() -> None:
    connections = Connections(Opener(), 1)
    await connections.acquire()
    waiting = [asyncio.ensure_future(connections.acquire()) for _ in range(3)]
    await asyncio.sleep(0.01)
    await connections.close()
    outcomes = await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), 1)
    assert all(isinstance(o, Exception) and "closed" in str(o) for o in outcomes)
