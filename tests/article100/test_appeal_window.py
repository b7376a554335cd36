"""The ten-day appeal window, on Tehran's calendar: at its edges (the last second of the tenth day
after the day of notification, and the first of the eleventh, on Tehran's clock — with its summer
offset of 1399), in Python and through the graph; a late appeal is APPEAL_WINDOW_CLOSED and
changes nothing; the last day is shown in Solar Hijri; a verdict is final only once the window
has closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from core.calendar import TEHRAN
from core.deadlines import appeal_in_time, appeal_last_day
from tests.article100.conftest import ADVANCE, APPEAL, CASE, Desk

#: Tehran's clock in the summer of 1399 (+04:30) and since 1401 (+03:30, no summer time).
SUMMER_1399 = timezone(timedelta(hours=4, minutes=30))
IRST = timezone(timedelta(hours=3, minutes=30))


def test_the_window_in_python_at_its_edges() -> None:
    # Seed 003's day, Thursday 5 Tir 1399 (2020-06-25), 10:00 in Tabriz: the last day is 15 Tir.
    served = datetime(2020, 6, 25, 10, 0, tzinfo=SUMMER_1399)
    assert appeal_last_day(served) == date(2020, 7, 5)
    assert appeal_in_time(served, datetime(2020, 7, 5, 23, 59, 59, tzinfo=SUMMER_1399))
    assert not appeal_in_time(served, datetime(2020, 7, 6, 0, 0, 0, tzinfo=SUMMER_1399))
    assert not appeal_in_time(served, served - timedelta(seconds=1))
    # The day is Tehran's, not UTC's: served at 23:00 UTC is already the next day in Tehran.
    late_evening = datetime(2024, 3, 1, 23, 0, tzinfo=UTC)
    assert late_evening.astimezone(TEHRAN).date() == date(2024, 3, 2)
    assert appeal_last_day(late_evening) == date(2024, 3, 12)
    assert appeal_in_time(late_evening, datetime(2024, 3, 12, 20, 29, 59, tzinfo=UTC))
    assert not appeal_in_time(late_evening, datetime(2024, 3, 12, 20, 30, 0, tzinfo=UTC))


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(("filed", "in_time"), [((23, 59, 59), True), ((0, 0, 0), False)])
async def test_an_appeal_at_the_edges_through_the_graph(
    desk: Desk, filed: tuple[int, int, int], in_time: bool
) -> None:
    served = datetime(2025, 5, 10, 9, 0, tzinfo=IRST)  # 20 Ordibehesht 1404, Tehran
    case = await desk.to_notified(held_at=served - timedelta(days=3), notified_at=served)
    assert case["appealLastDay"] == "2025-05-20"
    assert case["appealLastDaySolarHijri"] == "1404/02/30"
    day = date(2025, 5, 20) if in_time else date(2025, 5, 21)
    at = datetime(day.year, day.month, day.day, *filed, tzinfo=IRST)
    result = await desk.run(APPEAL, await desk.appeal_input(case, at), desk.secretariat)
    after = (await desk.gql.data(CASE, {"id": case["id"]}, token=desk.secretariat))["violationCase"]
    if in_time:
        assert result["errors"] == []
        assert after["status"] == "APPEAL_REQUESTED"
    else:
        assert [(e["code"], e["field"]) for e in result["errors"]] == [
            ("APPEAL_WINDOW_CLOSED", "filedAt")
        ]
        assert "1404/02/30" in result["errors"][0]["message"]
        assert "1404/02/30" in result["errors"][0]["messageFa"]
        assert (after["status"], after["version"]) == ("NOTIFIED", case["version"])


@pytest.mark.usefixtures("backend")
async def test_final_only_once_the_window_has_closed(desk: Desk) -> None:
    case = await desk.to_notified()  # served now: the window is open
    assert case["appealWindowOpen"] is True
    early = await desk.run(
        ADVANCE,
        {"caseId": case["id"], "to": "FINAL", "reason": "قطعی", "expectedVersion": case["version"]},
        desk.secretariat,
    )
    assert [e["code"] for e in early["errors"]] == ["INVALID_TRANSITION"]
    assert case["appealLastDaySolarHijri"] in early["errors"][0]["messageFa"]
    closed = await desk.to_final()
    assert closed["status"] == "FINAL"
    assert closed["appealWindowOpen"] is False


@pytest.mark.usefixtures("backend")
async def test_an_appeal_before_the_notice_or_in_the_future_is_refused(desk: Desk) -> None:
    served = datetime.now(UTC) - timedelta(days=2)
    case = await desk.to_notified(held_at=served - timedelta(days=1), notified_at=served)
    for at in (served - timedelta(minutes=1), datetime.now(UTC) + timedelta(days=1)):
        result = await desk.run(APPEAL, await desk.appeal_input(case, at), desk.secretariat)
        assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "filedAt")]
