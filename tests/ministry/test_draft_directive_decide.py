"""draftDirectiveDecide: only a ministry reviewer, only on what the committee forwarded; adoption
makes a national circular with its own number, linked back to the draft."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.municipalities.fixtures import (
    CALLERS,
    DECIDE,
    HISTORY,
    NEVER_SUBMITTED,
    STATUSES,
    SUBMIT,
    UNAUTHENTICATED,
    Tokens,
    Workflow,
    codes,
    payload,
)

WHO_MAY = {
    **UNAUTHENTICATED,
    "office": "FORBIDDEN",
    "other_office": "FORBIDDEN",
    "member": "FORBIDDEN",
    "chair": "FORBIDDEN",
    "outsider": "FORBIDDEN",
    "reviewer": None,
    "analyst": "FORBIDDEN",
    "admin": "FORBIDDEN",
}
DECISIONS = {"ADOPT": "ADOPTED", "RETURN": "RETURNED_FOR_REVISION", "REJECT": "REJECTED"}
REASON = "لزوم دریافت نظر سازمان برنامه و بودجه"


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_decide(
    workflow: Workflow, gql: GraphQLClient, caller: str, decision: str
) -> None:
    draft = await workflow.forwarded()

    data = await gql.data(
        DECIDE,
        {"input": {"id": draft, "decision": decision, "reason": REASON}},
        token=workflow.token(caller),
    )

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])
    status = DECISIONS[decision] if expected is None else "FORWARDED_TO_MINISTRY"
    assert await workflow.status(draft) == status


@pytest.mark.parametrize("status", STATUSES)
async def test_decides_only_on_a_forwarded_draft(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, status: str
) -> None:
    draft = await workflow.in_status(status)

    data = await gql.data(
        DECIDE,
        {"input": {"id": draft, "decision": "REJECT", "reason": REASON}},
        token=tokens.reviewer(),
    )

    if status in NEVER_SUBMITTED:  # the ministry never saw it: for it the draft does not exist
        assert codes(data) == ["NOT_FOUND"]
    else:
        assert codes(data) == ([] if status == "FORWARDED_TO_MINISTRY" else ["INVALID_TRANSITION"])


async def test_adoption_makes_a_numbered_national_circular(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens
) -> None:
    first = await workflow.forwarded()
    second = await workflow.forwarded()

    one = await gql.data(
        DECIDE, {"input": {"id": first, "decision": "ADOPT"}}, token=tokens.reviewer()
    )
    two = await gql.data(
        DECIDE,
        {"input": {"id": second, "decision": "ADOPT", "circularTitle": "بخشنامه ملي"}},
        token=tokens.reviewer(),
    )

    a, b = payload(one)["nationalCircular"], payload(two)["nationalCircular"]
    year, serial = a["number"].split("/")
    assert b["number"] == f"{year}/{int(serial) + 1:04d}"
    assert a["draftDirectives"] == [{"id": first}]
    assert b["title"] == "بخشنامه ملی"
    read = await gql.data(
        f'{{ draftDirective(id: "{first}") {{ status nationalCircular {{ number }} }} }}'
    )
    assert read["draftDirective"] == {
        "status": "ADOPTED",
        "nationalCircular": {"number": a["number"]},
    }
    by_id = await gql.data(f'{{ nationalCircular(id: "{a["id"]}") {{ number }} }}')
    assert by_id["nationalCircular"]["number"] == a["number"]


@pytest.mark.parametrize("decision", ["RETURN", "REJECT"])
async def test_returns_and_rejections_need_reasons(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, decision: str
) -> None:
    draft = await workflow.forwarded()

    data = await gql.data(
        DECIDE, {"input": {"id": draft, "decision": decision}}, token=tokens.reviewer()
    )

    [error] = payload(data)["errors"]
    assert (error["code"], error["field"]) == ("VALIDATION", "reason")


async def test_a_returned_draft_goes_back_to_its_office_and_round_again(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens
) -> None:
    draft = await workflow.forwarded()
    await gql.data(
        DECIDE,
        {"input": {"id": draft, "decision": "RETURN", "reason": REASON}},
        token=tokens.reviewer(),
    )

    edited = await gql.data(
        """mutation($id: ID!) { draftDirectiveEdit(input: {id: $id, expectedVersion: 5,
           body: "متن اصلاح‌شده"}) { errors { code } } }""",
        {"id": draft},
        token=tokens.office(),
    )
    resubmitted = await gql.data(SUBMIT, {"input": {"id": draft}}, token=tokens.office())

    assert codes(edited) == codes(resubmitted) == []
    events = (await gql.data(HISTORY, {"id": draft}, token=tokens.office()))["draftDirective"][
        "events"
    ]
    assert [(e["fromStatus"], e["toStatus"]) for e in events[-2:]] == [
        ("FORWARDED_TO_MINISTRY", "RETURNED_FOR_REVISION"),
        ("RETURNED_FOR_REVISION", "SUBMITTED"),
    ]
    assert events[-2]["reason"] == REASON
    assert "MINISTRY_REVIEWER" in events[-2]["actor"]
