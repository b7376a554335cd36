"""Draft events for live subscribers: published inside a mutation's transaction, delivered only
once it commits, fanned out to this process's subscribers.

- `EventBus` (SQLite, one process): delivered in-process after the commit.
- `PostgresEventBus`: `NOTIFY` inside the transaction (PostgreSQL delivers it at commit, to every
  process listening), received on one dedicated `LISTEN` connection per process (asyncpg's
  `add_listener`), then fanned out in-process. A mutation made through any server process reaches
  the subscribers of all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import asyncpg
import orjson
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

if TYPE_CHECKING:
    from db.session import RequestDatabase

logger = logging.getLogger("civicgraph.events")

#: The PostgreSQL channel draft events travel on.
CHANNEL = "civicgraph_draft_directive_events"


@dataclass(frozen=True)
class DraftEventNotice:
    """Enough about one step of a draft to decide who may see it without a query."""

    event_id: int
    draft_directive_id: int
    municipality_id: int
    from_status: str | None
    to_status: str
    submitted: bool

    def to_json(self) -> str:
        return orjson.dumps(asdict(self)).decode()

    @classmethod
    def from_json(cls, payload: str | bytes) -> DraftEventNotice:
        return cls(**orjson.loads(payload))


@dataclass(frozen=True)
class ProjectEventNotice:
    """Enough about one step of a small project (neighbourhood councils) to route it; who may see
    it is decided by reading the step through its type's read rule."""

    event_id: int
    project_id: int
    district_id: int
    to_status: str
    kind: str = "small_project"

    def to_json(self) -> str:
        return orjson.dumps(asdict(self)).decode()


#: What travels on the bus: a draft's step, or a small project's.
Notice = DraftEventNotice | ProjectEventNotice


def notice_from_json(payload: str | bytes) -> Notice:
    """A notice from its JSON (a small project's carries `kind`)."""
    values = orjson.loads(payload)
    if values.get("kind") == "small_project":
        return ProjectEventNotice(**values)
    return DraftEventNotice(**values)


class EventBus:
    """In-process fan-out: each subscriber has a bounded queue; a subscriber too slow to keep up
    loses notices rather than holding the others back."""

    QUEUE_SIZE = 1000

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[Notice]] = set()

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[Notice]]:
        queue: asyncio.Queue[Notice] = asyncio.Queue(self.QUEUE_SIZE)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    def dispatch(self, notice: Notice) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait(notice)
            except asyncio.QueueFull:
                logger.warning("a subscriber is too slow: dropped event %s", notice.event_id)

    async def publish(self, db: RequestDatabase, conn: AsyncConnection, notice: Notice) -> None:
        """Called inside the mutation's transaction; delivered once it has committed."""
        db.after_commit(lambda: self.dispatch(notice))

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


class PostgresEventBus(EventBus):
    """LISTEN/NOTIFY across processes. `dsn` is a libpq URL (postgresql://…)."""

    RECONNECT_SECONDS = 2.0

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._connection: Any = None
        self._watchdog: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        self._listening = asyncio.Event()

    async def publish(self, db: RequestDatabase, conn: AsyncConnection, notice: Notice) -> None:
        await conn.execute(select(func.pg_notify(CHANNEL, notice.to_json())))

    def _on_notify(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            notice = notice_from_json(payload)
        except (ValueError, TypeError):
            logger.warning("ignored a malformed notice on %s: %r", CHANNEL, payload[:200])
            return
        self.dispatch(notice)

    def _on_terminate(self, _connection: Any) -> None:
        logger.warning("the LISTEN connection was lost; reconnecting")
        self._listening.clear()
        self._lost.set()

    async def _listen(self) -> None:
        connection = await asyncpg.connect(self._dsn, timeout=10)
        await connection.add_listener(CHANNEL, self._on_notify)
        connection.add_termination_listener(self._on_terminate)
        self._connection = connection
        self._listening.set()

    async def _keep_listening(self) -> None:
        while True:
            await self._lost.wait()
            self._lost.clear()
            while True:
                await asyncio.sleep(self.RECONNECT_SECONDS)
                try:
                    await self._listen()
                    break
                except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
                    logger.warning("LISTEN reconnect failed: %r", exc)

    async def start(self) -> None:
        try:
            await self._listen()
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            # The service still serves reads and writes; subscribers wait for the reconnect.
            logger.warning("cannot LISTEN on %s yet: %r", CHANNEL, exc)
            self._lost.set()
        self._watchdog = asyncio.create_task(self._keep_listening())

    async def wait_listening(self) -> None:
        """Returns once this process is listening (tests wait for it; wrap in a timeout)."""
        await self._listening.wait()

    async def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
        if self._connection is not None and not self._connection.is_closed():
            await self._connection.close()
        self._connection = None
