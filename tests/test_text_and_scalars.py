"""Persian text folding, Solar Hijri dates and the Money scalar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.calendar import solar_hijri
from core.text import (
    WordMatcher,
    highlights,
    like_pattern,
    normalize_text,
    search_key,
    search_words,
    snippet,
)
from schema.errors import ClientError
from schema.scalars import _parse_money


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("كرمانشاه", "کرمانشاه"),
        ("ياسوج", "یاسوج"),
        ("بلوار ۱۵ خرداد", "بلوار 15 خرداد"),
        ("بلوار ١٥ خرداد", "بلوار 15 خرداد"),
        ("خرم‌آباد", "خرم آباد"),
        ("Bandar Abbas", "bandarabbas"),
    ],
)
def test_search_key_folds_variants(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_normalize_text_keeps_zwnj_and_fixes_letters() -> None:
    assert normalize_text("  پیش‌نويس  ۱۴۰۳ ") == "پیش‌نویس 1403"


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("50%_a") == "%50\\%\\_a%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2020, 7, 1), "1399/04/11"),
        (date(2024, 3, 20), "1403/01/01"),
        # 21:00 UTC on 19 March 2025 is already 20 March (Nowruz 1404) in Tehran
        (datetime(2025, 3, 20, 21, 0, tzinfo=UTC), "1404/01/01"),
        (None, None),
    ],
)
def test_solar_hijri(value: date | datetime | None, expected: str | None) -> None:
    assert solar_hijri(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("15000000000000", 15_000_000_000_000), ("9007199254740993", 9_007_199_254_740_993), (12, 12)],
)
def test_money_parses_exactly(value: object, expected: int) -> None:
    assert _parse_money(value) == expected


@pytest.mark.parametrize("value", ["1.5", "abc", "", True, 1.5, "۱۲", str(2**64)])
def test_money_rejects_what_is_not_whole_rials(value: object) -> None:
    with pytest.raises(ClientError):
        _parse_money(value)


# A snippet's highlights are computed from the words found in the text, not by reading the
# passage again: they must be exactly where reading the passage again finds the matched words.
_SNIPPET_WORDS = ["پسماند", "تفکیک", "تفكيك", "شهرداری‌ها", "mayor", "۱۴۰۴", "a_b", "كتاب"]
_SNIPPET_GAPS = [" ", "  ", "\n", "\t \n", "، ", " «", "» ", ".", "\u200c", "\u00a0", "_"]


@given(
    st.lists(
        st.tuples(st.sampled_from(_SNIPPET_WORDS), st.sampled_from(_SNIPPET_GAPS)), max_size=90
    ),
    st.sampled_from(["پسماند", "تفکیک mayor", "کتاب", "۱۴۰", "نیست"]),
    st.integers(0, 14),
    st.integers(1, 40),
)
@hypothesis_settings(max_examples=300, deadline=None)
def test_a_snippet_s_highlights_are_its_matched_words(
    parts: list[tuple[str, str]], query: str, before: int, length: int
) -> None:
    value = "".join(word + gap for word, gap in parts)
    matcher = WordMatcher(search_words(query))

    text, marked = snippet(value, matcher, before=before, length=length)

    assert marked == highlights(text, WordMatcher(search_words(query)))
    assert " ".join(text.replace("…", " ").split()) in " ".join(value.split())
