"""One case from the inspector's report to its closing, each step as its role, every step
recorded; replays, stale versions and bad input change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.auth import Role
from tests.article100.conftest import (
    ADVANCE,
    APPEAL,
    CASE,
    DONE,
    MERGE,
    REPORT,
    SCHEDULE,
    TASK,
    VERDICT,
    Desk,
)
from tests.ids import key

pytestmark = pytest.mark.usefixtures("backend")


async def test_a_case_goes_from_report_to_closure(desk: Desk) -> None:
    case = await desk.report()
    assert case["status"] == "REPORTED"
    assert case["version"] == 1
    assert case["fileNumber"].endswith(f"{key(case['id']):07d}")
    assert case["owner"] == {"fullName": "مالک آزمایشی", "nationalId": "0012345678"}
    assert [v["kind"]["code"] for v in case["violations"]] == [
        "EXCESS_FLOOR_AREA",
        "PARKING_SHORTFALL",
    ]

    case = await desk.advance(case, "REFERRED")
    case = await desk.verdict(case, "FINE")
    assert case["status"] == "VERDICT_ISSUED"
    case = await desk.notify(case)
    assert case["status"] == "NOTIFIED"
    assert case["appealWindowOpen"] is True
    assert case["appealLastDaySolarHijri"].count("/") == 2

    # the owner appeals in time; the appeal commission rules; the verdict is final at once
    result = await desk.ok(APPEAL, await desk.appeal_input(case), desk.secretariat)
    case = result["case"]
    assert case["status"] == "APPEAL_REQUESTED"
    assert result["case"]["commission"]["level"] == "APPEAL"
    case = await desk.verdict(case, "DEMOLITION", level="APPEAL")
    assert case["status"] == "APPEAL_VERDICT_ISSUED"
    assert [(v["level"], v["kind"], v["fineRials"]) for v in case["verdicts"]] == [
        ("FIRST_INSTANCE", "FINE", "1250000000"),
        ("APPEAL", "DEMOLITION", None),
    ]
    assert sorted(d["seat"] for d in case["verdicts"][1]["deciders"]) == [
        "COUNCIL_MEMBER",
        "JUDGE",
        "MINISTRY_REPRESENTATIVE",
    ]
    case = await desk.advance(case, "FINAL")

    # closure only once the execution is recorded
    refused = await desk.run(
        ADVANCE,
        {"caseId": case["id"], "to": "CLOSED", "reason": "x", "expectedVersion": case["version"]},
        desk.secretariat,
    )
    assert [e["code"] for e in refused["errors"]] == ["INVALID_TRANSITION"]
    assert "اجرای رأی" in refused["errors"][0]["messageFa"]
    due = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    task = (
        await desk.ok(
            TASK,
            {
                "caseId": case["id"],
                "action": "قلع بنای طبقه پنجم",
                "dueOn": due,
                "expectedVersion": case["version"],
                "idempotencyKey": "t-1",
            },
            desk.execution,
        )
    )["task"]
    assert task["state"] == "OPEN"
    assert task["case"]["status"] == "BEING_EXECUTED"
    early = await desk.run(
        ADVANCE,
        {
            "caseId": case["id"],
            "to": "EXECUTED",
            "reason": "x",
            "expectedVersion": task["case"]["version"],
        },
        desk.execution,
    )
    assert [e["code"] for e in early["errors"]] == ["VALIDATION"]
    done = (
        await desk.ok(DONE, {"taskId": task["id"], "evidence": "صورتجلسه قلع بنا"}, desk.execution)
    )["task"]
    assert done["state"] == "DONE"
    assert done["evidence"] == "صورتجلسه قلع بنا"
    case = await desk.advance(done["case"], "EXECUTED", desk.execution)
    case = await desk.advance(case, "CLOSED", desk.execution)
    assert case["status"] == "CLOSED"
    assert case["closedOn"] is not None

    steps = [(e["fromStatus"], e["toStatus"]) for e in case["events"]]
    assert steps == [
        (None, "REPORTED"),
        ("REPORTED", "REFERRED"),
        ("REFERRED", "VERDICT_ISSUED"),
        ("VERDICT_ISSUED", "NOTIFIED"),
        ("NOTIFIED", "APPEAL_REQUESTED"),
        ("APPEAL_REQUESTED", "APPEAL_VERDICT_ISSUED"),
        ("APPEAL_VERDICT_ISSUED", "FINAL"),
        ("FINAL", "BEING_EXECUTED"),
        ("BEING_EXECUTED", "EXECUTED"),
        ("EXECUTED", "CLOSED"),
    ]
    assert all(e["actor"] and e["reason"] for e in case["events"])
    assert "EXECUTION_OFFICE" in case["events"][-1]["actor"]


async def test_no_violation_closes_without_execution(desk: Desk) -> None:
    case = await desk.to_final("NO_VIOLATION")
    task = await desk.run(
        TASK,
        {
            "caseId": case["id"],
            "action": "x",
            "dueOn": "2100-01-01",
            "expectedVersion": case["version"],
        },
        desk.execution,
    )
    assert [e["code"] for e in task["errors"]] == ["INVALID_TRANSITION"]
    case = await desk.advance(case, "CLOSED")
    assert case["status"] == "CLOSED"


async def test_a_replayed_report_returns_the_first_case(desk: Desk) -> None:
    first = await desk.report(idempotencyKey="inspection-77")
    again = await desk.report(idempotencyKey="inspection-77")
    assert again["id"] == first["id"]
    other = await desk.run(
        REPORT,
        {
            "district": 4,
            "plate": "1/1",
            "address": "x",
            "owner": {"fullName": "y"},
            "violations": [{"kindCode": "NO_PERMIT", "measure": 3}],
            "inspectionReport": "z",
            "inspectedOn": "2025-01-01",
            "idempotencyKey": "inspection-77",
        },
        desk.inspector,
    )
    assert [e["code"] for e in other["errors"]] == ["VALIDATION"]


async def test_a_stale_version_is_a_conflict_and_changes_nothing(desk: Desk) -> None:
    case = await desk.report()
    stale = await desk.run(
        ADVANCE,
        {"caseId": case["id"], "to": "REFERRED", "reason": "x", "expectedVersion": 7},
        desk.secretariat,
    )
    assert [(e["code"], e["field"]) for e in stale["errors"]] == [
        ("VERSION_CONFLICT", "expectedVersion")
    ]
    assert stale["errors"][0]["messageFa"]
    again = (await desk.gql.data(CASE, {"id": case["id"]}, token=desk.secretariat))["violationCase"]
    assert again["status"] == "REPORTED"
    assert again["version"] == 1
    assert len(again["events"]) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"district": 0}, "district"),
        ({"plate": "  "}, "plate"),
        ({"owner": {"fullName": "x", "nationalId": "123"}}, "owner.nationalId"),
        ({"violations": []}, "violations"),
        ({"violations": [{"kindCode": "NOT_A_KIND", "measure": 1}]}, "violations.0.kindCode"),
        ({"violations": [{"kindCode": "EXCESS_FLOOR_AREA"}]}, "violations.0.measure"),
        (
            {"violations": [{"kindCode": "TECHNICAL_NONCOMPLIANCE", "measure": 2}]},
            "violations.0.measure",
        ),
        ({"inspectedOn": "2100-01-01"}, "inspectedOn"),
    ],
)
async def test_bad_reports_are_refused_with_the_field(
    desk: Desk, change: dict[str, Any], field: str
) -> None:
    input = {
        "district": 3,
        "plate": "9/9",
        "address": "نشانی",
        "owner": {"fullName": "مالک"},
        "violations": [{"kindCode": "NO_PERMIT", "measure": 10}],
        "inspectionReport": "گزارش",
        "inspectedOn": "2025-01-01",
        **change,
    }
    count = "{ violationCases(filter: {status: REPORTED}) { totalCount } }"
    before = (await desk.gql.data(count, token=desk.secretariat))["violationCases"]["totalCount"]
    result = await desk.run(REPORT, input, desk.inspector)
    assert result["case"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", field)]
    after = (await desk.gql.data(count, token=desk.secretariat))["violationCases"]["totalCount"]
    assert after == before


async def test_a_verdict_needs_the_three_present_members_and_a_fine_for_a_fine(desk: Desk) -> None:
    case = await desk.advance(await desk.report(), "REFERRED")
    session, members = await desk.session(
        case, "FIRST_INSTANCE", datetime.now(UTC) - timedelta(hours=1)
    )
    base = {
        "caseId": case["id"],
        "sessionId": session,
        "kind": "FINE",
        "reasons": "دلیل",
        "expectedVersion": case["version"],
        "fineRials": "1000",
        "deciderIds": members,
    }
    for change, field in (
        ({"deciderIds": members[:2]}, "deciderIds"),
        ({"fineRials": None}, "fineRials"),
        ({"kind": "DEMOLITION"}, "fineRials"),
        ({"reasons": " "}, "reasons"),
    ):
        result = await desk.run(VERDICT, {**base, **change}, desk.secretariat)
        assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", field)], (
            change
        )
    later, _ = await desk.session(case, "FIRST_INSTANCE", datetime.now(UTC) + timedelta(days=3))
    result = await desk.run(VERDICT, {**base, "sessionId": later}, desk.secretariat)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "sessionId")]
    assert (await desk.ok(VERDICT, base, desk.secretariat))["case"]["status"] == "VERDICT_ISSUED"


async def test_a_case_merges_into_another_of_the_same_property(desk: Desk) -> None:
    target = await desk.report("77/7")
    case = await desk.report("77/7")
    elsewhere = await desk.report("88/8")
    wrong = await desk.run(
        MERGE,
        {
            "caseId": case["id"],
            "intoCaseId": elsewhere["id"],
            "reason": "تکراری",
            "expectedVersion": 1,
        },
        desk.secretariat,
    )
    assert [(e["code"], e["field"]) for e in wrong["errors"]] == [("VALIDATION", "intoCaseId")]
    merged = (
        await desk.ok(
            MERGE,
            {
                "caseId": case["id"],
                "intoCaseId": target["id"],
                "reason": "تکراری",
                "expectedVersion": 1,
            },
            desk.secretariat,
        )
    )["case"]
    assert merged["status"] == "MERGED"
    assert merged["mergedInto"]["id"] == target["id"]


async def test_another_citys_roles_find_no_case(desk: Desk) -> None:
    case = await desk.report()
    tehran = desk.token(Role.ARTICLE100_SECRETARIAT, desk.other_city)
    result = await desk.run(
        ADVANCE,
        {"caseId": case["id"], "to": "REFERRED", "reason": "x", "expectedVersion": 1},
        tehran,
    )
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
    codes = await desk.gql.error_codes(CASE, {"id": case["id"]}, token=tehran)
    assert codes == ["NOT_FOUND"]


async def test_instants_and_days_outside_the_calendar_or_without_offset_are_refused(
    desk: Desk,
) -> None:
    case = await desk.advance(await desk.report(), "REFERRED")
    commission, _ = await desk.commission("FIRST_INSTANCE")
    for held_at in ("0001-01-01T00:00:00+14:00", "2026-01-01T09:00:00"):
        result = await desk.run(
            SCHEDULE,
            {"commissionId": commission, "heldAt": held_at, "caseIds": [case["id"]]},
            desk.secretariat,
        )
        assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "heldAt")]
    final = await desk.to_final()
    result = await desk.run(
        TASK,
        {
            "caseId": final["id"],
            "action": "x",
            "dueOn": "2999-01-01",
            "expectedVersion": final["version"],
        },
        desk.execution,
    )
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "dueOn")]
