"""Object ids: database keys, shown to clients as `ID` strings."""

from __future__ import annotations

from core.errors import BadUserInput

_MAX_ID = 2**31 - 1


def parse_id(value: str | int, *, kind: str, argument: str = "id") -> int:
    """The integer key behind a client's `ID`, or a BAD_USER_INPUT error naming the argument."""
    text = str(value).strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= _MAX_ID:
        return int(text)
    raise BadUserInput(f"{value!r} is not a valid {kind} id.", argument=argument)
