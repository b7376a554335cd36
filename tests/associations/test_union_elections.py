"""The union of municipalities and its elections, on both databases: the seeds' facts, the state
machine against every role, one ballot per member, the read rules (turnout during voting, results
after certification, who voted to whom), secrecy, and results against an independent count."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from db.tables import union_ballot_mark, union_participation
from graph.root import schema
from tests.associations.fixtures import ADVANCE, CALL, CAST, FILE, ORDER, Union, payload
from tests.conftest import GraphQLClient
from tests.ids import gid, key

UNION = """
{
  municipalUnion {
    nameFa natureFa missionFa missionEn isSample
    announcedAt { sequence isSample host { nameEn } }
    officers { office isSample member { municipality { id } } election { status } }
    elections { status isSample turnout eligibleCount results { votes isElected } }
  }
}
"""


async def test_the_union_is_what_seed_002_says(gql: GraphQLClient) -> None:
    union = (await gql.data(UNION))["municipalUnion"]

    assert union["nameFa"] == "اتحادیه شهرداری‌ها"
    assert union["natureFa"] == "نهاد غیردولتی"
    assert union["missionFa"] == "تبادل اطلاعات، همکاری‌های مشترک و تعاملات فراملی"
    assert union["isSample"] is False
    # announced at the joint session of mayors of provincial centres in Qom, the round's first
    assert union["announcedAt"] == {"sequence": 1, "isSample": False, "host": {"nameEn": "Qom"}}
    # its election and officers are sample data, certified, results public
    [election] = union["elections"]
    assert (election["status"], election["isSample"]) == ("CERTIFIED", True)
    assert election["turnout"] <= election["eligibleCount"]
    assert sum(r["isElected"] for r in election["results"]) == 5
    assert len(union["officers"]) == 5
    assert all(o["isSample"] and o["election"]["status"] == "CERTIFIED" for o in union["officers"])


def _token(union: Union, caller: str) -> str | None:
    settings = union.settings
    return {
        "anonymous": lambda: None,
        "office": lambda: union.office(union.members[0]),
        "reviewer": lambda: mint_token(settings, Role.MINISTRY_REVIEWER),
        "analyst": lambda: mint_token(settings, Role.MINISTRY_ANALYST),
        "admin": lambda: mint_token(settings, Role.ADMINISTRATOR),
        "commission": lambda: mint_token(settings, Role.COMMISSION_SECRETARIAT),
        "secretariat": union.secretariat,
    }[caller]()


CALLERS = ("anonymous", "office", "reviewer", "analyst", "admin", "commission", "secretariat")


@pytest.mark.parametrize("caller", CALLERS)
async def test_only_the_union_secretariat_calls_and_moves_an_election(
    union: Union, caller: str
) -> None:
    election, _ = await union.call()
    token = _token(union, caller)
    call = {"title": "انتخابات", "reason": "دلیل", "seats": [{"office": "TREASURER"}]}
    called = payload(await union.gql.data(CALL, {"input": call}, token=token))
    step = {
        "electionId": gid("UnionElection", election),
        "to": "CANDIDACY_OPEN",
        "reason": "آغاز ثبت‌نام",
    }
    moved = payload(await union.gql.data(ADVANCE, {"input": step}, token=token))

    expected = {"anonymous": "UNAUTHENTICATED", "secretariat": None}.get(caller, "FORBIDDEN")
    for result in (called, moved):
        codes = [e["code"] for e in result["errors"]]
        assert codes == ([expected] if expected else [])
    if expected is None:
        assert moved["election"]["status"] == "CANDIDACY_OPEN"
    else:
        assert (await union.read(election))["status"] == "CALLED"


@pytest.mark.parametrize("start", range(len(ORDER) + 1))
async def test_an_election_moves_one_step_forward_only(union: Union, start: int) -> None:
    election, _ = await union.call()
    statuses = ["CALLED", *ORDER]
    for to in ORDER[:start]:
        if to == "VOTING_OPEN":
            await union.stand(election, union.members[0], "PRESIDENT")
            await union.stand(election, union.members[1], "BOARD_MEMBER")
        await union.advance(election, to)
    current = statuses[start]
    for to in ORDER:
        if statuses.index(to) == start + 1:
            continue  # the one step allowed
        step = {"electionId": gid("UnionElection", election), "to": to, "reason": "پرش"}
        result = payload(await union.gql.data(ADVANCE, {"input": step}, token=union.secretariat()))
        assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_TRANSITION", "to")]
        assert result["errors"][0]["messageFa"]
    after = await union.read(election, union.secretariat())
    assert after["status"] == current
    # every step recorded: who, from, to, why
    assert [(e["fromStatus"], e["toStatus"]) for e in after["events"]] == list(
        zip([None, *statuses[:start]], statuses[: start + 1], strict=True)
    )
    assert all(e["actor"] and e["reason"] for e in after["events"])


async def test_a_step_needs_a_reason_and_voting_a_candidate_per_seat(union: Union) -> None:
    election, _ = await union.call()
    await union.advance(election, "CANDIDACY_OPEN")
    blank = {"electionId": gid("UnionElection", election), "to": "VOTING_OPEN", "reason": "  "}
    result = payload(await union.gql.data(ADVANCE, {"input": blank}, token=union.secretariat()))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "reason")]
    await union.stand(election, union.members[0], "PRESIDENT")
    early = {
        "electionId": gid("UnionElection", election),
        "to": "VOTING_OPEN",
        "reason": "آغاز رأی‌گیری",
    }
    result = payload(await union.gql.data(ADVANCE, {"input": early}, token=union.secretariat()))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "to")]


async def test_candidacy_is_for_members_while_it_is_open(union: Union) -> None:
    election, _ = await union.call()
    input = {"electionId": gid("UnionElection", election), "office": "PRESIDENT"}
    early = payload(
        await union.gql.data(FILE, {"input": input}, token=union.office(union.members[0]))
    )
    assert [e["code"] for e in early["errors"]] == ["INVALID_TRANSITION"]
    await union.advance(election, "CANDIDACY_OPEN")
    outsider = payload(
        await union.gql.data(FILE, {"input": input}, token=union.office(union.outsider))
    )
    assert [e["code"] for e in outsider["errors"]] == ["FORBIDDEN"]
    await union.stand(election, union.members[0], "PRESIDENT")
    again = {"electionId": gid("UnionElection", election), "office": "BOARD_MEMBER"}
    twice = payload(
        await union.gql.data(FILE, {"input": again}, token=union.office(union.members[0]))
    )
    assert [(e["code"], e["field"]) for e in twice["errors"]] == [("VALIDATION", "electionId")]
    unknown = {"electionId": gid("UnionElection", election), "office": "TREASURER"}
    no_seat = payload(
        await union.gql.data(FILE, {"input": unknown}, token=union.office(union.members[1]))
    )
    assert [(e["code"], e["field"]) for e in no_seat["errors"]] == [("VALIDATION", "office")]


async def _cast(union: Union, election: int, municipality_id: int, marks: list[int]) -> list[str]:
    input = {
        "electionId": gid("UnionElection", election),
        "candidateIds": [gid("UnionCandidate", m) for m in marks],
    }
    result = payload(
        await union.gql.data(CAST, {"input": input}, token=union.office(municipality_id))
    )
    return [e["code"] for e in result["errors"]]


async def test_a_member_votes_once_and_only_while_voting_is_open(union: Union) -> None:
    election, candidates = await union.voting()
    president, board = candidates["PRESIDENT"], candidates["BOARD_MEMBER"]

    assert await _cast(union, election, union.members[5], [president[0], board[0]]) == []
    assert await _cast(union, election, union.members[5], [president[1]]) == ["VALIDATION"]
    assert await _cast(union, election, union.outsider, [president[0]]) == ["FORBIDDEN"]
    # two marks for one president, a candidate of no seat here, the same mark twice
    assert await _cast(union, election, union.members[6], president) == ["VALIDATION"]
    assert await _cast(union, election, union.members[6], [999_999]) == ["VALIDATION"]
    assert await _cast(union, election, union.members[6], [board[0], board[0]]) == ["VALIDATION"]
    # a blank ballot is a ballot
    assert await _cast(union, election, union.members[6], []) == []
    read = await union.read(election, union.secretariat())
    assert read["turnout"] == 2
    await union.advance(election, "COUNTED")
    assert await _cast(union, election, union.members[7], [president[0]]) == ["INVALID_TRANSITION"]
    assert (await union.read(election, union.secretariat()))["turnout"] == 2


async def test_who_sees_the_turnout_the_register_and_the_results(union: Union) -> None:
    election, candidates = await union.voting()
    voter = union.members[5]
    await union.cast(election, voter, [candidates["PRESIDENT"][0]])
    await union.cast(election, union.members[6], [candidates["PRESIDENT"][1]])
    anonymous, secretariat = None, union.secretariat()
    own, other = union.office(voter), union.office(union.members[8])

    def register(read: dict[str, Any]) -> list[int]:
        return sorted(key(p["member"]["municipality"]["id"]) for p in read["participation"])

    # voting: the turnout is public; the register is the secretariat's, a member sees its line
    during = await union.read(election, anonymous)
    assert (during["turnout"], during["results"], during["participation"]) == (2, [], [])
    assert register(await union.read(election, secretariat)) == sorted([voter, union.members[6]])
    assert register(await union.read(election, own)) == [voter]
    assert register(await union.read(election, other)) == []
    assert (await union.read(election, secretariat))["results"] == []

    # counted: only the secretariat sees the count, to certify it
    await union.advance(election, "COUNTED")
    assert (await union.read(election, anonymous))["results"] == []
    assert (await union.read(election, own))["results"] == []
    assert len((await union.read(election, secretariat))["results"]) == 5

    # certified: everyone sees it
    await union.advance(election, "CERTIFIED")
    for token in (anonymous, own, other, secretariat):
        assert len((await union.read(election, token))["results"]) == 5


async def test_results_agree_with_an_independent_count(union: Union) -> None:
    election, candidates = await union.voting()
    president, board = candidates["PRESIDENT"], candidates["BOARD_MEMBER"]
    ballots = [
        [president[0], board[0], board[1]],
        [president[1], board[2]],
        [president[0], board[0]],
        [board[1], board[0]],
        [],
        [president[0], board[2], board[1]],
    ]
    for municipality_id, marks in zip(union.members[5:], ballots, strict=False):
        await union.cast(election, municipality_id, marks)
    await union.advance(election, "COUNTED")
    certified = await union.advance(election, "CERTIFIED")
    assert certified["election"]["certifiedAt"]

    expected = Counter(mark for ballot in ballots for mark in ballot)
    read = await union.read(election)
    assert read["turnout"] == len(ballots)
    got = {key(r["candidate"]["id"]): r for r in read["results"]}
    assert {c: r["votes"] for c, r in got.items()} == {c: expected[c] for c in [*president, *board]}
    # the president: most votes; the board: the two with most votes (ties to who filed first)
    assert [c for c in president if got[c]["isElected"]] == [president[0]]
    ranked = sorted(board, key=lambda c: (-expected[c], board.index(c)))
    assert {c for c in board if got[c]["isElected"]} == set(ranked[:2])
    assert [got[c]["rank"] for c in ranked] == [1, 2, 3]

    officers = (await union.gql.data("{ municipalUnion { officers { office election { id } } } }"))[
        "municipalUnion"
    ]["officers"]
    assert Counter(o["office"] for o in officers) == {"PRESIDENT": 1, "BOARD_MEMBER": 2}
    assert {o["election"]["id"] for o in officers} == {gid("UnionElection", election)}


async def test_no_column_or_field_links_a_choice_to_a_voter(conn: AsyncConnection) -> None:
    # the marks: a random token, the election and the candidate; no member, time or serial id
    assert {c.name for c in union_ballot_mark.c} == {"ballot", "election_id", "candidate_id"}
    targets = {fk.column.table.name for fk in union_ballot_mark.foreign_keys}
    assert targets == {"union_election", "union_candidate"}
    # who voted keeps the day only, and nothing of the ballot
    assert {c.name for c in union_participation.c} == {"id", "election_id", "member_id", "voted_on"}
    # and the database holds exactly these columns
    columns = await conn.run_sync(
        lambda sync: {c["name"] for c in inspect(sync).get_columns("union_ballot_mark")}
    )
    assert columns == {"ballot", "election_id", "candidate_id"}
    # the graph has no type for the marks, and nothing reaches them
    types = schema._schema.type_map
    assert not any(
        "Ballot" in name and name != "UnionBallotCastInput" and name != "UnionBallotCastPayload"
        for name in types
    )
    for type_ in types.values():
        for name in getattr(type_, "fields", {}) or {}:
            assert "ballot" not in name.lower() or type_.name == "Mutation", (type_.name, name)
