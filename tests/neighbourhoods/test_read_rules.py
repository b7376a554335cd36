"""Who may see what of the neighbourhood councils (README's table): every role × the projects'
list with its signatures and history, the escalations' list, a lookup, `_entities` and the
district's questions, through the general executor and the compiled statement, on both databases.
The expectations are written again here in Python from the rows, not from the SQL rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.settings import Settings
from db.tables import (
    district_post,
    escalation,
    escalation_event,
    small_project,
    small_project_event,
    small_project_signature,
)
from tests.conftest import GraphQLClient
from tests.ids import gid, key
from tests.neighbourhoods.fixtures import District, district_of

ROLES = (
    "anonymous",
    "councillor",
    "other_councillor",
    "liaison",
    "mayor",
    "headquarters",
    "admin",
    "mayor_office",
)
DISTRICT_ROLES = {"councillor", "other_councillor", "liaison", "mayor"}
CITY_WIDE = {"headquarters", "admin"}

PROJECTS = """query($after: String) { smallProjects(first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { id signatureHistory { id } events { id } } } }"""
ESCALATIONS = """query($after: String) { escalations(first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id events { id } } } }"""
BY_STAGE = "{ smallProjectsByNeighbourhoodAndStage { neighbourhood { id } status projectCount } }"
OPEN = "{ openEscalations { escalation { id } } }"
LOOKUP = "query($id: ID!) { smallProject(id: $id) { id } }"
ENTITIES = """query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on SmallProject { id } } }"""


def _token(district: District, settings: Settings, role: str) -> str | None:
    makers: dict[str, Callable[[], str | None]] = {
        "anonymous": lambda: None,
        "councillor": district.member,
        "other_councillor": lambda: district.token(
            Role.NEIGHBOURHOOD_COUNCILLOR, district.other_councillor
        ),
        "liaison": lambda: district.signer(3),
        "mayor": lambda: district.signer(5),
        "headquarters": lambda: mint_token(settings, Role.COUNCILS_HEADQUARTERS),
        "admin": lambda: mint_token(settings, Role.ADMINISTRATOR),
        "mayor_office": lambda: mint_token(settings, Role.MAYOR_OFFICE, municipality_id=1),
    }
    return makers[role]()


async def _pages(gql: GraphQLClient, query: str, field: str) -> tuple[int, list[dict[str, Any]]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql.data(query, {"after": after}))[field]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return page["totalCount"], nodes
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("path", ["general", "compiled"])
@pytest.mark.parametrize("role", ROLES)
async def test_each_role_sees_what_the_table_says(
    conn: AsyncConnection, settings: Settings, role: str, path: str
) -> None:
    served = settings.model_copy(update={"compiled_reads": path == "compiled"})
    plain = GraphQLClient(conn, served)
    district = await district_of(plain, settings)
    # a draft of the caller's council, and a submitted one, so that every row of the table shows
    await district.create()
    await district.submitted()
    token = _token(district, settings, role)
    gql = plain.as_caller(token) if token is not None else plain

    posts = {row.id: row for row in await conn.execute(select(district_post))}
    own_post = posts.get(
        {
            "councillor": key(district.councillor),
            "other_councillor": key(district.other_councillor),
            "liaison": key(district.posts["DISTRICT_LIAISON"]),
            "mayor": key(district.posts["DISTRICT_MAYOR"]),
        }.get(role, 0)
    )

    def sees_project(row: Any) -> bool:
        if row.status == "SENT_TO_HEADQUARTERS":
            return True
        if role in CITY_WIDE:
            return bool(row.round >= 1)
        if own_post is None:
            return False
        if role in ("councillor", "other_councillor") and own_post.council_id == row.council_id:
            return True
        return bool(row.round >= 1 and own_post.district_id == row.district_id)

    def sees_escalation(row: Any) -> bool:
        if role in CITY_WIDE:
            return True
        return own_post is not None and own_post.district_id == row.district_id

    projects = {row.id: row for row in await conn.execute(select(small_project))}
    signatures: dict[int, list[str]] = defaultdict(list)
    for row in await conn.execute(
        select(small_project_signature).order_by(
            small_project_signature.c.round, small_project_signature.c.step
        )
    ):
        signatures[row.project_id].append(gid("SmallProjectSignature", row.id))
    events: dict[int, list[str]] = defaultdict(list)
    for row in await conn.execute(select(small_project_event).order_by(small_project_event.c.id)):
        events[row.project_id].append(gid("SmallProjectEvent", row.id))
    expected = {
        gid("SmallProject", p): (signatures[p], events[p])
        for p, row in projects.items()
        if sees_project(row)
    }
    total, nodes = await _pages(gql, PROJECTS, "smallProjects")
    seen = {
        n["id"]: ([s["id"] for s in n["signatureHistory"]], [e["id"] for e in n["events"]])
        for n in nodes
    }
    assert seen == expected
    assert total == len(expected)
    # the question per neighbourhood and stage counts the same rows
    groups = (await gql.data(BY_STAGE))["smallProjectsByNeighbourhoodAndStage"]
    assert sum(g["projectCount"] for g in groups) == len(expected)

    escalations = {row.id: row for row in await conn.execute(select(escalation))}
    steps: dict[int, list[str]] = defaultdict(list)
    for row in await conn.execute(select(escalation_event).order_by(escalation_event.c.id)):
        steps[row.escalation_id].append(gid("EscalationEvent", row.id))
    expected_escalations = {
        gid("Escalation", e): steps[e] for e, row in escalations.items() if sees_escalation(row)
    }
    total, nodes = await _pages(gql, ESCALATIONS, "escalations")
    assert {n["id"]: [e["id"] for e in n["events"]] for n in nodes} == expected_escalations
    assert total == len(expected_escalations)
    still_open = (await gql.data(OPEN))["openEscalations"]
    assert {o["escalation"]["id"] for o in still_open} == {
        gid("Escalation", e)
        for e, row in escalations.items()
        if sees_escalation(row) and row.status in ("RAISED", "ON_BOARD_AGENDA")
    }

    # a row the caller may not see does not exist for them: lookups and _entities
    hidden = [p for p, row in projects.items() if not sees_project(row)]
    shown = [p for p, row in projects.items() if sees_project(row)]
    for project_id in hidden[:3]:
        response = await gql.execute(LOOKUP, {"id": gid("SmallProject", project_id)})
        assert [e["extensions"]["code"] for e in response["errors"]] == ["NOT_FOUND"]
    sample = hidden[:3] + shown[:3]
    representations = [{"__typename": "SmallProject", "id": gid("SmallProject", p)} for p in sample]
    found = (await gql.data(ENTITIES, {"representations": representations}))["_entities"]
    assert [f["id"] if f else None for f in found] == [None] * len(hidden[:3]) + [
        gid("SmallProject", p) for p in shown[:3]
    ]
