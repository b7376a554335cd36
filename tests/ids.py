"""Object ids as a client sends them, for tests that name a row by its database key.

Tests take ids from answers where they can; where a test knows a row's key (a seeded row, a row it
inserted itself), it names it with `gid(type name, key)`, never as a bare integer, so the tests
follow the graph's id scheme wherever it is defined (`core/ids.py`).
"""

from __future__ import annotations

from core.ids import decode_id, global_id


def gid(kind: str, key: int | str) -> str:
    """The `ID` of the row of GraphQL type `kind` with database key `key`."""
    return global_id(kind, int(key))


def key(value: str) -> int:
    """The database key behind an `ID` the graph gave (for a test's own SQL or tokens)."""
    decoded = decode_id(value)
    assert decoded is not None, f"{value!r} is not an id of the graph"
    return decoded[1]
