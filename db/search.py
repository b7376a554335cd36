"""Keeps the full-text index (`search_document`, db/tables/search.py) in step with the documents.

What each kind of document gives the index — its title, its body, the municipality it is of and
its day — is said once here (`_SOURCES`), and read both by `reindex` (one document, after the write
that changed its text: a draft written or edited, a circular adopted, minutes recorded) and by
`rebuild` (every document: the seed, and `civicgraph reindex-search` after a bulk load). The
database's own index (PostgreSQL's `tsv`, SQLite's FTS5 table) follows the row by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, Select, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from core.text import index_text
from db.tables import (
    SearchDocumentKind,
    bill,
    circular,
    commission_meeting,
    council,
    draft,
    joint_session,
    meeting,
    resolution,
    search_document,
)

K = SearchDocumentKind
TEHRAN: Final = ZoneInfo("Asia/Tehran")
#: Documents read per statement by `rebuild`.
CHUNK: Final = 2_000


def _day(value: date | datetime | None) -> date | None:
    """A document's day: an instant's day in Tehran."""
    if isinstance(value, datetime):
        return value.astimezone(TEHRAN).date()
    return value


@dataclass(frozen=True)
class _Source:
    """Where one kind of document is: its table, its documents (`select`: `record_id` and, when
    they have them, `municipality_id`, `day`, `title`, then the body's parts), the body's parts
    in order."""

    table: Any
    select: Callable[[], Select[Any]]
    body: tuple[str, ...]


def _draft() -> Select[Any]:
    return select(
        draft.c.id.label("record_id"),
        draft.c.municipality_id,
        draft.c.created_at.label("day"),
        draft.c.title,
        draft.c.body,
    )


def _resolution() -> Select[Any]:
    return select(
        resolution.c.id.label("record_id"),
        select(council.c.municipality_id)
        .where(council.c.id == resolution.c.council_id)
        .scalar_subquery()
        .label("municipality_id"),
        resolution.c.adopted_on.label("day"),
        resolution.c.title,
        resolution.c.number,
    )


def _bill() -> Select[Any]:
    return select(
        bill.c.id.label("record_id"),
        bill.c.title_fa.label("title"),
        bill.c.title_en,
        bill.c.assembly_position,
    )


def _circular() -> Select[Any]:
    return select(
        circular.c.id.label("record_id"),
        circular.c.adopted_at.label("day"),
        circular.c.title,
        circular.c.number,
        circular.c.body,
    )


def _assembly_minutes() -> Select[Any]:
    return select(
        meeting.c.id.label("record_id"),
        select(council.c.municipality_id)
        .where(council.c.id == meeting.c.host_council_id)
        .scalar_subquery()
        .label("municipality_id"),
        meeting.c.held_on.label("day"),
        meeting.c.title,
        meeting.c.minutes,
    ).where(meeting.c.minutes.is_not(None))


def _joint_minutes() -> Select[Any]:
    return select(
        joint_session.c.id.label("record_id"),
        joint_session.c.host_municipality_id.label("municipality_id"),
        joint_session.c.held_on.label("day"),
        joint_session.c.title,
        joint_session.c.minutes,
    ).where(joint_session.c.minutes.is_not(None))


def _commission_minutes() -> Select[Any]:
    return select(
        commission_meeting.c.id.label("record_id"),
        commission_meeting.c.host_municipality_id.label("municipality_id"),
        commission_meeting.c.held_on.label("day"),
        commission_meeting.c.number,
        commission_meeting.c.host_fa,
        commission_meeting.c.minutes,
    ).where(commission_meeting.c.minutes.is_not(None))


_SOURCES: Final[dict[SearchDocumentKind, _Source]] = {
    K.DRAFT_DIRECTIVE: _Source(draft, _draft, ("body",)),
    K.COUNCIL_RESOLUTION: _Source(resolution, _resolution, ("number",)),
    K.GOVERNMENT_BILL: _Source(bill, _bill, ("title_en", "assembly_position")),
    K.NATIONAL_CIRCULAR: _Source(circular, _circular, ("number", "body")),
    K.ASSEMBLY_MEETING_MINUTES: _Source(meeting, _assembly_minutes, ("minutes",)),
    K.JOINT_SESSION_MINUTES: _Source(joint_session, _joint_minutes, ("minutes",)),
    K.COMMISSION_MEETING_MINUTES: _Source(commission_meeting, _commission_minutes, ("minutes",)),
}


def commission_meeting_title(number: int, host: str | None) -> str:
    """A commission meeting has no title of its own: «نشست ۱۶ — اصفهان»."""
    return f"نشست {number}" + (f" — {host}" if host else "")


def document(kind: SearchDocumentKind, row: Any) -> dict[str, Any]:
    """The index row of one document from its source row."""
    values = row._mapping
    if kind is K.COMMISSION_MEETING_MINUTES:
        title = commission_meeting_title(values["number"], values["host_fa"])
    else:
        title = values["title"]
    parts = [str(values[name]) for name in _SOURCES[kind].body if values[name]]
    body = "\n".join(parts)
    municipality_id = values.get("municipality_id")
    return {
        "kind": kind.value,
        "record_id": values["record_id"],
        "municipality_id": municipality_id if isinstance(municipality_id, int) else None,
        "day": _day(values.get("day")),
        "title": title,
        "body": body,
        "title_key": index_text(title),
        "body_key": index_text(body),
    }


def _record_id(kind: SearchDocumentKind) -> ColumnElement[Any]:
    return _SOURCES[kind].table.c.id  # type: ignore[no-any-return]


async def reindex(conn: AsyncConnection, kind: SearchDocumentKind, record_id: int) -> None:
    """Bring one document's index row in step with its record (in the write's transaction): the
    row written again, or removed when the record no longer is a document (minutes cleared)."""
    found = (
        await conn.execute(_SOURCES[kind].select().where(_record_id(kind) == record_id))
    ).first()
    if found is None:
        await conn.execute(
            delete(search_document).where(
                search_document.c.kind == kind.value, search_document.c.record_id == record_id
            )
        )
        return
    values = document(kind, found)
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(search_document).values(**values)
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=["kind", "record_id"],
            set_={
                name: statement.excluded[name]
                for name in values
                if name not in ("kind", "record_id")
            },
        )
    )


def rebuild(conn: Connection, kinds: Iterable[SearchDocumentKind] = tuple(K)) -> dict[str, int]:
    """Index every document of `kinds` afresh (their rows are deleted first): read in chunks of
    `CHUNK` by id, written with executemany INSERTs. Synchronous, for `AsyncConnection.run_sync`
    (the seed, `civicgraph reindex-search`). Returns the documents indexed per kind."""
    counts: dict[str, int] = {}
    for kind in kinds:
        conn.execute(delete(search_document).where(search_document.c.kind == kind.value))
        source = _SOURCES[kind]
        last = 0
        counts[kind.value] = 0
        while True:
            rows: Sequence[Any] = conn.execute(
                source.select()
                .where(_record_id(kind) > last)
                .order_by(_record_id(kind))
                .limit(CHUNK)
            ).all()
            if not rows:
                break
            conn.execute(search_document.insert(), [document(kind, row) for row in rows])
            counts[kind.value] += len(rows)
            last = rows[-1]._mapping["record_id"]
    return counts
