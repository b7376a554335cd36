"""Reads of the councils domain (and the joint sessions of mayors), on both databases."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.ids import gid

TEHRAN_COUNCIL = """
{
  municipalities(first: 1, filter: {search: "Tehran", isProvincialCentre: true}) {
    nodes {
      nameEn inCouncilsAssembly
      council { term { number isSample } head { fullName role isSample }
                members { role } municipality { nameEn } }
    }
  }
}
"""

ASSEMBLY = """
{
  councilsAssembly {
    nameFa secretaryName term { number }
    participants { municipality { nameEn } assemblyMeetings { id } }
    boards: meetings(kind: BOARD_MEETING) { number kind isSample participants { id } }
    sessions: meetings(kind: ASSEMBLY_SESSION) { number heldOn isSample
      host { municipality { nameEn } } participants { municipality { nameEn } } }
  }
}
"""

COUNCILS = """
query($filter: CouncilFilter, $first: Int, $after: String, $orderBy: CouncilOrder) {
  councils(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id municipality { nameEn kind } }
  }
}
"""

RESOLUTIONS = """
query($filter: CouncilResolutionFilter, $first: Int, $after: String) {
  councilResolutions(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id number title adoptedOn adoptedOnSolarHijri uploadedAt isUploadedToNationalSystem
            council { id municipality { nameEn } } }
  }
}
"""

SEVEN = ["Tehran", "Mashhad", "Shiraz", "Semnan", "Urmia", "Hamadan", "Rasht"]


async def test_a_municipality_has_its_council_and_tehrans_head_is_the_seeds(
    gql: GraphQLClient,
) -> None:
    data = await gql.data(TEHRAN_COUNCIL)

    [tehran] = data["municipalities"]["nodes"]
    council = tehran["council"]
    assert tehran["inCouncilsAssembly"] is True
    assert council["municipality"]["nameEn"] == "Tehran"
    assert council["term"] == {"number": 5, "isSample": True}
    assert council["head"] == {"fullName": "محسن هاشمی رفسنجانی", "role": "HEAD", "isSample": False}
    assert len(council["members"]) == 21
    assert [m["role"] for m in council["members"][:4]] == [
        "HEAD",
        "DEPUTY_HEAD",
        "SECRETARY",
        "MEMBER",
    ]


async def test_the_assembly_held_three_board_meetings_and_five_sessions_with_the_seven(
    gql: GraphQLClient,
) -> None:
    data = await gql.data(ASSEMBLY)

    assembly = data["councilsAssembly"]
    assert assembly["secretaryName"] == "اباذر صرامی"
    assert assembly["term"] == {"number": 5}
    assert [m["number"] for m in assembly["boards"]] == [1, 2, 3]
    assert [m["number"] for m in assembly["sessions"]] == [1, 2, 3, 4, 5]
    days = [m["heldOn"] for m in assembly["sessions"]]
    assert days == sorted(days)
    # Seed 000: the seven took part in the assembly's meetings, in this order; it does not say
    # which meeting each attended, so they are the assembly's participants and no meeting's.
    assert [p["municipality"]["nameEn"] for p in assembly["participants"]] == SEVEN
    assert all(p["assemblyMeetings"] == [] for p in assembly["participants"])
    for meeting in assembly["sessions"] + assembly["boards"]:
        assert meeting["participants"] == []
        assert meeting["isSample"] is True  # days, titles and hosts are invented
    for session in assembly["sessions"]:
        assert session["host"]["municipality"]["nameEn"] in SEVEN


async def test_councils_filter_by_assembly_membership_and_page_by_cursor(
    gql: GraphQLClient,
) -> None:
    members = await gql.data(COUNCILS, {"filter": {"inAssembly": True}, "first": 100})
    others = await gql.data(COUNCILS, {"filter": {"inAssembly": False}, "first": 100})
    everyone = await gql.data(COUNCILS, {"first": 100})

    inside = members["councils"]
    assert inside["totalCount"] == 31  # 9 metropolises and 22 other provincial centres
    assert {n["municipality"]["kind"] for n in inside["nodes"]} == {
        "METROPOLIS",
        "PROVINCIAL_CENTRE",
    }
    assert {n["municipality"]["kind"] for n in others["councils"]["nodes"]} == {"CITY"}
    names = [n["municipality"]["nameEn"] for n in everyone["councils"]["nodes"]]
    assert names == sorted(names)

    walked: list[str] = []
    after = None
    while True:
        page = (await gql.data(COUNCILS, {"first": 7, "after": after}))["councils"]
        walked += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == [n["id"] for n in everyone["councils"]["nodes"]]


@pytest.mark.parametrize("uploaded", [True, False])
async def test_resolutions_filter_on_the_national_system(
    gql: GraphQLClient, uploaded: bool
) -> None:
    data = await gql.data(RESOLUTIONS, {"filter": {"uploaded": uploaded}, "first": 100})

    nodes = data["councilResolutions"]["nodes"]
    assert nodes
    assert all(n["isUploadedToNationalSystem"] is uploaded for n in nodes)
    assert all((n["uploadedAt"] is not None) is uploaded for n in nodes)
    days = [n["adoptedOn"] for n in nodes]
    assert days == sorted(days, reverse=True)


async def test_resolutions_of_a_year_and_a_municipality(gql: GraphQLClient) -> None:
    data = await gql.data(
        RESOLUTIONS,
        {"filter": {"year": 1398, "municipalityId": gid("Municipality", 1)}, "first": 100},
    )

    nodes = data["councilResolutions"]["nodes"]
    assert nodes
    assert {n["council"]["municipality"]["nameEn"] for n in nodes} == {"Tehran"}
    assert all(n["adoptedOnSolarHijri"].startswith("1398/") for n in nodes)
    assert all(n["number"].startswith("1398/") for n in nodes)


async def test_bills_and_terms(gql: GraphQLClient) -> None:
    data = await gql.data(
        "{ governmentBills { titleFa titleEn status isSample } councilTerms { number } }"
    )

    assert [b["titleEn"] for b in data["governmentBills"]] == [
        "Bill on integrated urban management",
        "Bill on sustainable urban revenue",
    ]
    assert all(not b["isSample"] for b in data["governmentBills"])
    # Seed 000 asks that they be amended and passed quickly; it does not place them in
    # parliament, so the status shipped as real says only that they are not passed.
    assert {b["status"] for b in data["governmentBills"]} == {"PENDING"}
    assert data["councilTerms"] == [{"number": 5}]


async def test_joint_sessions_qom_first_is_real_the_rest_sample(gql: GraphQLClient) -> None:
    data = await gql.data(
        "{ jointSessions { sequence isSample host { nameEn kind hostedJointSessions { sequence } } } }"
    )

    sessions = data["jointSessions"]
    assert [s["sequence"] for s in sessions] == [1, 2, 3, 4, 5]
    assert sessions[0]["host"]["nameEn"] == "Qom"
    assert sessions[0]["isSample"] is False
    assert all(s["isSample"] for s in sessions[1:])
    assert len({s["host"]["nameEn"] for s in sessions}) == 5
    assert sessions[0]["host"]["hostedJointSessions"] == [{"sequence": 1}]


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        (f'{{ council(id: "{gid("CityCouncil", 999999)}") {{ id }} }}', "id"),
        (f'{{ councilResolution(id: "{gid("CouncilResolution", 999999)}") {{ id }} }}', "id"),
    ],
)
async def test_unknown_ids_are_not_found(gql: GraphQLClient, query: str, argument: str) -> None:
    assert await gql.error_codes(query) == ["NOT_FOUND"]


async def test_bad_resolution_year_is_bad_input(gql: GraphQLClient) -> None:
    codes = await gql.error_codes("{ councilResolutions(filter: {year: 99}) { totalCount } }")
    assert codes == ["BAD_USER_INPUT"]


TABRIZ = """
{
  municipalities(first: 1, filter: {search: "Tabriz", isProvincialCentre: true}) {
    nodes {
      nameEn
      mayors { fullName termStart termEnd isSample }
      council { members { fullName role isSample } }
    }
  }
  mayorsCommittees(first: 10) { nodes { memberships { mayor { fullName isSample } } } }
}
"""


async def test_tabriz_has_the_people_seed_003_names(gql: GraphQLClient) -> None:
    """Seed 003 (1399/04/05 = 2020-06-25): «دکتر ایرج شهین باهر، شهردار کلانشهر تبریز» and «آقای
    دکتر قلیزاده عضو محترم شورای اسلامی کلان شهر تبریز». They replace invented people; everyone
    else in Tabriz stays marked sample, and no sample committee seats a real mayor."""
    data = await gql.data(TABRIZ)

    [tabriz] = data["municipalities"]["nodes"]
    assert tabriz["nameEn"] == "Tabriz"
    real_mayors = [m for m in tabriz["mayors"] if not m["isSample"]]
    assert [m["fullName"] for m in real_mayors] == ["ایرج شهین باهر"]
    [mayor] = real_mayors
    assert mayor["termStart"] <= "2020-06-25"
    assert mayor["termEnd"] is None or mayor["termEnd"] >= "2020-06-25"
    assert all(m["isSample"] for m in tabriz["mayors"] if m is not mayor)

    real_members = [m for m in tabriz["council"]["members"] if not m["isSample"]]
    assert real_members == [{"fullName": "دکتر قلی‌زاده", "role": "MEMBER", "isSample": False}]

    seated = [m["mayor"] for c in data["mayorsCommittees"]["nodes"] for m in c["memberships"]]
    assert seated
    assert all(m["isSample"] for m in seated)
