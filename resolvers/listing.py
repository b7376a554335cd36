"""One mechanism for every list: filtering, ordering and keyset (cursor) pagination.

A list is described once by a `ListSpec` (its table and the orders it offers); a request for a
page is a `PageArgs` (how many, after which cursor, in which order, with which filters). The same
code serves a root list (`municipalities`) and a nested list batched over many parents
(`municipality.draftDirectives` for 100 municipalities in one statement, using a window function).

Cursors are opaque to clients: base64 of the list's name, the order, the sort value and the row id.
Pages are found by keyset (`(sort, id) > (value, id)`), so deep pages cost what the first one does.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, Table, func, literal, select, tuple_

from resolvers.database import RequestDatabase
from schema.errors import BadUserInput

T = TypeVar("T")


class SortKind(Enum):
    TEXT = "text"
    INT = "int"
    DATETIME = "datetime"
    DATE = "date"


@dataclass(frozen=True)
class Sort:
    """One order a list offers: a non-null expression and the type of its values."""

    expression: ColumnElement[Any]
    kind: SortKind


@dataclass(frozen=True)
class ListSpec:
    name: str
    table: Table
    sorts: Mapping[str, Sort]

    @property
    def id_column(self) -> ColumnElement[Any]:
        return self.table.c.id


@dataclass(frozen=True)
class PageArgs:
    first: int
    sort: str
    descending: bool = False
    after: str | None = None
    where: tuple[ColumnElement[bool], ...] = ()


@dataclass
class Page:
    """One page of rows, with a cursor per row and the means to count the whole list."""

    rows: list[Row[Any]]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]] = field(repr=False)


def page_size(first: int | None, *, default: int, maximum: int) -> int:
    """Check a client's `first`: 0..maximum, `default` when not given."""
    if first is None:
        return default
    if first < 0 or first > maximum:
        raise BadUserInput(
            f"`first` must be between 0 and {maximum}; got {first}.",
            argument="first",
            maximum=maximum,
        )
    return first


# --- cursors ---------------------------------------------------------------------------------


def _encode_value(value: Any, kind: SortKind) -> Any:
    if kind in (SortKind.DATETIME, SortKind.DATE):
        return value.isoformat()
    return value


def _decode_value(value: Any, kind: SortKind) -> Any:
    if kind is SortKind.TEXT and isinstance(value, str):
        return value
    if kind is SortKind.INT and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is SortKind.DATETIME and isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive instant")
        return parsed
    if kind is SortKind.DATE and isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError("value of the wrong type")


def decode_cursor(spec: ListSpec, args: PageArgs, cursor: str) -> tuple[Any, int]:
    """The (sort value, id) a cursor points at, or a BAD_USER_INPUT error."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, sort, descending, value, row_id = json.loads(raw)
        if not isinstance(row_id, int) or isinstance(row_id, bool):
            raise ValueError("id")
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadUserInput(
            "`after` is not a cursor this service gave out.", argument="after"
        ) from exc
    if (name, sort, bool(descending)) != (spec.name, args.sort, args.descending):
        raise BadUserInput(
            "`after` belongs to another list or another order; "
            "ask for the first page again with the new order.",
            argument="after",
        )
    try:
        return _decode_value(value, spec.sorts[args.sort].kind), row_id
    except ValueError as exc:
        raise BadUserInput(
            "`after` is not a cursor this service gave out.", argument="after"
        ) from exc


# --- queries ---------------------------------------------------------------------------------


def _sort_expression(sort: Sort, dialect: str) -> ColumnElement[Any]:
    # Byte order on both databases, so that pages and cursors agree between them.
    if sort.kind is SortKind.TEXT and dialect == "postgresql":
        return sort.expression.collate("C")
    return sort.expression


def _conditions(spec: ListSpec, args: PageArgs, dialect: str) -> list[ColumnElement[bool]]:
    conditions = list(args.where)
    if args.after is not None:
        value, row_id = decode_cursor(spec, args, args.after)
        key = tuple_(_sort_expression(spec.sorts[args.sort], dialect), spec.id_column)
        boundary = tuple_(_literal(value, spec.sorts[args.sort]), row_id)
        conditions.append(key < boundary if args.descending else key > boundary)
    return conditions


def _literal(value: Any, sort: Sort) -> ColumnElement[Any]:
    return literal(value, type_=sort.expression.type)


def _order_by(spec: ListSpec, args: PageArgs, dialect: str) -> list[ColumnElement[Any]]:
    sort = _sort_expression(spec.sorts[args.sort], dialect)
    if args.descending:
        return [sort.desc(), spec.id_column.desc()]
    return [sort.asc(), spec.id_column.asc()]


def _sort_column(spec: ListSpec, args: PageArgs) -> ColumnElement[Any]:
    expression = spec.sorts[args.sort].expression
    return expression.label("_sort")


def _page(spec: ListSpec, args: PageArgs, rows: Sequence[Row[Any]], count: Any) -> Page:
    rows = list(rows)
    has_next = len(rows) > args.first
    del rows[args.first :]
    return Page(
        rows=rows,
        cursors=[_cursor(spec, args, row) for row in rows],
        has_next_page=has_next,
        has_previous_page=args.after is not None,
        count=count,
    )


def _cursor(spec: ListSpec, args: PageArgs, row: Row[Any]) -> str:
    sort = spec.sorts[args.sort]
    payload = [
        spec.name,
        args.sort,
        int(args.descending),
        _encode_value(row._sort, sort.kind),
        row.id,
    ]
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def fetch_page(db: RequestDatabase, spec: ListSpec, args: PageArgs) -> Page:
    """One page of a root list, and a lazy count of the whole list under the same filters."""
    conditions = _conditions(spec, args, db.dialect)
    if args.first == 0:
        rows: Sequence[Row[Any]] = []
    else:
        statement = (
            select(spec.table, _sort_column(spec, args))
            .where(*conditions)
            .order_by(*_order_by(spec, args, db.dialect))
            .limit(args.first + 1)
        )
        rows = await db.all(statement)

    async def count() -> int:
        statement = select(func.count()).select_from(spec.table).where(*args.where)
        return int(await db.scalar(statement))

    return _page(spec, args, rows, _memo(count))


async def fetch_pages(
    db: RequestDatabase,
    spec: ListSpec,
    args: PageArgs,
    parent: ColumnElement[Any],
    keys: Sequence[Hashable],
) -> list[Page]:
    """The same page of a nested list for many parents at once, in `keys` order: one statement
    for the rows (a window function numbers each parent's rows) and, when asked, one for counts."""
    conditions = _conditions(spec, args, db.dialect)
    grouped: dict[Hashable, list[Row[Any]]] = {key: [] for key in keys}
    if args.first > 0 and keys:
        number = (
            func.row_number()
            .over(partition_by=parent, order_by=_order_by(spec, args, db.dialect))
            .label("_rn")
        )
        inner = (
            select(spec.table, _sort_column(spec, args), number)
            .where(parent.in_(keys), *conditions)
            .subquery()
        )
        statement = (
            select(inner)
            .where(inner.c._rn <= args.first + 1)
            .order_by(inner.c[parent.name], inner.c._rn)
        )
        for row in await db.all(statement):
            grouped[row._mapping[parent.name]].append(row)

    async def counts() -> dict[Hashable, int]:
        statement = (
            select(parent.label("parent"), func.count().label("n"))
            .where(parent.in_(keys), *args.where)
            .group_by(parent)
        )
        return {row.parent: int(row.n) for row in await db.all(statement)}

    all_counts = _memo(counts)

    def count_of(key: Hashable) -> Callable[[], Awaitable[int]]:
        async def count() -> int:
            return (await all_counts()).get(key, 0)

        return count

    return [_page(spec, args, grouped[key], count_of(key)) for key in keys]


def _memo(thunk: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
    """Run `thunk` once, however many times (and however concurrently) it is awaited."""
    task: asyncio.Future[T] | None = None

    async def once() -> T:
        nonlocal task
        if task is None:
            task = asyncio.ensure_future(thunk())
        return await task

    return once
