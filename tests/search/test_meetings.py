"""Agendas, attendance and minutes of meetings, on both databases: what the seeds say of them,
the read rule of an agenda item about a draft (by every role, against the drafts' rows), the
new entities through `_entities`, and the new lists through both read paths."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.settings import Settings
from db.tables import DraftStatus, draft, joint_session_agenda_item
from tests.conftest import GraphQLClient
from tests.ids import gid
from tests.municipalities.fixtures import Tokens

JOINT = """
{
  jointSessions {
    sequence title minutes minutesIsSample minutesRecordedAt
    agenda { position title isSample outcome
             draftDirective { id status } councilResolution { id } governmentBill { id } }
    attendance { isSample municipality { nameEn kind } mayor { id } }
  }
}
"""
ASSEMBLY = """
{
  councilsAssembly {
    meetings {
      id kind number minutes minutesIsSample
      agenda { position title isSample draftDirective { id }
               councilResolution { number } governmentBill { titleEn } meeting { number } }
      participants { id }
    }
    participants { id }
  }
}
"""
COMMISSION = """
{
  technicalCommission {
    meetings { number minutes agenda { position title isSample topic { title } meeting { number } } }
  }
}
"""


async def test_the_qom_session_has_the_agenda_seed_002_reports(gql: GraphQLClient) -> None:
    (qom, *later) = (await gql.data(JOINT))["jointSessions"]
    real = [item for item in qom["agenda"] if not item["isSample"]]
    assert [item["title"] for item in real] == [
        "همکاری شهرداری‌ها و سازمان تأمین اجتماعی: تعهدات سازمان در چهار بخش مشخص",
        "تشکیل کمیته پنج‌نفره از میان شهرداران برای جمع‌بندی دغدغه‌ها و پیشنهادهای اجرایی",
        "تدوین دستورالعمل یا پیش‌نویس بخشنامه از سوی هر شهرداری و ارسال به وزارت کشور",
        "اعلام موجودیت اتحادیه شهرداری‌ها",
    ]
    positions = [item["position"] for item in qom["agenda"]]
    assert positions == sorted(positions)
    assert "تأمین اجتماعی" in qom["minutes"]
    assert qom["minutesIsSample"] is True
    # the mayors of provincial centres (which of them is sample)
    assert qom["attendance"]
    assert {a["municipality"]["kind"] for a in qom["attendance"]} <= {
        "METROPOLIS",
        "PROVINCIAL_CENTRE",
    }
    assert all(a["isSample"] for a in qom["attendance"])
    assert all(session["minutes"] is None and session["agenda"] == [] for session in later)


async def test_the_assembly_s_sessions_follow_the_bills_of_seed_000(gql: GraphQLClient) -> None:
    assembly = (await gql.data(ASSEMBLY))["councilsAssembly"]
    meetings = assembly["meetings"]
    sessions = [m for m in meetings if m["kind"] == "ASSEMBLY_SESSION"]
    assert len(sessions) == 5
    for session in sessions:
        bills = [i["governmentBill"]["titleEn"] for i in session["agenda"] if i["governmentBill"]]
        assert bills == ["Bill on integrated urban management", "Bill on sustainable urban revenue"]
        assert any(i["councilResolution"] for i in session["agenda"])
        assert {i["meeting"]["number"] for i in session["agenda"]} == {session["number"]}
        assert session["minutes"]
        assert session["minutesIsSample"]
        # seed 000 names the councils that took part in the assembly, not in which meeting
        assert session["participants"] == []
    assert len(assembly["participants"]) == 7  # the seven councils seed 000 names


async def test_a_commission_meeting_s_agenda_is_its_topics(gql: GraphQLClient) -> None:
    meetings = (await gql.data(COMMISSION))["technicalCommission"]["meetings"]
    with_agenda = [m for m in meetings if m["agenda"]]
    assert with_agenda
    for held in with_agenda:
        assert [i["title"] for i in held["agenda"]] == [i["topic"]["title"] for i in held["agenda"]]
        assert held["minutes"]


def _sees(who: str, row: Any, office: int | None) -> bool:
    """The README's table for drafts, written again in Python (`office`: the caller's own)."""
    if row.status == DraftStatus.ADOPTED.value:
        return True
    if who == "reviewer":
        return row.submitted_at is not None
    return office is not None and row.municipality_id == office


@pytest.mark.parametrize("who", ["anonymous", "office", "other office", "reviewer"])
async def test_an_agenda_item_about_a_draft_is_seen_with_the_draft(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection, who: str
) -> None:
    items = (await conn.execute(select(joint_session_agenda_item))).all()
    drafts = {row.id: row for row in (await conn.execute(select(draft))).all()}
    about = [drafts[i.draft_directive_id] for i in items if i.draft_directive_id is not None]
    unsent = [d for d in about if d.status != DraftStatus.ADOPTED.value]
    assert unsent  # the rule has work to do
    office = {
        "anonymous": None,
        "office": unsent[0].municipality_id,
        "other office": unsent[0].municipality_id % 30 + 1,
        "reviewer": None,
    }[who]
    token = (
        tokens.reviewer()
        if who == "reviewer"
        else tokens.office(office)
        if office is not None
        else None
    )
    expected_drafts = sorted(gid("DraftDirective", d.id) for d in about if _sees(who, d, office))

    general = GraphQLClient(conn, gql.settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, gql.settings.model_copy(update={"compiled_reads": True}))
    answers = [await client.execute(JOINT, token=token) for client in (general, compiled)]
    assert answers[0] == answers[1]
    agenda = answers[0]["data"]["jointSessions"][0]["agenda"]
    listed = sorted(i["draftDirective"]["id"] for i in agenda if i["draftDirective"])
    assert listed == expected_drafts
    # no item is about a draft it cannot show: the item itself is hidden
    assert len(agenda) == len(items) - (len(about) - len(expected_drafts))


BOTH_PATHS = [ASSEMBLY, COMMISSION]


@pytest.mark.parametrize("query", BOTH_PATHS)
async def test_both_read_paths_answer_the_same(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, query: str
) -> None:
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    for token in (None, tokens.office(), tokens.reviewer()):
        expected = await general.execute(query, token=token)
        assert "errors" not in expected, expected
        assert await compiled.execute(query, token=token) == expected


ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on GovernmentBill { id titleEn }
    ... on AssemblyMeeting { id number agenda { position } }
    ... on NationalCircular { id circularNumber: number }
  }
}
"""


async def test_the_new_entities_resolve_by_key(gql: GraphQLClient) -> None:
    data = await gql.data(
        ENTITIES,
        {
            "representations": [
                {"__typename": "GovernmentBill", "id": gid("GovernmentBill", 2)},
                {"__typename": "AssemblyMeeting", "id": gid("AssemblyMeeting", 1)},
                {"__typename": "GovernmentBill", "id": gid("GovernmentBill", 99)},
            ]
        },
    )
    bill, meeting, missing = data["_entities"]
    assert bill == {"id": gid("GovernmentBill", 2), "titleEn": "Bill on sustainable urban revenue"}
    assert meeting["id"] == gid("AssemblyMeeting", 1)
    assert meeting["agenda"]
    assert missing is None


RECORD = """
mutation($input: CommissionMeetingMinutesRecordInput!) {
  commissionMeetingMinutesRecord(input: $input) {
    meeting { id number minutes minutesIsSample minutesRecordedAt }
    errors { code field message messageFa }
  }
}
"""
FIND_MINUTES = """
query($query: String!) {
  search(query: $query, kinds: [MEETING_MINUTES]) {
    totalCount nodes { commissionMeeting { id } snippet { text } }
  }
}
"""


async def test_recorded_minutes_are_searchable_at_once(
    gql: GraphQLClient, settings: Settings
) -> None:
    secretariat = mint_token(settings, Role.COMMISSION_SECRETARIAT)
    meeting_id = gid("CommissionMeeting", 1)
    written = "صورتجلسه: بررسي ايمني تونل‌هاي شهري و پل‌هاي عابر پياده در ۱۴۰۴"

    data = await gql.data(
        RECORD, {"input": {"meetingId": meeting_id, "minutes": written}}, token=secretariat
    )
    result = data["commissionMeetingMinutesRecord"]
    assert result["errors"] == []
    meeting = result["meeting"]
    assert meeting["minutes"] == "صورتجلسه: بررسی ایمنی تونل‌های شهری و پل‌های عابر پیاده در 1404"
    assert meeting["minutesIsSample"] is False
    assert meeting["minutesRecordedAt"]

    found = (await gql.data(FIND_MINUTES, {"query": "تونلهای ایمنی"}))["search"]
    assert [hit["commissionMeeting"]["id"] for hit in found["nodes"]] == [meeting_id]
    assert found["nodes"][0]["snippet"]["text"] == meeting["minutes"]

    await gql.data(
        RECORD, {"input": {"meetingId": meeting_id, "minutes": "متن اصلاح‌شده"}}, token=secretariat
    )
    assert (await gql.data(FIND_MINUTES, {"query": "تونلهای"}))["search"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("caller", "variables", "code", "field"),
    [
        (None, {"meetingId": "1", "minutes": "متن"}, "UNAUTHENTICATED", None),
        (Role.MAYOR_OFFICE, {"meetingId": "1", "minutes": "متن"}, "FORBIDDEN", None),
        (
            Role.COMMISSION_SECRETARIAT,
            {"meetingId": "999", "minutes": "متن"},
            "NOT_FOUND",
            "meetingId",
        ),
        (
            Role.COMMISSION_SECRETARIAT,
            {"meetingId": "1", "minutes": " \u200c "},
            "VALIDATION",
            "minutes",
        ),
        (
            Role.COMMISSION_SECRETARIAT,
            {"meetingId": "1", "minutes": "a\u202eb"},
            "VALIDATION",
            "minutes",
        ),
    ],
)
async def test_minutes_are_refused_with_a_code_and_nothing_changes(
    gql: GraphQLClient,
    settings: Settings,
    caller: Role | None,
    variables: dict[str, str],
    code: str,
    field: str | None,
) -> None:
    before = await gql.data(COMMISSION)
    token = (
        mint_token(settings, caller, municipality_id=1 if caller is Role.MAYOR_OFFICE else None)
        if caller
        else None
    )
    input = {**variables, "meetingId": gid("CommissionMeeting", variables["meetingId"])}
    data = await gql.data(RECORD, {"input": input}, token=token)
    result = data["commissionMeetingMinutesRecord"]
    assert result["meeting"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [(code, field)]
    assert result["errors"][0]["messageFa"]
    assert await gql.data(COMMISSION) == before
