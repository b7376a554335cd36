"""Two ballots at once, on two connections that commit for real, on both databases: two members'
ballots are both counted (none lost, none doubled); one member's two ballots, exactly one."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.auth import Role, mint_token
from core.settings import Settings
from resolvers.associations import union_ballot_cast as cast_module
from tests.associations.fixtures import ADVANCE, CALL, CAST, ELECTION, FILE, MEMBERS, payload
from tests.ids import key
from tests.municipalities.fixtures import CommittedClient


class CommittedElections(CommittedClient):
    """Committed operations; whatever elections the test made are deleted at its end."""

    CLEANUP = (
        "DELETE FROM union_ballot_mark WHERE election_id > :e",
        "DELETE FROM union_participation WHERE election_id > :e",
        "DELETE FROM union_election_result WHERE election_id > :e",
        "DELETE FROM union_candidate WHERE election_id > :e",
        "DELETE FROM union_election_seat WHERE election_id > :e",
        "DELETE FROM union_election_event WHERE election_id > :e",
        "DELETE FROM union_election WHERE id > :e",
    )

    async def __aenter__(self) -> CommittedElections:
        await super().__aenter__()
        async with self.engine.connect() as conn:
            self._last_election = int(
                await conn.scalar(text("SELECT coalesce(max(id), 0) FROM union_election"))
            )
        return self

    async def __aexit__(self, *_: object) -> None:
        from db.session import RequestDatabase

        RequestDatabase._begin = self._begin  # type: ignore[method-assign]
        async with self.engine.begin() as conn:
            for statement in self.CLEANUP:
                await conn.execute(text(statement), {"e": self._last_election})


async def _ok(client: CommittedElections, document: str, input: Any, token: str) -> Any:
    result = payload(await client.data(document, {"input": input}, token=token))
    assert result["errors"] == [], result["errors"]
    return result


@pytest.mark.parametrize("same_member", [False, True], ids=["two members", "one member twice"])
async def test_concurrent_ballots_are_never_lost_or_doubled(
    engine: AsyncEngine, settings: Settings, monkeypatch: pytest.MonkeyPatch, same_member: bool
) -> None:
    secretariat = mint_token(settings, Role.UNION_SECRETARIAT)

    def office(municipality_id: int) -> str:
        return mint_token(settings, Role.MAYOR_OFFICE, municipality_id=municipality_id)

    async with CommittedElections(engine, settings) as client:
        members = await client.data(MEMBERS)
        ids = sorted(
            key(n["municipality"]["id"]) for n in members["municipalUnion"]["members"]["nodes"]
        )
        call = {"title": "همزمان", "reason": "آزمون", "seats": [{"office": "PRESIDENT"}]}
        election = (await _ok(client, CALL, call, secretariat))["election"]["id"]
        step = {"electionId": election, "reason": "گام"}
        await _ok(client, ADVANCE, {**step, "to": "CANDIDACY_OPEN"}, secretariat)
        filed = await _ok(
            client, FILE, {"electionId": election, "office": "PRESIDENT"}, office(ids[0])
        )
        candidate = filed["candidate"]["id"]
        await _ok(client, ADVANCE, {**step, "to": "VOTING_OPEN"}, secretariat)

        # The first ballot holds its transaction (the election's row locked) until the second
        # waits for it; then both go on.
        first_inside = asyncio.Event()
        release_first = asyncio.Event()
        original = cast_module.own_membership  # type: ignore[attr-defined]

        async def held(*args: Any, **kwargs: Any) -> Any:
            found = await original(*args, **kwargs)
            if not first_inside.is_set():
                first_inside.set()
                await release_first.wait()
            return found

        monkeypatch.setattr(cast_module, "own_membership", held)
        voters = [ids[1], ids[1]] if same_member else [ids[1], ids[2]]

        async def cast(municipality_id: int) -> list[str]:
            input = {"electionId": election, "candidateIds": [candidate]}
            data = await client.data(CAST, {"input": input}, token=office(municipality_id))
            return [e["code"] for e in payload(data)["errors"]]

        first = asyncio.create_task(cast(voters[0]))
        await first_inside.wait()
        writes = client.writes_begun
        second = asyncio.create_task(cast(voters[1]))
        await client.until_blocked(writes)
        release_first.set()
        outcomes = sorted([await first, await second])

        read = (await client.data(ELECTION, {"id": election}, token=secretariat))["unionElection"]
        async with engine.connect() as conn:
            marks = await conn.scalar(
                text("SELECT count(*) FROM union_ballot_mark WHERE election_id = :e"),
                {"e": key(election)},
            )
        if same_member:
            assert outcomes == [[], ["VALIDATION"]]
            assert (read["turnout"], len(read["participation"]), marks) == (1, 1, 1)
        else:
            assert outcomes == [[], []]
            assert (read["turnout"], len(read["participation"]), marks) == (2, 2, 2)
        await _ok(client, ADVANCE, {**step, "to": "COUNTED"}, secretariat)
        # (not certified here: that would seat officers of the shared, committed data)
        counted = (await client.data(ELECTION, {"id": election}, token=secretariat))[
            "unionElection"
        ]
        assert [r["votes"] for r in counted["results"]] == [marks]
