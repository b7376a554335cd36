"""Object ids: database keys, shown to clients as `ID` strings."""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import BadUserInput

_MAX_ID = 2**31 - 1


def global_id(kind: str, key: int) -> str:
    """The `ID` a client sees for the row of GraphQL type `kind` with database key `key`."""
    return str(key)


def parse_id(value: str | int, *, kind: str, argument: str = "id") -> int:
    """The integer key behind a client's `ID`, or a BAD_USER_INPUT error naming the argument."""
    text = str(value).strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= _MAX_ID:
        return int(text)
    raise BadUserInput(f"{value!r} is not a valid {kind} id.", argument=argument)


#: At most this many ids in one list argument.
MAX_IDS = 1000


def parse_ids(values: Sequence[str | int], kind: str, argument: str) -> list[int]:
    """The keys behind a list of `ID`s (each once), or a BAD_USER_INPUT error naming the
    argument."""
    if len(values) > MAX_IDS:
        raise BadUserInput(f"At most {MAX_IDS} ids in one list.", argument=argument)
    return list(dict.fromkeys(parse_id(value, kind=kind, argument=argument) for value in values))
