"""The benchmark's questions, the variables each request carries, and the agreement checks.

Each question exists for every target as a file under bench/queries/: `<name>.civic.graphql`,
`<name>.postgraphile.graphql`, `<name>.floor.sql`, and `<name>.postgraphile5.graphql` where
PostGraphile 5's API differs from PostGraphile 4's (else 4's document is sent). Every answer is reduced to a canonical form that
does not depend on the response's shape (connections, aliases, id types, time-zone spelling), and
the canonical forms of the three targets are compared.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from core.ids import decode_id, global_id

NAMES = (
    "nested",
    "draft",
    "obligations_summary",
    "pipeline_summary",
    "obligations_total",
    "top_outstanding",
    "pipeline_year",
    "pipeline_as_of",
    "search",
)

#: How many draft ids the `draft` question rotates over, and how many of them are cross-checked.
DRAFT_IDS = 200
DRAFT_IDS_CHECKED = 5

#: Drafts the ministry sees (submitted at some time): civic-graph is asked as its analyst.
DRAFT_IDS_SQL = (
    "SELECT id FROM draft_directive WHERE submitted_at IS NOT NULL"
    f" ORDER BY md5(id::text), id LIMIT {DRAFT_IDS}"
)


class AnswerError(Exception):
    """The response is not a valid answer (HTTP error, GraphQL errors, null data, odd shape)."""


def data_of(status: int, body: bytes) -> dict[str, Any]:
    """The `data` of a good GraphQL response, or AnswerError saying what is wrong."""
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise AnswerError(f"HTTP {status}, not JSON: {body[:200]!r}") from exc
    if not isinstance(payload, dict):
        raise AnswerError(f"HTTP {status}, not a JSON object: {body[:200]!r}")
    errors = payload.get("errors")
    if errors:
        first = errors[0] if isinstance(errors, list) and errors else errors
        message = first.get("message", first) if isinstance(first, dict) else first
        code = first.get("extensions", {}).get("code") if isinstance(first, dict) else None
        raise AnswerError(f"{message}" + (f" [{code}]" if code else ""))
    if status != 200:
        raise AnswerError(f"HTTP {status}: {body[:200]!r}")
    data = payload.get("data")
    if not isinstance(data, dict):
        raise AnswerError("`data` is null")
    return data


def _instant(text: str) -> str:
    """One spelling per instant: UTC, ISO, microseconds."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).isoformat()


def _int(value: Any) -> int:
    """An exact integer from a JSON number or a numeric string ("123", "123.0")."""
    if isinstance(value, bool):
        raise AnswerError(f"expected a number, got {value!r}")
    number = Decimal(str(value))
    if number != number.to_integral_value():
        raise AnswerError(f"expected a whole number, got {value!r}")
    return int(number)


def _float(value: Any) -> float:
    return float(Decimal(str(value)))


def _nodes(connection: Any) -> list[Any]:
    if isinstance(connection, dict) and "nodes" in connection:
        return list(connection["nodes"])
    if isinstance(connection, list):
        return connection
    raise AnswerError(f"expected a list or a connection, got {str(connection)[:100]}")


def _key(value: Any) -> str:
    """The database key behind an id: civic-graph's are Relay global ids (core/ids.py),
    PostGraphile's and the floor's the keys themselves."""
    decoded = decode_id(value)
    return str(decoded[1]) if decoded is not None else str(value)


# --- nested ------------------------------------------------------------------------------------


def _nested(data: dict[str, Any]) -> Any:
    rows = []
    for m in _nodes(data["municipalities"]):
        mayor = m.get("mayor")
        if isinstance(mayor, dict) and "nodes" in mayor:  # PostGraphile: a one-row connection
            mayor = mayor["nodes"][0] if mayor["nodes"] else None
        rows.append(
            (
                _key(m["id"]),
                m["nameEn"],
                m["province"]["nameEn"],
                mayor["fullName"] if mayor else None,
                [
                    (_key(d["id"]), d["title"], d["status"], _instant(d["createdAt"]))
                    for d in _nodes(m["draftDirectives"])
                ],
                [
                    (o["year"], o["category"]["code"], _int(o["amountDue"]))
                    for o in _nodes(m["socialSecurityObligations"])
                ],
            )
        )
    return rows


# --- draft -------------------------------------------------------------------------------------


def _draft(data: dict[str, Any]) -> Any:
    d = data["draftDirective"]
    if d is None:
        raise AnswerError("draftDirective is null")
    return (
        _key(d["id"]),
        d["title"],
        d["status"],
        hashlib.sha256(d["body"].encode()).hexdigest()[:16],
        d["municipality"]["nameEn"],
        [
            (e["fromStatus"], e["toStatus"], _instant(e["occurredAt"]), e["actor"], e["reason"])
            for e in _nodes(d["events"])
        ],
    )


# --- obligations_summary -------------------------------------------------------------------------


def _obligations(data: dict[str, Any]) -> Any:
    groups: dict[tuple[str, str], tuple[int, int, int, int]] = {}
    if "obligationFacts" in data:  # PostGraphile + pg-aggregates
        for g in data["obligationFacts"]["groupedAggregates"]:
            province, code = g["keys"]
            s = g["sum"]
            groups[(province, code)] = (
                _int(s["amountDue"]),
                _int(s["amountCollected"]),
                _int(s["amountOutstanding"]),
                _int(g["distinctCount"]["id"]),
            )
        return groups
    for g in _nodes(data["obligationsSummary"]):
        groups[(g["province"]["nameEn"], g["category"]["code"])] = (
            _int(g["amountDue"]),
            _int(g["amountCollected"]),
            _int(g["amountOutstanding"]),
            _int(g["obligationCount"]),
        )
    return groups


# --- pipeline_summary ----------------------------------------------------------------------------


def _pipeline(data: dict[str, Any]) -> Any:
    if "draftPipelineSummary" in data:
        s = data["draftPipelineSummary"]
        by_status = {g["status"]: _int(g["count"]) for g in _nodes(s["byStatus"])}
        by_province = {
            (g["province"]["nameEn"], g["status"]): _int(g["count"])
            for g in _nodes(s["byProvince"])
        }
        times = _nodes(s["timeInStatus"])
    else:  # PostGraphile + pg-aggregates, aliased
        by_status = {
            g["keys"][0]: _int(g["distinctCount"]["id"])
            for g in data["byStatus"]["groupedAggregates"]
        }
        by_province = {
            (g["keys"][0], g["keys"][1]): _int(g["distinctCount"]["id"])
            for g in data["byProvince"]["groupedAggregates"]
        }
        times = _nodes(data["timeInStatus"])
    time_in_status = {
        t["status"]: (_float(t["medianSeconds"]), _float(t["p90Seconds"])) for t in times
    }
    return {"byStatus": by_status, "byProvince": by_province, "timeInStatus": time_in_status}


# --- obligations_total ---------------------------------------------------------------------------


def _obligations_total(data: dict[str, Any]) -> Any:
    if "obligationFacts" in data:  # PostGraphile + pg-aggregates: the whole connection's sums
        a = data["obligationFacts"]["aggregates"]
        s = a["sum"]
        return (
            _int(s["amountDue"]),
            _int(s["amountCollected"]),
            _int(s["amountOutstanding"]),
            _int(a["distinctCount"]["id"]),
        )
    [g] = _nodes(data["obligationsSummary"])
    return (
        _int(g["amountDue"]),
        _int(g["amountCollected"]),
        _int(g["amountOutstanding"]),
        _int(g["obligationCount"]),
    )


# --- top_outstanding -----------------------------------------------------------------------------


def _top_outstanding(data: dict[str, Any]) -> Any:
    if "municipalityOutstandings" in data:  # PostGraphile: a view, ordered and cut
        return [
            (g["nameEn"], _int(g["amountOutstanding"]))
            for g in _nodes(data["municipalityOutstandings"])
        ]
    return [
        (g["municipality"]["nameEn"], _int(g["amountOutstanding"]))
        for g in _nodes(data["obligationsSummary"])
    ]


# --- pipeline_as_of ------------------------------------------------------------------------------


def _pipeline_as_of(data: dict[str, Any]) -> Any:
    if "draftPipelineSummary" in data:
        s = data["draftPipelineSummary"]
        by_status = {g["status"]: _int(g["count"]) for g in _nodes(s["byStatus"])}
        by_province = {
            (g["province"]["nameEn"], g["status"]): _int(g["count"])
            for g in _nodes(s["byProvince"])
        }
    else:  # PostGraphile: two SQL functions taking the instant, aliased
        by_status = {g["status"]: _int(g["count"]) for g in _nodes(data["byStatus"])}
        by_province = {
            (g["provinceNameEn"], g["status"]): _int(g["count"]) for g in _nodes(data["byProvince"])
        }
    return {"byStatus": by_status, "byProvince": by_province}


# --- search ----------------------------------------------------------------------------------------


def _search(data: dict[str, Any]) -> Any:
    found = data["search"]
    return {
        "totalCount": _int(found["totalCount"]),
        "hits": [
            (_key((hit.get("draftDirective") or hit)["id"]), hit["title"]) for hit in _nodes(found)
        ],
    }


CANONICAL: dict[str, Callable[[dict[str, Any]], Any]] = {
    "nested": _nested,
    "draft": _draft,
    "obligations_summary": _obligations,
    "pipeline_summary": _pipeline,
    "obligations_total": _obligations_total,
    "top_outstanding": _top_outstanding,
    "pipeline_year": _pipeline,
    "pipeline_as_of": _pipeline_as_of,
    "search": _search,
}


def canonical(question: str, status: int, body: bytes) -> Any:
    data = data_of(status, body)
    try:
        return CANONICAL[question](data)
    except AnswerError:
        raise
    except (KeyError, TypeError, IndexError, ValueError, ArithmeticError) as exc:
        raise AnswerError(f"unexpected shape ({type(exc).__name__}: {exc})") from exc


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1.0)
        except (TypeError, ValueError):
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return bool(a == b)


def differences(reference: Any, other: Any, limit: int = 3) -> list[str]:
    """Where `other` differs from `reference` (at most `limit` places), empty if they agree."""
    found: list[str] = []

    def walk(a: Any, b: Any, path: str) -> None:
        if len(found) >= limit or _close(a, b):
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(a.keys() | b.keys(), key=str):
                if key not in b:
                    found.append(f"{path}[{key!r}] missing")
                elif key not in a:
                    found.append(f"{path}[{key!r}] unexpected: {str(b[key])[:80]}")
                else:
                    walk(a[key], b[key], f"{path}[{key!r}]")
                if len(found) >= limit:
                    return
            return
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            if len(a) != len(b):
                found.append(f"{path}: {len(b)} items instead of {len(a)}")
            for i, (x, y) in enumerate(zip(a, b, strict=False)):
                walk(x, y, f"{path}[{i}]")
                if len(found) >= limit:
                    return
            return
        found.append(f"{path}: {str(b)[:80]!r} instead of {str(a)[:80]!r}")

    walk(reference, other, "")
    return found


@dataclass(frozen=True)
class Requests:
    """The variables of each request of a question, per target (one entry: one fixed request)."""

    civic: list[dict[str, Any] | None]
    postgraphile: list[dict[str, Any] | None]
    postgraphile5: list[dict[str, Any] | None]
    floor: list[dict[str, Any] | None]

    def for_target(self, key: str) -> list[dict[str, Any] | None]:
        value: list[dict[str, Any] | None] = getattr(self, key)
        return value


def requests_for(question: str, draft_ids: list[int]) -> Requests:
    if question == "draft":
        return Requests(
            civic=[{"id": global_id("DraftDirective", i)} for i in draft_ids],
            postgraphile=[{"id": i} for i in draft_ids],
            postgraphile5=[{"id": i} for i in draft_ids],
            floor=[{"id": i} for i in draft_ids],
        )
    return Requests([None], [None], [None], [None])
