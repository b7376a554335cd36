"""Persian names in Persian alphabetical order (آ ا ب پ ت … و ه ی), on both databases and both
read paths: `provinces(orderBy: {field: NAME_FA})` and the municipalities' NAME_FA, pages and
cursors included."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from core.settings import Settings
from core.text import PERSIAN_ALPHABET, persian_sort_key
from tests.conftest import GraphQLClient

RANK = {form: rank for rank, forms in enumerate(PERSIAN_ALPHABET) for form in forms}


def dictionary_order(name: str) -> list[int]:
    """An oracle independent of the implementation: each letter's rank in the alphabet, a space
    before every letter, a zero-width non-joiner ignored."""
    return [-1 if c == " " else RANK.get(c, 1000 + ord(c)) for c in name if c != "\u200c"]


def test_the_key_orders_the_alphabet() -> None:
    letters = [forms[0] for forms in PERSIAN_ALPHABET]
    # in code point order, as a database would sort them: پ چ ژ ک گ ی come last, ه before و
    assert sorted(sorted(letters), key=persian_sort_key) == letters
    words = ["یزد", "همدان", "هرمزگان", "مرکزی", "گیلان", "کرمان", "قم", "پارس", "بیرجند", "آبادان"]
    assert sorted(words, key=persian_sort_key) == sorted(words, key=dictionary_order)
    assert persian_sort_key("خرم\u200cآباد") == persian_sort_key("خرمآباد")
    assert sorted(["آذربایجانی", "آذربایجان غربی"], key=persian_sort_key)[0] == "آذربایجان غربی"


@pytest.fixture(params=[True, False], ids=["compiled", "general"])
def both_paths(
    request: pytest.FixtureRequest, conn: AsyncConnection, settings: Settings
) -> GraphQLClient:
    return GraphQLClient(conn, settings.model_copy(update={"compiled_reads": request.param}))


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_provinces_in_persian_order(both_paths: GraphQLClient, direction: str) -> None:
    data = await both_paths.data(
        "query($d: OrderDirection!) { provinces(orderBy: {field: NAME_FA, direction: $d}) "
        "{ nameFa } }",
        {"d": direction},
    )
    names = [p["nameFa"] for p in data["provinces"]]
    assert len(names) == 31
    assert names == sorted(names, key=dictionary_order, reverse=direction == "DESC")
    if direction == "ASC":
        assert names[:3] == ["آذربایجان شرقی", "آذربایجان غربی", "اردبیل"]
        assert names[-3:] == ["هرمزگان", "همدان", "یزد"]  # ه after و, ی last


async def test_provinces_by_english_name_by_default(both_paths: GraphQLClient) -> None:
    data = await both_paths.data("{ provinces { nameEn } }")
    names = [p["nameEn"] for p in data["provinces"]]
    assert names == sorted(names)


async def test_municipalities_pages_in_persian_order(both_paths: GraphQLClient) -> None:
    query = """
    query($after: String) {
      municipalities(first: 7, after: $after, orderBy: {field: NAME_FA}) {
        pageInfo { hasNextPage endCursor }
        nodes { id nameFa }
      }
    }"""
    seen: list[dict[str, Any]] = []
    after, more = None, True
    while more:
        page = (await both_paths.data(query, {"after": after}))["municipalities"]
        seen += page["nodes"]
        more, after = page["pageInfo"]["hasNextPage"], page["pageInfo"]["endCursor"]
    assert len({m["id"] for m in seen}) == len(seen) > 7
    names = [m["nameFa"] for m in seen]
    assert names == sorted(names, key=dictionary_order)
