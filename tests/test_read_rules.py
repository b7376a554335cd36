"""Who may see what (README, "Who may see what"; schema/rules.py): every role × every field that
carries a rule × every read path, on both databases.

The expectations are computed here from the seeded rows with the README's table written again in
Python, independently of the SQL rules; each path must give exactly those rows: the general
executor, the compiled statement, the express lane's repeat of a request (PostgreSQL) and
`_entities`. Subscriptions follow the same rules (tests/municipalities/test_draft_directive_events.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.settings import Settings
from db.tables import draft, event, obligation, transfer, vote
from graph.root import SUBGRAPHS
from schema.owners import Subgraph
from tests.conftest import GraphQLClient
from tests.ids import gid
from tests.municipalities.fixtures import Tokens

OWN, OTHER = 3, 1  # the office of municipality 3 asks; municipality 1 is another's
REVIEWERS = {"member", "reviewer", "analyst", "admin"}
MINISTRY = {"reviewer", "analyst", "admin"}
ROLES = ("anonymous", "own_office", "other_office", "member", "reviewer", "analyst", "admin")


@dataclass
class Facts:
    """The seeded rows the rules decide on."""

    drafts: dict[int, Any]
    events: dict[int, list[int]]  # by draft
    votes: dict[int, list[int]]  # of the current round, by draft
    decided: dict[int, bool]  # whether the committee decided the current round, by draft
    obligations: dict[int, int]  # municipality, by obligation
    transfers: dict[int, list[int]]  # by obligation


async def _facts(conn: AsyncConnection) -> Facts:
    drafts = {row.id: row for row in await conn.execute(select(draft))}
    events: dict[int, list[Any]] = defaultdict(list)
    for row in await conn.execute(select(event).order_by(event.c.id)):
        events[row.draft_directive_id].append(row)
    rounds = {
        d: max((e.id for e in steps if e.to_status == "SUBMITTED"), default=None)
        for d, steps in events.items()
    }
    votes: dict[int, list[int]] = defaultdict(list)
    for row in await conn.execute(select(vote).order_by(vote.c.cast_at, vote.c.id)):
        if rounds.get(row.draft_directive_id) == row.submission_event_id:
            votes[row.draft_directive_id].append(row.id)
    decided = {
        d: r is not None
        and any(
            e.id > r
            and e.from_status == "IN_COMMITTEE_REVIEW"
            and e.to_status in ("FORWARDED_TO_MINISTRY", "RETURNED_FOR_REVISION")
            for e in events[d]
        )
        for d, r in rounds.items()
    }
    transfers: dict[int, list[int]] = defaultdict(list)
    for row in await conn.execute(select(transfer).order_by(transfer.c.id)):
        transfers[row.obligation_id].append(row.id)
    return Facts(
        drafts=drafts,
        events={d: [e.id for e in steps] for d, steps in events.items()},
        votes=votes,
        decided=decided,
        obligations={
            row.id: row.municipality_id
            for row in await conn.execute(select(obligation.c.id, obligation.c.municipality_id))
        },
        transfers=transfers,
    )


# --- the README's table, in Python ---------------------------------------------------------------


#: the municipality each office acts for: "own_office" asks about municipality OWN, whose
#: drafts are the other office's "another municipality's"
OFFICES = {"own_office": OWN, "other_office": OTHER}


def sees_draft(role: str, row: Any) -> bool:
    if row.status == "ADOPTED":
        return True
    if role in REVIEWERS:
        return row.submitted_at is not None
    return bool(OFFICES.get(role) == row.municipality_id)


def sees_votes(role: str, facts: Facts, draft_id: int) -> bool:
    if role in REVIEWERS:
        return True
    own = OFFICES.get(role) == facts.drafts[draft_id].municipality_id
    return own and facts.decided.get(draft_id, False)


def sees_obligation(role: str, municipality_id: int) -> bool:
    return role in MINISTRY or OFFICES.get(role) == municipality_id


# --- the questions ---------------------------------------------------------------------------------

DRAFTS = """query($after: String) { draftDirectives(first: 100, after: $after,
  orderBy: {field: CREATED_AT, direction: ASC}) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id events { id } committeeVotes { id } committeeSummary { setAt } } } }"""

OBLIGATIONS = """query($after: String) { socialSecurityObligations(first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id transfers { id } } } }"""

BY_MUNICIPALITY = """query($own: ID!, $other: ID!) {
  own: municipality(id: $own) { draftDirectives(first: 1) { totalCount }
    socialSecurityObligations(first: 1) { totalCount } }
  other: municipality(id: $other) { draftDirectives(first: 1) { totalCount }
    socialSecurityObligations(first: 1) { totalCount } }
  total: obligationsSummary(groupBy: []) { obligationCount } }"""

LOOKUP = "query($id: ID!) { draftDirective(id: $id) { id status } }"

ENTITIES = """query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on DraftDirective { id } } }"""


def expected_drafts(role: str, facts: Facts) -> dict[str, Any]:
    seen = sorted(
        (row for row in facts.drafts.values() if sees_draft(role, row)),
        key=lambda row: (row.created_at, row.id),
    )
    return {
        gid("DraftDirective", row.id): {
            "events": [gid("DraftDirectiveEvent", e) for e in facts.events[row.id]],
            "votes": [gid("CommitteeVote", v) for v in facts.votes[row.id]]
            if sees_votes(role, facts, row.id)
            else [],
        }
        for row in seen
    }


def expected_obligations(role: str, facts: Facts) -> dict[str, list[str]]:
    return {
        gid("SocialSecurityObligation", o): [
            gid("ObligationTransfer", t) for t in facts.transfers[o]
        ]
        for o, municipality_id in sorted(facts.obligations.items())
        if sees_obligation(role, municipality_id)
    }


async def _pages(gql: GraphQLClient, query: str, field: str) -> tuple[int, list[dict[str, Any]]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql.data(query, {"after": after}))[field]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return page["totalCount"], nodes
        after = page["pageInfo"]["endCursor"]


def _token(tokens: Tokens, role: str) -> str | None:
    return {
        "anonymous": lambda: None,
        "own_office": lambda: tokens.office(OWN),
        "other_office": lambda: tokens.office(OTHER),
        "member": lambda: tokens.member(1),
        "reviewer": tokens.reviewer,
        "analyst": tokens.analyst,
        "admin": tokens.admin,
    }[role]()


@pytest.mark.parametrize("path", ["general", "compiled"])
@pytest.mark.parametrize("role", ROLES)
async def test_each_role_sees_what_the_table_says(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, role: str, path: str
) -> None:
    facts = await _facts(conn)
    served = settings.model_copy(update={"compiled_reads": path == "compiled"})
    gql = GraphQLClient(conn, served)
    token = _token(tokens, role)
    if token is not None:
        gql = gql.as_caller(token)

    total, drafts = await _pages(gql, DRAFTS, "draftDirectives")
    seen = {
        node["id"]: {
            "events": [e["id"] for e in node["events"]],
            "votes": [v["id"] for v in node["committeeVotes"]],
        }
        for node in drafts
    }
    expected = expected_drafts(role, facts)
    assert seen == expected
    assert total == len(expected)
    for node in drafts:  # the chair's summary is seen with the votes
        if node["committeeSummary"] is not None:
            assert expected[node["id"]]["votes"], node

    total, obligations = await _pages(gql, OBLIGATIONS, "socialSecurityObligations")
    seen_obligations = {node["id"]: [t["id"] for t in node["transfers"]] for node in obligations}
    assert seen_obligations == expected_obligations(role, facts)
    assert total == len(seen_obligations)

    counts = await gql.data(
        BY_MUNICIPALITY, {"own": gid("Municipality", OWN), "other": gid("Municipality", OTHER)}
    )
    for key, place in (("own", OWN), ("other", OTHER)):
        rows = [r for r in facts.drafts.values() if r.municipality_id == place]
        assert counts[key]["draftDirectives"]["totalCount"] == sum(
            sees_draft(role, r) for r in rows
        )
        owed = [m for m in facts.obligations.values() if m == place]
        assert counts[key]["socialSecurityObligations"]["totalCount"] == sum(
            sees_obligation(role, m) for m in owed
        )
    # the analysts' sums count what the caller may see
    [national] = counts["total"]
    assert national["obligationCount"] == len(expected_obligations(role, facts))

    # a lookup of a draft the caller may not see: NOT_FOUND, exactly as for one that is not
    for row in list(facts.drafts.values())[:40]:
        response = await gql.execute(LOOKUP, {"id": gid("DraftDirective", row.id)})
        if sees_draft(role, row):
            assert response["data"]["draftDirective"]["id"] == gid("DraftDirective", row.id)
        else:
            assert response["data"]["draftDirective"] is None
            [error] = response["errors"]
            assert error["extensions"]["code"] == "NOT_FOUND"
            assert error["message"] == f"No draft directive has id {gid('DraftDirective', row.id)}."


@pytest.mark.parametrize("role", ROLES)
async def test_entities_keep_to_the_rules(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, role: str
) -> None:
    """The gateway's `_entities`: a representation of a row the caller may not see is null."""
    facts = await _facts(conn)
    gql = GraphQLClient(conn, settings, served=SUBGRAPHS[Subgraph.MUNICIPALITIES])
    ids = sorted(facts.drafts)
    representations = [
        {"__typename": "DraftDirective", "id": gid("DraftDirective", i)} for i in ids
    ]

    data = await gql.data(
        ENTITIES, {"representations": representations}, token=_token(tokens, role)
    )

    got = [entity["id"] if entity else None for entity in data["_entities"]]
    assert got == [
        gid("DraftDirective", i) if sees_draft(role, facts.drafts[i]) else None for i in ids
    ]


@pytest.mark.parametrize("role", ["anonymous", "own_office", "other_office", "analyst"])
async def test_the_express_lane_keeps_to_the_rules(
    settings: Settings,
    engine: AsyncEngine,
    conn: AsyncConnection,
    tokens: Tokens,
    role: str,
) -> None:
    """Over HTTP, twice: on PostgreSQL the second request is the express lane's."""
    from server import create_app

    facts = await _facts(conn)
    app = create_app(settings.model_copy(update={"compiled_reads": True}), engine=engine)
    token = _token(tokens, role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {
        "query": BY_MUNICIPALITY,
        "variables": {"own": gid("Municipality", OWN), "other": gid("Municipality", OTHER)},
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers
    ) as client:
        answers = [(await client.post("/graphql", json=body)).content for _ in range(3)]
    await app.state.lane.close()

    assert len(set(answers)) == 1
    data = orjson.loads(answers[-1])["data"]
    own_drafts = [r for r in facts.drafts.values() if r.municipality_id == OWN]
    assert data["own"]["draftDirectives"]["totalCount"] == sum(
        sees_draft(role, r) for r in own_drafts
    )
    assert data["total"][0]["obligationCount"] == len(expected_obligations(role, facts))
