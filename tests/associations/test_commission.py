"""The Assembly of Mayors of Iran's Metropolises and its technical and civil-works commission, on
both databases: seed 004's facts, the follow-up of resolutions and the topics' status by role,
the questions (open topics by priority and age, overdue by metropolis, meetings by host) against
independent counts, and the new lists through both read paths."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.settings import Settings
from tests.associations.fixtures import payload
from tests.conftest import GraphQLClient
from tests.ids import gid, key

ASSEMBLY = """
{
  metropolisesAssembly {
    nameFa nameEn formedSolarYear formedFromFa isSample
    history { position whenFa gregorianYear textEn meeting { number } }
    commissions { nameFa }
  }
  technicalCommission {
    nameFa formerlyFa isSample
    originalCommittees { nameFa untilMeeting isDeciding }
    workingGroups { nameFa fromMeeting isDeciding }
    mandate { number textFa }
    meetings { number isSample heldInFa isNationwide withFestival hostFa host { nameEn } }
  }
}
"""


async def test_the_assembly_and_its_commission_are_what_seed_004_says(gql: GraphQLClient) -> None:
    data = await gql.data(ASSEMBLY)
    assembly, commission = data["metropolisesAssembly"], data["technicalCommission"]

    assert assembly["nameFa"] == "مجمع شهرداران کلانشهرهای ایران"
    assert (assembly["formedSolarYear"], assembly["formedFromFa"]) == (1396, "دبیرخانه مرکزی")
    assert assembly["isSample"] is False
    first = assembly["history"][0]
    assert (first["whenFa"], first["meeting"]) == ("آذر ۱۳۷۸", {"number": 1})
    assert assembly["history"][0]["gregorianYear"] == 1999
    assert assembly["commissions"] == [{"nameFa": "کمیسیون فنی و عمرانی"}]

    assert [c["nameFa"] for c in commission["originalCommittees"]] == [
        "معاونین",
        "نظارت و اجراء",
        "مطالعات و طراحی",
        "پیمان و رسیدگی",
    ]
    assert {c["untilMeeting"] for c in commission["originalCommittees"]} == {16}
    groups = commission["workingGroups"]
    assert [g["nameFa"] for g in groups] == ["محصول (پروژه)", "فرآیند", "عوامل", "معاونین"]
    assert [g["isDeciding"] for g in groups] == [False, False, False, True]
    assert {g["fromMeeting"] for g in groups} == {16}
    assert [d["number"] for d in commission["mandate"]] == [1, 2, 3, 4, 5]

    real = [m for m in commission["meetings"] if not m["isSample"]]
    assert [(m["number"], m["host"]["nameEn"]) for m in real] == [
        (1, "Mashhad"),
        (16, "Isfahan"),
        (20, "Tehran"),
        (22, "Tehran"),
        (24, "Tehran"),
    ]
    assert real[0]["heldInFa"] == "آذر ۱۳۷۸"
    festival = [m["number"] for m in real if m["withFestival"] and m["isNationwide"]]
    assert festival == [20, 22, 24]
    assert {m["hostFa"] for m in real if m["number"] >= 20} == {
        "حوزه معاونت فنی و عمرانی شهرداری تهران"
    }


async def test_topics_are_classed_in_the_three_classes_of_the_seed(gql: GraphQLClient) -> None:
    data = await gql.data('{ __type(name: "TopicPriority") { enumValues { name } } }')
    names = [v["name"] for v in data["__type"]["enumValues"]]
    assert names == ["URGENT_SHORT_TERM", "MEDIUM_TERM", "LONG_TERM"]


RESOLUTIONS = """
query($filter: CommissionResolutionFilter, $first: Int, $after: String) {
  commissionResolutions(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id number dueOn doneOn state isSample assignedTo { id nameEn }
            meeting { number host { nameEn } } topic { title priority }
            followUps { actor note marksDone reportedOnSolarHijri } }
  }
}
"""
FOLLOW_UP = """
mutation($input: CommissionResolutionFollowUpInput!) {
  commissionResolutionFollowUp(input: $input) {
    resolution { id state doneOn followUps { note marksDone } }
    errors { code field message messageFa }
  }
}
"""
TOPIC_STATUS = """
mutation($input: CommissionTopicStatusSetInput!) {
  commissionTopicStatusSet(input: $input) {
    topic { id status isOpen closedOn }
    errors { code field message messageFa }
  }
}
"""


async def _open_resolution(gql: GraphQLClient) -> dict[str, Any]:
    data = await gql.data(RESOLUTIONS, {"first": 50})
    return next(n for n in data["commissionResolutions"]["nodes"] if n["doneOn"] is None)


@pytest.mark.parametrize(
    "caller", ["anonymous", "assigned", "other_office", "admin", "union", "commission"]
)
async def test_who_follows_up_a_resolution(
    gql: GraphQLClient, settings: Settings, caller: str
) -> None:
    resolution = await _open_resolution(gql)
    assigned = key(resolution["assignedTo"]["id"])
    token = {
        "anonymous": None,
        "assigned": mint_token(settings, Role.MAYOR_OFFICE, municipality_id=assigned),
        "other_office": mint_token(settings, Role.MAYOR_OFFICE, municipality_id=assigned + 1),
        "admin": mint_token(settings, Role.ADMINISTRATOR),
        "union": mint_token(settings, Role.UNION_SECRETARIAT),
        "commission": mint_token(settings, Role.COMMISSION_SECRETARIAT),
    }[caller]
    input = {"resolutionId": resolution["id"], "note": "گزارش انجام کار", "done": True}
    result = payload(await gql.data(FOLLOW_UP, {"input": input}, token=token))

    expected = {"anonymous": "UNAUTHENTICATED", "assigned": None, "commission": None}.get(
        caller, "FORBIDDEN"
    )
    assert [e["code"] for e in result["errors"]] == ([expected] if expected else [])
    if expected is None:
        done = result["resolution"]
        assert done["state"] == "DONE"
        assert done["doneOn"] is not None
        assert done["followUps"][-1] == {"note": "گزارش انجام کار", "marksDone": True}
        again = payload(await gql.data(FOLLOW_UP, {"input": input}, token=token))
        assert [(e["code"], e["field"]) for e in again["errors"]] == [("VALIDATION", "done")]


async def test_a_follow_up_needs_a_note_and_a_resolution(
    gql: GraphQLClient, settings: Settings
) -> None:
    token = mint_token(settings, Role.COMMISSION_SECRETARIAT)
    resolution = await _open_resolution(gql)
    blank = {"resolutionId": resolution["id"], "note": " "}
    result = payload(await gql.data(FOLLOW_UP, {"input": blank}, token=token))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "note")]
    missing = {"resolutionId": gid("CommissionResolution", 999999), "note": "گزارش"}
    result = payload(await gql.data(FOLLOW_UP, {"input": missing}, token=token))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_FOUND", "resolutionId")]


async def test_the_secretariat_sets_a_topics_status(gql: GraphQLClient, settings: Settings) -> None:
    topics = await gql.data(
        "{ commissionTopics(first: 50, filter: {open: true}) { nodes { id } } }"
    )
    topic = topics["commissionTopics"]["nodes"][0]["id"]
    secretariat = mint_token(settings, Role.COMMISSION_SECRETARIAT)
    office = mint_token(settings, Role.MAYOR_OFFICE, municipality_id=1)

    refused = payload(
        await gql.data(
            TOPIC_STATUS, {"input": {"topicId": topic, "status": "RESOLVED"}}, token=office
        )
    )
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    closed = payload(
        await gql.data(
            TOPIC_STATUS, {"input": {"topicId": topic, "status": "RESOLVED"}}, token=secretariat
        )
    )
    assert closed["errors"] == []
    assert (closed["topic"]["status"], closed["topic"]["isOpen"]) == ("RESOLVED", False)
    assert closed["topic"]["closedOn"] is not None
    reopened = payload(
        await gql.data(
            TOPIC_STATUS, {"input": {"topicId": topic, "status": "OPEN"}}, token=secretariat
        )
    )
    assert (reopened["topic"]["isOpen"], reopened["topic"]["closedOn"]) == (True, None)
    same = payload(
        await gql.data(
            TOPIC_STATUS, {"input": {"topicId": topic, "status": "OPEN"}}, token=secretariat
        )
    )
    assert [(e["code"], e["field"]) for e in same["errors"]] == [("VALIDATION", "status")]


QUESTIONS = """
{
  commissionOpenTopicsByPriority(olderThanDays: 300) {
    priority openCount olderCount oldestRaisedOn
  }
  commissionOverdueResolutionsByMetropolis { municipality { id nameEn } overdueCount oldestDueOn }
  commissionMeetingsByHost { municipality { nameEn } meetingCount firstNumber lastNumber festivalCount }
  commissionTopics(first: 100) { nodes { priority status isOpen raisedOn } }
  commissionResolutions(first: 100) { nodes { state dueOn doneOn assignedTo { id } } }
  technicalCommission { meetings { number host { nameEn } withFestival } }
}
"""


async def test_the_questions_agree_with_independent_counts(
    gql: GraphQLClient, conn: AsyncConnection
) -> None:
    data = await gql.data(QUESTIONS)
    today = await conn.run_sync(lambda sync: sync.exec_driver_sql("SELECT CURRENT_DATE").scalar())
    today = today if isinstance(today, date) else date.fromisoformat(str(today))

    topics = [t for t in data["commissionTopics"]["nodes"] if t["isOpen"]]
    assert all(t["status"] in ("OPEN", "IN_PROGRESS") for t in topics)
    by_priority = Counter(t["priority"] for t in topics)
    groups = data["commissionOpenTopicsByPriority"]
    assert {g["priority"]: g["openCount"] for g in groups} == dict(by_priority)
    order = ["URGENT_SHORT_TERM", "MEDIUM_TERM", "LONG_TERM"]
    assert [g["priority"] for g in groups] == [p for p in order if p in by_priority]
    for group in groups:
        raised = [
            date.fromisoformat(t["raisedOn"]) for t in topics if t["priority"] == group["priority"]
        ]
        assert group["oldestRaisedOn"] == min(raised).isoformat()
        assert group["olderCount"] == sum((today - day).days > 300 for day in raised)

    resolutions = data["commissionResolutions"]["nodes"]
    for r in resolutions:
        due = date.fromisoformat(r["dueOn"]) if r["dueOn"] else None
        expected = "DONE" if r["doneOn"] else "OVERDUE" if due and due < today else "OPEN"
        assert r["state"] == expected
    overdue = Counter(key(r["assignedTo"]["id"]) for r in resolutions if r["state"] == "OVERDUE")
    got = data["commissionOverdueResolutionsByMetropolis"]
    assert {key(g["municipality"]["id"]): g["overdueCount"] for g in got} == dict(overdue)

    hosts = Counter(
        m["host"]["nameEn"] for m in data["technicalCommission"]["meetings"] if m["host"]
    )
    by_host = {g["municipality"]["nameEn"]: g for g in data["commissionMeetingsByHost"]}
    assert {name: g["meetingCount"] for name, g in by_host.items()} == dict(hosts)
    assert (by_host["Tehran"]["festivalCount"], by_host["Tehran"]["firstNumber"]) == (3, 20)


async def test_a_municipality_shows_its_memberships_and_the_meetings_it_hosted(
    gql: GraphQLClient,
) -> None:
    query = f"""{{ municipality(id: "{gid("Municipality", 1)}") {{ nameEn
                   unionMemberships {{ isActive }}
                   hostedCommissionMeetings {{ number withFestival isSample }} }} }}"""
    tehran = (await gql.data(query))["municipality"]

    assert tehran["nameEn"] == "Tehran"
    assert tehran["unionMemberships"] == [{"isActive": True}]
    real = [m for m in tehran["hostedCommissionMeetings"] if not m["isSample"]]
    assert real == [{"number": n, "withFestival": True, "isSample": False} for n in (20, 22, 24)]


BOTH_PATHS = [
    f"""{{ municipality(id: "{gid("Municipality", 1)}") {{ unionMemberships {{ joinedOn isActive }}
         hostedCommissionMeetings {{ number host {{ nameEn }} topics {{ title }} }} }} }}""",
    ASSEMBLY,
    QUESTIONS,
    """{ municipalUnion { members(first: 5, orderBy: {field: JOINED_ON}) { totalCount
         pageInfo { hasNextPage endCursor } nodes { joinedOn isActive municipality { nameEn } } }
         officers { office termStart member { municipality { nameEn } } } } }""",
    """{ unionElections { status turnout turnoutPercent calledOnSolarHijri
           seats { office seats } candidates { member { municipality { nameEn } } }
           results { votes rank isElected candidate { id } } participation { votedOn }
           events { fromStatus toStatus reason } } }""",
    """{ commissionTopics(first: 3, orderBy: {field: PRIORITY}, filter: {open: true}) {
         totalCount pageInfo { endCursor } nodes { title priority meeting { number } workingGroup { nameEn } } }
       commissionResolutions(first: 2, filter: {state: OVERDUE}, orderBy: {field: DUE_ON, direction: DESC}) {
         totalCount nodes { number state followUps { note } } } }""",
]


@pytest.mark.parametrize("query", BOTH_PATHS)
@pytest.mark.parametrize("caller", [None, Role.UNION_SECRETARIAT, Role.MAYOR_OFFICE])
async def test_both_read_paths_answer_the_same(
    conn: AsyncConnection, settings: Settings, query: str, caller: Role | None
) -> None:
    token = None
    if caller is not None:
        token = mint_token(
            settings, caller, municipality_id=1 if caller is Role.MAYOR_OFFICE else None
        )
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    expected = await general.execute(query, token=token)
    assert "errors" not in expected, expected
    assert await compiled.execute(query, token=token) == expected
