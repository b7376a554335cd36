"""The district's questions against an independent computation from the raw rows, on both
databases and both read paths: projects per neighbourhood and stage, the time at each signature
step (median, 90th and asked percentiles, nearest rank), open escalations and their age, and the
working groups that missed their monthly meeting. Also a meeting recorded through the mutation."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date

import jdatetime
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.settings import Settings
from db.tables import (
    district_post,
    escalation,
    small_project,
    small_project_signature,
    working_group,
    working_group_meeting,
)
from tests.conftest import GraphQLClient
from tests.ids import gid, key
from tests.neighbourhoods.fixtures import District, district_of

BY_STAGE = """query($d: ID) { smallProjectsByNeighbourhoodAndStage(districtId: $d) {
  neighbourhood { id } status projectCount } }"""
STEPS = """query($d: ID, $p: [Float!]) { signatureStepTimes(districtId: $d, percentiles: $p) {
  step office count medianSeconds p90Seconds percentiles { fraction seconds } } }"""
OPEN = "query($d: ID) { openEscalations(districtId: $d) { escalation { id } status ageDays } }"
DEFAULT_MISSED = "{ missedWorkingGroupMeetings { workingGroup { id } month } }"
MISSED = """query($f: String, $t: String, $d: ID) {
  missedWorkingGroupMeetings(fromMonth: $f, toMonth: $t, districtId: $d) {
    workingGroup { id } month } }"""
RECORD = """mutation($input: WorkingGroupMeetingRecordInput!) {
  workingGroupMeetingRecord(input: $input) {
    meeting { id solarYear solarMonth deputy { office } attendance { present post { id } } }
    errors { code field } } }"""


def nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    rank = max(math.ceil(p * len(ordered)), 1)
    return ordered[rank - 1]


@pytest.fixture(params=["general", "compiled"])
def served(
    request: pytest.FixtureRequest, conn: AsyncConnection, settings: Settings
) -> GraphQLClient:
    compiled = settings.model_copy(update={"compiled_reads": request.param == "compiled"})
    return GraphQLClient(conn, compiled).as_caller(mint_token(settings, Role.COUNCILS_HEADQUARTERS))


async def test_projects_per_neighbourhood_and_stage(
    served: GraphQLClient, conn: AsyncConnection
) -> None:
    district = await district_of(served, served.settings)
    rows = (
        await conn.execute(
            select(small_project.c.neighbourhood_id, small_project.c.status, small_project.c.round)
        )
    ).all()
    # the headquarters sees every submitted form
    expected = Counter((gid("Neighbourhood", n), s) for n, s, r in rows if r >= 1)
    found = (await served.data(BY_STAGE, {"d": district.id}))[
        "smallProjectsByNeighbourhoodAndStage"
    ]
    assert (
        Counter({(g["neighbourhood"]["id"], g["status"]): g["projectCount"] for g in found})
        == expected
    )
    keys = [(key(g["neighbourhood"]["id"]), g["status"]) for g in found]
    assert keys == sorted(keys)  # by the neighbourhood, then the stage
    assert {s for _, s in expected} >= {
        "AT_NEIGHBOURHOOD_SECRETARY",
        "SENT_TO_HEADQUARTERS",
        "RETURNED",
    }
    other = (await served.data(BY_STAGE, {"d": district.other_id}))[
        "smallProjectsByNeighbourhoodAndStage"
    ]
    assert other == []


async def test_time_at_each_signature_step(served: GraphQLClient, conn: AsyncConnection) -> None:
    waits: dict[int, list[int]] = defaultdict(list)
    for step, waited in await conn.execute(
        select(small_project_signature.c.step, small_project_signature.c.waited_seconds)
    ):
        waits[step].append(waited)
    asked = [0.0, 0.25, 0.7, 1.0]
    found = (await served.data(STEPS, {"p": asked}))["signatureStepTimes"]
    assert [f["step"] for f in found] == sorted(waits)
    for entry in found:
        values = waits[entry["step"]]
        assert entry["count"] == len(values)
        assert entry["medianSeconds"] == nearest_rank(values, 0.5)
        assert entry["p90Seconds"] == nearest_rank(values, 0.9)
        assert entry["percentiles"] == [
            {"fraction": p, "seconds": nearest_rank(values, p)} for p in asked
        ]
    assert [f["office"] for f in found][:1] == ["NEIGHBOURHOOD_WG_SECRETARY"]
    codes = await served.error_codes(STEPS, {"p": [1.5]})
    assert codes == ["BAD_USER_INPUT"]


async def test_open_escalations_and_their_age(served: GraphQLClient, conn: AsyncConnection) -> None:
    today = await conn.scalar(select(func.current_date()))
    today = today if isinstance(today, date) else date.fromisoformat(str(today))
    rows = (
        await conn.execute(
            select(escalation).where(escalation.c.status.in_(["RAISED", "ON_BOARD_AGENDA"]))
        )
    ).all()
    expected = sorted(((today - r.raised_on).days, -r.id) for r in rows)
    expected_out = [
        (gid("Escalation", -i), age) for age, i in sorted(expected, key=lambda e: (-e[0], -e[1]))
    ]
    found = (await served.data(OPEN, {"d": None}))["openEscalations"]
    assert [(f["escalation"]["id"], f["ageDays"]) for f in found] == expected_out
    assert rows  # the sample has open ones


def _expected_missed(
    groups: dict[int, date],
    held: set[tuple[int, int, int]],
    months: list[tuple[int, int]],
    today: date,
) -> list[tuple[str, str]]:
    expected = []
    for year, month in months:
        first = jdatetime.date(year, month, 1)
        if first.togregorian() > today:
            continue
        last_day = (first + jdatetime.timedelta(days=32)).replace(day=1) - jdatetime.timedelta(
            days=1
        )
        for group, formed in groups.items():
            if formed <= last_day.togregorian() and (group, year, month) not in held:
                expected.append((f"{year}/{month:02d}", gid("WorkingGroup", group)))
    return expected


async def test_missed_monthly_meetings(served: GraphQLClient, conn: AsyncConnection) -> None:
    groups = {row.id: row.formed_on for row in await conn.execute(select(working_group))}
    held = {
        (m.working_group_id, m.solar_year, m.solar_month)
        for m in await conn.execute(select(working_group_meeting))
    }
    today = await conn.scalar(select(func.current_date()))
    today = today if isinstance(today, date) else date.fromisoformat(str(today))
    months = [(1403, m) for m in range(1, 13)] + [(1404, m) for m in range(1, 13)]
    expected = _expected_missed(groups, held, months, today)
    found = (await served.data(MISSED, {"f": "1403/01", "t": "1404/12"}))[
        "missedWorkingGroupMeetings"
    ]
    got = [(f["month"], f["workingGroup"]["id"]) for f in found]
    assert sorted(got) == sorted(expected)
    assert [m for m, _ in got] == sorted(m for m, _ in got)
    assert expected  # the sample misses some months
    for bad in (
        {"f": "1403/13", "t": "1404/01"},
        {"f": "1404/01", "t": "1403/01"},
        {"f": "x", "t": "1404/01"},
        {"f": "1404/01", "t": None},
    ):
        assert await served.error_codes(MISSED, bad) == ["BAD_USER_INPUT"]
    # without a range: the twelve months before the current one
    current = jdatetime.date.fromgregorian(date=today)
    ordinal = current.year * 12 + current.month - 1
    recent = [divmod(o, 12) for o in range(ordinal - 12, ordinal)]
    default = _expected_missed(groups, held, [(y, m + 1) for y, m in recent], today)
    found = (await served.data(DEFAULT_MISSED))["missedWorkingGroupMeetings"]
    assert sorted((f["month"], f["workingGroup"]["id"]) for f in found) == sorted(default)


async def test_a_meeting_recorded_fills_its_month(
    district: District, conn: AsyncConnection
) -> None:
    secretary = district.token(Role.NEIGHBOURHOOD_WG_SECRETARY, district.neighbourhood_secretary)
    group = await conn.scalar(
        select(district_post.c.working_group_id).where(
            district_post.c.id == key(district.neighbourhood_secretary)
        )
    )
    assert group is not None
    month = jdatetime.date(1405, 5, 10)  # after the sample's last month
    input = {
        "heldOn": month.togregorian().isoformat(),
        "outcomes": "نصب نیمکت در بوستان تصویب شد",
        "attendance": [
            {"postId": district.neighbourhood_secretary, "present": True},
            {"postId": district.posts["PLANNING_DEPUTY"], "present": False},
        ],
    }
    before = (await district.gql.data(MISSED, {"f": "1405/05", "t": "1405/05"}))[
        "missedWorkingGroupMeetings"
    ]
    assert gid("WorkingGroup", group) in {m["workingGroup"]["id"] for m in before}
    result = (await district.gql.data(RECORD, {"input": input}, token=secretary))[
        "workingGroupMeetingRecord"
    ]
    assert result["errors"] == []
    meeting = result["meeting"]
    assert (meeting["solarYear"], meeting["solarMonth"], meeting["deputy"]["office"]) == (
        1405,
        5,
        "PLANNING_DEPUTY",
    )
    assert [a["present"] for a in meeting["attendance"]] == [True, False] or len(
        meeting["attendance"]
    ) == 2
    after = (await district.gql.data(MISSED, {"f": "1405/05", "t": "1405/05"}))[
        "missedWorkingGroupMeetings"
    ]
    assert gid("WorkingGroup", group) not in {m["workingGroup"]["id"] for m in after}
    # one per month; another role may not record it; a day to come is refused
    again = (await district.gql.data(RECORD, {"input": input}, token=secretary))[
        "workingGroupMeetingRecord"
    ]
    assert [(e["code"], e["field"]) for e in again["errors"]] == [("VALIDATION", "heldOn")]
    other = (await district.gql.data(RECORD, {"input": input}, token=district.member()))[
        "workingGroupMeetingRecord"
    ]
    assert [e["code"] for e in other["errors"]] == ["FORBIDDEN"]
    future = {**input, "heldOn": "2099-01-01"}
    late = (await district.gql.data(RECORD, {"input": future}, token=secretary))[
        "workingGroupMeetingRecord"
    ]
    assert [(e["code"], e["field"]) for e in late["errors"]] == [("VALIDATION", "heldOn")]
