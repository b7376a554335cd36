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

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Row, Table, func, select, tuple_
from sqlalchemy.sql.util import ClauseAdapter

from core.errors import BadUserInput
from core.text import persian_sort_replacements

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
class PageArgs:
    first: int
    sort: str
    descending: bool = False
    after: str | None = None
    where: tuple[ColumnElement[bool], ...] = ()


@dataclass(frozen=True, eq=False)
class ListSpec:
    """A list, declared once: its name (which its cursors carry), its table, the orders it offers,
    and its GraphQL arguments — the `filter` input and what its fields mean in SQL (`conditions`),
    the `orderBy` input (a `field` naming one of `sorts`, a `direction`) and the order when none is
    asked for."""

    name: str
    table: Table
    sorts: Mapping[str, Sort]
    default_sort: str = "id"
    default_descending: bool = False
    #: the strawberry input types of `filter` and `orderBy` (None: the list has no such argument)
    filter: type | None = None
    order: type | None = None
    conditions: Callable[[Any], Sequence[ColumnElement[bool]]] | None = None
    #: conditions every page of the list has, on the table (a generic table's rows of one kind)
    base: Callable[[Table], Sequence[ColumnElement[bool]]] | None = None

    def args(
        self, first: int, after: str | None, filter: Any = None, order: Any = None
    ) -> PageArgs:
        """A page of this list as a client asks for it (`first` already checked)."""
        if order is not None:
            sort, descending = order.field.name, order.direction.name == "DESC"
        else:
            sort, descending = self.default_sort, self.default_descending
        where = tuple(self.conditions(filter)) if filter is not None and self.conditions else ()
        if self.base is not None:
            where = (*self.base(self.table), *where)
        return PageArgs(first, sort, descending, after, where)

    def where(self, filter: Any) -> tuple[ColumnElement[bool], ...]:
        """The conditions of a filter alone (the analysts' questions reuse the lists' filters)."""
        return self.args(0, None, filter).where


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


def persian_alphabetical(text: ColumnElement[str]) -> ColumnElement[str]:
    """A key of Persian text whose byte order is Persian alphabetical order, in SQL that both
    databases run (nested `replace`, core/text.py). Neither database orders Persian so by itself:
    SQLite compares code points (پ چ ژ ک گ ی after every Arabic letter, ه before و), and
    PostgreSQL's lists compare bytes (COLLATE "C") so that pages and cursors agree with SQLite's;
    its ICU collation "fa-x-icu", where there is one, SQLite has no equal of."""
    key = text
    for found, replacement in persian_sort_replacements():
        key = func.replace(key, found, replacement)
    return key


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
