"""JSON-building SQL, written once per dialect.

Every value is formatted in SQL exactly as the general executor formats it in Python: ids as
strings, money as a string of digits, instants as `datetime.isoformat()` of an aware UTC value,
days as ISO dates, booleans as true/false — and the document is written compactly, as orjson
writes the general executor's answer, so the two are the same bytes.

- SQLite: its JSON functions (`json_object`, `json_group_array`) already write compact JSON.
- PostgreSQL: `json_build_object` and `json_agg` put spaces and newlines between keys, values and
  items, so the JSON is written as text: every value becomes its JSON text (`to_json(…)::text` for
  strings, which escapes exactly as the JSON functions do), objects are one `concat` of keys and
  values, arrays one `string_agg` (a page's one list: `ARRAY(SELECT … ORDER BY …)` of the page,
  `array_of`). Every JSON value on PostgreSQL is therefore non-null text (`null` where SQL has
  NULL).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Text,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql import Select, functions
from sqlalchemy.sql.elements import ColumnClause

from db.types import global_id_sql

_NULL = "null"


def _quote(text: str) -> str:
    """An SQL string literal (keys are GraphQL names, [_A-Za-z0-9], and the JSON around them)."""
    return "'" + text.replace("'", "''") + "'"


def _literal(part: Any) -> str | None:
    """The text of a string literal written into the statement (`_quote`'s), else None."""
    if isinstance(part, ColumnClause) and part.is_literal:
        name = part.name
        if len(name) >= 2 and name[0] == name[-1] == "'":
            return name[1:-1].replace("''", "'")
    return None


#: PostgreSQL's functions take at most 100 arguments.
_MAX_ARGUMENTS = 100


def _concat(parts: list[Any]) -> ColumnElement[Any]:
    """`concat(…)` of any number of parts (nested where there are more than a call takes). A
    part that is itself a `concat` gives its parts instead (`concat` of a `concat` is the same
    text): every call copies what it joins, and the document around a big list is written by
    as few calls as its subqueries allow."""
    spliced: list[Any] = []
    for part in parts:
        for piece in part.clauses if isinstance(part, functions.concat) else (part,):
            text, last = _literal(piece), _literal(spliced[-1]) if spliced else None
            if text is not None and last is not None:  # `'}'` and `',"key":'`: `'},"key":'`
                spliced[-1] = literal_column(_quote(last + text), Text)
            else:
                spliced.append(piece)
    parts = spliced
    while len(parts) > _MAX_ARGUMENTS:
        parts = [
            func.concat(*parts[i : i + _MAX_ARGUMENTS], type_=Text)
            for i in range(0, len(parts), _MAX_ARGUMENTS)
        ]
    return func.concat(*parts, type_=Text)


class SqlJson:
    """The JSON functions of one dialect."""

    def __init__(self, dialect: str) -> None:
        if dialect not in ("postgresql", "sqlite"):
            raise ValueError(f"no JSON building for {dialect}")
        self.pg = dialect == "postgresql"

    # -- composite values ------------------------------------------------------------------

    def object(self, pairs: list[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
        if self.pg:
            parts: list[Any] = []
            for index, (key, value) in enumerate(pairs):
                opening = "{" if index == 0 else ","
                parts += [literal_column(_quote(f'{opening}"{key}":')), value]
            parts.append(literal_column("'}'" if pairs else "'{}'"))
            return _concat(parts)
        args: list[Any] = []
        for key, value in pairs:
            args += [literal_column(f"'{key}'"), value]
        return func.json_object(*args)

    def nested(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        """A JSON value that comes out of a subquery (NULL when it finds no row). SQLite forgets
        there that it is JSON."""
        if self.pg:
            if isinstance(value, functions.concat):
                return value  # never NULL: written in place, not copied by `coalesce`
            return func.coalesce(value, literal_column(f"'{_NULL}'"), type_=Text)
        return func.json(value)

    def array(
        self, value: ColumnElement[Any], order: list[ColumnElement[Any]] | None = None
    ) -> ColumnElement[Any]:
        """The aggregate of `value` over rows (in `order` on PostgreSQL; on SQLite the rows'
        own order, which the caller fixes with an ordered subquery)."""
        if self.pg:
            return self._pg_array(self._string_agg(value, order))
        return func.json_group_array(func.json(value))  # '[]' over no rows

    def array_where(
        self, value: ColumnElement[Any], where: ColumnElement[bool], order: list[ColumnElement[Any]]
    ) -> ColumnElement[Any]:
        if self.pg:
            return self._pg_array(self._string_agg(value, order).filter(where))
        return func.json_group_array(func.json(value)).filter(where)

    def array_of(self, rows: Select[Any]) -> ColumnElement[Any]:
        """PostgreSQL: the JSON array of the values `rows` (one column) gives, in its ORDER BY,
        for a list read once for each row of another (a municipality's drafts in a page of
        municipalities). `ARRAY(SELECT …)` keeps the subquery's order, and a page already read
        in that order (a LIMIT over an index) is not sorted again, as `string_agg(… ORDER BY …)`
        sorts its input whatever order it comes in: one sort set up for each parent row."""
        joined = func.array_to_string(
            func.array(rows.scalar_subquery()), literal_column("','"), type_=Text
        )
        return self._pg_array(joined)

    def array_once(
        self, value: ColumnElement[Any], order: list[ColumnElement[Any]], rows: Any
    ) -> ColumnElement[Any]:
        """PostgreSQL: the JSON array of `value` over `rows` in `order`, for a list the statement
        reads once (a root page), whose items are big documents: one `string_agg` copies each
        item once, where `ARRAY(SELECT …)` and `array_to_string` copy the list three times more
        (15% of the national 100-municipality list's statement, with the document around it
        written by one `concat`). A subquery of its own, so that the page's document around it
        is not."""
        joined = select(self._string_agg(value, order)).select_from(rows).scalar_subquery()
        return self._pg_array(joined)

    def _string_agg(self, value: ColumnElement[Any], order: list[ColumnElement[Any]] | None) -> Any:
        separator: ColumnElement[Any] = literal_column("','")
        if order:
            return func.string_agg(value, aggregate_order_by(separator, *order), type_=Text)
        return func.string_agg(value, separator, type_=Text)

    def _pg_array(self, joined: Any) -> ColumnElement[Any]:
        # `concat` takes NULL (no items) as '': '[]'
        return _concat([literal_column("'['"), joined, literal_column("']'")])

    def items(self, values: list[ColumnElement[Any]]) -> ColumnElement[Any]:
        """The JSON array of a fixed list of JSON values (`nodes(ids:)`)."""
        if self.pg:
            parts: list[Any] = [literal_column("'['")]
            for index, value in enumerate(values):
                if index:
                    parts.append(literal_column("','"))
                parts.append(value)
            parts.append(literal_column("']'"))
            return _concat(parts)
        return func.json_array(*values)

    def as_text(self, value: ColumnElement[Any]) -> ColumnElement[str]:
        """The JSON document as text, for the driver to hand over untouched."""
        return value if self.pg else cast(value, Text)

    # -- scalars ---------------------------------------------------------------------------

    def text(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        if self.pg:
            return self._or_null(cast(func.to_json(cast(value, Text)), Text))
        return value

    def integer(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        if self.pg:
            return self._or_null(cast(value, Text))
        return value

    def digits(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        """Ids and money: a string of decimal digits."""
        if self.pg:
            quoted = (
                literal_column("'\"'").op("||")(cast(value, Text)).op("||")(literal_column("'\"'"))
            )
            return self._or_null(quoted)
        return cast(value, Text)

    def double(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        """A double (PostgreSQL) as orjson writes the same Python float: PostgreSQL's text has
        the same shortest exact digits, only the notation differs — orjson writes 1e-5 ≤ |x| <
        1e16 in full, whole numbers with `.0`, and otherwise `1.5e-6`, `1e+16`; PostgreSQL
        switches to `1.5e-06` below 1e-4 and from 1e15, and writes whole numbers bare."""
        magnitude = cast(func.abs(value), Text)
        mantissa = func.split_part(magnitude, "e", 1, type_=Text)
        exponent = cast(func.nullif(func.split_part(magnitude, "e", 2), ""), Integer)
        digits = func.replace(mantissa, ".", "", type_=Text)
        written = case(
            (value == 0, literal("0.0", Text)),
            (
                func.strpos(magnitude, "e") == 0,
                case(
                    (func.strpos(magnitude, ".") == 0, func.concat(magnitude, ".0")),
                    else_=magnitude,
                ),
            ),
            (exponent == -5, func.concat("0.0000", digits)),
            (
                and_(exponent == 15, func.length(digits) > 16),
                func.concat(func.left(digits, 16), ".", func.substr(digits, 17)),
            ),
            (exponent == 15, func.concat(func.rpad(digits, 16, "0"), ".0")),
            else_=func.concat(
                mantissa, "e", case((exponent < 0, "-"), else_="+"), cast(func.abs(exponent), Text)
            ),
        )
        signed = case((value < 0, func.concat("-", written)), else_=written)
        return case((value.is_(None), literal(_NULL, Text)), else_=cast(signed, Text))

    def boolean(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        if self.pg:
            flag = type_coerce(value, Boolean)
            return case(
                (flag.is_(True), literal("true", Text)),
                (flag.is_(False), literal("false", Text)),
                else_=literal(_NULL, Text),
            )
        # SQLite keeps JSON's subtype through CASE; a NULL falls through to JSON null.
        return case({1: func.json("true"), 0: func.json("false")}, value=value)

    def date(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        if self.pg:
            return self.text(func.to_char(value, "YYYY-MM-DD"))
        return value  # stored as YYYY-MM-DD

    def instant(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        """`datetime.isoformat()` of an aware UTC instant: seconds, microseconds only if any."""
        if self.pg:
            # one to_char: `.000000` can only be the fraction; NULL || text stays NULL
            written = func.to_char(func.timezone("UTC", value), 'YYYY-MM-DD"T"HH24:MI:SS.US')
            instant = func.replace(written, ".000000", "", type_=Text)
            quote: ColumnElement[Any] = literal_column("'\"'")
            end: ColumnElement[Any] = literal_column("'+00:00\"'")
            return self._or_null(quote.op("||")(instant).op("||")(end))  # NULL stays NULL
        # SQLite keeps `YYYY-MM-DD HH:MM:SS.ffffff` (naive UTC)
        day, time, micro = (
            func.substr(value, 1, 10),
            func.substr(value, 12, 8),
            func.substr(value, 21, 6),
        )
        return case(
            (value.is_(None), null()),
            (func.coalesce(micro, "").in_(["", "000000"]), day + "T" + time + "+00:00"),
            else_=day + "T" + time + "." + micro + "+00:00",
        )

    def global_id(self, kind: str, value: ColumnElement[Any]) -> ColumnElement[Any]:
        """The Relay id of the row of type `kind` with key `value` (core/ids.py: base64 of
        "kind:key"), as core.ids.global_id writes it."""
        encoded = global_id_sql(kind, value)
        if self.pg:
            quoted = literal_column("'\"'").op("||")(encoded).op("||")(literal_column("'\"'"))
            return self._or_null(quoted)
        return encoded

    def constant(self, value: str) -> ColumnElement[Any]:
        """A string known when the statement is written (`__typename`)."""
        if self.pg:
            return literal_column(_quote('"' + value + '"'), Text)
        return literal(value, Text)

    def flag(self, value: bool) -> ColumnElement[Any]:
        if self.pg:
            return literal_column("'true'" if value else "'false'", Text)
        return func.json("true" if value else "false")

    def least(self, a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.least(a, b) if self.pg else func.min(a, b)

    def number(self, value: int) -> ColumnElement[Any]:
        return literal(value, Integer)

    def _or_null(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.coalesce(value, literal_column(f"'{_NULL}'"), type_=Text)
