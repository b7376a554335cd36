"""the Solar Hijri calendar as a table, so that SQL gives the Solar Hijri forms of dates

One row per Gregorian day from 1900 to 2100: its Solar Hijri date (jdatetime) and the instant it
begins on Tehran's clock (the tz database), see db/tables/calendar.py.

Revision ID: 0005_calendar
Revises: 0004_event_stays
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import jdatetime
import sqlalchemy as sa
from alembic import op

from core.calendar import TEHRAN
from db.tables.calendar import FIRST_DAY, LAST_DAY
from db.types import UTCDateTime

revision: str = "0005_calendar"
down_revision: str | None = "0004_event_stays"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "solar_hijri_day",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("label", sa.String(10), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
    )
    op.create_index("uq_solar_hijri_day_starts_at", "solar_hijri_day", ["starts_at"], unique=True)
    rows = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        solar = jdatetime.date.fromgregorian(date=day)
        # 00:00 in Tehran; where the clocks jumped at midnight, the instant they jumped
        start = datetime(day.year, day.month, day.day, tzinfo=TEHRAN).astimezone(UTC)
        rows.append(
            {
                "day": day,
                "label": solar.strftime("%Y/%m/%d"),
                "year": solar.year,
                "month": solar.month,
                "starts_at": start,
            }
        )
        day += timedelta(days=1)
    op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_index("uq_solar_hijri_day_starts_at", table_name="solar_hijri_day")
    op.drop_table("solar_hijri_day")
