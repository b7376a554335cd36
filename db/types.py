"""Column types shared by every domain's tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Text, cast
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An instant, always handed back as an aware UTC datetime.

    PostgreSQL stores `timestamptz`; SQLite has no time zones, so the value is stored as naive UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous: pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: Money is an exact whole number of rials (1 toman = 10 rials), 64-bit in both databases.
Rials = BigInteger


class global_id_sql(FunctionElement[str]):  # noqa: N801 (an SQL function, named as one)
    """The Relay id of a row (core/ids.py: base64 of "Type:key") computed by the database:
    `global_id_sql("Attachment", table.c.id)`. PostgreSQL encodes it itself; SQLite calls the
    function every connection registers (db/engine.py)."""

    type = Text()
    inherit_cache = True

    def __init__(self, kind: str, key: Any) -> None:
        if not kind.isidentifier():
            raise ValueError(f"{kind!r} is not a type name")
        self.kind = kind
        super().__init__(key)


@compiles(global_id_sql, "postgresql")
def _global_id_postgresql(element: global_id_sql, compiler: Any, **kw: Any) -> str:
    (key,) = element.clauses
    text = compiler.process(cast(key, Text), **kw)
    return f"encode(convert_to('{element.kind}:' || {text}, 'UTF8'), 'base64')"


@compiles(global_id_sql, "sqlite")
def _global_id_sqlite(element: global_id_sql, compiler: Any, **kw: Any) -> str:
    (key,) = element.clauses
    return f"civic_global_id('{element.kind}', {compiler.process(key, **kw)})"
