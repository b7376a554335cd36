"""Traces (OpenTelemetry): off by default, and then they cost nothing but one attribute lookup
per request.

On with `CIVICGRAPH_TRACING=true`, or when the standard variables name an OTLP destination
(`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_TRACES_EXPORTER=otlp`);
`OTEL_SDK_DISABLED=true` wins over both. Spans go over OTLP/HTTP in batches, configured by the
standard `OTEL_*` variables (endpoint, headers, `OTEL_SERVICE_NAME`, sampling). Each app has its
own provider (not OpenTelemetry's global one), so tests give it an in-memory exporter.

What is traced: each HTTP request (server.py, OpenTelemetry's ASGI middleware, which also reads
an incoming `traceparent`), each GraphQL operation inside it (web/graphql_http.py: its type, name
and the read path that answered), and each SQL statement the engine sends (db/engine.py).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

from opentelemetry import trace

from core.settings import Settings

if TYPE_CHECKING:  # the SDK is imported when tracing is on (a worker without it never holds it)
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

INSTRUMENTATION: Final = "civicgraph"
_OTLP_VARIABLES: Final = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def wanted(settings: Settings) -> bool:
    if os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return (
        settings.tracing
        or any(os.environ.get(name) for name in _OTLP_VARIABLES)
        or os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower() == "otlp"
    )


def provider_for(settings: Settings, exporter: SpanExporter | None = None) -> TracerProvider | None:
    """The app's tracer provider: None when tracing is off. Given an exporter (a test's), spans
    are handed to it as each ends; otherwise they go over OTLP in batches."""
    if exporter is None and not wanted(settings):
        return None
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    name = {} if os.environ.get("OTEL_SERVICE_NAME") else {SERVICE_NAME: "civic-graph"}
    provider = TracerProvider(resource=Resource.create(name))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def tracer_of(provider: TracerProvider) -> trace.Tracer:
    return provider.get_tracer(INSTRUMENTATION)
