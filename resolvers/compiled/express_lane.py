"""The express lane: a request for an operation the compiled path has already answered is
answered again without going through Strawberry: the same statement, the same JSON, written
straight to the response.

Strawberry parsed and validated that same document when it was first compiled, against the same
schema, and compiled it with the same variables, so the outcome would be the same; skipping the
pipeline saves most of the Python a small query costs. Only requests whose key is in the compiled
cache take the lane; the first request of an operation, any other operation, and every error go
the usual way. PostgreSQL only (through asyncpg, with its prepared-statement cache); on SQLite the
usual way is used. An operation whose one root Python finishes from its statement's rows (the
search: `Finished`) is run the same way, and its rows finished as the compiled path finishes them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from core.auth import ANONYMOUS, Viewer
from core.caches import BytesLRU
from core.settings import Settings
from db.session import RequestDatabase
from resolvers.compiled.compiler import Compiled, Prepared
from resolvers.compiled.extension import cache_key, cached, compile_known
from resolvers.context import Context
from resolvers.reads import ViewerScope
from schema.declare import Finished, NotAgain

#: the bound parameters of the caller's ids, in every statement that applies a read rule
VIEWER_PARAMETERS = tuple(ViewerScope.PARAMETERS.values())

logger = logging.getLogger("civicgraph.express_lane")


#: SQL compiled for the driver, by the statement's structure (SQLAlchemy's cache key): the same
#: query with other values (another id, another page) reuses it with its own parameters.
_SQL: BytesLRU[Hashable, Any] = BytesLRU(weigh=lambda _, sql: 4 * len(sql.string))


def _prepare(compiled: Compiled, engine: AsyncEngine) -> Prepared:
    if compiled.prepared is None:
        # the whole response body written by PostgreSQL (`body`): the document comes over as
        # the body, not copied once more into `{"data":…}` in Python (600 KB for the big list);
        # NULL stays NULL (a lookup that found nothing). A finished root's rows are Python's.
        chosen = compiled.statement if compiled.finished is not None else compiled.body
        assert chosen is not None  # every PostgreSQL operation has its body
        cache_key = chosen._generate_cache_key()
        assert cache_key is not None  # our statements are all cacheable
        sql = _SQL.get(cache_key.key)
        if sql is None:
            sql = _SQL[cache_key.key] = chosen.compile(dialect=engine.dialect, cache_key=cache_key)
        params = sql.construct_params(extracted_parameters=cache_key.bindparams)
        state = sql.construct_expanded_state(params)  # IN lists become one parameter each
        names = list(state.positiontup or ())
        arguments = []
        for name in names:
            value = state.parameters[name]
            processor = state.processors.get(name)  # the column types' own conversions
            arguments.append(processor(value) if processor is not None else value)
        slots = {
            key: ([i for i, name in enumerate(names) if name == key], state.processors.get(key))
            for key in (*(slot.key for slot in compiled.slots), *VIEWER_PARAMETERS)
        }
        if any(not slots[slot.key][0] for slot in compiled.slots):
            raise LookupError(f"a slot's parameter is missing from {state.statement!r}")
        compiled.prepared = Prepared(state.statement, tuple(arguments), slots)
    return compiled.prepared


async def _text_as_bytes(connection: asyncpg.Connection) -> None:
    """The lane reads one text column, JSON it writes to the response as it is: asyncpg hands it
    over as the bytes PostgreSQL sent (no decoding to str and encoding back, 0.5 MB for a big
    page); text parameters are still given as str."""
    await connection.set_type_codec(
        "text",
        schema="pg_catalog",
        encoder=lambda value: value.encode() if isinstance(value, str) else value,
        decoder=bytes,
        format="binary",
    )


class Connections:
    """The lane's connections to PostgreSQL: idle ones on a stack (the warmest reused first),
    at most `size` open, a caller beyond that waits its turn, first come first served.

    A lane request checks out a connection, runs one SELECT outside any transaction and checks
    it back in: there is no session state to reset and no transaction to roll back, so a
    check-out is a list pop and a check-in a push (asyncpg's own pool spends ≈ 9% of a worker's
    CPU on a one-draft request doing both, with a timeout scope and a shielded task each time).
    A connection whose statement did not end normally (timed out, cancelled, the connection
    lost) is terminated, never reused: nothing of a statement that may still run comes back.
    """

    def __init__(self, connect: Callable[[], Awaitable[asyncpg.Connection]], size: int) -> None:
        self._connect = connect
        self.size = size
        self._idle: list[asyncpg.Connection] = []
        #: connections open, being opened or checked out: never more than `size`
        self.opened = 0
        #: callers waiting for a connection; given one, or None to open one themselves
        self._waiting: deque[asyncio.Future[asyncpg.Connection | None]] = deque()
        self._closed = False

    async def acquire(self) -> asyncpg.Connection:
        while True:
            if self._closed:
                raise asyncpg.InterfaceError("the express lane's connections are closed")
            while self._idle:
                connection = self._idle.pop()
                if not connection.is_closed():
                    return connection
                self.opened -= 1  # the database dropped it while it was idle
            if self.opened < self.size:
                self.opened += 1
                try:
                    return await self._connect()
                except BaseException:
                    self.opened -= 1
                    self._make_room()
                    raise
            waiter: asyncio.Future[asyncpg.Connection | None] = (
                asyncio.get_running_loop().create_future()
            )
            self._waiting.append(waiter)
            try:
                given = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():  # handed over as it was cancelled
                    late = waiter.result()
                    if late is not None:
                        self.release(late)
                    else:
                        self._make_room()
                raise
            if given is not None:
                return given
            # room was made (a connection ended): open one, if no one else took the room

    def release(self, connection: asyncpg.Connection, *, reusable: bool = True) -> None:
        """Check a connection back in; one that is not `reusable` is terminated."""
        if self._closed or not reusable or connection.is_closed():
            connection.terminate()
            self.opened -= 1
            self._make_room()
        elif not self._hand_over(connection):
            self._idle.append(connection)

    def _make_room(self) -> None:
        """A connection ended: the first caller waiting opens a new one."""
        self._hand_over(None)

    def _hand_over(self, given: asyncpg.Connection | None) -> bool:
        """Give the first caller still waiting `given`; False when no one waits."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(given)
                return True
        return False

    async def close(self) -> None:
        """Close the idle connections; those checked out are terminated when checked in."""
        self._closed = True
        idle, self._idle = self._idle, []
        self.opened -= len(idle)
        waiting, self._waiting = self._waiting, deque()
        for waiter in waiting:
            if not waiter.done():
                waiter.set_result(None)  # wakes to find the lane closed
        for connection in idle:
            await connection.close()


class Lane:
    """The lane's own connections (one set per worker process, `Connections`). Made on first
    use, inside the worker's event loop.

    A statement may not outlive `timeout_seconds` (the request timeout): the lane stops waiting
    and the caller answers REQUEST_TIMEOUT; PostgreSQL's `statement_timeout` is the backstop."""

    def __init__(self, engine: AsyncEngine, size: int, timeout_seconds: float = 0) -> None:
        self.engine = engine
        self.dialect_name: str = engine.dialect.name
        self.size = size
        self.timeout_seconds = timeout_seconds
        self._connections: Connections | None = None

    def connections(self) -> Connections:
        if self._connections is None:
            url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            server_settings = (
                {"statement_timeout": str(int(self.timeout_seconds * 1000))}
                if self.timeout_seconds
                else {}
            )

            async def connect() -> asyncpg.Connection:
                connection = await asyncpg.connect(url, server_settings=server_settings)
                try:
                    await _text_as_bytes(connection)
                except BaseException:
                    connection.terminate()
                    raise
                return connection

            self._connections = Connections(connect, self.size)
        return self._connections

    async def fetch_text(self, sql: str, arguments: tuple[Any, ...]) -> bytes | None:
        """The statement's one value (the response's JSON, as bytes). TimeoutError when it takes longer
        than the request may."""
        text: bytes | None = await self._run("fetchval", sql, arguments)
        return text

    async def fetch_rows(self, sql: str, arguments: tuple[Any, ...]) -> list[asyncpg.Record]:
        """The statement's rows (texts as bytes). TimeoutError as `fetch_text`."""
        rows: list[asyncpg.Record] = await self._run("fetch", sql, arguments)
        return rows

    async def _run(self, method: str, sql: str, arguments: tuple[Any, ...]) -> Any:
        connections = self.connections()
        connection = await connections.acquire()
        reusable = False
        try:
            # asyncpg's own timer (cheaper than a timeout scope), which cancels the
            # statement; PostgreSQL's statement_timeout stops it even if that is lost
            found = await getattr(connection, method)(
                sql, *arguments, timeout=self.timeout_seconds or None
            )
        except asyncpg.QueryCanceledError:
            raise TimeoutError from None  # its connection is not reused
        except asyncpg.PostgresError:
            reusable = True  # the database refused the statement: the connection is as it was
            raise
        else:
            reusable = True
            return found
        finally:
            connections.release(connection, reusable=reusable)

    async def close(self) -> None:
        if self._connections is not None:
            connections, self._connections = self._connections, None
            await connections.close()


async def answer(lane: Lane, schema: Any, settings: Settings, body: bytes) -> bytes | None:
    """The response body for a request to `schema` the lane can serve, or None."""
    if lane.dialect_name != "postgresql":
        return None
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return None
    variables = payload.get("variables")
    operation_name = payload.get("operationName")
    if (variables is not None and not isinstance(variables, dict)) or (
        operation_name is not None and not isinstance(operation_name, str)
    ):
        return None
    if set(payload) - {"query", "variables", "operationName", "extensions"}:
        return None
    return await answer_operation(
        lane, schema, settings, payload["query"], operation_name, variables
    )


async def answer_operation(
    lane: Lane,
    schema: Any,
    settings: Settings,
    query: str,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    viewer: Viewer = ANONYMOUS,
) -> bytes | None:
    """The response body for one operation the lane can serve to `viewer`, or None. The
    statement is the one compiled for the caller's role, run with the caller's ids: an answer
    is never shared between callers who may see different rows. TimeoutError when the
    statement outlives the request timeout."""
    if lane.dialect_name != "postgresql":
        return None
    engine = lane.engine
    key = cache_key(id(schema), query, operation_name, variables, "postgresql", settings, viewer)
    compiled = cached(key)
    if compiled is None:
        # Another variables' turn of a document already validated: compile it here.
        context = Context(db=RequestDatabase(engine), settings=settings, viewer=viewer)
        compiled = compile_known(schema, context, query, operation_name, variables)
        if compiled is None:
            return None
    values = compiled.bind(variables, viewer)
    if values is None:
        return None  # an id the general executor must refuse
    try:
        prepared = _prepare(compiled, engine)
        arguments = prepared.arguments_for(values)
        if compiled.finished is not None:
            return await _finished(lane, compiled.finished, prepared.sql, arguments)
        text = await lane.fetch_text(prepared.sql, arguments)
    except TimeoutError:
        raise  # the caller answers REQUEST_TIMEOUT, as for the usual way
    except Exception:
        logger.debug("express lane failed; taking the usual way", exc_info=True)
        return None
    # the response body as PostgreSQL wrote it (None: a lookup found nothing, which the usual
    # way explains: NOT_FOUND)
    return text


async def _finished(
    lane: Lane, finished: tuple[str, Finished], sql: str, arguments: tuple[Any, ...]
) -> bytes | None:
    """The response body of an operation whose one root Python finishes from its statement's
    rows (the search); None when finishing needs a second statement (the usual way runs it)."""
    key, root = finished
    rows = await lane.fetch_rows(sql, arguments)

    async def again(_: Any) -> Any:
        raise NotAgain

    try:
        value = await root.finish([_Row(row) for row in rows], again)
    except NotAgain:
        return None
    return b'{"data":' + orjson.dumps({key: value}) + b"}"


class _Row:
    """A row of the lane as the finishing code reads a row: by attribute, texts as `str` (the
    lane's connections hand text over as the bytes PostgreSQL sent), and `_mapping.get` for a
    column of JSON (its bytes, which orjson embeds as they are)."""

    __slots__ = ("_record",)

    def __init__(self, record: asyncpg.Record) -> None:
        self._record = record

    def __getattr__(self, name: str) -> Any:
        value = self._record[name]
        return value.decode() if isinstance(value, bytes) else value

    @property
    def _mapping(self) -> asyncpg.Record:
        return self._record
