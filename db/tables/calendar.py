"""The Solar Hijri calendar as a table: one row per Gregorian day, with its Solar Hijri date and
the instant it begins on Tehran's clock.

It lets SQL say what Python's `core.calendar.solar_hijri` says, on both databases (SQLite has no
time zones): a day's Solar Hijri form is a lookup by the day; an instant's is the row of the
latest day that began at or before it. Filled by migration 0005 for 1900–2100 from jdatetime and
the tz database, so both forms agree with Python's to the day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Index, SmallInteger, String, Table, select
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)


class SolarHijriDayRow(SQLModel, table=True):
    __tablename__ = "solar_hijri_day"
    __table_args__ = (Index("uq_solar_hijri_day_starts_at", "starts_at", unique=True),)

    day: date = Field(primary_key=True)
    label: str = Field(sa_type=String(10), description="e.g. 1399/04/11")
    year: int = Field(sa_type=SmallInteger)
    month: int = Field(sa_type=SmallInteger)
    starts_at: datetime = Field(sa_type=UTCDateTime, description="00:00 in Tehran, as UTC")


calendar: Table = SolarHijriDayRow.__table__  # type: ignore[attr-defined]


def solar_hijri_of_day(day: ColumnElement[Any]) -> ColumnElement[str]:
    """The Solar Hijri form (`1399/04/11`) of an ISO day; NULL for NULL."""
    row = calendar.alias()
    return select(row.c.label).where(row.c.day == day).scalar_subquery()


def solar_hijri_of_instant(instant: ColumnElement[Any]) -> ColumnElement[str]:
    """The Solar Hijri form of the calendar day an instant falls on in Tehran; NULL for NULL."""
    row = calendar.alias()
    return (
        select(row.c.label)
        .where(row.c.starts_at <= instant)
        .order_by(row.c.starts_at.desc())
        .limit(1)
        .scalar_subquery()
    )
