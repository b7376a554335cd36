"""A diff of two Persian texts by words, that reads as a person would mark up a page.

Words are compared by their search key (core/text.py): a word typed with Arabic ي/ك or Persian
ی/ک, with Persian or Latin digits, or with a zero-width non-joiner or without one (`می‌شود`,
`میشود`) is the same word, and a run of words written apart or joined (`شهرداری ها`,
`شهرداری‌ها`) is the same run, so retyping does not show as a change; the text shown is the newer
version's. Each word keeps the spaces and line breaks that follow it, so joined segments give back
the text as it was written. Punctuation (، ؛ . ؟ and the rest) is a word of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Final

from core.text import search_key

#: A word (letters and digits, joined by ZWNJ/ZWJ into one) or one other visible character, with
#: the whitespace after it.
_TOKEN: Final = re.compile(r"(\w+(?:[\u200c\u200d]+\w+)*[\u200c\u200d]*|[^\w\s])(\s*)")


class DiffOp(StrEnum):
    EQUAL = "EQUAL"
    INSERT = "INSERT"
    DELETE = "DELETE"


@dataclass(frozen=True)
class Segment:
    op: DiffOp
    text: str


@dataclass(frozen=True)
class WordDiff:
    segments: tuple[Segment, ...]
    inserted_words: int
    deleted_words: int

    @property
    def changed(self) -> bool:
        return bool(self.inserted_words or self.deleted_words)


def words(text: str) -> list[tuple[str, str]]:
    """(word, the word with the whitespace after it), in order; leading whitespace is dropped."""
    return [(m.group(1), m.group(0)) for m in _TOKEN.finditer(text)]


def _is_word(token: str) -> bool:
    return bool(re.match(r"\w", token))


def word_diff(before: str, after: str) -> WordDiff:
    """The changes that make `after` of `before`, by words, adjacent words of one kind joined."""
    old, new = words(before), words(after)
    old_keys, new_keys = [search_key(w) for w, _ in old], [search_key(w) for w, _ in new]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    segments: list[Segment] = []
    inserted = deleted = 0

    def add(op: DiffOp, tokens: list[tuple[str, str]]) -> None:
        if not tokens:
            return
        text = "".join(spaced for _, spaced in tokens)
        if segments and segments[-1].op is op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (
            # «شهرداری‌ها» and «شهرداری ها»: one word or two, the same letters
            tag == "replace" and "".join(old_keys[i1:i2]) == "".join(new_keys[j1:j2])
        ):
            add(DiffOp.EQUAL, new[j1:j2])
            continue
        if tag in ("delete", "replace"):
            add(DiffOp.DELETE, old[i1:i2])
            deleted += sum(1 for w, _ in old[i1:i2] if _is_word(w))
        if tag in ("insert", "replace"):
            add(DiffOp.INSERT, new[j1:j2])
            inserted += sum(1 for w, _ in new[j1:j2] if _is_word(w))
    return WordDiff(tuple(segments), inserted, deleted)
