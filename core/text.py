"""Persian text normalisation, and the hygiene every text input passes.

The same word reaches us with Arabic or Persian letters (ي/ی, ك/ک), with Persian, Arabic-Indic or
Latin digits, with or without a zero-width non-joiner. Search keys and uniqueness use the folded
form; what a person typed is stored as typed (after the letter and digit fixes).

**Hygiene** (`refused_character`, applied by every mutation's text through `clean_text` in
resolvers/municipalities/drafts.py and by every search through `like_pattern`): control
characters (C0 but tab, newline and carriage return, DEL, C1) and the bidirectional embedding,
override and isolate controls (U+202A–U+202E, U+2066–U+2069) are refused, not stripped. A NUL is
refused by PostgreSQL and kept by SQLite; the other controls are invisible; the bidi controls make
text read differently from what it is (a title can display as something it does not say).
Stripping would store something other than what the person sent without telling them; refusing
names the field so the client can fix it. Tab and newline are whitespace: a single-line field
folds them into spaces, a body keeps its lines. The marks Persian needs (ZWNJ U+200C, ZWJ,
LRM/RLM U+200E/U+200F) are allowed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from core.errors import BadUserInput

#: The longest search string: a search is a few words (SQLite refuses LIKE patterns over 50,000
#: bytes; nothing useful comes near that).
SEARCH_MAX: Final = 200

_REFUSED: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def refused_character(value: str) -> str | None:
    """The first character text may not hold, as `U+XXXX`, or None when it is clean."""
    found = _REFUSED.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def clean_search(value: str, *, argument: str) -> str:
    """A search string within its length and clean; else BAD_USER_INPUT naming `argument`."""
    if len(value) > SEARCH_MAX:
        raise BadUserInput(
            f"A search is at most {SEARCH_MAX} characters (it has {len(value)}).",
            argument=argument,
            messageFa=f"عبارت جست‌وجو حداکثر {SEARCH_MAX} نویسه است.",
        )
    character = refused_character(value)
    if character is not None:
        raise BadUserInput(
            f"A search may not hold the control character {character}.",
            argument=argument,
            messageFa="عبارت جست‌وجو نویسه کنترلی غیرمجاز دارد.",
        )
    return value


_LETTERS = str.maketrans(
    {
        "ي": "ی",  # ARABIC LETTER YEH
        "ى": "ی",  # ARABIC LETTER ALEF MAKSURA
        "ك": "ک",  # ARABIC LETTER KAF
        "ە": "ه",  # ARABIC LETTER AE
        "ۀ": "ه",  # HEH WITH YEH ABOVE, folded for search only (see search_key)
    }
)
_DIGITS = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩",
    "01234567890123456789",
)
_TATWEEL_AND_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_SPACES = re.compile(r"[\s\u200c\u200d\u200e\u200f]+")


def normalize_text(value: str) -> str:
    """The stored form: Persian letters, Latin digits, tidy spaces; ZWNJ kept inside words."""
    value = unicodedata.normalize("NFC", value)
    value = value.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")
    value = value.translate(_DIGITS)
    value = _TATWEEL_AND_MARKS.sub("", value)
    return " ".join(part for part in re.split(r"[ \t\r\n\f\v]+", value) if part).strip()


def search_key(value: str) -> str:
    """The folded form used for search and uniqueness: also case-folded, and ZWNJ and spacing
    ignored, so `خرم‌آباد`, `خرم آباد` and `خرمآباد` meet."""
    value = unicodedata.normalize("NFC", value).translate(_LETTERS).translate(_DIGITS)
    value = _TATWEEL_AND_MARKS.sub("", value)
    value = _SPACES.sub("", value)
    return value.casefold()


def like_pattern(value: str, *, argument: str = "filter.search") -> str:
    """A LIKE pattern matching `value` anywhere in a search key, with LIKE's wildcards escaped;
    the search is checked first (`clean_search`)."""
    key = (
        search_key(clean_search(value, argument=argument))
        .replace("\\", "\\\\")
        .replace("%", "\\%")
        .replace("_", "\\_")
    )
    return f"%{key}%"


#: The Persian alphabet in its dictionary order (آ before ا, then ب پ ت …), each letter with the
#: other forms the data may hold.
PERSIAN_ALPHABET: tuple[tuple[str, ...], ...] = (
    ("آ",),
    ("ا",),
    ("ب",),
    ("پ",),
    ("ت",),
    ("ث",),
    ("ج",),
    ("چ",),
    ("ح",),
    ("خ",),
    ("د",),
    ("ذ",),
    ("ر",),
    ("ز",),
    ("ژ",),
    ("س",),
    ("ش",),
    ("ص",),
    ("ض",),
    ("ط",),
    ("ظ",),
    ("ع",),
    ("غ",),
    ("ف",),
    ("ق",),
    ("ک", "ك"),
    ("گ",),
    ("ل",),
    ("م",),
    ("ن",),
    ("و",),
    ("ه", "ۀ"),
    ("ی", "ي"),
)


#: Put after a letter, sorts it after every word that goes on with another letter: پ is «ب» and
#: this, so پ comes after بی and before ت.
_AFTER = "\u06ff"
#: What Unicode's order (the Arabic block) gets wrong for Persian: پ چ ژ گ are outside it, ک and
#: ی are not the Arabic letters it ranks, and it puts ه before و.
_PERSIAN_ORDER = (
    ("\u200c", ""),  # a zero-width non-joiner is not a letter
    ("پ", "ب" + _AFTER),
    ("چ", "ج" + _AFTER),
    ("ژ", "ز" + _AFTER),
    ("ک", "ك"),
    ("گ", "ك" + _AFTER),
    ("ه", "و" + _AFTER),
    ("ۀ", "و" + _AFTER),
    ("ی", "ي"),
)


def persian_sort_replacements() -> tuple[tuple[str, str], ...]:
    """(text, replacement) pairs, applied in turn, that make a key of Persian text whose byte
    (code point) order is Persian alphabetical order. Few enough for SQL's nested `replace` on
    SQLite, whose parser refuses deep nesting; no replacement makes text a later one replaces."""
    return _PERSIAN_ORDER


def persian_sort_key(value: str) -> str:
    """The key `persian_sort_replacements` gives, in Python (what the SQL expression computes)."""
    for text, replacement in _PERSIAN_ORDER:
        value = value.replace(text, replacement)
    return value


# --- full-text search: the words of a text and of a query, folded alike ------------------------

#: A word of a text as written: letters and digits, with the marks, tatweel and joiners Persian
#: writes inside words (an underscore or any punctuation separates words).
_WORD = re.compile("(?:[^\\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d])+")
_JOINERS = re.compile("[\u200c\u200d]+")
#: What `str.split()` keeps: the runs between white space (a word never holds white space).
_PIECE = re.compile(r"\S+")
#: At most this many words in a search; more say nothing a ranked search can use.
SEARCH_WORDS_MAX: Final = 12


#: Letters a search also treats as one, as Persian writers do: a hamza on alef, waw or yeh is often
#: left out (تأمین and تامین, مسائل and مسایل), the madda too (درآمد and درامد), and Arabic teh
#: marbuta is written heh.
_SEARCH_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ی", "ة": "ه"}
)


def _fold(word: str) -> str:
    """A word as the index holds it: Persian letters (hamza carriers folded), Latin digits, no
    marks or tatweel, case folded."""
    word = unicodedata.normalize("NFC", word).translate(_LETTERS).translate(_DIGITS)
    return _TATWEEL_AND_MARKS.sub("", word).translate(_SEARCH_LETTERS).casefold()


@lru_cache(maxsize=16384)
def word_forms(word: str) -> tuple[str, ...]:
    """The index keys of one written word: the word with its zero-width non-joiners dropped
    (`کتاب‌ها` → `کتابها`), then, when it had some, its pieces (`کتاب`, `ها`) — so `خرم‌آباد`
    is found by `خرم‌آباد`, `خرمآباد` and `خرم آباد` alike. Remembered for the most recent
    16,384 words: a language's running text repeats its words, and snippets and highlights fold
    every word they pass (a few MB at most)."""
    pieces = [folded for piece in _JOINERS.split(word) if (folded := _fold(piece))]
    joined = "".join(pieces)
    if not joined:
        return ()
    return (joined, *pieces) if len(pieces) > 1 else (joined,)


def index_text(value: str | None) -> str:
    """The text a full-text index holds for `value`: each word's keys (`word_forms`), separated
    by spaces, so both databases' tokenizers see the same words (letters and digits only)."""
    if not value:
        return ""
    return " ".join(key for word in _WORD.findall(value) for key in word_forms(word))


def search_words(value: str, *, argument: str = "query") -> list[tuple[str, ...]]:
    """The words of a search, each as its keys (`word_forms`): a text matches when every word
    matches, a word when a key of the text starts with its first key, or with each of its
    pieces. BAD_USER_INPUT when the search is too long, unclean, has no word or too many."""
    words = [
        forms
        for word in _WORD.findall(clean_search(value, argument=argument))
        if (forms := word_forms(word))
    ]
    words = list(dict.fromkeys(words))
    if not words:
        raise BadUserInput(
            "A search needs at least one word (letters or digits).",
            argument=argument,
            messageFa="عبارت جست‌وجو دست کم یک واژه لازم دارد.",
        )
    if len(words) > SEARCH_WORDS_MAX:
        raise BadUserInput(
            f"A search has at most {SEARCH_WORDS_MAX} words (it has {len(words)}).",
            argument=argument,
            messageFa=f"عبارت جست‌وجو حداکثر {SEARCH_WORDS_MAX} واژه است.",
        )
    return words


def _prefixes(words: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Every key of a search's words: a written word is found when one of its keys starts with
    one of these."""
    return tuple(prefix for word in words for prefix in word)


def _matches(forms: tuple[str, ...], prefixes: tuple[str, ...]) -> bool:
    """Whether a written word (its keys) is one a search's words (`_prefixes`) found."""
    return any(key.startswith(prefixes) for key in forms)


class WordMatcher:
    """Whether a written word is one a search's words find (a key of it starts with a key of
    theirs), each distinct written word decided once: the snippets and titles of one page of
    hits repeat their words."""

    __slots__ = ("_found", "_prefixes")

    def __init__(self, words: list[tuple[str, ...]]) -> None:
        self._prefixes = _prefixes(words)
        self._found: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        found = self._found.get(word)
        if found is None:
            found = self._found[word] = _matches(word_forms(word), self._prefixes)
        return found


def highlights(value: str, matcher: WordMatcher) -> list[tuple[int, int]]:
    """(start, length) in characters of each word of `value` the search's words match."""
    return [
        (found.start(), len(found.group()))
        for found in _WORD.finditer(value)
        if matcher(found.group())
    ]


def snippet(
    value: str, matcher: WordMatcher, *, before: int = 12, length: int = 36
) -> tuple[str, list[tuple[int, int]]]:
    """A passage of `value` around the first word the search matches (its beginning when none
    does): about `length` words, cut at word boundaries, `…` where it was cut; and the matched
    words' (start, length) within the passage."""
    # the words up to the first match and `length` after it (one more tells whether the passage
    # was cut), not the whole text's
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    found: int | None = None
    for match in _WORD.finditer(value):
        spans.append(match.span())
        words.append(match.group())
        if found is None and matcher(words[-1]):
            found = len(spans) - 1
        if found is not None and len(spans) > max(0, found - before) + length:
            break
    if not spans:
        return "", []
    first = found or 0
    start_word = max(0, first - before)
    end_word = min(len(spans), start_word + length)
    start = spans[start_word][0] if start_word > 0 else 0
    end = spans[end_word - 1][1] if end_word < len(spans) else len(value)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(value) else ""
    # the passage's runs of spaces made one space; its words are the text's words
    # `start_word` … `end_word`, each moved left by the spaces dropped before it
    pieces: list[str] = []
    marked: list[tuple[int, int]] = []
    at = len(prefix)  # where the next piece begins in the passage
    word = start_word
    for piece in _PIECE.finditer(value, start, end):
        piece_start, piece_end = piece.span()
        while word < end_word and spans[word][0] < piece_end:
            word_start, word_end = spans[word]
            if matcher(words[word]):
                marked.append((at + word_start - piece_start, word_end - word_start))
            word += 1
        pieces.append(piece.group())
        at += piece_end - piece_start + 1
    return f"{prefix}{' '.join(pieces)}{suffix}", marked
