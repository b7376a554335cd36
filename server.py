"""The Starlette application: `/graphql`, `/healthz`, `/readyz`, and the engine's life.

By default one process serves everything: the merged graph at `/graphql` and each owner's
subgraph at `/subgraphs/<name>/graphql`. With `CIVICGRAPH_SUBGRAPH` (`civicgraph serve
--subgraph NAME`) it serves that one subgraph alone at `/graphql`, for a gateway in front.
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
from schema.root import SUBGRAPHS, CivicGraphSchema, Subgraph, schema

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


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view with our context, and JSON written by orjson."""

    def __init__(self, settings: Settings, served: CivicGraphSchema = schema) -> None:
        super().__init__(served, graphql_ide="graphiql" if settings.serve_graphiql else None)
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
        app.state.engine = engine if engine is not None else create_engine(settings)
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

    methods = ["GET", "POST"]
    if settings.subgraph is not None:
        alone = SUBGRAPHS[Subgraph(settings.subgraph)]
        routes = [Route("/graphql", GraphQLApp(settings, alone), methods=methods)]
    else:
        routes = [Route("/graphql", GraphQLApp(settings), methods=methods)] + [
            Route(f"/subgraphs/{name}/graphql", GraphQLApp(settings, sub), methods=methods)
            for name, sub in SUBGRAPHS.items()
        ]
    app = Starlette(
        routes=[
            *routes,
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    if engine is not None:
        app.state.engine = engine
    return app
