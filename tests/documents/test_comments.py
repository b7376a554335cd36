"""Comments on drafts: committee members and ministry reviewers, one level of replies, edits kept
as versions, and who reads them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import ELSEWHERE, HOME, VOTE, Tokens, Workflow, payload

CREATE = """
mutation($input: DraftCommentCreateInput!) {
  draftCommentCreate(input: $input) {
    comment { id body author authorRole version draftStatus isReply parent { id } }
    errors { code field message messageFa }
  }
}
"""
EDIT = """
mutation($input: DraftCommentEditInput!) {
  draftCommentEdit(input: $input) {
    comment { id body version versions { totalCount nodes { number body editor } } }
    errors { code field message messageFa }
  }
}
"""
COMMENTS = """
query($id: ID!) {
  draftDirective(id: $id) { comments { id body replies { id body } } }
}
"""


async def _comment(
    gql: GraphQLClient, token: str | None, draft: str, body: str, reply_to: str | None = None
) -> dict[str, Any]:
    input = {"draftDirectiveId": draft, "body": body, "replyTo": reply_to}
    return payload(await gql.data(CREATE, {"input": input}, token=token))


async def test_members_and_reviewers_comment_and_reply_one_level(
    gql: GraphQLClient, tokens: Tokens, workflow: Workflow
) -> None:
    draft = await workflow.in_review()
    member = tokens.member(workflow.committee.chair)

    first = await _comment(gql, member, draft, "آمار سه سال گذشته را پیوست کنید")
    assert first["errors"] == []
    comment = first["comment"]
    assert (comment["authorRole"], comment["version"], comment["isReply"]) == (
        "COMMITTEE_MEMBER",
        1,
        False,
    )
    assert comment["draftStatus"] == "IN_COMMITTEE_REVIEW"
    reply = await _comment(gql, tokens.reviewer(), draft, "موافقم", reply_to=comment["id"])
    assert reply["errors"] == []
    assert reply["comment"]["parent"] == {"id": comment["id"]}
    assert reply["comment"]["isReply"] is True

    deeper = await _comment(gql, member, draft, "پاسخ به پاسخ", reply_to=reply["comment"]["id"])
    assert [(e["code"], e["field"]) for e in deeper["errors"]] == [("VALIDATION", "replyTo")]

    listed = await gql.data(COMMENTS, {"id": draft}, token=member)
    assert listed["draftDirective"]["comments"] == [
        {
            "id": comment["id"],
            "body": "آمار سه سال گذشته را پیوست کنید",
            "replies": [{"id": reply["comment"]["id"], "body": "موافقم"}],
        }
    ]


@pytest.mark.parametrize(
    ("caller", "status", "code"),
    [
        ("anonymous", "IN_COMMITTEE_REVIEW", "UNAUTHENTICATED"),
        ("office", "IN_COMMITTEE_REVIEW", "FORBIDDEN"),
        ("analyst", "IN_COMMITTEE_REVIEW", "FORBIDDEN"),
        ("outsider", "IN_COMMITTEE_REVIEW", "FORBIDDEN"),  # a mayor not on the committee
        ("member", "DRAFT", "NOT_FOUND"),  # never submitted: not there for the committee
        ("reviewer", "ADOPTED", "INVALID_TRANSITION"),
        ("reviewer", "WITHDRAWN", "NOT_FOUND"),
        ("member", "SUBMITTED", None),
        ("reviewer", "FORWARDED_TO_MINISTRY", None),
        ("chair", "RETURNED_FOR_REVISION", None),
    ],
)
async def test_who_may_comment_and_when(
    gql: GraphQLClient, workflow: Workflow, caller: str, status: str, code: str | None
) -> None:
    draft = await workflow.in_status(status)
    result = await _comment(gql, workflow.token(caller), draft, "نظر")
    assert [e["code"] for e in result["errors"]] == ([code] if code else [])
    assert (result["comment"] is None) is (code is not None)


async def test_an_edit_keeps_the_earlier_text_and_only_its_author_edits(
    gql: GraphQLClient, tokens: Tokens, workflow: Workflow
) -> None:
    draft = await workflow.in_review()
    author = tokens.member(workflow.committee.chair)
    comment = (await _comment(gql, author, draft, "متن نخست"))["comment"]

    edited = payload(
        await gql.data(
            EDIT,
            {"input": {"id": comment["id"], "body": "متن دوم", "expectedVersion": 1}},
            token=author,
        )
    )
    assert edited["errors"] == []
    assert (edited["comment"]["body"], edited["comment"]["version"]) == ("متن دوم", 2)
    versions = edited["comment"]["versions"]
    assert versions["totalCount"] == 2
    assert [(v["number"], v["body"]) for v in versions["nodes"]] == [
        (2, "متن دوم"),
        (1, "متن نخست"),
    ]

    stale = payload(
        await gql.data(
            EDIT,
            {"input": {"id": comment["id"], "body": "متن سوم", "expectedVersion": 1}},
            token=author,
        )
    )
    assert [e["code"] for e in stale["errors"]] == ["VERSION_CONFLICT"]
    other = tokens.member(workflow.committee.members[0])
    for token, code in (
        (other, "FORBIDDEN"),
        (tokens.reviewer(), "FORBIDDEN"),
        (tokens.office(HOME), "FORBIDDEN"),
        (tokens.office(ELSEWHERE), "FORBIDDEN"),
    ):
        refused = payload(
            await gql.data(
                EDIT,
                {"input": {"id": comment["id"], "body": "متن دیگر", "expectedVersion": 2}},
                token=token,
            )
        )
        assert [e["code"] for e in refused["errors"]] == [code]


COMMENT_LOOKUP = """
query($id: ID!) { draftDirective(id: $id) { comments { id versions { totalCount } } } }
"""


async def test_the_office_reads_comments_once_their_step_is_decided_the_public_never(
    gql: GraphQLClient, tokens: Tokens, workflow: Workflow
) -> None:
    draft = await workflow.in_review()
    member = tokens.member(workflow.committee.chair)
    comment = (await _comment(gql, member, draft, "نیاز به بازنگری"))["comment"]

    async def seen(token: str | None) -> list[str] | None:
        response = await gql.execute(COMMENT_LOOKUP, {"id": draft}, token=token)
        data = response["data"]["draftDirective"] if response["data"] else None
        return [c["id"] for c in data["comments"]] if data else None

    assert await seen(tokens.office(HOME)) == []  # under review: not yet
    assert await seen(tokens.reviewer()) == [comment["id"]]
    assert await seen(tokens.member(workflow.committee.members[0])) == [comment["id"]]

    for mayor in workflow.committee.everyone[1:3]:
        vote = {"draftDirectiveId": draft, "choice": "FOR"}
        await workflow.ok(VOTE, vote, tokens.member(mayor))  # the committee forwards it
    assert await seen(tokens.office(HOME)) == [comment["id"]]
    later = (await _comment(gql, tokens.reviewer(), draft, "نظر وزارت"))["comment"]
    assert await seen(tokens.office(HOME)) == [comment["id"]]  # the ministry has not decided
    assert await seen(tokens.reviewer()) == [comment["id"], later["id"]]

    await workflow.ok(
        """mutation($input: DraftDirectiveDecideInput!) {
             draftDirectiveDecide(input: $input) { errors { code } } }""",
        {"id": draft, "decision": "ADOPT"},
        tokens.reviewer(),
    )
    assert await seen(tokens.office(HOME)) == [comment["id"], later["id"]]
    # adopted: the draft is public, its reviewers' notes are not
    assert await seen(None) == []
    assert await seen(tokens.office(ELSEWHERE)) == []
