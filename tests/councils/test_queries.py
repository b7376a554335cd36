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
    boards: meetings(kind: BOARD_MEETING) { number kind isSample }
    sessions: meetings(kind: ASSEMBLY_SESSION) { number heldOn host { municipality { nameEn } }
      participants { municipality { nameEn } } }
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
    for session in assembly["sessions"]:
        assert sorted(p["municipality"]["nameEn"] for p in session["participants"]) == sorted(SEVEN)
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
    assert data["councilTerms"] == [{"number": 5}]


async def test_joint_sessions_five_hosts_qom_first(gql: GraphQLClient) -> None:
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
