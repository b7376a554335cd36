"""One mechanism for every list: filtering, ordering and keyset (cursor) pagination.

A list is described once by a `ListSpec` (its table and the orders it offers); a request for a
page is a `PageArgs` (how many, after which cursor, in which order, with which filters). The same
code serves a root list (`municipalities`), a nested list batched over many parents
(`municipality.draftDirectives` for 100 municipalities in one statement, using a window function),
and the compiled read path (`resolvers/fastpath`), which builds the same conditions on aliases.

A cursor names a row, not a value: the hex of `list:ORDER:direction:id`. The page after it is
found by keyset, `(sort, id) > ((SELECT sort … WHERE id = :id), :id)`, so deep pages cost what the
first one does, and both databases (and SQL itself) can write the same cursor.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Row, Table, func, select, tuple_
from sqlalchemy.sql.util import ClauseAdapter

from core.errors import BadUserInput
from db.session import RequestDatabase

T = TypeVar("T")


class SortKind(Enum):
    TEXT = "text"
    INT = "int"
    DATETIME = "datetime"
    DATE = "date"


@dataclass(frozen=True)
class Sort:
    """One order a list offers: a non-null expression over the list's table, and its type."""

    expression: ColumnElement[Any]
    kind: SortKind


@dataclass(frozen=True)
class ListSpec:
    name: str
    table: Table
    sorts: Mapping[str, Sort]


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


def cursor_prefix(spec: ListSpec, args: PageArgs) -> str:
    """What every cursor of this list in this order starts with, before the row id."""
    return f"{spec.name}:{args.sort}:{int(args.descending)}:"


def encode_cursor(spec: ListSpec, args: PageArgs, row_id: int) -> str:
    return f"{cursor_prefix(spec, args)}{row_id}".encode().hex().upper()


def decode_cursor(spec: ListSpec, args: PageArgs, cursor: str) -> int:
    """The id of the row a cursor points at, or a BAD_USER_INPUT error."""
    try:
        name, sort, descending, row_id = bytes.fromhex(cursor).decode().split(":")
        if not row_id.isascii() or not row_id.isdigit():
            raise ValueError(row_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadUserInput(
            "`after` is not a cursor this service gave out.", argument="after"
        ) from exc
    if f"{name}:{sort}:{descending}:" != cursor_prefix(spec, args):
        raise BadUserInput(
            "`after` belongs to another list or another order; "
            "ask for the first page again with the new order.",
            argument="after",
        )
    return int(row_id)


# --- conditions and order, on the table or on an alias of it -----------------------------------


def sort_expression(
    spec: ListSpec, args: PageArgs, dialect: str, on: FromClause | None = None
) -> ColumnElement[Any]:
    sort = spec.sorts[args.sort]
    expression = _adapt(sort.expression, on)
    # Byte order on both databases, so that pages and cursors agree between them.
    if sort.kind is SortKind.TEXT and dialect == "postgresql":
        return expression.collate("C")
    return expression


def conditions(
    spec: ListSpec, args: PageArgs, dialect: str, on: FromClause | None = None
) -> list[ColumnElement[bool]]:
    """The filters, and the keyset condition of `after`, written against `on` (an alias of the
    list's table) or the table itself."""
    result = [_adapt(clause, on) for clause in args.where]
    if args.after is not None:
        row_id = decode_cursor(spec, args, args.after)
        cursor_row = spec.table.alias("cursor_row")
        boundary_value = (
            select(sort_expression(spec, args, dialect, cursor_row))
            .where(cursor_row.c.id == row_id)
            .scalar_subquery()
        )
        key = tuple_(sort_expression(spec, args, dialect, on), _id(spec, on))
        boundary = tuple_(boundary_value, row_id)
        result.append(key < boundary if args.descending else key > boundary)
    return result


def order_by(
    spec: ListSpec, args: PageArgs, dialect: str, on: FromClause | None = None
) -> list[ColumnElement[Any]]:
    sort = sort_expression(spec, args, dialect, on)
    if args.descending:
        return [sort.desc(), _id(spec, on).desc()]
    return [sort.asc(), _id(spec, on).asc()]


def _id(spec: ListSpec, on: FromClause | None) -> ColumnElement[Any]:
    return spec.table.c.id if on is None else on.c.id


def _adapt(clause: ColumnElement[T], on: FromClause | None) -> ColumnElement[T]:
    if on is None:
        return clause
    adapted: ColumnElement[T] = ClauseAdapter(on).traverse(clause)
    return adapted


# --- queries ---------------------------------------------------------------------------------


def _page(spec: ListSpec, args: PageArgs, rows: Sequence[Row[Any]], count: Any) -> Page:
    rows = list(rows)
    has_next = len(rows) > args.first
    del rows[args.first :]
    return Page(
        rows=rows,
        cursors=[encode_cursor(spec, args, row.id) for row in rows],
        has_next_page=has_next,
        has_previous_page=args.after is not None,
        count=count,
    )


async def fetch_page(db: RequestDatabase, spec: ListSpec, args: PageArgs) -> Page:
    """One page of a root list, and a lazy count of the whole list under the same filters."""
    # One row more than asked tells whether a next page exists (even for `first: 0`).
    statement = (
        select(spec.table)
        .where(*conditions(spec, args, db.dialect))
        .order_by(*order_by(spec, args, db.dialect))
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
    where = conditions(spec, args, db.dialect)
    grouped: dict[Hashable, list[Row[Any]]] = {key: [] for key in keys}
    if keys:
        number = (
            func.row_number()
            .over(partition_by=parent, order_by=order_by(spec, args, db.dialect))
            .label("_rn")
        )
        inner = select(spec.table, number).where(parent.in_(keys), *where).subquery()
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
