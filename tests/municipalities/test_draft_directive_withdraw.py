"""draftDirectiveWithdraw: who may, from which statuses (any before the ministry decides)."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import (
    CALLERS,
    HISTORY,
    STATUSES,
    UNAUTHENTICATED,
    Tokens,
    Workflow,
    codes,
)

WITHDRAW = """
mutation($input: DraftDirectiveWithdrawInput!) {
  draftDirectiveWithdraw(input: $input) {
    draftDirective { id status version }
    errors { code field message messageFa }
  }
}
"""
WHO_MAY = {
    **UNAUTHENTICATED,
    "office": None,
    "other_office": "NOT_FOUND",  # another office's unsent draft does not exist for it
    "member": "FORBIDDEN",
    "chair": "FORBIDDEN",
    "outsider": "FORBIDDEN",
    "reviewer": "FORBIDDEN",
    "analyst": "FORBIDDEN",
    "admin": "FORBIDDEN",
}
DECIDED = {"ADOPTED", "REJECTED", "WITHDRAWN"}


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_withdraw(workflow: Workflow, gql: GraphQLClient, caller: str) -> None:
    draft = await workflow.submitted()

    data = await gql.data(
        WITHDRAW, {"input": {"id": draft, "reason": "انصراف"}}, token=workflow.token(caller)
    )

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])
    assert await workflow.status(draft) == ("WITHDRAWN" if expected is None else "SUBMITTED")


@pytest.mark.parametrize("status", STATUSES)
async def test_withdraws_only_before_the_ministry_decides(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, status: str
) -> None:
    draft = await workflow.in_status(status)

    data = await gql.data(
        WITHDRAW,
        {"input": {"id": draft, "reason": "ادغام با پیش‌نویس مشترک"}},
        token=tokens.office(),
    )

    if status in DECIDED:
        assert codes(data) == ["INVALID_TRANSITION"]
        assert await workflow.status(draft) == status
    else:
        assert codes(data) == []
        last = (await gql.data(HISTORY, {"id": draft}, token=workflow.tokens.office()))[
            "draftDirective"
        ]["events"][-1]
        assert (last["fromStatus"], last["toStatus"], last["reason"]) == (
            status,
            "WITHDRAWN",
            "ادغام با پیش‌نویس مشترک",
        )


async def test_a_reason_is_required(workflow: Workflow, gql: GraphQLClient, tokens: Tokens) -> None:
    draft = await workflow.create()

    data = await gql.data(WITHDRAW, {"input": {"id": draft, "reason": " "}}, token=tokens.office())

    assert codes(data) == ["VALIDATION"]
    assert await workflow.status(draft) == "DRAFT"
