"""committeeVoteCast: who may, in which statuses, once per member and submission, and the
majority of three that forwards or returns."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.ids import gid
from tests.municipalities.fixtures import (
    CALLERS,
    HISTORY,
    NEVER_SUBMITTED,
    STATUSES,
    SUBMIT,
    UNAUTHENTICATED,
    VOTE,
    Committee,
    Tokens,
    Workflow,
    codes,
    payload,
)

#: The sitting committee's members (the chair too); nobody else.
WHO_MAY = {
    **UNAUTHENTICATED,
    "office": "FORBIDDEN",
    "other_office": "FORBIDDEN",
    "member": None,
    "chair": None,
    "outsider": "FORBIDDEN",
    "reviewer": "FORBIDDEN",
    "analyst": "FORBIDDEN",
    "admin": "FORBIDDEN",
}
VOTABLE = {"SUBMITTED", "IN_COMMITTEE_REVIEW"}
VOTES = """
query($id: ID!) { draftDirective(id: $id) { committeeVotes { choice comment mayor { id } } } }
"""


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_vote(workflow: Workflow, gql: GraphQLClient, caller: str) -> None:
    draft = await workflow.submitted()

    data = await gql.data(
        VOTE,
        {"input": {"draftDirectiveId": draft, "choice": "FOR"}},
        token=workflow.token(caller),
    )

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])
    votes = (await gql.data(VOTES, {"id": draft}, token=workflow.tokens.reviewer()))[
        "draftDirective"
    ]["committeeVotes"]
    assert len(votes) == (1 if expected is None else 0)


@pytest.mark.parametrize("status", STATUSES)
async def test_votes_only_on_a_draft_before_the_committee(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, committee: Committee, status: str
) -> None:
    draft = await workflow.in_status(status)
    voter = committee.members[-1]  # never among the first three voters of the workflow

    data = await gql.data(
        VOTE,
        {"input": {"draftDirectiveId": draft, "choice": "AGAINST"}},
        token=tokens.member(voter),
    )

    if status in NEVER_SUBMITTED:  # the committee never saw it: for them it does not exist
        assert codes(data) == ["NOT_FOUND"]
    else:
        assert codes(data) == ([] if status in VOTABLE else ["INVALID_TRANSITION"])


async def test_the_first_vote_opens_the_review(
    workflow: Workflow, gql: GraphQLClient, committee: Committee
) -> None:
    draft = await workflow.submitted()

    result = await workflow.vote(draft, committee.members[0], "FOR", "موافقم")

    assert result["draftDirective"]["status"] == "IN_COMMITTEE_REVIEW"
    assert result["vote"]["choice"] == "FOR"
    assert result["vote"]["mayor"]["id"] == gid("Mayor", committee.members[0])
    last = (await gql.data(HISTORY, {"id": draft}, token=workflow.tokens.office()))[
        "draftDirective"
    ]["events"][-1]
    assert (last["fromStatus"], last["toStatus"]) == ("SUBMITTED", "IN_COMMITTEE_REVIEW")


async def test_three_for_forward_it_to_the_ministry(
    workflow: Workflow, committee: Committee
) -> None:
    draft = await workflow.submitted()
    voters = committee.everyone

    after = [
        (await workflow.vote(draft, voters[0], "FOR"))["draftDirective"]["status"],
        (await workflow.vote(draft, voters[1], "AGAINST"))["draftDirective"]["status"],
        (await workflow.vote(draft, voters[2], "FOR"))["draftDirective"]["status"],
        (await workflow.vote(draft, voters[3], "FOR"))["draftDirective"]["status"],
    ]

    assert after == [
        "IN_COMMITTEE_REVIEW",
        "IN_COMMITTEE_REVIEW",
        "IN_COMMITTEE_REVIEW",
        "FORWARDED_TO_MINISTRY",
    ]


async def test_three_against_return_it_with_their_reasons(
    workflow: Workflow, gql: GraphQLClient, committee: Committee
) -> None:
    draft = await workflow.submitted()
    reasons = ["ابهام در تأمین اعتبار", None, "همپوشانی با دستورالعمل پیشین"]

    for mayor, reason in zip(committee.everyone, reasons, strict=False):
        await workflow.vote(draft, mayor, "AGAINST", reason)

    last = (await gql.data(HISTORY, {"id": draft}, token=workflow.tokens.office()))[
        "draftDirective"
    ]["events"][-1]
    assert (last["fromStatus"], last["toStatus"]) == (
        "IN_COMMITTEE_REVIEW",
        "RETURNED_FOR_REVISION",
    )
    assert last["reason"] == "ابهام در تأمین اعتبار؛ همپوشانی با دستورالعمل پیشین"
    assert last["actor"].startswith("کمیته پنج‌نفره")


async def test_a_member_votes_once_per_submission(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, committee: Committee
) -> None:
    draft = await workflow.submitted()
    member = committee.members[0]
    await workflow.vote(draft, member, "AGAINST")

    again = await gql.data(
        VOTE, {"input": {"draftDirectiveId": draft, "choice": "FOR"}}, token=tokens.member(member)
    )

    [error] = payload(again)["errors"]
    assert (error["code"], error["field"]) == ("VALIDATION", "draftDirectiveId")
    votes = (await gql.data(VOTES, {"id": draft}, token=workflow.tokens.reviewer()))[
        "draftDirective"
    ]["committeeVotes"]
    assert [v["choice"] for v in votes] == ["AGAINST"]


async def test_a_resubmission_is_a_new_round(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, committee: Committee
) -> None:
    draft = await workflow.returned()
    await gql.data(SUBMIT, {"input": {"id": draft}}, token=tokens.office())

    result = await workflow.vote(draft, committee.everyone[0], "FOR")

    assert result["draftDirective"]["status"] == "IN_COMMITTEE_REVIEW"
    votes = (await gql.data(VOTES, {"id": draft}, token=workflow.tokens.reviewer()))[
        "draftDirective"
    ]["committeeVotes"]
    assert [v["choice"] for v in votes] == ["FOR"]


async def test_an_unknown_draft_is_not_found(
    gql: GraphQLClient, tokens: Tokens, committee: Committee
) -> None:
    data = await gql.data(
        VOTE,
        {"input": {"draftDirectiveId": gid("DraftDirective", 999999), "choice": "FOR"}},
        token=tokens.member(committee.chair),
    )

    assert codes(data) == ["NOT_FOUND"]
