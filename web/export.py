"""`GET /export/<name>.csv`: an analyst takes a query's answer away as CSV.

The query and its variables are given as to `GET /graphql` (`query` or a trusted document's id,
`variables`, `operationName`), and are run exactly as there: the same rate limits, trusted
documents, operation limits, timeout and read rules (the caller's bearer token). The operation
asks for one root field; its rows become the CSV's rows: a list's items, a connection's `nodes`
(or `edges { node }`), or one object as one row. Nested objects become columns named by their
path (`province.nameEn`); a list inside a row is written as JSON text.

The file is UTF-8 with a byte-order mark (so spreadsheet programs show Persian), CRLF line ends,
and streamed to the client row by row. A cell that a spreadsheet would read as a formula (it
starts with `=`, `+`, `@`, a tab, or a `-` not followed by a digit) is prefixed with `'`; negative
amounts stay numbers. A request that fails is answered as `/graphql` answers it: JSON with the
error and its code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from core.errors import ErrorCode
from resolvers.compiled.extension import encode_default
from web.graphql_http import JSON, GraphQLEndpoint, Problem

BOM = "\ufeff"
#: Rows written per chunk of the stream.
CHUNK_ROWS = 500
_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_FORMULA = re.compile(r"^(?:[=+@\t\r]|-(?!\d))")


class CsvExport:
    """The `/export/{name}.csv` route over a `/graphql` endpoint."""

    def __init__(self, endpoint: GraphQLEndpoint) -> None:
        self.endpoint = endpoint

    async def handle(self, request: Request) -> Response:
        name = request.path_params["name"]
        try:
            if not _NAME.fullmatch(name):
                raise Problem(
                    400,
                    ErrorCode.BAD_REQUEST,
                    "Name the file with 1 to 64 letters, digits, '-' or '_'.",
                )
            payload, status = await self.endpoint.answer_from_url(request)
        except Problem as problem:
            return _json(problem.payload(), problem.status)
        # the compiled path's answer is JSON text (a fragment): read back as values
        payload = orjson.loads(orjson.dumps(payload, default=encode_default))
        if status != 200 or payload.get("errors") or not isinstance(payload.get("data"), dict):
            return _json(payload, status if status != 200 else 400)
        data: dict[str, Any] = payload["data"]
        if len(data) != 1:
            refused = Problem(
                400, ErrorCode.BAD_REQUEST, "An export asks for exactly one root field."
            )
            return _json(refused.payload(), 400)
        (answer,) = data.values()
        return StreamingResponse(
            _csv(_rows(answer)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )


def _json(payload: Any, status: int) -> Response:
    return Response(
        orjson.dumps(payload, default=encode_default),
        status_code=status,
        media_type=f"{JSON}; charset=utf-8",
    )


def _rows(answer: Any) -> list[dict[str, Any]]:
    """The rows of a root field's answer: a list's items, a connection's nodes, one object."""
    if isinstance(answer, list):
        return [item if isinstance(item, dict) else {"value": item} for item in answer]
    if isinstance(answer, dict):
        if isinstance(answer.get("nodes"), list):
            return list(answer["nodes"])
        if isinstance(answer.get("edges"), list):
            return [edge.get("node") or {} for edge in answer["edges"]]
        return [answer]
    return [] if answer is None else [{"value": answer}]


def _flat(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            cells.update(_flat(value, f"{prefix}{key}."))
        else:
            cells[f"{prefix}{key}"] = value
    return cells


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return orjson.dumps(value).decode()
    text = str(value)
    return f"'{text}" if _FORMULA.match(text) else text


def _csv(rows: list[dict[str, Any]]) -> Iterator[str]:
    """The file, in chunks: the BOM and header, then `CHUNK_ROWS` rows at a time."""
    flat = [_flat(row) for row in rows]
    columns = list(dict.fromkeys(key for row in flat for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield BOM + buffer.getvalue()
    for start in range(0, len(flat), CHUNK_ROWS):
        buffer.seek(0)
        buffer.truncate()
        for row in flat[start : start + CHUNK_ROWS]:
            writer.writerow([_cell(row.get(column)) for column in columns])
        yield buffer.getvalue()
