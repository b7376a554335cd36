"""The async engine, made once per process from `DATABASE_URL`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from core import metrics
from core.settings import Settings

#: Execution option: on SQLite, the next transaction of the connection begins IMMEDIATE.
SQLITE_BEGIN_IMMEDIATE = "civicgraph_sqlite_begin_immediate"


def create_engine(settings: Settings, **overrides: Any) -> AsyncEngine:
    """Create the engine for `settings.database_url`.

    On SQLite, pysqlite's own transaction handling is switched off and SQLAlchemy emits BEGIN
    itself, so that SAVEPOINTs and transactional DDL behave as on PostgreSQL (the recipe in
    SQLAlchemy's SQLite dialect documentation). Foreign keys are enforced on every connection.
    """
    url = settings.database_url
    kwargs: dict[str, Any] = {"echo": settings.echo_sql}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30}
    else:
        # No pre-ping (three round trips per checkout with asyncpg): a request's first read is
        # retried once on a dropped connection, and a write probes a fresh one
        # (db/session.py); a lost connection invalidates the whole pool.
        kwargs.update(pool_size=settings.pool_size, max_overflow=settings.pool_size)
    kwargs.update(overrides)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    _observe_pool(engine)
    return engine


def _observe_pool(engine: AsyncEngine) -> None:
    """The pool's use as Prometheus gauges (core/metrics.py): connections checked out now, and
    how many the pool may open."""
    pool = engine.sync_engine.pool
    size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", 0)
    if callable(size):
        metrics.POOL_CAPACITY.inc(size() + max(overflow, 0))

    @event.listens_for(pool, "checkout")
    def _on_checkout(*_: Any) -> None:
        metrics.POOL_CHECKED_OUT.inc()

    @event.listens_for(pool, "checkin")
    def _on_checkin(*_: Any) -> None:
        metrics.POOL_CHECKED_OUT.dec()


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL is a property of the file: set once. Setting it again on every new connection
        # waits for any writer's lock, so a connection opened during a write would stall.
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writes begin IMMEDIATE (the write lock is taken at BEGIN), so that a transaction that
        # reads before it writes never finds its snapshot stale when it comes to write.
        immediate = conn.get_execution_options().get(SQLITE_BEGIN_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
