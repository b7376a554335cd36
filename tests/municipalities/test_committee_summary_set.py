"""committeeSummarySet: only the sitting chair, only while the committee or the ministry has the
draft; setting it again replaces it."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.ids import gid
from tests.municipalities.fixtures import (
    CALLERS,
    NEVER_SUBMITTED,
    STATUSES,
    UNAUTHENTICATED,
    Committee,
    Tokens,
    Workflow,
    codes,
    payload,
)

SUMMARY = """
mutation($input: CommitteeSummarySetInput!) {
  committeeSummarySet(input: $input) {
    draftDirective { id status }
    committeeSummary { summary chair { id } }
    errors { code field message messageFa }
  }
}
"""
WHO_MAY = {
    **UNAUTHENTICATED,
    "office": "FORBIDDEN",
    "other_office": "FORBIDDEN",
    "member": "FORBIDDEN",
    "chair": None,
    "outsider": "FORBIDDEN",
    "reviewer": "FORBIDDEN",
    "analyst": "FORBIDDEN",
    "admin": "FORBIDDEN",
}
SUMMARISABLE = {"SUBMITTED", "IN_COMMITTEE_REVIEW", "FORWARDED_TO_MINISTRY"}
TEXT = "جمع‌بندی کمیته: پیشنهادها با نظر شهرداران کلانشهرها هم‌راستاست."


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_set_the_summary(workflow: Workflow, gql: GraphQLClient, caller: str) -> None:
    draft = await workflow.in_review()

    data = await gql.data(
        SUMMARY,
        {"input": {"draftDirectiveId": draft, "summary": TEXT}},
        token=workflow.token(caller),
    )

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])


@pytest.mark.parametrize("status", STATUSES)
async def test_summarises_only_a_draft_before_the_committee_or_the_ministry(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, committee: Committee, status: str
) -> None:
    draft = await workflow.in_status(status)

    data = await gql.data(
        SUMMARY,
        {"input": {"draftDirectiveId": draft, "summary": TEXT}},
        token=tokens.member(committee.chair),
    )

    if status in NEVER_SUBMITTED:  # the committee never saw it: for them it does not exist
        assert codes(data) == ["NOT_FOUND"]
    else:
        assert codes(data) == ([] if status in SUMMARISABLE else ["INVALID_TRANSITION"])


async def test_setting_it_again_replaces_it(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, committee: Committee
) -> None:
    draft = await workflow.forwarded()
    chair = tokens.member(committee.chair)
    await gql.data(SUMMARY, {"input": {"draftDirectiveId": draft, "summary": "نخست"}}, token=chair)

    data = await gql.data(
        SUMMARY, {"input": {"draftDirectiveId": draft, "summary": "بازنگری ي"}}, token=chair
    )

    assert payload(data)["committeeSummary"] == {
        "summary": "بازنگری ی",
        "chair": {"id": gid("Mayor", committee.chair)},
    }
    read = await gql.data(
        f'{{ draftDirective(id: "{draft}") {{ committeeSummary {{ summary }} }} }}',
        token=workflow.tokens.reviewer(),
    )
    assert read["draftDirective"]["committeeSummary"] == {"summary": "بازنگری ی"}


async def test_a_summary_is_required(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, committee: Committee
) -> None:
    draft = await workflow.in_review()

    data = await gql.data(
        SUMMARY,
        {"input": {"draftDirectiveId": draft, "summary": ""}},
        token=tokens.member(committee.chair),
    )

    assert codes(data) == ["VALIDATION"]
