"""Who may see Article 100 data (README, "Article 100 commissions"), on every read path: the
general executor and the compiled statement give the same answers, which are the table written
again here in Python from the rows (not from the SQL rules); `_entities` keeps to it too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role
from core.settings import Settings
from db.tables import a100_case
from tests.article100.conftest import Desk
from tests.conftest import GraphQLClient
from tests.ids import gid

pytestmark = pytest.mark.usefixtures("backend")

CALLERS: dict[str, tuple[Role | None, str]] = {
    "anonymous": (None, ""),
    "inspector": (Role.ARTICLE100_INSPECTOR, "Tabriz"),
    "secretariat": (Role.ARTICLE100_SECRETARIAT, "Tabriz"),
    "member": (Role.ARTICLE100_MEMBER, "Tabriz"),
    "execution": (Role.EXECUTION_OFFICE, "Tabriz"),
    "other city": (Role.ARTICLE100_SECRETARIAT, "Tehran"),
    "mayor's office": (Role.MAYOR_OFFICE, "Tabriz"),
    "ministry": (Role.MINISTRY_ANALYST, ""),
    "reviewer": (Role.MINISTRY_REVIEWER, ""),
}

LIST = """query($city: ID!) { violationCases(first: 40, filter: {municipalityId: $city}) {
  totalCount nodes { id status owner { fullName nationalId } violations { kind { code } }
    events { toStatus } verdicts { kind fineRials } executionTasks { state } } }
  executionTasks(first: 40, filter: {municipalityId: $city}) { totalCount nodes { id state } } }"""
SESSION = """query($id: ID!) { article100Session(id: $id) { id itSupportPresent
  attendance { present } agenda { position case { id } } } }"""
ENTITIES = """query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on ViolationCase { id status } } }"""


def _token(desk: Desk, caller: str) -> str | None:
    role, city = CALLERS[caller]
    if role is None:
        return None
    return desk.token(role, desk.city if city == "Tabriz" else desk.other_city)


def _sees_cases(caller: str) -> bool:
    role, city = CALLERS[caller]
    return role in (Role.MINISTRY_ANALYST, Role.MINISTRY_REVIEWER) or (
        role is not None and role.value.startswith(("ARTICLE100", "EXECUTION")) and city == "Tabriz"
    )


def _sees_owners(caller: str) -> bool:
    role, city = CALLERS[caller]
    return (
        role is not None and role.value.startswith(("ARTICLE100", "EXECUTION")) and city == "Tabriz"
    )


async def _both(
    conn: AsyncConnection,
    settings: Settings,
    query: str,
    variables: dict[str, Any],
    token: str | None,
) -> dict[str, Any]:
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    expected = await general.execute(query, variables, token=token)
    actual = await compiled.execute(query, variables, token=token)
    assert actual == expected
    return expected


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_each_caller_sees_what_the_table_says(
    desk: Desk, conn: AsyncConnection, settings: Settings, caller: str
) -> None:
    await desk.report()  # a case with an owner the test wrote itself
    tabriz = (
        await conn.execute(select(a100_case.c.id).where(a100_case.c.municipality_id == desk.city))
    ).scalars()
    expected_ids = sorted(gid("ViolationCase", i) for i in tabriz) if _sees_cases(caller) else []
    answer = await _both(
        conn, settings, LIST, {"city": gid("Municipality", desk.city)}, _token(desk, caller)
    )
    assert "errors" not in answer
    cases = answer["data"]["violationCases"]
    assert sorted(n["id"] for n in cases["nodes"]) == expected_ids
    assert cases["totalCount"] == len(expected_ids)
    for node in cases["nodes"]:
        assert (node["owner"] is not None) is _sees_owners(caller)
        assert node["events"]
        assert node["violations"]
    if _sees_cases(caller):
        assert any(n["verdicts"] for n in cases["nodes"])
        assert answer["data"]["executionTasks"]["totalCount"] > 0
    else:
        assert answer["data"]["executionTasks"] == {"totalCount": 0, "nodes": []}


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_a_session_is_public_and_its_agenda_is_the_cases(
    desk: Desk, conn: AsyncConnection, settings: Settings, caller: str
) -> None:
    case = await desk.advance(await desk.report(), "REFERRED")
    session, _ = await desk.session(case, "FIRST_INSTANCE", datetime.now(UTC) + timedelta(days=1))
    answer = await _both(conn, settings, SESSION, {"id": session}, _token(desk, caller))
    found = answer["data"]["article100Session"]
    assert found["itSupportPresent"] is True
    assert len(found["attendance"]) == 3
    expected = [{"position": 1, "case": {"id": case["id"]}}] if _sees_cases(caller) else []
    assert found["agenda"] == expected


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_entities_keep_to_the_rule(desk: Desk, gql: GraphQLClient, caller: str) -> None:
    tabriz, tehran = (
        await desk.report(),
        await desk.run(
            "mutation($input: ViolationCaseReportInput!) { violationCaseReport(input: $input) { case { id } errors { code } } }",
            {
                "district": 1,
                "plate": "3/3",
                "address": "تهران",
                "owner": {"fullName": "مالک"},
                "violations": [{"kindCode": "NO_PERMIT", "measure": 20}],
                "inspectionReport": "گزارش",
                "inspectedOn": "2025-01-01",
            },
            desk.token(Role.ARTICLE100_INSPECTOR, desk.other_city),
        ),
    )
    representations = [
        {"__typename": "ViolationCase", "id": tabriz["id"]},
        {"__typename": "ViolationCase", "id": tehran["case"]["id"]},
    ]
    data = await gql.data(
        ENTITIES, {"representations": representations}, token=_token(desk, caller)
    )
    got = [entity["id"] if entity else None for entity in data["_entities"]]
    role, _ = CALLERS[caller]
    ministry = role in (Role.MINISTRY_ANALYST, Role.MINISTRY_REVIEWER)
    expected = [
        tabriz["id"] if _sees_cases(caller) else None,
        tehran["case"]["id"] if ministry or caller == "other city" else None,
    ]
    assert got == expected
