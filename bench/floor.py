"""The floor: each benchmark question answered by ONE hand-written SQL statement, no GraphQL.

PostgreSQL builds the whole response (`{"data": …}`) with json_build_object/json_agg; the JSON text
it returns is written to the client as is, never parsed nor re-encoded in Python. A request is
`POST /graphql` with `{"question": "<name>", "variables": {…}}`; the statements are the files
`queries/<name>.floor.sql`, whose `-- params:` line names the variables bound to `$1, $2, …`.

Run by the harness as `uvicorn floor:app --app-dir bench --workers N`, with `BENCH_FLOOR_DSN`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

QUERIES = Path(__file__).with_name("queries")
DSN_VARIABLE = "BENCH_FLOOR_DSN"


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple[str, ...]


def load_statements(directory: Path = QUERIES) -> dict[str, Statement]:
    """Every `<name>.floor.sql` of the directory, by question name."""
    statements: dict[str, Statement] = {}
    for path in sorted(directory.glob("*.floor.sql")):
        sql = path.read_text(encoding="utf-8")
        params: tuple[str, ...] = ()
        for line in sql.splitlines():
            if line.startswith("-- params:"):
                names = line.removeprefix("-- params:").strip()
                params = () if names.startswith("(") else tuple(n.strip() for n in names.split(","))
        statements[path.name.removesuffix(".floor.sql")] = Statement(sql, params)
    return statements


STATEMENTS = load_statements()


async def _no_reset(_: Any) -> None:
    """The floor's statements leave no session state behind: skip asyncpg's reset round trip."""


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(
        os.environ[DSN_VARIABLE],
        min_size=1,
        max_size=10,
        reset=_no_reset,
        server_settings={"timezone": "UTC"},  # instants as civic-graph writes them, +00:00
    )
    try:
        yield
    finally:
        await app.state.pool.close()


def _error(message: str, status: int = 400) -> Response:
    body = orjson.dumps({"errors": [{"message": message}]})
    return Response(body, status_code=status, media_type="application/json")


async def graphql(request: Request) -> Response:
    try:
        payload = orjson.loads(await request.body())
        statement = STATEMENTS[payload["question"]]
        variables = payload.get("variables") or {}
        args = [variables[name] for name in statement.params]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return _error(f"expected {{'question': one of {sorted(STATEMENTS)}, 'variables': {{…}}}}")
    text: str | None = await request.app.state.pool.fetchval(statement.sql, *args)
    if text is None:
        return _error("the statement returned nothing", 500)
    return Response(text, media_type="application/json")


async def healthz(_: Request) -> Response:
    return Response(b'{"status":"alive"}', media_type="application/json")


app = Starlette(
    routes=[
        Route("/graphql", graphql, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ],
    lifespan=lifespan,
)
