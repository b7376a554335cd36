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
