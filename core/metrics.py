"""The service's Prometheus metrics, served at `/metrics`.

With several uvicorn workers each worker is a process with its own counters: `civicgraph serve`
then points `PROMETHEUS_MULTIPROC_DIR` at a fresh folder before the workers start, each writes its
values there, and whichever worker answers a scrape adds them up (prometheus_client's
multiprocess mode). The variable must be set before this module is imported, which is why the
command line sets it and not the settings.

Which read path answered an operation is set where the path decides (the compiled extension, the
express lane) in a context variable of the request, and read when the operation is counted.
"""

from __future__ import annotations

import contextvars
import os
import re
from typing import Any, Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from core.settings import METRICS_MULTIPROCESS_ENV

MULTIPROCESS_ENV: Final = METRICS_MULTIPROCESS_ENV
CONTENT_TYPE: Final = CONTENT_TYPE_LATEST

OPERATIONS = Counter(
    "civicgraph_graphql_operations",
    "GraphQL operations answered, by type, name, read path and outcome "
    "(ok, partial: data with errors, rejected: refused before execution).",
    ["operation_type", "operation_name", "path", "outcome"],
)
DURATION = Histogram(
    "civicgraph_graphql_operation_duration_seconds",
    "Time to answer one GraphQL operation, from its parameters to its response.",
    ["operation_type", "path"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15),
)
ERRORS = Counter(
    "civicgraph_graphql_errors",
    "Errors in GraphQL responses, by extensions.code.",
    ["code"],
)
POOL_CHECKED_OUT = Gauge(
    "civicgraph_db_pool_checked_out",
    "Database connections taken from the general path's pool (summed over live workers).",
    multiprocess_mode="livesum",
)
POOL_CAPACITY = Gauge(
    "civicgraph_db_pool_capacity",
    "Connections the general path's pool may open: pool size plus overflow (over live workers).",
    multiprocess_mode="livesum",
)

#: The operation under way: its type and which read path answered it — general (Strawberry's
#: executor), compiled (one statement) or express (the lane, no Strawberry). A mutable record, so
#: that the task the operation executes in (which copies the context) can write to it.
_OPERATION: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "civicgraph_operation", default=None
)
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
#: Distinct operation names a process labels; past it, names are counted as "other" (a client
#: that invents names cannot grow the series without bound).
MAX_OPERATION_NAMES: Final = 200
_names_seen: set[str] = set()


def start_operation() -> dict[str, str]:
    """Each operation starts on the general path, until a faster one answers it."""
    operation = {"path": "general", "type": "unknown", "name": ""}
    _OPERATION.set(operation)
    return operation


def note(**facts: str) -> None:
    """Record a fact of the operation under way (`path=`, `type=`, `name=`); nothing outside
    one."""
    operation = _OPERATION.get()
    if operation is not None:
        operation.update(facts)


def operation_label(name: str | None) -> str:
    if not name:
        return "anonymous"
    if not _PLAIN_NAME.fullmatch(name):
        return "other"
    if name not in _names_seen:
        if len(_names_seen) >= MAX_OPERATION_NAMES:
            return "other"
        _names_seen.add(name)
    return name


#: Each labelled series once looked up (prometheus_client's `labels()` checks and locks every
#: time). Bounded as the series are: the names by MAX_OPERATION_NAMES, the rest by the code's
#: own values; the codes a response may carry are the schema's.
_counted: dict[tuple[str, str, str, str], Any] = {}
_timed: dict[tuple[str, str], Any] = {}
_errors: dict[str, Any] = {}


def observe_operation(
    operation: dict[str, str],
    outcome: str,
    seconds: float,
    error_codes: list[str],
) -> None:
    kind, path = operation["type"], operation["path"]
    key = (kind, operation_label(operation["name"]), path, outcome)
    counter = _counted.get(key)
    if counter is None:
        counter = _counted[key] = OPERATIONS.labels(*key)
    counter.inc()
    histogram = _timed.get((kind, path))
    if histogram is None:
        histogram = _timed[(kind, path)] = DURATION.labels(kind, path)
    histogram.observe(seconds)
    for code in error_codes:
        errors = _errors.get(code)
        if errors is None:
            errors = _errors[code] = ERRORS.labels(code)
        errors.inc()


def exposition() -> bytes:
    """The text a scrape gets: this process's metrics, or every worker's in multiprocess mode."""
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest()
