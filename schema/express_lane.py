"""The express lane: a request for an operation the compiled path has already answered is
answered again without going through Strawberry: the same statement, the same JSON, written
straight to the response.

Strawberry parsed and validated that same document when it was first compiled, against the same
schema, and compiled it with the same variables, so the outcome would be the same; skipping the
pipeline saves most of the Python a small query costs. Only requests whose key is in the compiled
cache take the lane; the first request of an operation, any other operation, and every error go
the usual way. PostgreSQL only (through asyncpg, with its prepared-statement cache); on SQLite the
usual way is used.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import asyncpg
import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from db.settings import Settings
from resolvers.database import RequestDatabase
from resolvers.fastpath.compiler import Compiled
from schema.compiled_reads import cache_key, cached, compile_known
from schema.context import Context

logger = logging.getLogger("civicgraph.express_lane")


#: SQL compiled for the driver, by the statement's structure (SQLAlchemy's cache key): the same
#: query with other values (another id, another page) reuses it with its own parameters.
_SQL: OrderedDict[Hashable, Any] = OrderedDict()


def _prepare(compiled: Compiled, engine: AsyncEngine) -> tuple[str, tuple[Any, ...]]:
    if compiled.prepared is None:
        cache_key = compiled.statement._generate_cache_key()
        assert cache_key is not None  # our statements are all cacheable
        sql = _SQL.get(cache_key.key)
        if sql is None:
            sql = _SQL[cache_key.key] = compiled.statement.compile(
                dialect=engine.dialect, cache_key=cache_key
            )
            if len(_SQL) > 256:
                _SQL.popitem(last=False)
        params = sql.construct_params(extracted_parameters=cache_key.bindparams)
        state = sql.construct_expanded_state(params)  # IN lists become one parameter each
        arguments = []
        for name in state.positiontup or ():
            value = state.parameters[name]
            processor = state.processors.get(name)  # the column types' own conversions
            arguments.append(processor(value) if processor is not None else value)
        compiled.prepared = (state.statement, tuple(arguments))
    return compiled.prepared


class Lane:
    """The lane's own small pool of asyncpg connections (one per worker process): a pool
    checkout costs a fraction of the engine's, and a connection the database dropped is simply
    replaced. Made on first use, inside the worker's event loop."""

    def __init__(self, engine: AsyncEngine, size: int) -> None:
        self.engine = engine
        self.size = size
        self._pool: asyncpg.Pool | None = None

    async def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            url = self.engine.url.set(drivername="postgresql")
            self._pool = await asyncpg.create_pool(
                url.render_as_string(hide_password=False), min_size=1, max_size=self.size
            )
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


async def answer(lane: Lane, schema: Any, settings: Settings, body: bytes) -> bytes | None:
    """The response body for a request to `schema` the lane can serve, or None."""
    engine = lane.engine
    if engine.dialect.name != "postgresql":
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
) -> bytes | None:
    """The response body for one operation the lane can serve, or None."""
    engine = lane.engine
    if engine.dialect.name != "postgresql":
        return None
    key = cache_key(id(schema), query, operation_name, variables, engine.dialect.name, settings)
    compiled = cached(key)
    if compiled is None:
        # Another variables' turn of a document already validated: compile it here.
        context = Context(db=RequestDatabase(engine), settings=settings)
        compiled = compile_known(schema, context, query, operation_name, variables)
        if compiled is None:
            return None
    sql, arguments = _prepare(compiled, engine)
    try:
        pool = await lane.pool()
        async with pool.acquire() as connection:
            text = await connection.fetchval(sql, *arguments)
    except Exception:
        logger.debug("express lane failed; taking the usual way", exc_info=True)
        return None
    if compiled.lookups:
        data = orjson.loads(text)
        if any(data.get(key) is None for key in compiled.lookups):
            return None
    response: bytes = b'{"data":' + str(text).encode() + b"}"
    return response
