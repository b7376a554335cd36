"""draftDirectiveCreate: who may, validation and normalisation, idempotent replay."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from resolvers.municipalities import draft_directive_create as create_module
from tests.conftest import GraphQLClient
from tests.ids import gid, key
from tests.municipalities.fixtures import (
    CALLERS,
    CREATE,
    ELSEWHERE,
    HISTORY,
    HOME,
    UNAUTHENTICATED,
    CommittedClient,
    Tokens,
    Workflow,
    codes,
    payload,
)

INPUT = {"kind": "CIRCULAR", "title": "پیش‌نویس بخشنامه", "body": "متن"}

#: Only a mayor's office, for its own municipality.
WHO_MAY = {
    **UNAUTHENTICATED,
    "office": None,
    "other_office": None,  # it creates for its own municipality (the default)
    "member": "FORBIDDEN",
    "chair": "FORBIDDEN",
    "outsider": "FORBIDDEN",
    "reviewer": "FORBIDDEN",
    "analyst": "FORBIDDEN",
    "admin": "FORBIDDEN",
}
DRAFTS_OF = "SELECT count(*) FROM draft_directive WHERE municipality_id = :m"


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_may_create(
    workflow: Workflow, gql: GraphQLClient, conn: AsyncConnection, caller: str
) -> None:
    before = await conn.scalar(text("SELECT count(*) FROM draft_directive"))

    data = await gql.data(CREATE, {"input": INPUT}, token=workflow.token(caller))

    expected = WHO_MAY[caller]
    after = await conn.scalar(text("SELECT count(*) FROM draft_directive"))
    if expected is None:
        assert codes(data) == []
        assert payload(data)["draftDirective"]["status"] == "DRAFT"
        assert after == before + 1
    else:
        assert codes(data) == [expected]
        assert payload(data)["draftDirective"] is None
        assert after == before


async def test_an_office_creates_only_for_its_own_municipality(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    data = await gql.data(
        CREATE,
        {"input": {**INPUT, "municipalityId": gid("Municipality", ELSEWHERE)}},
        token=tokens.office(HOME),
    )

    [error] = payload(data)["errors"]
    assert (error["code"], error["field"]) == ("FORBIDDEN", "municipalityId")
    assert error["messageFa"]


async def test_an_office_of_no_municipality_gets_not_found(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    data = await gql.data(CREATE, {"input": INPUT}, token=tokens.office(999_999))

    assert codes(data) == ["NOT_FOUND"]


async def test_a_new_draft_starts_its_history(gql: GraphQLClient, tokens: Tokens) -> None:
    data = await gql.data(CREATE, {"input": INPUT}, token=tokens.office())
    draft = payload(data)["draftDirective"]

    history = await gql.data(HISTORY, {"id": draft["id"]}, token=tokens.office())

    assert draft["version"] == 1
    assert draft["municipality"]["id"] == gid("Municipality", HOME)
    [created] = history["draftDirective"]["events"]
    assert (created["fromStatus"], created["toStatus"]) == (None, "DRAFT")
    assert "MAYOR_OFFICE" in created["actor"]


async def test_text_is_normalised_and_searchable(gql: GraphQLClient, tokens: Tokens) -> None:
    typed = {"kind": "DIRECTIVE", "title": "  ساماندهي  كارگاه‌ها ۱۴۰۴ ", "body": "بند ١\n\nبند ٢"}

    data = await gql.data(CREATE, {"input": typed}, token=tokens.office())
    found = await gql.data(
        '{ draftDirectives(filter: {search: "ساماندهی کارگاه"}) { nodes { id } } }',
        token=tokens.office(),
    )

    draft = payload(data)["draftDirective"]
    assert draft["title"] == "ساماندهی کارگاه‌ها 1404"
    assert draft["body"] == "بند 1\n\nبند 2"
    assert draft["id"] in [node["id"] for node in found["draftDirectives"]["nodes"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": " \u200c "}, "title"),
        ({"title": "ع" * 301}, "title"),
        ({"body": "   "}, "body"),
        ({"body": "م" * 20_001}, "body"),
        ({"idempotencyKey": ""}, "idempotencyKey"),
        # text hygiene (core/text.py): NUL and other controls, bidi overrides and isolates
        ({"title": "عنوان\x00"}, "title"),
        ({"title": "\u202eعنوان"}, "title"),
        ({"title": "عنوان \u2066x\u2069"}, "title"),
        ({"body": "متن\x07"}, "body"),
        ({"body": "متن \u202d"}, "body"),
        ({"body": "\x1b[31mمتن"}, "body"),
    ],
)
async def test_invalid_input_is_refused(
    gql: GraphQLClient, tokens: Tokens, change: dict[str, str], field: str
) -> None:
    data = await gql.data(CREATE, {"input": {**INPUT, **change}}, token=tokens.office())

    [error] = payload(data)["errors"]
    assert (error["code"], error["field"]) == ("VALIDATION", field)


async def test_a_replay_returns_the_first_result_and_creates_nothing(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection
) -> None:
    input = {**INPUT, "idempotencyKey": "7b0c4a52-create"}
    first = await gql.data(CREATE, {"input": input}, token=tokens.office())
    count = await conn.scalar(text(DRAFTS_OF), {"m": HOME})

    again = await gql.data(CREATE, {"input": input}, token=tokens.office())

    assert codes(again) == []
    assert payload(again)["draftDirective"]["id"] == payload(first)["draftDirective"]["id"]
    assert await conn.scalar(text(DRAFTS_OF), {"m": HOME}) == count
    events = await conn.scalar(
        text("SELECT count(*) FROM draft_directive_event WHERE draft_directive_id = :d"),
        {"d": key(payload(first)["draftDirective"]["id"])},
    )
    assert events == 1


async def test_a_key_reused_for_another_request_is_refused(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    key = "7b0c4a52-reused"
    await gql.data(CREATE, {"input": {**INPUT, "idempotencyKey": key}}, token=tokens.office())

    other = await gql.data(
        CREATE,
        {"input": {**INPUT, "title": "عنوانی دیگر", "idempotencyKey": key}},
        token=tokens.office(),
    )

    [error] = payload(other)["errors"]
    assert (error["code"], error["field"]) == ("VALIDATION", "idempotencyKey")


async def test_keys_are_scoped_by_caller(gql: GraphQLClient, tokens: Tokens) -> None:
    input = {**INPUT, "idempotencyKey": "same-key"}

    home = await gql.data(CREATE, {"input": input}, token=tokens.office(HOME))
    elsewhere = await gql.data(CREATE, {"input": input}, token=tokens.office(ELSEWHERE))

    assert payload(home)["draftDirective"]["id"] != payload(elsewhere)["draftDirective"]["id"]


async def test_two_concurrent_calls_with_one_key_create_one_draft(
    committed: CommittedClient, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first call holds its transaction open after claiming the key and writing the draft;
    # the second, on another connection, must wait for it and then answer with its draft.
    first_inside = asyncio.Event()
    release_first = asyncio.Event()
    original = create_module.record  # type: ignore[attr-defined]  # patched where create looks it up

    async def held_record(*args: Any, **kwargs: Any) -> int:
        result: int = await original(*args, **kwargs)
        if not first_inside.is_set():
            first_inside.set()
            await release_first.wait()
        return result

    monkeypatch.setattr(create_module, "record", held_record)
    input = {**INPUT, "idempotencyKey": "concurrent-key"}

    async def create() -> dict[str, Any]:
        return payload(await committed.data(CREATE, {"input": input}, token=tokens.office()))

    first = asyncio.create_task(create())
    await asyncio.wait_for(first_inside.wait(), 10)
    second = asyncio.create_task(create())
    await asyncio.sleep(0.3)
    release_first.set()
    one, two = await asyncio.wait_for(asyncio.gather(first, second), 60)

    assert one["errors"] == two["errors"] == []
    assert one["draftDirective"]["id"] == two["draftDirective"]["id"]
    assert await committed.drafts_created() == 1
