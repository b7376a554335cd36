"""committeeMemberReplace: only an administrator; the seat is handed over (the database seats the
successor in the same statement), so the committee keeps five members and one chair."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.conftest import GraphQLClient
from tests.ids import gid
from tests.municipalities.fixtures import (
    CALLERS,
    COMMITTEE,
    UNAUTHENTICATED,
    Committee,
    Tokens,
    Workflow,
    codes,
    payload,
)

REPLACE = """
mutation($input: CommitteeMemberReplaceInput!) {
  committeeMemberReplace(input: $input) {
    membership { id role isActive startedOn mayor { id } }
    errors { code field message messageFa }
  }
}
"""
WHO_MAY = {
    **UNAUTHENTICATED,
    "office": "FORBIDDEN",
    "other_office": "FORBIDDEN",
    "member": "FORBIDDEN",
    "chair": "FORBIDDEN",
    "outsider": "FORBIDDEN",
    "reviewer": "FORBIDDEN",
    "analyst": "FORBIDDEN",
    "admin": None,
}
ON = "2030-01-01"


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_replace(
    workflow: Workflow, gql: GraphQLClient, committee: Committee, caller: str
) -> None:
    seat = gid("CommitteeMembership", committee.seats[committee.members[0]])

    data = await gql.data(
        REPLACE,
        {"input": {"membershipId": seat, "mayorId": gid("Mayor", committee.outsider), "on": ON}},
        token=workflow.token(caller),
    )

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])


@pytest.mark.parametrize("seat", ["chair", "member"])
async def test_the_successor_takes_the_seat_and_its_role(
    gql: GraphQLClient, tokens: Tokens, committee: Committee, conn: AsyncConnection, seat: str
) -> None:
    leaving = committee.chair if seat == "chair" else committee.members[1]

    data = await gql.data(
        REPLACE,
        {
            "input": {
                "membershipId": gid("CommitteeMembership", committee.seats[leaving]),
                "mayorId": gid("Mayor", committee.outsider),
                "on": ON,
            }
        },
        token=tokens.admin(),
    )

    new_seat = payload(data)["membership"]
    assert new_seat["mayor"]["id"] == gid("Mayor", committee.outsider)
    assert (new_seat["isActive"], new_seat["startedOn"]) == (True, ON)
    assert new_seat["role"] == ("CHAIR" if seat == "chair" else "MEMBER")
    members = (await gql.data(COMMITTEE))["mayorsCommittee"]["members"]
    assert len(members) == 5
    assert sum(m["role"] == "CHAIR" for m in members) == 1
    assert gid("Mayor", leaving) not in [m["mayor"]["id"] for m in members]
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))  # the commit-time check


async def test_the_new_member_votes_and_the_old_one_does_not(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, committee: Committee
) -> None:
    leaving = committee.members[0]
    await gql.data(
        REPLACE,
        {
            "input": {
                "membershipId": gid("CommitteeMembership", committee.seats[leaving]),
                "mayorId": gid("Mayor", committee.outsider),
            }
        },
        token=tokens.admin(),
    )
    draft = await workflow.submitted()

    old = await workflow.gql.data(
        """mutation($id: ID!) { committeeVoteCast(input: {draftDirectiveId: $id, choice: FOR})
           { errors { code } } }""",
        {"id": draft},
        token=tokens.member(leaving),
    )
    new = await workflow.vote(draft, committee.outsider, "FOR")

    assert codes(old) == ["FORBIDDEN"]
    assert new["errors"] == []


@pytest.mark.parametrize(
    ("case", "code", "field"),
    [
        ("already seated", "VALIDATION", "mayorId"),
        ("no such seat", "NOT_FOUND", "membershipId"),
        ("no such mayor", "NOT_FOUND", "mayorId"),
        ("ended seat", "VALIDATION", "membershipId"),
        ("before the seat began", "VALIDATION", "on"),
    ],
)
async def test_invalid_hand_overs(
    gql: GraphQLClient,
    tokens: Tokens,
    committee: Committee,
    conn: AsyncConnection,
    case: str,
    code: str,
    field: str,
) -> None:
    ended = await conn.scalar(
        text("SELECT min(id) FROM committee_membership WHERE ended_on IS NOT NULL")
    )
    seat = gid("CommitteeMembership", committee.seats[committee.members[0]])
    outsider = gid("Mayor", committee.outsider)
    input = {
        "already seated": {"membershipId": seat, "mayorId": gid("Mayor", committee.chair)},
        "no such seat": {"membershipId": gid("CommitteeMembership", 999999), "mayorId": outsider},
        "no such mayor": {"membershipId": seat, "mayorId": gid("Mayor", 999999)},
        "ended seat": {"membershipId": gid("CommitteeMembership", ended), "mayorId": outsider},
        "before the seat began": {
            "membershipId": seat,
            "mayorId": outsider,
            "on": "1990-01-01",
        },
    }[case]

    data = await gql.data(REPLACE, {"input": input}, token=tokens.admin())

    [error] = payload(data)["errors"]
    assert (error["code"], error["field"]) == (code, field)
