"""The per-request database handle."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.engine import SQLITE_BEGIN_IMMEDIATE
from schema.errors import ServiceUnavailable

logger = logging.getLogger("civicgraph.database")


class RequestDatabase:
    """One connection per request, taken from the pool on first use and given back at the end.

    Loaders of one request may run concurrently; a connection runs one statement at a time, so
    statements are serialised on a lock. Every statement of a request sees the same transaction.
    In tests the handle is given an existing connection (inside a transaction that is rolled back)
    and does not close it.
    """

    def __init__(
        self, engine: AsyncEngine | None = None, *, connection: AsyncConnection | None = None
    ) -> None:
        if (engine is None) == (connection is None):
            raise ValueError("pass an engine or a connection")
        self._engine = engine
        self._connection = connection
        self._owns_connection = connection is None
        self._lock = asyncio.Lock()
        self._after_commit: list[Callable[[], None]] | None = None
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
            try:
                self._connection = await self._engine.connect()
            except (OSError, DBAPIError) as exc:
                raise ServiceUnavailable(
                    "The database is not reachable; try again in a few seconds."
                ) from exc
        return self._connection

    async def all(self, statement: Executable) -> Sequence[Row[Any]]:
        async with self._lock:
            conn = await self._connect()
            self.statements += 1
            try:
                result = await conn.execute(statement)
            except OperationalError as exc:
                if conn.invalidated:
                    raise ServiceUnavailable(
                        "The database connection was lost; try again in a few seconds."
                    ) from exc
                raise
            return result.all()

    async def recover(self) -> None:
        """After a failed statement: roll back, so the request can go on (PostgreSQL refuses
        anything more in a failed transaction). A borrowed connection is left to its owner."""
        if self._owns_connection and self._connection is not None:
            async with self._lock:
                await self._connection.rollback()

    async def scalar(self, statement: Executable) -> Any:
        rows = await self.all(statement)
        return rows[0][0] if rows else None

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
            conn = await self._connect()
            self._after_commit = []
            try:
                if not self._owns_connection and conn.in_transaction():
                    async with conn.begin_nested():
                        yield conn
                else:
                    if conn.in_transaction():
                        await conn.commit()  # only reads of this request ran in it
                    immediate = conn.dialect.name == "sqlite"
                    if immediate:
                        await conn.execution_options(**{SQLITE_BEGIN_IMMEDIATE: True})
                    try:
                        async with conn.begin():
                            yield conn
                    finally:
                        if immediate:
                            await conn.execution_options(**{SQLITE_BEGIN_IMMEDIATE: False})
                callbacks = self._after_commit
            finally:
                self._after_commit = None
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the current `transaction()` block has committed."""
        if self._after_commit is None:
            raise RuntimeError("after_commit() is only meaningful inside transaction()")
        self._after_commit.append(callback)

    async def close(self) -> None:
        if self._owns_connection and self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.close()
            except Exception:
                logger.warning("could not close a database connection cleanly", exc_info=True)
                await connection.invalidate()
