"""Persian text folding, Solar Hijri dates and the Money scalar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.calendar import solar_hijri
from core.text import like_pattern, normalize_text, search_key
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
