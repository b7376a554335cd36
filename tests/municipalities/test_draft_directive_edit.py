"""draftDirectiveEdit: who may, in which statuses, and the version check (two concurrent edits:
exactly one wins)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import Row

from resolvers.municipalities import draft_directive_edit as edit_module
from tests.conftest import GraphQLClient
from tests.ids import gid
from tests.municipalities.fixtures import (
    CALLERS,
    HOME,
    STATUSES,
    UNAUTHENTICATED,
    CommittedClient,
    Tokens,
    Workflow,
    codes,
    payload,
)

EDIT = """
mutation($input: DraftDirectiveEditInput!) {
  draftDirectiveEdit(input: $input) {
    draftDirective { id status version title body kind events { toStatus } }
    errors { code field message messageFa }
  }
}
"""

#: Only the draft's own office.
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
EDITABLE = {"DRAFT", "RETURNED_FOR_REVISION"}


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_edit(workflow: Workflow, gql: GraphQLClient, caller: str) -> None:
    draft = await workflow.create()

    data = await gql.data(
        EDIT,
        {"input": {"id": draft, "expectedVersion": 1, "title": "عنوان تازه"}},
        token=workflow.token(caller),
    )

    expected = WHO_MAY[caller]
    assert codes(data) == ([] if expected is None else [expected])


@pytest.mark.parametrize("status", STATUSES)
async def test_edits_only_while_a_draft_or_returned(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens, status: str
) -> None:
    draft = await workflow.in_status(status)
    version = (
        await gql.data(
            f'{{ draftDirective(id: "{draft}") {{ version }} }}', token=workflow.tokens.office()
        )
    )["draftDirective"]["version"]

    data = await gql.data(
        EDIT,
        {"input": {"id": draft, "expectedVersion": version, "body": "متن بازنگری‌شده"}},
        token=tokens.office(),
    )

    if status in EDITABLE:
        assert codes(data) == []
        edited = payload(data)["draftDirective"]
        assert (edited["status"], edited["version"], edited["body"]) == (
            status,
            version + 1,
            "متن بازنگری‌شده",
        )
    else:
        assert codes(data) == ["INVALID_TRANSITION"]


async def test_an_edit_changes_no_status_and_records_no_event(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens
) -> None:
    draft = await workflow.create()

    data = await gql.data(
        EDIT,
        {"input": {"id": draft, "expectedVersion": 1, "title": "عنوان ك", "kind": "CIRCULAR"}},
        token=tokens.office(),
    )

    edited = payload(data)["draftDirective"]
    assert (edited["title"], edited["kind"], edited["version"]) == ("عنوان ک", "CIRCULAR", 2)
    assert [e["toStatus"] for e in edited["events"]] == ["DRAFT"]


async def test_a_stale_version_is_a_conflict_and_changes_nothing(
    workflow: Workflow, gql: GraphQLClient, tokens: Tokens
) -> None:
    draft = await workflow.create(title="نسخه نخست")
    first = {"id": draft, "expectedVersion": 1, "title": "نسخه دوم"}
    await gql.data(EDIT, {"input": first}, token=tokens.office())

    stale = await gql.data(EDIT, {"input": {**first, "title": "نسخه رقیب"}}, token=tokens.office())

    [error] = payload(stale)["errors"]
    assert (error["code"], error["field"]) == ("VERSION_CONFLICT", "expectedVersion")
    now = await gql.data(
        f'{{ draftDirective(id: "{draft}") {{ title version }} }}', token=workflow.tokens.office()
    )
    assert now["draftDirective"] == {"title": "نسخه دوم", "version": 2}


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({}, "VALIDATION", None),
        ({"title": "  "}, "VALIDATION", "title"),
        ({"body": ""}, "VALIDATION", "body"),
        ({"id": gid("DraftDirective", 999999), "title": "ت"}, "NOT_FOUND", "id"),
        ({"id": "not-an-id", "title": "ت"}, "VALIDATION", "id"),
    ],
)
async def test_invalid_edits(
    workflow: Workflow,
    gql: GraphQLClient,
    tokens: Tokens,
    change: dict[str, Any],
    code: str,
    field: str | None,
) -> None:
    draft = await workflow.create()

    data = await gql.data(
        EDIT, {"input": {"id": draft, "expectedVersion": 1, **change}}, token=tokens.office()
    )

    [error] = payload(data)["errors"]
    assert (error["code"], error["field"]) == (code, field)


async def test_two_concurrent_edits_exactly_one_wins(
    committed: CommittedClient,
    tokens: Tokens,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two editors on two connections, both starting from version 1. The first holds its
    # transaction open after its UPDATE until the second has begun; on PostgreSQL the second then
    # waits on the row's lock, on SQLite on the write lock. Each commits for real (the rows are
    # deleted at the end of the test).
    office = tokens.office(HOME)
    created = await committed.data(
        """mutation { draftDirectiveCreate(input: {kind: DIRECTIVE, title: "مشترک", body: "متن"})
           { draftDirective { id } errors { code } } }""",
        token=office,
    )
    draft = created["draftDirectiveCreate"]["draftDirective"]["id"]

    first_inside = asyncio.Event()
    release_first = asyncio.Event()
    original = edit_module.apply  # type: ignore[attr-defined]  # patched where the edit looks it up

    async def held_apply(*args: Any, **kwargs: Any) -> Row[Any]:
        result = await original(*args, **kwargs)
        if not first_inside.is_set():
            first_inside.set()
            await release_first.wait()
        return result

    monkeypatch.setattr(edit_module, "apply", held_apply)

    async def edit(title: str) -> dict[str, Any]:
        input = {"id": draft, "expectedVersion": 1, "title": title}
        return payload(await committed.data(EDIT, {"input": input}, token=office))

    first = asyncio.create_task(edit("ویرایش الف"))
    await asyncio.wait_for(first_inside.wait(), 10)
    writes = committed.writes_begun
    second = asyncio.create_task(edit("ویرایش ب"))
    await committed.until_blocked(writes)  # the second waits for the first's lock
    release_first.set()
    results = await asyncio.wait_for(asyncio.gather(first, second), 60)

    assert results[0]["errors"] == []
    assert [e["code"] for e in results[1]["errors"]] == ["VERSION_CONFLICT"]
    final = await committed.data(
        f'{{ draftDirective(id: "{draft}") {{ title version }} }}', token=office
    )
    assert final["draftDirective"] == {"title": "ویرایش الف", "version": 2}
