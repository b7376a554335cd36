"""Persian text normalisation.

The same word reaches us with Arabic or Persian letters (ي/ی, ك/ک), with Persian, Arabic-Indic or
Latin digits, with or without a zero-width non-joiner. Search keys and uniqueness use the folded
form; what a person typed is stored as typed (after the letter and digit fixes).
"""

from __future__ import annotations

import re
import unicodedata

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


def like_pattern(value: str) -> str:
    """A LIKE pattern matching `value` anywhere in a search key, with LIKE's wildcards escaped."""
    key = search_key(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
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
