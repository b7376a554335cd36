"""Fixtures of the associations' tests: tokens of the secretariats and of member offices, and an
`election` helper that walks an election of the union from call to certified result through the
GraphQL mutations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from core.auth import Role, mint_token
from core.settings import Settings
from tests.conftest import GraphQLClient
from tests.ids import gid, key

CALL = """
mutation($input: UnionElectionCallInput!) {
  unionElectionCall(input: $input) {
    election { id status events { fromStatus toStatus actor reason } seats { id office seats } }
    errors { code field message messageFa }
  }
}
"""
ADVANCE = """
mutation($input: UnionElectionAdvanceInput!) {
  unionElectionAdvance(input: $input) {
    election { id status eligibleCount turnout certifiedAt events { fromStatus toStatus } }
    errors { code field message messageFa }
  }
}
"""
FILE = """
mutation($input: UnionCandidacyFileInput!) {
  unionCandidacyFile(input: $input) {
    candidate { id seat { office } member { municipality { id } } }
    errors { code field message messageFa }
  }
}
"""
CAST = """
mutation($input: UnionBallotCastInput!) {
  unionBallotCast(input: $input) {
    election { id turnout ballots: turnout }
    participation { id votedOn member { municipality { id } } }
    errors { code field message messageFa }
  }
}
"""
ELECTION = """
query($id: ID!) {
  unionElection(id: $id) {
    id status turnout turnoutPercent eligibleCount
    results { votes rank isElected candidate { id seat { office } } }
    participation { member { municipality { id } } }
    events { fromStatus toStatus actor reason }
  }
}
"""
MEMBERS = "{ municipalUnion { members(first: 100) { nodes { municipality { id kind } } } } }"
CITIES = "{ municipalities(first: 1, filter: {kind: CITY}) { nodes { id } } }"

ORDER = ("CANDIDACY_OPEN", "VOTING_OPEN", "COUNTED", "CERTIFIED")


def payload(data: dict[str, Any]) -> dict[str, Any]:
    [value] = data.values()
    result: dict[str, Any] = value
    return result


@dataclass
class Union:
    """The union's secretariat and member offices, and the steps of an election."""

    gql: GraphQLClient
    settings: Settings
    members: list[int]  # municipality keys (for tokens)
    outsider: int  # a municipality that is not a member

    def secretariat(self) -> str:
        return mint_token(self.settings, Role.UNION_SECRETARIAT, name="دبیرخانه اتحادیه")

    def office(self, municipality_id: int) -> str:
        return mint_token(self.settings, Role.MAYOR_OFFICE, municipality_id=municipality_id)

    async def ok(self, document: str, input: dict[str, Any], token: str) -> dict[str, Any]:
        result = payload(await self.gql.data(document, {"input": input}, token=token))
        assert result["errors"] == [], result["errors"]
        return result

    async def call(self, seats: list[dict[str, Any]] | None = None) -> tuple[int, dict[str, int]]:
        """A new election: its key and its seats' keys by office (`gid` names them to the graph)."""
        input = {
            "title": "انتخابات آزمایشی",
            "reason": "پایان دوره هیئت‌مدیره",
            "seats": seats or [{"office": "PRESIDENT"}, {"office": "BOARD_MEMBER", "seats": 2}],
        }
        result = await self.ok(CALL, input, self.secretariat())
        election = result["election"]
        return key(election["id"]), {s["office"]: key(s["id"]) for s in election["seats"]}

    async def advance(self, election: int, to: str) -> dict[str, Any]:
        input = {"electionId": gid("UnionElection", election), "to": to, "reason": f"گام {to}"}
        return await self.ok(ADVANCE, input, self.secretariat())

    async def stand(self, election: int, municipality_id: int, office: str) -> int:
        input = {"electionId": gid("UnionElection", election), "office": office}
        result = await self.ok(FILE, input, self.office(municipality_id))
        return key(result["candidate"]["id"])

    async def cast(self, election: int, municipality_id: int, candidates: list[int]) -> None:
        input = {
            "electionId": gid("UnionElection", election),
            "candidateIds": [gid("UnionCandidate", c) for c in candidates],
        }
        await self.ok(CAST, input, self.office(municipality_id))

    async def voting(self) -> tuple[int, dict[str, list[int]]]:
        """An election with voting open: president (two candidates), board (three for two)."""
        election, _ = await self.call()
        await self.advance(election, "CANDIDACY_OPEN")
        candidates = {
            "PRESIDENT": [
                await self.stand(election, self.members[0], "PRESIDENT"),
                await self.stand(election, self.members[1], "PRESIDENT"),
            ],
            "BOARD_MEMBER": [
                await self.stand(election, m, "BOARD_MEMBER") for m in self.members[2:5]
            ],
        }
        await self.advance(election, "VOTING_OPEN")
        return election, candidates

    async def read(self, election: int, token: str | None = None) -> dict[str, Any]:
        data = await self.gql.data(ELECTION, {"id": gid("UnionElection", election)}, token=token)
        result: dict[str, Any] = data["unionElection"]
        return result


@pytest.fixture
async def union(gql: GraphQLClient, settings: Settings) -> Union:
    members = await gql.data(MEMBERS)
    ids = sorted(
        key(n["municipality"]["id"]) for n in members["municipalUnion"]["members"]["nodes"]
    )
    cities = await gql.data(CITIES)
    outsider = key(cities["municipalities"]["nodes"][0]["id"])
    assert outsider not in ids
    return Union(gql, settings, ids, outsider)
