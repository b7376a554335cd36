"""The HTTP service: /graphql, /healthz, /readyz, GraphiQL, masking of internal errors."""

from __future__ import annotations

import base64
import logging

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Environment, Settings
from db.engine import create_engine
from resolvers.reads import Reads
from server import create_app


def _client(settings: Settings, engine: AsyncEngine) -> httpx.AsyncClient:
    app = create_app(settings, engine=engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_graphql_over_http(settings: Settings, engine: AsyncEngine) -> None:
    async with _client(settings, engine) as client:
        response = await client.post(
            "/graphql",
            json={
                "query": "{ municipalities(first: 2, filter: {kind: METROPOLIS}) { totalCount } }"
            },
        )

    assert response.status_code == 200
    assert response.json() == {"data": {"municipalities": {"totalCount": 9}}}


async def test_health_and_readiness(settings: Settings, engine: AsyncEngine) -> None:
    async with _client(settings, engine) as client:
        alive = await client.get("/healthz")
        ready = await client.get("/readyz")

    assert (alive.status_code, alive.json()["status"]) == (200, "alive")
    assert (ready.status_code, ready.json()["status"]) == (200, "ready")


async def test_readiness_is_503_when_the_database_is_away() -> None:
    settings = Settings(database_url="postgresql+asyncpg://postgres@127.0.0.1:1/none")
    engine = create_engine(settings)
    try:
        async with _client(settings, engine) as client:
            alive = await client.get("/healthz")
            ready = await client.get("/readyz")
            query = await client.post("/graphql", json={"query": "{ provinces { id } }"})
    finally:
        await engine.dispose()

    assert alive.status_code == 200
    assert ready.status_code == 503
    assert ready.json()["database"] == "unreachable"
    [error] = query.json()["errors"]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@pytest.mark.parametrize(
    ("environment", "served"), [(Environment.DEVELOPMENT, True), (Environment.PRODUCTION, False)]
)
async def test_graphiql_in_development_only(
    database_url: str, engine: AsyncEngine, environment: Environment, served: bool
) -> None:
    settings = Settings(database_url=database_url, environment=environment)
    async with _client(settings, engine) as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert ("graphiql" in response.text.lower()) is served


async def test_internal_errors_are_masked_and_logged(
    settings: Settings,
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(self: Reads, *_: object) -> None:
        raise RuntimeError("secret detail: connection string postgres://x")

    monkeypatch.setattr(Reads, "_root_page", broken)
    settings = settings.model_copy(update={"compiled_reads": False})  # the loaders' path
    query = "{ socialSecurityObligations(first: 1) { nodes { amountCollected } } }"
    with caplog.at_level(logging.ERROR, logger="civicgraph.errors"):
        async with _client(settings, engine) as client:
            response = await client.post("/graphql", json={"query": query})

    [error] = response.json()["errors"]
    request_id = response.headers["x-request-id"]
    assert error["message"] == "Internal server error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert "secret" not in response.text
    [record] = [r for r in caplog.records if r.name == "civicgraph.errors"]
    assert request_id in record.getMessage()
    assert "secret detail" in caplog.text


async def test_every_subgraph_has_its_own_path(settings: Settings, engine: AsyncEngine) -> None:
    async with _client(settings, engine) as client:
        councils = await client.post(
            "/subgraphs/councils/graphql", json={"query": "{ councils(first: 1) { totalCount } }"}
        )
        ministry = await client.post(
            "/subgraphs/ministry/graphql", json={"query": "{ obligationCategories { code } }"}
        )
        municipalities = await client.post(
            "/subgraphs/municipalities/graphql", json={"query": "{ jointSessions { sequence } }"}
        )
        merged = await client.post(
            "/graphql", json={"query": "{ councils(first: 1) { totalCount } provinces { id } }"}
        )

    assert councils.json() == {"data": {"councils": {"totalCount": 52}}}
    assert len(ministry.json()["data"]["obligationCategories"]) == 4
    assert len(municipalities.json()["data"]["jointSessions"]) == 5
    assert "errors" not in merged.json()


async def test_one_subgraph_alone_at_graphql(settings: Settings, engine: AsyncEngine) -> None:
    alone = settings.model_copy(update={"subgraph": "councils"})
    async with _client(alone, engine) as client:
        own = await client.post("/graphql", json={"query": "{ governmentBills { id } }"})
        other = await client.post("/graphql", json={"query": "{ provinces { id } }"})
        elsewhere = await client.post(
            "/subgraphs/ministry/graphql", json={"query": "{ __typename }"}
        )

    assert len(own.json()["data"]["governmentBills"]) == 2
    assert other.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert elsewhere.status_code == 404


GATEWAY_SECRET = "a-gateway-secret-of-32-characters-or-more"
TRACE = {"apollo-federation-include-trace": "ftv1"}
FROM_THE_GATEWAY = {**TRACE, "x-gateway-secret": GATEWAY_SECRET}


@pytest.mark.parametrize("path", ["/graphql", "/subgraphs/councils/graphql"])
async def test_federated_trace_for_the_gateway(
    settings: Settings, engine: AsyncEngine, path: str
) -> None:
    settings = settings.model_copy(update={"gateway_secret": SecretStr(GATEWAY_SECRET)})
    query = {"query": "{ councils(first: 2) { nodes { id head { fullName } } } }"}
    async with _client(settings, engine) as client:
        traced = await client.post(path, json=query, headers=FROM_THE_GATEWAY)
        plain = await client.post(path, json=query)

    trace = base64.b64decode(traced.json()["extensions"]["ftv1"])
    assert trace  # a protobuf Trace: its field names and durations
    # each resolver is timed, named with its field and type (the general executor answers)
    assert b"head" in trace
    assert b"CouncilMember" in trace
    assert "extensions" not in plain.json()
    assert traced.json()["data"] == plain.json()["data"]


@pytest.mark.parametrize("secret", [None, GATEWAY_SECRET])
@pytest.mark.parametrize(
    "headers", [TRACE, {**TRACE, "x-gateway-secret": "a guess"}], ids=["no-secret", "wrong"]
)
@pytest.mark.parametrize("path", ["/graphql", "/subgraphs/councils/graphql"])
async def test_anyone_else_asking_for_a_trace_is_not_traced(
    settings: Settings, engine: AsyncEngine, path: str, headers: dict[str, str], secret: str | None
) -> None:
    """Without the gateway's secret (or with none configured) the header is ignored: no trace,
    and no detour off the fast path."""
    settings = settings.model_copy(update={"gateway_secret": SecretStr(secret) if secret else None})
    query = {"query": "{ councils(first: 2) { nodes { id } } }"}
    async with _client(settings, engine) as client:
        response = await client.post(path, json=query, headers=headers)

    assert "extensions" not in response.json()
    assert len(response.json()["data"]["councils"]["nodes"]) == 2


async def test_a_trace_never_carries_an_unmasked_error(
    settings: Settings,
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(self: Reads, *_: object) -> None:
        raise RuntimeError("SELECT password FROM secrets WHERE token = 'hunter2'")

    monkeypatch.setattr(Reads, "_root_page", broken)
    settings = settings.model_copy(
        update={"compiled_reads": False, "gateway_secret": SecretStr(GATEWAY_SECRET)}
    )
    query = "{ socialSecurityObligations(first: 1) { nodes { amountCollected } } }"
    async with _client(settings, engine) as client:
        response = await client.post("/graphql", json={"query": query}, headers=FROM_THE_GATEWAY)

    trace = base64.b64decode(response.json()["extensions"]["ftv1"])
    assert b"Internal server error." in trace
    assert b"hunter2" not in trace
    assert b"SELECT" not in trace
    assert b"RuntimeError" not in trace
    assert response.json()["errors"][0]["message"] == "Internal server error."
