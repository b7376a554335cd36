"""Versions of a draft's text: every edit keeps the previous one (number, editor, time, status),
`versions` is a connection, `diff(from, to)` reads by words, and a returned draft shows what
changed since the committee last saw it."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import HOME, VOTE, Tokens, Workflow, payload

EDIT = """
mutation($input: DraftDirectiveEditInput!) {
  draftDirectiveEdit(input: $input) { draftDirective { version } errors { code field } }
}
"""
VERSIONS = """
query($id: ID!, $first: Int, $after: String) {
  draftDirective(id: $id) {
    title body
    versions(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { number title body editor status editedAt editedOnSolarHijri }
    }
  }
}
"""
DIFF = """
query($id: ID!, $from: Int!, $to: Int!) {
  draftDirective(id: $id) {
    diff(from: $from, to: $to) {
      fromNumber toNumber changed insertedWords deletedWords
      title { op text } body { op text }
    }
  }
}
"""
SINCE_REVIEW = """
query($id: ID!) {
  draftDirective(id: $id) {
    status
    committeeReviewedVersion { number }
    changesSinceCommitteeReview { fromNumber toNumber changed body { op text } }
  }
}
"""

TITLE = "پیش‌نویس ساماندهی پسماند"
BODY = "شهرداري‌ها در سال ۱۴۰۲ پسماند را تفکیک کنند.\nبند دوم: گزارش ماهانه"


async def _edit(
    gql: GraphQLClient, tokens: Tokens, draft: str, version: int, **fields: Any
) -> dict[str, Any]:
    input = {"id": draft, "expectedVersion": version, **fields}
    return payload(await gql.data(EDIT, {"input": input}, token=tokens.office(HOME)))


async def test_every_edit_keeps_the_text_before_it(
    gql: GraphQLClient, tokens: Tokens, workflow: Workflow
) -> None:
    draft = await workflow.create(title=TITLE, body=BODY)
    # the same text retyped (Arabic ي, Persian digits): the same once normalised, no version
    retyped = await _edit(gql, tokens, draft, 1, title=TITLE, body=BODY)
    assert retyped["errors"] == []
    first = await _edit(
        gql,
        tokens,
        draft,
        retyped["draftDirective"]["version"],
        body="شهرداری‌ها در سال 1402 پسماند را تفکیک کنند.\nبند دوم: گزارش هفتگی",
    )
    assert first["errors"] == []
    second = await _edit(
        gql,
        tokens,
        draft,
        first["draftDirective"]["version"],
        title="پیش‌نویس ساماندهی پسماند شهری",
        body="شهرداری‌ها از سال 1403 پسماند را تفکیک کنند.\nبند دوم: گزارش فصلی",
    )
    assert second["errors"] == []
    # an edit that changes only the kind keeps no version of the text
    third = await _edit(gql, tokens, draft, second["draftDirective"]["version"], kind="CIRCULAR")
    assert third["errors"] == []

    data = await gql.data(VERSIONS, {"id": draft}, token=tokens.office(HOME))
    versions = data["draftDirective"]["versions"]
    assert versions["totalCount"] == 3
    assert [v["number"] for v in versions["nodes"]] == [3, 2, 1]  # newest first
    newest, middle, oldest = versions["nodes"]
    assert (newest["title"], newest["body"]) == (
        data["draftDirective"]["title"],
        data["draftDirective"]["body"],
    )
    assert oldest["title"] == TITLE
    assert oldest["body"] == "شهرداری‌ها در سال 1402 پسماند را تفکیک کنند.\nبند دوم: گزارش ماهانه"
    assert middle["body"].endswith("گزارش هفتگی")
    assert all(v["status"] == "DRAFT" for v in versions["nodes"])
    assert all("MAYOR_OFFICE" in v["editor"] for v in versions["nodes"])
    assert oldest["editedAt"] <= middle["editedAt"] <= newest["editedAt"]
    assert newest["editedOnSolarHijri"].count("/") == 2

    # a connection: pages of one, with cursors
    page = await gql.data(VERSIONS, {"id": draft, "first": 1}, token=tokens.office(HOME))
    connection = page["draftDirective"]["versions"]
    assert [v["number"] for v in connection["nodes"]] == [3]
    assert connection["pageInfo"]["hasNextPage"] is True
    rest = await gql.data(
        VERSIONS,
        {"id": draft, "first": 5, "after": connection["pageInfo"]["endCursor"]},
        token=tokens.office(HOME),
    )
    assert [v["number"] for v in rest["draftDirective"]["versions"]["nodes"]] == [2, 1]


async def test_a_diff_reads_by_words_and_ignores_retyping(
    gql: GraphQLClient, tokens: Tokens, workflow: Workflow
) -> None:
    draft = await workflow.create(title=TITLE, body=BODY)
    # the same words retyped: Latin digits, Persian ی, a space for the ZWNJ
    retyped = await _edit(
        gql,
        tokens,
        draft,
        1,
        body="شهرداری ها در سال 1402 پسماند را تفکیک کنند.\nبند دوم: گزارش ماهانه",
    )
    changed = await _edit(
        gql,
        tokens,
        draft,
        retyped["draftDirective"]["version"],
        body="شهرداری ها در سال ۱۴۰۳ پسماند خشک را تفکیک کنند.\nبند دوم: گزارش ماهانه",
    )
    assert changed["errors"] == []
    token = tokens.office(HOME)

    same = (await gql.data(DIFF, {"id": draft, "from": 1, "to": 2}, token=token))["draftDirective"]
    assert same["diff"]["changed"] is False
    assert [s["op"] for s in same["diff"]["body"]] == ["EQUAL"]

    diff = (await gql.data(DIFF, {"id": draft, "from": 1, "to": 3}, token=token))["draftDirective"][
        "diff"
    ]
    assert (diff["fromNumber"], diff["toNumber"], diff["changed"]) == (1, 3, True)
    assert diff["body"] == [
        {"op": "EQUAL", "text": "شهرداری ها در سال "},
        {"op": "DELETE", "text": "1402 "},
        {"op": "INSERT", "text": "1403 "},
        {"op": "EQUAL", "text": "پسماند "},
        {"op": "INSERT", "text": "خشک "},
        {"op": "EQUAL", "text": "را تفکیک کنند.\nبند دوم: گزارش ماهانه"},
    ]
    assert (diff["insertedWords"], diff["deletedWords"]) == (2, 1)
    assert diff["title"] == [{"op": "EQUAL", "text": TITLE}]

    response = await gql.execute(DIFF, {"id": draft, "from": 1, "to": 9}, token=token)
    [error] = response["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "to",
        "messageFa": "پیش‌نویس چنین نسخه‌ای ندارد.",
    }


async def test_a_returned_draft_shows_what_changed_since_the_committee_saw_it(
    gql: GraphQLClient, tokens: Tokens, workflow: Workflow
) -> None:
    draft = await workflow.create(title=TITLE, body=BODY)
    token = tokens.office(HOME)
    before = (await gql.data(SINCE_REVIEW, {"id": draft}, token=token))["draftDirective"]
    assert before["committeeReviewedVersion"] is None
    assert before["changesSinceCommitteeReview"] is None

    await workflow.ok(
        """mutation($input: DraftDirectiveSubmitInput!) {
             draftDirectiveSubmit(input: $input) { errors { code } } }""",
        {"id": draft},
        token,
    )
    for mayor in workflow.committee.everyone[:3]:
        vote = {"draftDirectiveId": draft, "choice": "AGAINST", "comment": "آمار پشتیبان ندارد"}
        await workflow.ok(VOTE, vote, tokens.member(mayor))
    returned = (await gql.data(SINCE_REVIEW, {"id": draft}, token=token))["draftDirective"]
    assert returned["status"] == "RETURNED_FOR_REVISION"
    assert returned["committeeReviewedVersion"] == {"number": 1}
    assert returned["changesSinceCommitteeReview"]["changed"] is False

    versions = await gql.data(VERSIONS, {"id": draft}, token=token)
    draft_version = await gql.data(
        "query($id: ID!) { draftDirective(id: $id) { version } }", {"id": draft}, token=token
    )
    edited = await _edit(
        gql,
        tokens,
        draft,
        draft_version["draftDirective"]["version"],
        body=BODY + "\nپیوست: آمار سه سال گذشته",
    )
    assert edited["errors"] == []
    assert versions["draftDirective"]["versions"]["totalCount"] == 1

    after = (await gql.data(SINCE_REVIEW, {"id": draft}, token=token))["draftDirective"]
    assert after["committeeReviewedVersion"] == {"number": 1}
    since = after["changesSinceCommitteeReview"]
    assert (since["fromNumber"], since["toNumber"], since["changed"]) == (1, 2, True)
    assert since["body"] == [
        {
            "op": "EQUAL",
            "text": "شهرداری‌ها در سال 1402 پسماند را تفکیک کنند.\nبند دوم: گزارش ماهانه\n",
        },
        {"op": "INSERT", "text": "پیوست: آمار سه سال گذشته"},
    ]
    # the committee sees the same when the draft comes back to it
    member = tokens.member(workflow.committee.chair)
    await workflow.ok(
        """mutation($input: DraftDirectiveSubmitInput!) {
             draftDirectiveSubmit(input: $input) { errors { code } } }""",
        {"id": draft},
        token,
    )
    seen = (await gql.data(SINCE_REVIEW, {"id": draft}, token=member))["draftDirective"]
    assert seen["changesSinceCommitteeReview"] == since
