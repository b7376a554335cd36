"""Object ids: Relay's global object identification.

A client sees every row as an opaque `ID`, unique across the graph: the base64 of
"<GraphQL type>:<database key>" (the encoding of graphql-relay and Strawberry's relay, so that
tools that know it read ours). The type is part of the id, so a province's id is never taken for a
municipality's; a bare integer (the database key, as the graph showed ids before Relay) is refused
with a message that says what to send instead. The same encoding is written in SQL by the compiled
read path (`resolvers/compiled/sqljson.py`: `global_id`), byte for byte what `global_id` gives.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from functools import lru_cache

from core.errors import BadUserInput

_MAX_ID = 2**31 - 1
#: The longest type name an id may carry: "<name>:<key>" stays under 57 bytes, so PostgreSQL's
#: base64 (which breaks lines every 76 characters) writes it on one line.
MAX_KIND = 40


def global_id(kind: str, key: int) -> str:
    """The `ID` a client sees for the row of GraphQL type `kind` with database key `key`."""
    return base64.b64encode(f"{kind}:{key}".encode()).decode("ascii")


def decode_id(value: str | int) -> tuple[str, int] | None:
    """The (type, key) behind a client's `ID`; None when it is not one of the graph's ids."""
    if isinstance(value, str) and len(value) > 100:
        return _decode(value)  # a long text is not remembered (a client controls its size)
    return _remembered(value)


def _decode(value: str | int) -> tuple[str, int] | None:
    text = str(value).strip()
    if not text or len(text) > 80 or not text.isascii():
        return None
    try:
        decoded = base64.b64decode(text, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    kind, sep, key = decoded.partition(":")
    if not sep or not kind.isidentifier() or not (key.isdigit() and key.isascii()):
        return None
    number = int(key)
    if not 0 < number <= _MAX_ID or global_id(kind, number) != text:
        return None  # not canonical: one row, one id
    return kind, number


#: the same ids come back (a page's, a popular row's): each decoded once
_remembered = lru_cache(maxsize=4096, typed=True)(_decode)


class IdError(BadUserInput):
    """An `ID` that is not the id of a row of the expected type."""


def _checked(value: str | int, kind: str) -> tuple[int, None] | tuple[None, tuple[str, str]]:
    """The key behind `value` as a `kind`'s id, or why it is not one (English, Persian)."""
    decoded = decode_id(value)
    if decoded is None:
        text = str(value).strip()
        if text.isascii() and text.isdigit():
            return None, (
                f"{value!r} is not a {kind} id: ids are opaque, unique across the graph; "
                f"send the `id` the graph gave for the {kind}.",
                f"«{value}» شناسهٔ {kind} نیست: شناسه‌ها را همان‌گونه که گراف داده است بفرستید.",
            )
        return None, (
            f"{value!r} is not a valid {kind} id.",
            f"«{value}» شناسهٔ معتبر {kind} نیست.",
        )
    if decoded[0] != kind:
        return None, (
            f"{value!r} is the id of a {decoded[0]}, not of a {kind}.",
            f"«{value}» شناسهٔ {decoded[0]} است، نه {kind}.",
        )
    return decoded[1], None


def parse_id(value: str | int, *, kind: str, argument: str = "id") -> int:
    """The database key behind a client's `ID` of a `kind`, or a BAD_USER_INPUT error naming the
    argument (another type's id is refused, never taken as this type's)."""
    key, problem = _checked(value, kind)
    if problem is not None:
        raise IdError(problem[0], argument=argument, messageFa=problem[1])
    assert key is not None
    return key


def parse_key_or_problem(
    value: str | int, kind: str
) -> tuple[int, None] | tuple[None, tuple[str, str]]:
    """`parse_id` for callers that report the problem their own way (a mutation's payload)."""
    return _checked(value, kind)


#: At most this many ids in one list argument.
MAX_IDS = 1000


def parse_ids(values: Sequence[str | int], kind: str, argument: str) -> list[int]:
    """The keys behind a list of `ID`s (each once), or a BAD_USER_INPUT error naming the
    argument."""
    if len(values) > MAX_IDS:
        raise BadUserInput(f"At most {MAX_IDS} ids in one list.", argument=argument)
    return list(dict.fromkeys(parse_id(value, kind=kind, argument=argument) for value in values))
