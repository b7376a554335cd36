"""OpenTelemetry traces: off by default; on, a request is a span, its GraphQL operation a span
inside it naming the read path that answered, and each SQL statement a span inside that, in the
trace the caller's `traceparent` names; the response's `traceresponse` and the log lines carry the
trace id."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from core.logs import RequestIdFilter
from core.settings import Settings
from core.tracing import wanted
from server import create_app

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
QUERY = "query Provinces { provinces { nameEn } }"


@asynccontextmanager
async def _client(
    settings: Settings, engine: AsyncEngine, exporter: InMemorySpanExporter | None
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, engine=engine, span_exporter=exporter)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
    finally:
        await app.state.lane.close()  # the express lane's connections, if it opened any


def _by_name(spans: tuple[ReadableSpan, ...], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


async def test_a_request_its_operation_and_its_statement_are_spans(
    settings: Settings, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    exporter = InMemorySpanExporter()
    # a text no other test sent, so that it is compiled here (not answered by the express lane,
    # whose asyncpg statements are not the engine's)
    query = QUERY.replace("provinces", f"p{secrets.token_hex(4)}: provinces")
    caplog.handler.addFilter(RequestIdFilter())  # as the service's handler has (core/logs.py)
    async with _client(settings, engine, exporter) as client:
        with caplog.at_level(logging.INFO, logger="civicgraph.access"):
            response = await client.post(
                "/graphql", json={"query": query}, headers={"traceparent": TRACEPARENT}
            )
    assert response.status_code == 200
    assert response.headers["traceresponse"].startswith(f"00-{TRACE_ID}-")
    spans = exporter.get_finished_spans()
    assert {format(span.context.trace_id, "032x") for span in spans} == {TRACE_ID}

    [operation] = _by_name(spans, "query Provinces")
    assert operation.attributes is not None
    assert operation.attributes["graphql.operation.type"] == "query"
    assert operation.attributes["graphql.operation.name"] == "Provinces"
    assert operation.attributes["civicgraph.read_path"] == "compiled"
    assert operation.attributes["civicgraph.outcome"] == "ok"
    [server] = [span for span in spans if span.name.startswith("POST")]
    assert operation.parent is not None
    assert operation.parent.span_id in {s.context.span_id for s in spans if s is not operation}

    statements = _by_name(spans, "SELECT")
    assert any(
        "FROM province" in str((statement.attributes or {})["db.statement"])
        for statement in statements
    ), [span.name for span in spans]
    for statement in statements:
        assert statement.parent is not None
        assert statement.parent.span_id == operation.context.span_id
    assert server.parent is not None
    assert format(server.parent.span_id, "016x") == "00f067aa0ba902b7"  # the caller's span

    [access] = [record for record in caplog.records if record.name == "civicgraph.access"]
    assert getattr(access, "trace_id", None) == TRACE_ID


async def test_the_general_path_and_an_error_are_traced(
    settings: Settings, engine: AsyncEngine
) -> None:
    exporter = InMemorySpanExporter()
    query = 'query Missing { municipality(id: "TXVuaWNpcGFsaXR5Ojk5OTk5OQ==") { id } }'
    async with _client(settings, engine, exporter) as client:
        await client.post("/graphql", json={"query": query})
    [operation] = _by_name(exporter.get_finished_spans(), "query Missing")
    assert operation.attributes is not None
    assert operation.attributes["civicgraph.read_path"] == "general"
    assert operation.attributes["civicgraph.outcome"] == "partial"
    assert operation.attributes["civicgraph.error_codes"] == ("NOT_FOUND",)


async def test_off_by_default(settings: Settings, engine: AsyncEngine) -> None:
    assert not settings.tracing
    async with _client(settings, engine, None) as client:
        response = await client.post("/graphql", json={"query": QUERY})
        assert client._transport.app.state.tracer is None  # type: ignore[attr-defined]
    assert "traceresponse" not in response.headers


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, True),
        ({"OTEL_TRACES_EXPORTER": "otlp"}, True),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"}, False),
        ({"CIVICGRAPH_TRACING": "true"}, True),
        ({"CIVICGRAPH_TRACING": "true", "OTEL_SDK_DISABLED": "true"}, False),
    ],
)
def test_switched_on_by_the_setting_or_the_standard_variables(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: bool
) -> None:
    for name in (
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_TRACES_EXPORTER",
        "OTEL_SDK_DISABLED",
        "CIVICGRAPH_TRACING",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert wanted(Settings()) is expected
