"""Per-request plumbing around every route: the request id, the trace's response header, the
access log line, and the heap given back when the worker falls idle."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.logs import choose_request_id, reset_request_id, set_request_id

access_logger = logging.getLogger("civicgraph.access")

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_RAW = REQUEST_ID_HEADER.encode()
_TRACE_RESPONSE_RAW = b"traceresponse"


class RequestContext:
    """Gives each HTTP request an id (a sane incoming `X-Request-ID`, else a new one), sets it for
    the request's logs and masked errors, returns it as `X-Request-ID`, and logs one access line.
    Runs on every request, so it reads and writes the raw ASGI headers."""

    def __init__(self, app: ASGIApp, *, traced: bool = True) -> None:
        self.app = app
        #: False when no request is traced (no tracer provider): no span to look up
        self.traced = traced

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next(
            (value for name, value in scope["headers"] if name == _REQUEST_ID_RAW), None
        )
        request_id = choose_request_id(incoming.decode("latin-1") if incoming else None)
        token = set_request_id(request_id)
        started = time.perf_counter()
        status = 500
        headers = [(_REQUEST_ID_RAW, request_id.encode("latin-1"))]
        if self.traced:
            span = trace.get_current_span().get_span_context()  # the ASGI middleware's
            if span.is_valid:  # W3C Trace Context's response header: the trace it joined
                value = f"00-{span.trace_id:032x}-{span.span_id:016x}-{span.trace_flags:02x}"
                headers.append((_TRACE_RESPONSE_RAW, value.encode("latin-1")))

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), *headers]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if access_logger.isEnabledFor(logging.INFO):
                client = scope.get("client")
                access_logger.info(
                    "%s %s %s",
                    scope.get("method"),
                    scope.get("path"),
                    status,
                    extra={
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        "client": client[0] if client else None,
                    },
                )
            reset_request_id(token)


class GiveBackWhenIdle:
    """When the last HTTP request in flight ends, gives the C heap's free pages back to the
    system (`trim`, core/memory.py), at most once every `every` seconds.

    A burst's freed blocks otherwise stay with malloc, and the next burst's peak comes on top of
    them: a worker's memory would climb with every different kind of load it has seen. The trim
    runs after the response has gone (`call_soon`) and only if nothing new has started by then,
    so no request waits for it; under steady load there is no idle moment and it does not run."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        trim: Callable[[], object],
        every: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.trim = trim
        self.every = every
        self.clock = clock
        self.in_flight = 0
        self._last = -every

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            if self.in_flight == 0 and (now := self.clock()) - self._last >= self.every:
                self._last = now
                asyncio.get_running_loop().call_soon(self._trim_if_idle)

    def _trim_if_idle(self) -> None:
        if self.in_flight == 0:
            self.trim()
