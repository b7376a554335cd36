"""The per-request database handle."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, InternalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.errors import BadUserInput, ServiceUnavailable
from db.engine import SQLITE_BEGIN_IMMEDIATE

logger = logging.getLogger("civicgraph.database")


class RequestDatabase:
    """One connection per request, taken from the pool on first use and given back at the end.

    Loaders of one request may run concurrently; a connection runs one statement at a time, so
    statements are serialised on a lock. In tests the handle is given an existing connection
    (inside a transaction that is rolled back) and does not close it.

    **Side reads** (PostgreSQL): a read that would wait for the lock while another statement
    runs goes to a second connection instead, when the pool holds an idle one, and the
    connection goes straight back after its statement: independent parts of one question (an
    analyst's summary: drafts per status, per province, the stays' percentiles) then run at the
    same time, as they would from separate requests. Nothing is given up: under READ COMMITTED
    every statement takes its own snapshot on either connection, and a side read never runs
    while a `transaction()` block is open, so the request's own uncommitted writes are never
    missed. At most `SIDE_READS` run at once, and none when the pool is at its size (a
    busy server gains nothing from more connections than it keeps): under load, statements wait
    for the request's own connection as before.
    """

    #: Side reads one request may run at once beside its own connection's statement.
    SIDE_READS = 2

    def __init__(
        self, engine: AsyncEngine | None = None, *, connection: AsyncConnection | None = None
    ) -> None:
        if (engine is None) == (connection is None):
            raise ValueError("pass an engine or a connection")
        self._engine = engine
        self._connection = connection
        self._owns_connection = connection is None
        self._lock = asyncio.Lock()
        self._running: asyncio.Task[Any] | None = None  # the task running a statement now
        self._abandoned = False  # the request timed out: its stragglers may not reconnect
        self._ended = False  # the operation is over (`end`): nothing may connect again
        self._after_commit: list[Callable[[], None]] | None = None
        self._writing = False  # inside a `transaction()` block
        self._side: set[asyncio.Task[Any]] = set()  # the tasks running side reads now
        self.statements = 0

    @property
    def dialect(self) -> str:
        if self._engine is not None:
            return self._engine.dialect.name
        assert self._connection is not None
        return self._connection.dialect.name

    async def _connect(self) -> AsyncConnection:
        if self._connection is None:
            assert self._engine is not None
            if self._abandoned:
                raise ServiceUnavailable("The request is over (it timed out); try again.")
            if self._ended:
                raise ServiceUnavailable("The operation is over; its reads have ended.")
            try:
                self._connection = await self._engine.connect()
            except (OSError, DBAPIError) as exc:
                raise ServiceUnavailable(
                    "The database is not reachable; try again in a few seconds."
                ) from exc
        elif self._connection.invalidated:
            if self._owns_connection and not self._abandoned:
                # A statement of this request was cancelled (a field whose result was dropped
                # while its siblings failed) or its connection dropped: nothing was written on
                # it (writes run in `transaction()`, which never gives it back invalidated), so
                # the request reads on from a new connection — or learns the database is away.
                return await self._reconnect()
            raise ServiceUnavailable(
                "The database connection was lost; try again in a few seconds."
            )
        return self._connection

    async def all(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        """The statement's rows; `parameters` give bound parameters other values."""
        if self._lock.locked() and self._side_read_possible():
            return await self._side_read(statement, parameters)
        async with self._lock:
            fresh = self._connection is None
            conn = await self._connect()
            self.statements += 1
            self._running = asyncio.current_task()
            try:
                try:
                    result = await conn.execute(statement, parameters)
                except DBAPIError as exc:
                    if not (fresh and self._owns_connection and await _lost(conn, exc)):
                        raise
                    # The pool handed out a connection the server had dropped (a restart):
                    # nothing of this request ran on it, so the read goes once more on a new
                    # one — what a ping at every checkout would do, without its round trips.
                    conn = await self._reconnect()
                    result = await conn.execute(statement, parameters)
            except DBAPIError as exc:
                # a refused value: the failed transaction is rolled back so the request's other
                # fields can still be read
                refused = await _read_refused(conn, exc, roll_back=self._owns_connection)
                if refused is None:
                    raise
                raise refused from exc
            finally:
                self._running = None
            return result.all()

    def _side_read_possible(self) -> bool:
        """Whether a read may run on a side connection now (the class's description)."""
        if (
            self._engine is None
            or not self._owns_connection
            or self._abandoned
            or self._ended
            or self._writing
            or len(self._side) >= self.SIDE_READS
            or self._engine.dialect.name != "postgresql"
        ):
            return False
        # room in the pool below its overflow: connections it keeps anyway, idle or not yet made
        pool: Any = self._engine.pool
        size, out = getattr(pool, "size", None), getattr(pool, "checkedout", None)
        return size is not None and out is not None and out() < size()

    async def _side_read(
        self, statement: Executable, parameters: Mapping[str, Any] | None
    ) -> Sequence[Row[Any]]:
        """The statement's rows, read on a connection of its own, given back at once."""
        assert self._engine is not None
        task = asyncio.current_task()
        assert task is not None
        self._side.add(task)
        self.statements += 1
        try:
            try:
                conn = await self._engine.connect()
            except (OSError, DBAPIError) as exc:
                raise ServiceUnavailable(
                    "The database is not reachable; try again in a few seconds."
                ) from exc
            try:
                try:
                    result = await conn.execute(statement, parameters)
                    return result.all()
                except DBAPIError as exc:
                    refused = await _read_refused(conn, exc, roll_back=False)
                    if refused is None:
                        raise
                    raise refused from exc
            finally:
                await _give_back(conn)
        finally:
            self._side.discard(task)

    async def _reconnect(self) -> AsyncConnection:
        """Give back the request's (lost, invalidated) connection and take a new one."""
        lost, self._connection = self._connection, None
        if lost is not None:
            # An invalidated connection may have lost its driver (aiosqlite's thread ends when
            # a cancelled statement invalidates it, and then nothing answers a close): bounded.
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await lost.close()
        return await self._connect()

    async def _alive(self, conn: AsyncConnection) -> AsyncConnection:
        """Before a write on a connection just taken from the pool: a probe, and a new connection
        if the server had dropped that one (the pool does not ping: reads retry instead)."""
        if conn.dialect.name == "sqlite":
            return conn
        try:
            await conn.exec_driver_sql("SELECT 1")
        except DBAPIError as exc:
            if not await _lost(conn, exc):
                raise
            return await self._reconnect()
        return conn

    async def recover(self) -> None:
        """After a failed statement: roll back, so the request can go on (PostgreSQL refuses
        anything more in a failed transaction). A borrowed connection is left to its owner."""
        if self._owns_connection and self._connection is not None:
            async with self._lock:
                await self._connection.rollback()

    async def scalar(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> Any:
        rows = await self.all(statement, parameters)
        return rows[0][0] if rows else None

    def interrupt(self) -> None:
        """Stop the statement running now, from outside the request (its timeout).

        On PostgreSQL the task running it (a loader's batch is a task of its own) is cancelled:
        asyncpg cancels the query on the server and the connection is invalidated
        (`statement_timeout` is the backstop). SQLite's statement runs in a thread that only
        the connection's `interrupt()` stops."""
        self._abandoned = True
        for task in self._side:
            task.cancel()
        connection = self._connection
        if connection is None:
            return
        if connection.dialect.name != "sqlite":
            if self._running is not None:
                self._running.cancel()
            return
        try:
            raw: Any = connection.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
            raw._connection._conn.interrupt()  # aiosqlite → sqlite3.Connection; thread-safe
        except Exception:
            logger.debug("could not interrupt a SQLite statement", exc_info=True)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One unit of writes on the request's connection: committed when the block ends, rolled
        back when it raises. Statements inside use the connection yielded; the request's other
        statements (loaders) wait until the block is done.

        On a connection the handle was given that is already inside a transaction (tests), the
        block is a SAVEPOINT, released or rolled back the same way. On SQLite a top-level write
        transaction begins IMMEDIATE. Callbacks registered with `after_commit` run once the
        block's changes are committed (or released), never when it rolls back.
        """
        async with self._lock:
            fresh = self._connection is None and self._owns_connection
            conn = await self._connect()
            if fresh:
                conn = await self._alive(conn)
            self._after_commit = []
            self._writing = True
            try:
                async with _lost_is_unavailable(conn), self._begin(conn):
                    yield conn
                callbacks = self._after_commit
            finally:
                self._after_commit = None
                self._writing = False
        for callback in callbacks:
            callback()

    @asynccontextmanager
    async def _begin(self, conn: AsyncConnection) -> AsyncIterator[None]:
        """The transaction of a `transaction()` block (a SAVEPOINT inside a borrowed one)."""
        if not self._owns_connection and conn.in_transaction():
            async with conn.begin_nested():
                yield
            return
        if conn.in_transaction():
            await conn.commit()  # only reads of this request ran in it
        immediate = conn.dialect.name == "sqlite"
        if immediate:
            await conn.execution_options(**{SQLITE_BEGIN_IMMEDIATE: True})
        try:
            async with conn.begin():
                yield
        finally:
            if immediate:
                await conn.execution_options(**{SQLITE_BEGIN_IMMEDIATE: False})

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the current `transaction()` block has committed."""
        if self._after_commit is None:
            raise RuntimeError("after_commit() is only meaningful inside transaction()")
        self._after_commit.append(callback)

    async def end(self) -> None:
        """The operation is over: its connection goes back to the pool, and the handle takes
        none again. A resolver still running after the answer went out (a sibling of a field
        whose error ended the operation) then fails, unseen, instead of taking a connection
        that no one would give back: fourteen such reads once held a test's whole pool."""
        self._ended = True
        await self.close()

    async def close(self) -> None:
        """Give the connection back to the pool; a later statement takes another (an idle
        subscription holds none)."""
        if not self._owns_connection or self._connection is None:
            return
        async with self._lock:  # a statement still running (an interrupted one) ends first
            connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.close()
        except Exception as exc:
            # e.g. the server went away mid-rollback: the pool discards the connection. The
            # request's answer stands; closing must not turn it into an error.
            logger.warning("could not close a database connection cleanly: %r", exc)
            with contextlib.suppress(Exception):
                await connection.invalidate()


async def _read_refused(
    conn: AsyncConnection, exc: DBAPIError, *, roll_back: bool
) -> Exception | None:
    """What a read the database refused raises: SERVICE_UNAVAILABLE when the connection is lost;
    BAD_USER_INPUT for a value the client sent that the database refuses (PostgreSQL: a NUL
    character in a text), after rolling the failed transaction back when `roll_back`; None for
    any other error (a fault of the service: it is raised as it is)."""
    if await _lost(conn, exc):
        return ServiceUnavailable("The database connection was lost; try again in a few seconds.")
    sqlstate = str(getattr(exc.orig, "sqlstate", None) or "")
    if isinstance(exc, DataError) or sqlstate.startswith("22"):  # data exception
        if roll_back:
            with contextlib.suppress(Exception):
                await conn.rollback()
        return BadUserInput(
            "An argument holds a value the database refuses (for instance a NUL character in a text)."
        )
    return None


async def _give_back(conn: AsyncConnection) -> None:
    """Return a side read's connection to the pool (rolled back); one that cannot be closed
    cleanly (its statement was cancelled, the server went away) is discarded instead."""
    try:
        async with asyncio.timeout(2):
            await conn.close()
    except Exception:
        with contextlib.suppress(Exception):
            await conn.invalidate()


async def _lost(conn: AsyncConnection, exc: DBAPIError) -> bool:
    """True (and the connection invalidated) when `exc` means the connection is gone: an
    invalidated connection, or (asyncpg, when the server goes away mid-statement) a client-side
    interface or internal error."""
    lost = conn.invalidated or exc.connection_invalidated
    if lost or isinstance(exc, (InterfaceError, InternalError)):
        if not conn.invalidated:
            with contextlib.suppress(Exception):
                await conn.invalidate()
        return True
    return False


@asynccontextmanager
async def _lost_is_unavailable(conn: AsyncConnection) -> AsyncIterator[None]:
    """A write whose connection is lost (before, during or at its commit) is SERVICE_UNAVAILABLE:
    the client retries it with the same idempotency key, which returns the first result if the
    commit did happen."""
    try:
        yield
    except DBAPIError as exc:
        if await _lost(conn, exc):
            raise ServiceUnavailable(
                "The database connection was lost; try again in a few seconds."
            ) from exc
        raise
