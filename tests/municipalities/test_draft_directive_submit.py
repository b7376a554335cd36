"""draftDirectiveSubmit: who may, from which statuses, idempotent replay, the version check."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import event
from db.tables.municipalities import stay_seconds
from tests.conftest import GraphQLClient
from tests.ids import gid, key
from tests.municipalities.fixtures import (
    CALLERS,
    HISTORY,
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
    "office": None,
    "other_office": "NOT_FOUND",  # another office's unsent draft does not exist for it
    "member": "FORBIDDEN",
    "chair": "FORBIDDEN",
    "outsider": "FORBIDDEN",
    "reviewer": "FORBIDDEN",
    "analyst": "FORBIDDEN",
    "admin": "FORBIDDEN",
}
SUBMITTABLE = {"DRAFT", "RETURNED_FOR_REVISION"}
EVENTS = "SELECT count(*) FROM draft_directive_event WHERE draft_directive_id = :d"


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_submit(workflow: Workflow, gql: GraphQLClient, caller: str) -> None:
    draft = await workflow.create()

    data = await gql.data(SUBMIT, {"input": {"id": draft}}, token=workflow.token(caller))

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])
    assert await workflow.status(draft) == ("SUBMITTED" if expected is None else "DRAFT")


@pytest.mark.parametrize("status", STATUSES)
async def test_submits_only_a_draft_or_a_returned_one(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, status: str
) -> None:
    draft = await workflow.in_status(status)

    data = await gql.data(SUBMIT, {"input": {"id": draft}}, token=tokens.office())

    if status in SUBMITTABLE:
        assert codes(data) == []
        assert payload(data)["draftDirective"]["status"] == "SUBMITTED"
        assert payload(data)["draftDirective"]["submittedAt"] is not None
    else:
        assert codes(data) == ["INVALID_TRANSITION"]
        assert await workflow.status(draft) == status


async def test_submitting_records_who_when_and_from_where(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens
) -> None:
    draft = await workflow.returned()

    await gql.data(SUBMIT, {"input": {"id": draft}}, token=tokens.office())

    events = (await gql.data(HISTORY, {"id": draft}, token=workflow.tokens.office()))[
        "draftDirective"
    ]["events"]
    steps = [(e["fromStatus"], e["toStatus"]) for e in events]
    assert steps == [
        (None, "DRAFT"),
        ("DRAFT", "SUBMITTED"),
        ("SUBMITTED", "IN_COMMITTEE_REVIEW"),
        ("IN_COMMITTEE_REVIEW", "RETURNED_FOR_REVISION"),
        ("RETURNED_FOR_REVISION", "SUBMITTED"),
    ]
    assert events[3]["reason"] == "نیاز به آمار پشتیبان؛ نیاز به آمار پشتیبان؛ نیاز به آمار پشتیبان"
    assert "MAYOR_OFFICE" in events[4]["actor"]


async def test_each_step_records_how_long_the_draft_stayed(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection
) -> None:
    """A step's `stay_seconds` is the time since the step before (the first step has none):
    what the analysts' time in each status is drawn from."""
    draft = await workflow.returned()
    await gql.data(SUBMIT, {"input": {"id": draft}}, token=tokens.office())

    steps = (
        await conn.execute(
            select(event.c.occurred_at, event.c.stay_seconds)
            .where(event.c.draft_directive_id == key(draft))
            .order_by(event.c.occurred_at, event.c.id)
        )
    ).all()
    assert len(steps) == 5
    assert steps[0].stay_seconds is None
    for before, step in itertools.pairwise(steps):
        assert step.stay_seconds == stay_seconds(before.occurred_at, step.occurred_at)


def test_stays_are_whole_seconds_rounded_half_away_from_zero() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for micro, whole in [(0, 0), (499_999, 0), (500_000, 1), (1_500_000, 2), (2_499_999, 2)]:
        assert stay_seconds(start, start + timedelta(microseconds=micro)) == whole
        assert stay_seconds(start + timedelta(microseconds=micro), start) == -whole


async def test_a_replay_returns_the_first_result_and_records_nothing(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection
) -> None:
    draft = await workflow.create()
    input = {"id": draft, "idempotencyKey": "submit-once"}
    first = await gql.data(SUBMIT, {"input": input}, token=tokens.office())

    again = await gql.data(SUBMIT, {"input": input}, token=tokens.office())

    assert codes(first) == codes(again) == []
    assert payload(again)["draftDirective"] == payload(first)["draftDirective"]
    assert await conn.scalar(text(EVENTS), {"d": key(draft)}) == 2
    without_key = await gql.data(SUBMIT, {"input": {"id": draft}}, token=tokens.office())
    assert codes(without_key) == ["INVALID_TRANSITION"]


async def test_a_stale_expected_version_is_a_conflict(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens
) -> None:
    draft = await workflow.create()
    await gql.data(
        """mutation($id: ID!) { draftDirectiveEdit(input: {id: $id, expectedVersion: 1,
           body: "تازه"}) { errors { code } } }""",
        {"id": draft},
        token=tokens.office(),
    )

    data = await gql.data(
        SUBMIT, {"input": {"id": draft, "expectedVersion": 1}}, token=tokens.office()
    )

    assert codes(data) == ["VERSION_CONFLICT"]
    assert await workflow.status(draft) == "DRAFT"


async def test_an_unknown_draft_is_not_found(gql: GraphQLClient, tokens: Tokens) -> None:
    data = await gql.data(
        SUBMIT, {"input": {"id": gid("DraftDirective", 999999)}}, token=tokens.office()
    )

    assert codes(data) == ["NOT_FOUND"]
