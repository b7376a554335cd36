"""The Article 100 appeal window, on Tehran's calendar.

Article 100 of the Municipalities Law (note 1): either side may ask for review of a commission's
verdict within ten days of being notified of it. Iranian procedure does not count the day of
notification (nor the day of the act): the window is the ten Tehran calendar days after the day
the notice was served, and an appeal filed at any moment of the tenth of them is in time. A
last day falling on a public holiday is not moved here (the calendar table has no holidays).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.calendar import TEHRAN

#: Days after the day of notification in which an appeal may be filed.
APPEAL_DAYS = 10


def tehran_day(instant: datetime) -> date:
    """The calendar day an instant falls on in Tehran."""
    if instant.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous: pass an aware datetime")
    return instant.astimezone(TEHRAN).date()


def appeal_last_day(notified_at: datetime) -> date:
    """The last Tehran day on which an appeal is in time."""
    return tehran_day(notified_at) + timedelta(days=APPEAL_DAYS)


def appeal_in_time(notified_at: datetime, filed_at: datetime) -> bool:
    """True when an appeal filed at `filed_at` is within the window of a notice served at
    `notified_at` (filed no earlier than the notice, no later than the end of its last day)."""
    return notified_at <= filed_at and tehran_day(filed_at) <= appeal_last_day(notified_at)
