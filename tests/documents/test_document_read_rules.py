"""Who may see the documents (README, "Who may see what"; schema/rules.py): every role × every new
field that carries a rule (a draft's versions, attachments and comments with their replies and
versions; the attachments of resolutions and joint sessions) × the general executor, the compiled
statement, `_entities` and the express lane, on both databases. The expectations are the README's
table written again in Python over the rows, not the SQL rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.settings import Settings
from db.tables import (
    attachment,
    document_version,
    draft,
    draft_comment,
    event,
    joint_session,
    resolution,
)
from graph.root import SUBGRAPHS
from schema.owners import Subgraph
from tests.conftest import GraphQLClient
from tests.ids import gid, key
from tests.municipalities.fixtures import Tokens
from tests.test_read_rules import OFFICES, OWN, ROLES, _token, sees_draft

DECISIONS = ("FORWARDED_TO_MINISTRY", "RETURNED_FOR_REVISION", "ADOPTED", "REJECTED")
REVIEWERS = {"member", "reviewer", "analyst", "admin"}
NOW = datetime(2026, 12, 1, tzinfo=UTC)
SHA = "0" * 64


async def _arrange(conn: AsyncConnection) -> dict[str, Any]:
    """Comments (and a reply) on every submitted draft, written at its submission and at its
    latest step; an attachment on every draft, a resolution and a joint session."""
    drafts = {row.id: row for row in await conn.execute(select(draft))}
    steps: dict[int, list[Any]] = defaultdict(list)
    for row in await conn.execute(select(event).order_by(event.c.id)):
        steps[row.draft_directive_id].append(row)
    comments: dict[int, list[tuple[int, int]]] = defaultdict(list)  # draft: (comment, after)
    replies: dict[int, list[int]] = defaultdict(list)
    await conn.execute(
        insert(attachment),
        [
            {
                "owner_kind": "DRAFT_DIRECTIVE",
                "owner_id": draft_id,
                "sha256": SHA,
                "byte_size": 1,
                "media_type": "application/pdf",
                "file_name": "a.pdf",
                "uploaded_by": "t",
                "uploaded_at": NOW,
            }
            for draft_id in drafts
        ],
    )
    for draft_id, row in drafts.items():
        submissions = [e.id for e in steps[draft_id] if e.to_status == "SUBMITTED"]
        if row.submitted_at is None or not submissions:
            continue
        for after in (submissions[0], steps[draft_id][-1].id):
            comment_id = await conn.scalar(
                insert(draft_comment)
                .values(
                    draft_directive_id=draft_id,
                    parent_id=None,
                    author="عضو کمیته",
                    author_role="COMMITTEE_MEMBER",
                    author_subject="m",
                    body="نظر",
                    version=1,
                    created_at=NOW,
                    updated_at=NOW,
                    draft_status="SUBMITTED",
                    after_event_id=after,
                )
                .returning(draft_comment.c.id)
            )
            await conn.execute(
                insert(document_version).values(
                    owner_kind="DRAFT_COMMENT",
                    owner_id=comment_id,
                    number=1,
                    body="نظر",
                    editor="عضو کمیته",
                    edited_at=NOW,
                )
            )
            comments[draft_id].append((comment_id, after))
        first_comment = comments[draft_id][0][0]
        reply_id = await conn.scalar(
            insert(draft_comment)
            .values(
                draft_directive_id=draft_id,
                parent_id=first_comment,
                author="وزارت",
                author_role="MINISTRY_REVIEWER",
                author_subject="r",
                body="پاسخ",
                version=1,
                created_at=NOW,
                updated_at=NOW,
                draft_status="SUBMITTED",
                after_event_id=submissions[0],
            )
            .returning(draft_comment.c.id)
        )
        replies[first_comment].append(reply_id)
    resolution_id = await conn.scalar(select(func.min(resolution.c.id)))
    session_id = await conn.scalar(select(func.min(joint_session.c.id)))
    others = {}
    for kind, owner in (("COUNCIL_RESOLUTION", resolution_id), ("JOINT_SESSION", session_id)):
        others[kind] = await conn.scalar(
            insert(attachment)
            .values(
                owner_kind=kind,
                owner_id=owner,
                sha256=SHA,
                byte_size=1,
                media_type="application/pdf",
                file_name="a.pdf",
                uploaded_by="t",
                uploaded_at=NOW,
            )
            .returning(attachment.c.id)
        )
    attachments = {
        row.owner_id: row.id
        for row in await conn.execute(
            select(attachment.c.owner_id, attachment.c.id).where(
                attachment.c.owner_kind == "DRAFT_DIRECTIVE"
            )
        )
    }
    versions: dict[int, int] = dict(
        (
            await conn.execute(
                select(document_version.c.owner_id, func.count())
                .where(document_version.c.owner_kind == "DRAFT_DIRECTIVE")
                .group_by(document_version.c.owner_id)
            )
        ).all()
    )
    return {
        "drafts": drafts,
        "steps": steps,
        "comments": comments,
        "replies": replies,
        "attachments": attachments,
        "versions": versions,
        "resolution": (resolution_id, others["COUNCIL_RESOLUTION"]),
        "session": (session_id, others["JOINT_SESSION"]),
    }


def sees_comment(role: str, facts: dict[str, Any], draft_id: int, after: int) -> bool:
    """Reviewers with the draft; its own office once a decision followed the comment's step."""
    row = facts["drafts"][draft_id]
    if role in REVIEWERS:
        return sees_draft(role, row)
    if OFFICES.get(role) == row.municipality_id:
        return any(e.id > after and e.to_status in DECISIONS for e in facts["steps"][draft_id])
    return False


def expected(role: str, facts: dict[str, Any]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for draft_id, row in facts["drafts"].items():
        if not sees_draft(role, row):
            continue
        comments = [
            c
            for c, after in facts["comments"][draft_id]
            if sees_comment(role, facts, draft_id, after)
        ]
        seen[gid("DraftDirective", draft_id)] = {
            "attachments": [gid("Attachment", facts["attachments"][draft_id])],
            "versions": facts["versions"].get(draft_id, 0),
            "comments": {
                gid("DraftComment", c): {
                    "replies": [gid("DraftComment", r) for r in facts["replies"].get(c, [])],
                    "versions": 1,
                }
                for c in comments
            },
        }
    return seen


DRAFTS = """query($after: String) { draftDirectives(first: 20, after: $after) {
  pageInfo { hasNextPage endCursor }
  nodes { id attachments { id } versions(first: 1) { totalCount nodes { number } }
    comments { id replies { id } versions { totalCount } } } } }"""

OTHERS = """query($resolution: ID!) { councilResolution(id: $resolution) { attachments { id } }
  jointSessions { id attachments { id } } }"""


async def _drafts(gql: GraphQLClient) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    after = None
    while True:
        page = (await gql.data(DRAFTS, {"after": after}))["draftDirectives"]
        for node in page["nodes"]:
            assert node["versions"]["nodes"] == [{"number": node["versions"]["totalCount"]}]
            seen[node["id"]] = {
                "attachments": [a["id"] for a in node["attachments"]],
                "versions": node["versions"]["totalCount"],
                "comments": {
                    c["id"]: {
                        "replies": [r["id"] for r in c["replies"]],
                        "versions": c["versions"]["totalCount"],
                    }
                    for c in node["comments"]
                },
            }
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("path", ["general", "compiled"])
@pytest.mark.parametrize("role", ROLES)
async def test_each_role_sees_the_documents_the_table_says(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, role: str, path: str
) -> None:
    facts = await _arrange(conn)
    served = settings.model_copy(update={"compiled_reads": path == "compiled"})
    gql = GraphQLClient(conn, served)
    token = _token(tokens, role)
    if token is not None:
        gql = gql.as_caller(token)

    assert await _drafts(gql) == expected(role, facts)

    resolution_id, on_resolution = facts["resolution"]
    session_id, on_session = facts["session"]
    others = await gql.data(OTHERS, {"resolution": gid("CouncilResolution", resolution_id)})
    assert others["councilResolution"]["attachments"] == [{"id": gid("Attachment", on_resolution)}]
    [session] = [s for s in others["jointSessions"] if s["id"] == gid("JointSession", session_id)]
    assert session["attachments"] == [{"id": gid("Attachment", on_session)}]


ENTITIES = """query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on DraftDirective { id attachments { id } comments { id } versions { totalCount } } } }"""
RESOLUTIONS = """query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on CouncilResolution { id attachments { id } } } }"""


@pytest.mark.parametrize("role", ROLES)
async def test_entities_keep_to_the_documents_rules(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, role: str
) -> None:
    facts = await _arrange(conn)
    token = _token(tokens, role)
    ids = sorted(facts["drafts"])
    municipalities = GraphQLClient(conn, settings, served=SUBGRAPHS[Subgraph.MUNICIPALITIES])
    data = await municipalities.data(
        ENTITIES,
        {
            "representations": [
                {"__typename": "DraftDirective", "id": gid("DraftDirective", i)} for i in ids
            ]
        },
        token=token,
    )
    want = expected(role, facts)
    got = {
        entity["id"]: {
            "attachments": [a["id"] for a in entity["attachments"]],
            "versions": entity["versions"]["totalCount"],
            "comments": sorted(c["id"] for c in entity["comments"]),
        }
        for entity in data["_entities"]
        if entity is not None
    }
    assert got == {
        key: {
            "attachments": value["attachments"],
            "versions": value["versions"],
            "comments": sorted(value["comments"]),
        }
        for key, value in want.items()
    }

    councils = GraphQLClient(conn, settings, served=SUBGRAPHS[Subgraph.COUNCILS])
    resolution_id, on_resolution = facts["resolution"]
    data = await councils.data(
        RESOLUTIONS,
        {
            "representations": [
                {"__typename": "CouncilResolution", "id": gid("CouncilResolution", resolution_id)}
            ]
        },
        token=token,
    )
    assert data["_entities"] == [
        {
            "id": gid("CouncilResolution", resolution_id),
            "attachments": [{"id": gid("Attachment", on_resolution)}],
        }
    ]


EXPRESS = """query($own: ID!) { municipality(id: $own) { draftDirectives(first: 100) {
  nodes { id versions { totalCount } attachments { id } comments { id } } } } }"""


@pytest.mark.parametrize("role", ["anonymous", "own_office", "other_office", "reviewer"])
async def test_the_express_lane_keeps_to_the_documents_rules(
    settings: Settings, engine: AsyncEngine, conn: AsyncConnection, tokens: Tokens, role: str
) -> None:
    """Over HTTP, three times (on PostgreSQL the repeats are the express lane's), on the
    shipped rows: every visible draft has its first version; none of the others shows."""
    from server import create_app

    drafts = list(await conn.execute(select(draft).where(draft.c.municipality_id == OWN)))
    versions: dict[int, int] = dict(
        (
            await conn.execute(
                select(document_version.c.owner_id, func.count())
                .where(document_version.c.owner_kind == "DRAFT_DIRECTIVE")
                .group_by(document_version.c.owner_id)
            )
        ).all()
    )
    app = create_app(settings.model_copy(update={"compiled_reads": True}), engine=engine)
    token = _token(tokens, role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {"query": EXPRESS, "variables": {"own": gid("Municipality", OWN)}}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test", headers=headers
    ) as client:
        answers = [(await client.post("/graphql", json=body)).content for _ in range(3)]
    await app.state.lane.close()

    assert len(set(answers)) == 1
    nodes = orjson.loads(answers[-1])["data"]["municipality"]["draftDirectives"]["nodes"]
    seen = {node["id"]: node["versions"]["totalCount"] for node in nodes}
    visible = [row for row in drafts if sees_draft(role, row)]
    assert len(seen) == min(len(visible), 100)
    for node in nodes:
        assert node["versions"]["totalCount"] == versions[key(node["id"])] == 1
        assert node["attachments"] == []
        assert node["comments"] == []
