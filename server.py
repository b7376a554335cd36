"""The Starlette application: `/graphql` (HTTP and WebSocket), `/healthz`, `/readyz`, and the life
of the engine and of the event bus.

By default one process serves everything: the merged graph at `/graphql` and each owner's
subgraph at `/subgraphs/<name>/graphql`. With `CIVICGRAPH_SUBGRAPH` (`civicgraph serve
--subgraph NAME`) it serves that one subgraph alone at `/graphql`, for a gateway in front.

Over HTTP every GraphQL route is `web.graphql_http.GraphQLEndpoint` (the GraphQL-over-HTTP
specification, limits, trusted documents, rate limits, the timeout, the express lane); WebSockets
go to Strawberry's view (`GraphQLApp`), which also makes every operation's context.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.types.unset import UnsetType

from core import caches, metrics, tracing
from core.auth import TokenVerifier, Viewer
from core.memory import heap_trimmer
from core.settings import Settings, get_settings
from db.engine import create_engine, trace_statements
from db.events import EventBus, PostgresEventBus
from db.session import RequestDatabase
from graph.root import CivicGraphSchema, Subgraph, schema, subgraph_schema, traced_schema
from resolvers.compiled import express_lane
from resolvers.compiled.extension import encode_default
from resolvers.context import Context
from web.attachments import AttachmentDownload
from web.explorer import assets_route
from web.export import CsvExport
from web.graphql_http import GraphQLEndpoint
from web.middleware import GiveBackWhenIdle, RequestContext

if TYPE_CHECKING:  # the SDK is imported when tracing is on (core/tracing.py)
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

logger = logging.getLogger("civicgraph.server")


async def prepare_database(engine: AsyncEngine, settings: Settings) -> None:
    """Migrate and seed at start-up where the settings ask for it (the embedded default does).
    Alembic and the seed are imported only then: a worker that does neither never holds them
    (about 7 MiB together)."""
    if settings.should_auto_migrate:
        from db import migrate

        async with engine.begin() as conn:
            await migrate.upgrade(conn)
    if settings.should_seed_if_empty:
        from db.seed import is_empty, seed

        async with engine.begin() as conn:
            if await is_empty(conn):
                counts = await seed(conn)
                logger.info("seeded an empty database with the shipped data: %s", counts)


def event_bus(engine: AsyncEngine) -> EventBus:
    """LISTEN/NOTIFY across processes on PostgreSQL; in-process on SQLite."""
    if engine.dialect.name == "postgresql":
        dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return PostgresEventBus(dsn)
    return EventBus()


#: The WebSocket close code of a refused token (graphql-transport-ws uses 4401 for it).
UNAUTHORIZED_CLOSE = 4401


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    """graphql-transport-ws messages are text frames (orjson writes bytes)."""

    async def close(self, code: int, reason: str) -> None:
        # a refused token has closed the socket already, with its own code and reason
        if self.ws.application_state is not WebSocketState.DISCONNECTED:
            await super().close(code, reason)

    async def send_json(self, message: Mapping[str, object]) -> None:
        data = self.view.encode_json(message)
        try:
            await self.ws.send_text(data.decode() if isinstance(data, bytes) else data)
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view with our context, and JSON written by orjson."""

    websocket_adapter_class = TextWebSocketAdapter

    def __init__(self, settings: Settings, served: CivicGraphSchema = schema) -> None:
        super().__init__(served, graphql_ide="graphiql" if settings.serve_graphiql else None)
        self.settings = settings
        self.verifier = TokenVerifier(settings)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        engine: AsyncEngine = request.app.state.engine
        # over HTTP the endpoint has verified the caller already (web/graphql_http.py)
        viewer = getattr(request.state, "viewer", None)
        if viewer is None:
            viewer = await self.verifier.viewer(request.headers.get("authorization"))
        return Context(
            db=RequestDatabase(engine),
            settings=self.settings,
            request=request,
            viewer=viewer,
            events=getattr(request.app.state, "events", None),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Browsers cannot set headers on a WebSocket: the token may come in `connection_init`.
        A token that does not verify (there or in the handshake's header) closes the connection
        with 4401 and the reason, as over HTTP it is a 401."""
        params = context.connection_params or {}
        authorization = params.get("Authorization", params.get("authorization"))
        if isinstance(authorization, str):
            context.viewer = await self.verifier.viewer(authorization)
        if context.viewer.token_error is not None:
            reason = f"Unauthenticated: {context.viewer.refused_message()}"
            # a close frame's reason holds at most 123 bytes
            reason = reason.encode()[:123].decode(errors="ignore")
            await context.request.close(code=UNAUTHORIZED_CLOSE, reason=reason)
            raise ConnectionRejectionError
        return await super().on_ws_connect(context)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data, default=encode_default)


def engine_options(settings: Settings) -> dict[str, Any]:
    """The server's engine (the general executor's connections) on PostgreSQL:

    - a statement may not outlive the request timeout, so a slow query frees its connection even
      if the client's cancellation never reaches it;
    - each statement is planned for its own values (`plan_cache_mode = force_custom_plan`). These
      statements are built per request around values the plan depends on (an instant, a year, a
      list of provinces); after five runs of a prepared statement PostgreSQL may switch to a
      generic plan made without them, and for the pipeline's reconstruction that plan was twice
      as slow (p50 243 against 135 ms, 60 requests one after another on the national sample),
      its p99 up to 1 s. Planning them costs a few hundred microseconds. The express lane's
      statements, written once per role and run thousands of times, keep PostgreSQL's choice on
      their own connections."""
    if settings.is_sqlite:
        return {}
    server_settings = {"plan_cache_mode": "force_custom_plan"}
    if settings.request_timeout_seconds:
        timeout_ms = int(settings.request_timeout_seconds * 1000)
        server_settings["statement_timeout"] = str(timeout_ms)
    return {"connect_args": {"server_settings": server_settings}}


def graphql_routes(
    path: str,
    settings: Settings,
    served: CivicGraphSchema,
    traced: Callable[[], CivicGraphSchema] | None = None,
    *,
    express: bool = True,
    export: str | None = None,
) -> list[Route | WebSocketRoute]:
    """HTTP (our endpoint) and WebSocket (Strawberry's view) for one schema at `path`; with
    `export`, the CSV export of its queries at that path (web/export.py)."""
    view = GraphQLApp(settings, served)

    async def context_for(request: Request) -> Context:
        return await view.get_context(request, None)

    async def lane(query: str, operation_name: str | None, variables: Any, request: Request) -> Any:
        # the caller the endpoint verified (a token that does not verify never gets here)
        viewer: Viewer = request.state.viewer
        return await express_lane.answer_operation(
            request.app.state.lane, served, settings, query, operation_name, variables, viewer
        )

    endpoint = GraphQLEndpoint(
        settings,
        served,
        context_for,
        verifier=view.verifier,
        traced=traced,
        express=lane if express and settings.compiled_reads else None,
    )
    routes: list[Route | WebSocketRoute] = [
        Route(path, endpoint.handle, methods=["GET", "POST"]),
        WebSocketRoute(path, view),
    ]
    if export is not None:
        routes.append(Route(export, CsvExport(endpoint).handle, methods=["GET"]))
        routes.append(Route(ATTACHMENT_PATH, AttachmentDownload(endpoint).handle, methods=["GET"]))
    return routes


class _SubgraphRoutes:
    """/subgraphs/<name>/graphql: the subgraph's schema and routes made on the first request
    (graph/root.py: a worker that serves no subgraph does not hold one)."""

    def __init__(self, settings: Settings, subgraph: Subgraph) -> None:
        self.settings = settings
        self.subgraph = subgraph
        self.router: Router | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.router is None:
            served = subgraph_schema(self.subgraph)
            self.router = Router(graphql_routes("/graphql", self.settings, served, express=False))
        await self.router(scope, receive, send)


def _asgi_tracing(tracer_provider: TracerProvider) -> Middleware:
    """OpenTelemetry's ASGI middleware (imported only when tracing is on)."""
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    return Middleware(
        OpenTelemetryMiddleware, tracer_provider=tracer_provider, exclude_spans=["receive", "send"]
    )


#: Where a query's answer is taken away as CSV (web/export.py).
EXPORT_PATH = "/export/{name}.csv"
#: Where an attachment's bytes are downloaded (web/attachments.py).
ATTACHMENT_PATH = "/attachments/{id}"


def create_app(
    settings: Settings | None = None,
    *,
    engine: AsyncEngine | None = None,
    span_exporter: SpanExporter | None = None,
) -> Starlette:
    """The application. Given an engine, it uses it and leaves its life to the caller; given a
    span exporter (a test's), it traces into it whatever the settings say."""
    settings = settings or get_settings()
    caches.set_budget(settings.cache_budget_bytes)
    tracer_provider = tracing.provider_for(settings, span_exporter)
    tracer = tracing.tracer_of(tracer_provider) if tracer_provider is not None else None

    trim = heap_trimmer()  # gives the C heap's free pages back (None off glibc)

    def lane_for(engine: AsyncEngine) -> express_lane.Lane:
        return express_lane.Lane(engine, settings.pool_size, settings.request_timeout_seconds)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        settings.check_production_start()
        own_engine = engine is None
        app.state.engine = (
            engine if engine is not None else create_engine(settings, **engine_options(settings))
        )
        app.state.lane = lane_for(app.state.engine)
        app.state.events = event_bus(app.state.engine)
        trace_statements(app.state.engine, tracer)
        try:
            if own_engine:
                await prepare_database(app.state.engine, settings)
            await app.state.events.start()
            # What the process built to start (the schemas, the modules, the engine) lives as
            # long as it: out of the collector's sight, a full collection no longer walks it
            # (pauses of 100 ms and more, on every request waiting at the time).
            gc.collect()
            gc.freeze()
            # ≈ 1.5 MiB a worker of blocks freed while the start built all that
            if trim is not None:
                trim()
            yield
        finally:
            await app.state.events.stop()
            await app.state.lane.close()
            if own_engine:
                await app.state.engine.dispose()
            if tracer_provider is not None:
                tracer_provider.shutdown()  # the last batch of spans goes out

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

    async def metrics_text(_: Request) -> Response:
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)

    routes: list[BaseRoute]
    if settings.subgraph is not None:
        routes = [
            *graphql_routes(
                "/graphql",
                settings,
                subgraph_schema(Subgraph(settings.subgraph)),
                export=EXPORT_PATH,
            )
        ]
    else:
        routes = [*graphql_routes("/graphql", settings, schema, traced_schema, export=EXPORT_PATH)]
        for sub in Subgraph:
            routes.append(Mount(f"/subgraphs/{sub}", app=_SubgraphRoutes(settings, sub)))
    app = Starlette(
        routes=[
            *routes,
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            *([Route("/metrics", metrics_text, methods=["GET"])] if settings.metrics else []),
            *([assets_route()] if settings.serve_graphiql else []),
        ],
        middleware=[
            # outermost: the request's span is under way when the request id and logs are set
            *([_asgi_tracing(tracer_provider)] if tracer_provider is not None else []),
            Middleware(RequestContext, traced=tracer_provider is not None),
            *([Middleware(GiveBackWhenIdle, trim=trim)] if trim is not None else []),
        ],
        lifespan=lifespan,
    )
    app.state.tracer = tracer
    if engine is not None:
        trace_statements(engine, tracer)
        app.state.engine = engine
        app.state.lane = lane_for(engine)
        app.state.events = event_bus(engine)
    return app
