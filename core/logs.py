"""Request ids and structured logs.

Every request gets an id (an incoming `X-Request-ID` when it is sane, else a fresh one), kept in a
context variable for the request's task and the tasks it starts: log records carry it, and a
masked error shows it to the client, so the log line with the detail can be found.
Production logs are JSON lines; development logs are readable text.
"""

from __future__ import annotations

import contextvars
import logging
import logging.config
import os
import re
import traceback
from datetime import UTC, datetime
from typing import Any

import orjson
from opentelemetry import trace

_REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "civicgraph_request_id", default=None
)
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")


def current_request_id() -> str | None:
    return _REQUEST_ID.get()


#: Random bytes for new request ids, read from the OS 256 ids at a time (one system call each,
#: not one per request); what a process had read is never handed out again after a fork.
_ID_BYTES = 16
_random = b""
_taken = 0


def _forget_random() -> None:
    global _random, _taken
    _random, _taken = b"", 0


os.register_at_fork(after_in_child=_forget_random)


def new_request_id() -> str:
    """32 hex digits from the OS's randomness (as random as uuid4().hex, without a UUID)."""
    global _random, _taken
    if _taken >= len(_random):
        _random, _taken = os.urandom(256 * _ID_BYTES), 0
    start = _taken
    _taken = start + _ID_BYTES
    return _random[start : start + _ID_BYTES].hex()


def choose_request_id(incoming: str | None) -> str:
    """The caller's id when it is short and plain (a proxy's or a client's), else a new one."""
    if incoming is not None and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


def set_request_id(request_id: str | None) -> contextvars.Token[str | None]:
    return _REQUEST_ID.set(request_id)


def reset_request_id(token: contextvars.Token[str | None]) -> None:
    _REQUEST_ID.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (`record.request_id`, None outside one), and
    the trace's id when the request is traced (`record.trace_id`, core/tracing.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        if not hasattr(record, "trace_id"):
            span = trace.get_current_span().get_span_context()
            record.trace_id = format(span.trace_id, "032x") if span.is_valid else None
        return True


#: Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "trace_id",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is not None:
            entry["request_id"] = request_id
        trace_id = getattr(record, "trace_id", None)
        if trace_id is not None:
            entry["trace_id"] = trace_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return orjson.dumps(entry, default=repr).decode()


class TextFormatter(logging.Formatter):
    """Readable lines for development: `LEVEL logger [request id] message`."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s%(rid)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        trace_id = getattr(record, "trace_id", None)
        where = f" [{request_id}]" if request_id else ""
        record.rid = where + (f" [trace {trace_id}]" if trace_id else "")
        return super().format(record)


def logging_config(level: str, *, as_json: bool) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the service and for uvicorn's own loggers."""
    formatter = {"()": f"{__name__}.{'JsonFormatter' if as_json else 'TextFormatter'}"}
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "default",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            # The server writes its own access line, with the request id (web/middleware.py).
            "uvicorn.access": {"handlers": [], "propagate": False},
            # Strawberry logs every GraphQL error, a client's typo included; ours are logged
            # where they are handled (schema/errors.py: internal ones, with their traceback).
            "strawberry.execution": {"level": "CRITICAL"},
        },
    }


def configure_logging(level: str, *, as_json: bool) -> None:
    logging.config.dictConfig(logging_config(level, as_json=as_json))
