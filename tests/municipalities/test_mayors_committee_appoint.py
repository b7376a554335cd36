"""mayorsCommitteeAppoint: only an administrator; five different sitting mayors, one chair; the
sitting committee's term ends the day before."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.conftest import GraphQLClient
from tests.ids import gid, key
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

APPOINT = """
mutation($input: MayorsCommitteeAppointInput!) {
  mayorsCommitteeAppoint(input: $input) {
    mayorsCommittee { id termStart isCurrent members { role mayor { id } } }
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
FUTURE = "2031-03-21"


async def _sitting_mayors(conn: AsyncConnection) -> list[int]:
    rows = await conn.execute(text("SELECT id FROM mayor WHERE term_end IS NULL ORDER BY id"))
    return [row.id for row in rows]


def _ids(mayors: list[int]) -> list[str]:
    return [gid("Mayor", m) for m in mayors]


def _input(mayors: list[int], **change: Any) -> dict[str, Any]:
    """The input appointing `mayors` (keys): the first chair, the next four members."""
    return {
        "chairMayorId": gid("Mayor", mayors[0]),
        "memberMayorIds": _ids(mayors[1:5]),
        "termStart": FUTURE,
        **change,
    }


async def _commit_time_check(conn: AsyncConnection) -> None:
    """PostgreSQL checks five seats and one chair at commit: run that check now."""
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_appoint(
    workflow: Workflow, gql: GraphQLClient, conn: AsyncConnection, caller: str
) -> None:
    mayors = await _sitting_mayors(conn)

    data = await gql.data(APPOINT, {"input": _input(mayors)}, token=workflow.token(caller))

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])


async def test_the_new_committee_takes_over(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection, committee: Committee
) -> None:
    mayors = await _sitting_mayors(conn)

    data = await gql.data(APPOINT, {"input": _input(mayors)}, token=tokens.admin())

    appointed = payload(data)["mayorsCommittee"]
    assert appointed["isCurrent"] is True
    assert [(m["role"], key(m["mayor"]["id"])) for m in appointed["members"]] == [
        ("CHAIR", mayors[0]),
        *[("MEMBER", m) for m in mayors[1:5]],
    ]
    current = await gql.data(COMMITTEE)
    assert current["mayorsCommittee"]["id"] == appointed["id"]
    history = await gql.data("{ mayorsCommittees { nodes { termEnd isCurrent } } }")
    assert sum(c["isCurrent"] for c in history["mayorsCommittees"]["nodes"]) == 1
    await _commit_time_check(conn)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"memberMayorIds": "three"}, "memberMayorIds"),
        ({"memberMayorIds": "chair again"}, "memberMayorIds"),
        ({"termStart": "2000-01-01"}, "termStart"),
        ({"chairMayorId": gid("Mayor", 999999)}, "chairMayorId"),
    ],
)
async def test_not_a_committee_of_five_is_refused(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection, change: dict[str, str], field: str
) -> None:
    mayors = await _sitting_mayors(conn)
    values: dict[str, Any] = {
        "three": _ids(mayors[1:4]),
        "chair again": _ids([mayors[0], *mayors[1:4]]),
    }
    input = _input(mayors, **{k: values.get(v, v) for k, v in change.items()})

    data = await gql.data(APPOINT, {"input": input}, token=tokens.admin())

    [error] = payload(data)["errors"]
    assert error["field"] == field
    assert error["code"] in {"VALIDATION", "NOT_FOUND"}
    assert await conn.scalar(text("SELECT count(*) FROM mayors_committee")) == 2


async def test_a_mayor_out_of_office_is_refused(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection
) -> None:
    mayors = await _sitting_mayors(conn)
    former = await conn.scalar(text("SELECT min(id) FROM mayor WHERE term_end IS NOT NULL"))

    data = await gql.data(
        APPOINT, {"input": _input(mayors, chairMayorId=gid("Mayor", former))}, token=tokens.admin()
    )

    assert [(e["code"], e["field"]) for e in payload(data)["errors"]] == [
        ("VALIDATION", "chairMayorId")
    ]
