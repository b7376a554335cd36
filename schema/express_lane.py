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
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from db.settings import Settings
from resolvers.fastpath.compiler import Compiled
from schema.compiled_reads import cache_key, cached

logger = logging.getLogger("civicgraph.express_lane")


def _prepare(compiled: Compiled, engine: AsyncEngine) -> tuple[str, tuple[Any, ...]]:
    if compiled.prepared is None:
        sql = compiled.statement.compile(
            dialect=engine.dialect, compile_kwargs={"render_postcompile": True}
        )
        params = sql.construct_params()
        processors: dict[str, Any] = dict(sql._bind_processors)  # the types' own conversions
        arguments = []
        for name in sql.positiontup or ():
            value = params[name]
            processor = processors.get(name)
            arguments.append(processor(value) if processor is not None else value)
        compiled.prepared = (sql.string, tuple(arguments))
    return compiled.prepared


async def answer(engine: AsyncEngine, settings: Settings, body: bytes) -> bytes | None:
    """The response body for a request the lane can serve, or None."""
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
    compiled = cached(
        cache_key(payload["query"], operation_name, variables, engine.dialect.name, settings)
    )
    if compiled is None:
        return None
    sql, arguments = _prepare(compiled, engine)
    try:
        async with engine.connect() as conn:
            raw = await conn.get_raw_connection()
            text = await raw.driver_connection.fetchval(sql, *arguments)  # type: ignore[union-attr]
    except Exception:
        logger.debug("express lane failed; taking the usual way", exc_info=True)
        return None
    if compiled.lookups:
        data = orjson.loads(text)
        if any(data.get(key) is None for key in compiled.lookups):
            return None
    response: bytes = b'{"data":' + str(text).encode() + b"}"
    return response
