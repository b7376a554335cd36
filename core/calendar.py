"""Solar Hijri (Jalali) forms of the dates the service stores as UTC instants and ISO dates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import jdatetime

TEHRAN = ZoneInfo("Asia/Tehran")


def solar_hijri(value: date | datetime | None) -> str | None:
    """`1399/04/11` for 2020-07-01. Instants are read on Tehran's clock, since that is the
    calendar day an Iranian reader means."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(TEHRAN).date()
    return str(jdatetime.date.fromgregorian(date=value).strftime("%Y/%m/%d"))
