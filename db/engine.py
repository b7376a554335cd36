"""The async engine, made once per process from `DATABASE_URL`."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from opentelemetry.trace import SpanKind, StatusCode, Tracer
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from core import metrics
from core.ids import global_id
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


#: The tracer each engine's statements are traced with (core/tracing.py), while tracing is on.
_TRACERS: WeakKeyDictionary[Engine, Tracer] = WeakKeyDictionary()
_SPAN = "_civicgraph_span"


def trace_statements(engine: AsyncEngine, tracer: Tracer | None) -> None:
    """A span per SQL statement the engine sends (its first word as the name, the statement as
    `db.statement`), under the span under way; None stops it. The listeners are installed once
    per engine: an app made again on the same engine (tests) only swaps the tracer."""
    sync = engine.sync_engine
    if tracer is None:
        _TRACERS.pop(sync, None)
        return
    if sync not in _TRACERS:
        event.listen(sync, "before_cursor_execute", _statement_starts)
        event.listen(sync, "after_cursor_execute", _statement_ends)
        event.listen(sync, "handle_error", _statement_fails)
    _TRACERS[sync] = tracer


def _statement_starts(
    conn: Connection, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool
) -> None:
    tracer = _TRACERS.get(conn.engine)
    if tracer is None or context is None:
        return
    words = statement.split(None, 1)
    span = tracer.start_span(
        words[0].upper() if words else "SQL",
        kind=SpanKind.CLIENT,
        attributes={"db.system": conn.dialect.name, "db.statement": statement},
    )
    setattr(context, _SPAN, span)


def _statement_ends(
    _conn: Connection, _cursor: Any, _statement: str, _params: Any, context: Any, _many: bool
) -> None:
    span = getattr(context, _SPAN, None)
    if span is not None:
        span.end()
        setattr(context, _SPAN, None)


def _statement_fails(exception_context: ExceptionContext) -> None:
    span = getattr(exception_context.execution_context, _SPAN, None)
    if span is not None:
        span.record_exception(exception_context.original_exception)
        span.set_status(StatusCode.ERROR)
        span.end()
        setattr(exception_context.execution_context, _SPAN, None)


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


def _global_id(kind: str | None, key: int | None) -> str | None:
    return None if kind is None or key is None else global_id(kind, int(key))


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        # The Relay id of a row, in SQL (core/ids.py), for the compiled read path.
        dbapi_connection.create_function("civic_global_id", 2, _global_id, deterministic=True)
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
