"""Every edge of the case's state machine × every role: only the edge's role of the case's own
city takes it; the same role of another city finds no case (NOT_FOUND); any other role is
FORBIDDEN; no token is UNAUTHENTICATED; a failed step changes nothing. And every step the machine
does not have is INVALID_TRANSITION, from every status."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.auth import Role
from db.tables import CaseStatus, a100_case
from resolvers.article100.machine import EDGES, roles_reaching
from tests.article100.conftest import (
    ADVANCE,
    APPEAL,
    CASE,
    DONE,
    MERGE,
    NOTIFY,
    TASK,
    VERDICT,
    Desk,
)
from tests.ids import gid

pytestmark = pytest.mark.usefixtures("backend")

S = CaseStatus
ROLES = [
    None,
    Role.ARTICLE100_INSPECTOR,
    Role.ARTICLE100_SECRETARIAT,
    Role.ARTICLE100_MEMBER,
    Role.EXECUTION_OFFICE,
    Role.MAYOR_OFFICE,
    Role.COMMITTEE_MEMBER,
    Role.MINISTRY_REVIEWER,
    Role.MINISTRY_ANALYST,
    Role.ADMINISTRATOR,
    Role.UNION_SECRETARIAT,
    Role.COMMISSION_SECRETARIAT,
]

Attempt = Callable[[str | None], Awaitable[dict[str, Any]]]


async def _prepare(desk: Desk, before: S, after: S) -> tuple[dict[str, Any], Attempt]:
    """A case standing at `before`, ready for the step to `after`, and the step as a caller."""
    now = datetime.now(UTC)
    long_ago = now - timedelta(days=60)
    case: dict[str, Any]
    if before in (S.REPORTED, S.REFERRED):
        case = await desk.report("55/5")
        if before is S.REFERRED:
            case = await desk.advance(case, "REFERRED")
    elif before is S.VERDICT_ISSUED:
        case = await desk.verdict(await desk.advance(await desk.report(), "REFERRED"))
    elif before is S.NOTIFIED:
        if after is S.FINAL:
            case = await desk.to_notified(
                held_at=long_ago, notified_at=long_ago + timedelta(days=1)
            )
        else:
            case = await desk.to_notified()
    elif before in (S.APPEAL_REQUESTED, S.APPEAL_VERDICT_ISSUED):
        case = await desk.to_notified()
        case = (await desk.ok(APPEAL, await desk.appeal_input(case), desk.secretariat))["case"]
        if before is S.APPEAL_VERDICT_ISSUED:
            case = await desk.verdict(case, "RESTORATION", level="APPEAL")
    elif before is S.FINAL:
        case = await desk.to_final("NO_VIOLATION" if after is S.CLOSED else "FINE")
    else:  # BEING_EXECUTED, EXECUTED
        case = await desk.to_final()
        task = (
            await desk.ok(
                TASK,
                {
                    "caseId": case["id"],
                    "action": "اجرا",
                    "dueOn": "2100-01-01",
                    "expectedVersion": case["version"],
                },
                desk.execution,
            )
        )["task"]
        done = (await desk.ok(DONE, {"taskId": task["id"], "evidence": "گزارش"}, desk.execution))[
            "task"
        ]
        case = (await desk.gql.data(CASE, {"id": case["id"]}, token=desk.secretariat))[
            "violationCase"
        ]
        if before is S.EXECUTED:
            case = await desk.advance(case, "EXECUTED", desk.execution)
        assert done["state"] == "DONE"
    assert case["status"] == before.value
    version = case["version"]
    step: tuple[str, dict[str, Any]]
    if after in (S.REFERRED, S.FINAL, S.EXECUTED, S.CLOSED, S.WITHDRAWN):
        step = (ADVANCE, {"to": after.value, "reason": "گام"})
    elif after in (S.VERDICT_ISSUED, S.APPEAL_VERDICT_ISSUED):
        level = "FIRST_INSTANCE" if after is S.VERDICT_ISSUED else "APPEAL"
        session, members = await desk.session(case, level, now - timedelta(hours=1))
        step = (
            VERDICT,
            {"sessionId": session, "kind": "DEMOLITION", "reasons": "دلیل", "deciderIds": members},
        )
    elif after is S.NOTIFIED:
        step = (NOTIFY, {"reason": "ابلاغ"})
    elif after is S.APPEAL_REQUESTED:
        step = (APPEAL, {"party": "MUNICIPALITY", "reason": "اعتراض"})
    elif after is S.BEING_EXECUTED:
        step = (TASK, {"action": "اجرا", "dueOn": "2100-01-01"})
    else:
        target = await desk.report("55/5")
        step = (MERGE, {"intoCaseId": target["id"], "reason": "تکراری"})
    document, extra = step

    async def attempt(token: str | None) -> dict[str, Any]:
        return await desk.run(
            document, {"caseId": case["id"], "expectedVersion": version, **extra}, token
        )

    return case, attempt


def _token(desk: Desk, role: Role | None) -> str | None:
    return None if role is None else desk.token(role)


@pytest.mark.parametrize(("before", "after"), list(EDGES), ids=lambda s: s.value)
async def test_each_edge_is_taken_only_by_its_role(desk: Desk, before: S, after: S) -> None:
    case, attempt = await _prepare(desk, before, after)
    allowed = EDGES[(before, after)]
    for role in ROLES:
        if role in allowed:
            continue
        result = await attempt(_token(desk, role))
        expected = "UNAUTHENTICATED" if role is None else "FORBIDDEN"
        assert [e["code"] for e in result["errors"]] == [expected], (role, result["errors"])
        assert result["errors"][0]["messageFa"]
    for role in allowed:
        elsewhere = await attempt(desk.token(role, desk.other_city))
        assert [e["code"] for e in elsewhere["errors"]] == ["NOT_FOUND"], (role, elsewhere)
    unchanged = (await desk.gql.data(CASE, {"id": case["id"]}, token=desk.secretariat))[
        "violationCase"
    ]
    assert (unchanged["status"], unchanged["version"]) == (before.value, case["version"])
    [role] = allowed
    result = await attempt(desk.token(role))
    assert result["errors"] == [], result["errors"]
    after_step = (await desk.gql.data(CASE, {"id": case["id"]}, token=desk.secretariat))[
        "violationCase"
    ]
    assert after_step["status"] == after.value
    assert after_step["version"] > case["version"]
    assert after_step["events"][-1]["fromStatus"] == before.value
    assert after_step["events"][-1]["toStatus"] == after.value
    assert role.value in after_step["events"][-1]["actor"]


ADVANCE_TARGETS = [S.REFERRED, S.FINAL, S.EXECUTED, S.CLOSED, S.WITHDRAWN]


@pytest.mark.parametrize("status", list(S), ids=lambda s: s.value)
async def test_every_other_step_is_an_invalid_transition(desk: Desk, status: S) -> None:
    """From a seeded case of each status, every step `violationCaseAdvance` offers that is not an
    edge of the machine."""
    row = (
        await desk.conn.execute(
            select(a100_case.c.id, a100_case.c.version)
            .where(a100_case.c.municipality_id == desk.city, a100_case.c.status == status.value)
            .limit(1)
        )
    ).one()
    for to in ADVANCE_TARGETS:
        if (status, to) in EDGES:
            continue
        role = sorted(roles_reaching(to))[0]
        result = await desk.run(
            ADVANCE,
            {
                "caseId": gid("ViolationCase", row.id),
                "to": to.value,
                "reason": "گام",
                "expectedVersion": row.version,
            },
            desk.token(role),
        )
        assert [e["code"] for e in result["errors"]] == ["INVALID_TRANSITION"], (status, to, result)
