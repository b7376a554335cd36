"""The Starlette application: `/graphql`, `/healthz`, `/readyz`, and the engine's life.

`/graphql` over HTTP is `web.graphql_http.GraphQLEndpoint` (the GraphQL-over-HTTP specification,
limits, trusted documents, rate limits, timeout); it takes its context from `GraphQLApp`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from db.engine import create_engine
from db.settings import Settings, get_settings
from resolvers.database import RequestDatabase
from schema.compiled_reads import encode_default
from schema.context import Context
from schema.root import schema
from web.graphql_http import GraphQLEndpoint
from web.middleware import RequestContext

logger = logging.getLogger("civicgraph.server")


async def prepare_database(engine: AsyncEngine, settings: Settings) -> None:
    """Migrate and seed at start-up where the settings ask for it (the embedded default does)."""
    from db import migrate
    from db.seed import is_empty, seed

    if settings.should_auto_migrate:
        async with engine.begin() as conn:
            await migrate.upgrade(conn)
    if settings.should_seed_if_empty:
        async with engine.begin() as conn:
            if await is_empty(conn):
                counts = await seed(conn)
                logger.info("seeded an empty database with the shipped data: %s", counts)


def engine_options(settings: Settings) -> dict[str, Any]:
    """The server's engine: on PostgreSQL a statement may not outlive the request timeout, so a
    slow query frees its connection even if the client's cancellation never reaches it."""
    if settings.is_sqlite or not settings.request_timeout_seconds:
        return {}
    timeout_ms = int(settings.request_timeout_seconds * 1000)
    return {"connect_args": {"server_settings": {"statement_timeout": str(timeout_ms)}}}


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view: it makes the context of every operation (`get_context`), and JSON
    written by orjson. HTTP requests go through `GraphQLEndpoint`, which uses its context."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(schema, graphql_ide="graphiql" if settings.serve_graphiql else None)
        self.settings = settings

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        engine: AsyncEngine = request.app.state.engine
        return Context(db=RequestDatabase(engine), settings=self.settings, request=request)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data, default=encode_default)


def create_app(settings: Settings | None = None, *, engine: AsyncEngine | None = None) -> Starlette:
    """The application. Given an engine, it uses it and leaves its life to the caller."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own_engine = engine is None
        app.state.engine = (
            engine if engine is not None else create_engine(settings, **engine_options(settings))
        )
        try:
            if own_engine:
                await prepare_database(app.state.engine, settings)
            yield
        finally:
            if own_engine:
                await app.state.engine.dispose()

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "alive"})

    async def readyz(request: Request) -> Response:
        try:
            async with asyncio.timeout(2):
                async with request.app.state.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
        except Exception as exc:
            logger.warning("readiness check failed: %r", exc)
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"}, status_code=503
            )
        return JSONResponse({"status": "ready", "database": "reachable"})

    graphql_app = GraphQLApp(settings)

    async def context_for(request: Request) -> Context:
        return await graphql_app.get_context(request, None)

    app = Starlette(
        routes=[
            Route(
                "/graphql",
                GraphQLEndpoint(settings, schema, context_for).handle,
                methods=["GET", "POST"],
            ),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        middleware=[Middleware(RequestContext)],
        lifespan=lifespan,
    )
    if engine is not None:
        app.state.engine = engine
    return app
