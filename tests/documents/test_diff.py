"""The word diff of Persian text (core/diff.py): by words, retyping is no change."""

from __future__ import annotations

from core.diff import DiffOp, word_diff


def _text(diff_segments: object, *ops: DiffOp) -> str:
    return "".join(s.text for s in diff_segments if s.op in ops)  # type: ignore[attr-defined]


def test_a_word_retyped_with_arabic_letters_other_digits_or_zwnj_is_the_same_word() -> None:
    before = "شهرداري تهران در سال ۱۴۰۲ مي‌خواهد"
    after = "شهرداری تهران در سال 1402 میخواهد"
    diff = word_diff(before, after)
    assert not diff.changed
    assert [s.op for s in diff.segments] == [DiffOp.EQUAL]
    assert diff.segments[0].text == after


def test_changes_are_whole_words_and_the_segments_give_back_both_versions() -> None:
    before = "بند یک: عوارض نوسازی ۵ درصد افزایش یابد.\nبند دو: بدون تغییر"
    after = "بند یک: عوارض نوسازی 7 درصد افزایش یابد، از سال ۱۴۰۳.\nبند دو: بدون تغییر"
    diff = word_diff(before, after)
    assert [(s.op, s.text) for s in diff.segments] == [
        (DiffOp.EQUAL, "بند یک: عوارض نوسازی "),
        (DiffOp.DELETE, "۵ "),
        (DiffOp.INSERT, "7 "),
        (DiffOp.EQUAL, "درصد افزایش یابد"),
        (DiffOp.INSERT, "، از سال ۱۴۰۳"),
        (DiffOp.EQUAL, ".\nبند دو: بدون تغییر"),
    ]
    assert diff.deleted_words == 1  # ۵ (and 7 in its place: a change, not a retyping)
    assert diff.inserted_words == 4  # 7، از سال ۱۴۰۳ (the comma is not a word)
    assert _text(diff.segments, DiffOp.EQUAL, DiffOp.INSERT) == after
    assert _text(diff.segments, DiffOp.EQUAL, DiffOp.DELETE) == (
        "بند یک: عوارض نوسازی ۵ درصد افزایش یابد.\nبند دو: بدون تغییر"
    )


def test_a_word_joined_by_zwnj_is_one_word() -> None:
    diff = word_diff("کتاب‌ها را بخوانید", "کتاب‌های تازه را بخوانید")
    assert [(s.op, s.text) for s in diff.segments] == [
        (DiffOp.DELETE, "کتاب‌ها "),
        (DiffOp.INSERT, "کتاب‌های تازه "),
        (DiffOp.EQUAL, "را بخوانید"),
    ]
    assert (diff.deleted_words, diff.inserted_words) == (1, 2)


def test_words_written_apart_or_joined_by_zwnj_are_no_change() -> None:
    diff = word_diff("شهرداری‌ها می‌توانند", "شهرداری ها میتوانند")
    assert not diff.changed
    assert [(s.op, s.text) for s in diff.segments] == [(DiffOp.EQUAL, "شهرداری ها میتوانند")]
