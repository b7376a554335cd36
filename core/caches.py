"""Per-process caches bounded by the bytes they hold, not by how many entries they hold.

A cache keyed by a query's text keeps that text (and what was built from it) alive: a count of
entries bounds nothing when each key may be half a megabyte. `BytesLRU` charges every entry an
estimate of what it keeps (`weigh`), and forgets the least recently used entries until the total
is within its budget. An entry heavier than the whole budget is not kept at all.

The estimates are deliberately simple (the length of the texts in the key, times a factor for
what was built from them): they need to grow with what an attacker controls, not to be exact.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Any, Final, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: What an entry costs besides its texts: the dict slot, the tuple, small objects.
ENTRY_OVERHEAD: Final = 200
#: The budget of a cache made without one, until `set_budget` (the server's settings) says.
DEFAULT_BUDGET: Final = 16 * 1024 * 1024
#: What a parsed document keeps per lexical token: the token itself (the AST's locations hold
#: the whole chain of tokens) and its share of the AST's nodes (measured: about 480 bytes).
TOKEN_BYTES: Final = 500

_MISSING: Any = object()


def text_bytes(value: object) -> int:
    """The bytes the texts in `value` (a str, bytes, or a tuple of them and other things) hold;
    anything else counts as a small object."""
    if isinstance(value, str):
        return len(value) + 49  # CPython's str header; non-ASCII text holds 2-4 bytes a char
    if isinstance(value, bytes):
        return len(value) + 33
    if isinstance(value, tuple | frozenset | list):
        return sum(text_bytes(item) for item in value) + 8 * len(value)
    return 32


def document_bytes(document: object, text_length: int) -> int:
    """What a parsed GraphQL document keeps alive: its text (the source, and the strings in the
    AST) and its chain of tokens. Read off the document (its `loc.start_token`, each token's
    `next`), so this module needs no GraphQL library."""
    tokens = 0
    token = getattr(getattr(document, "loc", None), "start_token", None)
    while token is not None:
        tokens += 1
        token = getattr(token, "next", None)
    return 2 * text_length + TOKEN_BYTES * tokens


class BytesLRU(Generic[K, V]):
    """A least-recently-used mapping whose entries' weights add up to at most `budget` bytes."""

    def __init__(
        self,
        budget: int | None = None,
        weigh: Callable[[K, V], int] | None = None,
        *,
        max_entries: int | None = None,
    ) -> None:
        """Without a `budget`, the process-wide one (`set_budget`) applies; `max_entries`
        bounds the count as well, where a setting asks for one."""
        self.max_entries = max_entries
        self.shared = budget is None
        self.budget = _budget if budget is None else budget
        self._weigh = weigh or (lambda key, value: text_bytes(key) + text_bytes(value))
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        if self.shared:
            _SHARED.add(self)

    @property
    def bytes(self) -> int:
        """The weight of what is kept now (never above `budget`)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[K]:
        return iter(self._entries)

    def __getitem__(self, key: K) -> V:
        value, _ = self._entries[key]
        self._entries.move_to_end(key)
        return value

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value (now the most recently used), or `default`."""
        entry = self._entries.get(key)
        if entry is None:
            return default
        self._entries.move_to_end(key)
        return entry[0]

    def __setitem__(self, key: K, value: V) -> None:
        self.pop(key)
        weight = self._weigh(key, value) + ENTRY_OVERHEAD
        if weight > self.budget:
            return  # would evict everything else and still not fit
        self._entries[key] = (value, weight)
        self._bytes += weight
        self._trim()

    def pop(self, key: K, default: Any = None) -> Any:
        entry = self._entries.pop(key, _MISSING)
        if entry is _MISSING:
            return default
        self._bytes -= entry[1]
        return entry[0]

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def resize(self, budget: int) -> None:
        """A new budget; the least recently used entries go until the rest fits."""
        self.budget = budget
        self._trim()

    def _trim(self) -> None:
        while self._bytes > self.budget or (
            self.max_entries is not None and len(self._entries) > self.max_entries
        ):
            _, (_, evicted) = self._entries.popitem(last=False)
            self._bytes -= evicted


_budget = DEFAULT_BUDGET
_SHARED: weakref.WeakSet[BytesLRU[Any, Any]] = weakref.WeakSet()


def set_budget(budget: int) -> None:
    """The budget of every cache made without one of its own (the module-level caches of the
    process, made at import): `CIVICGRAPH_CACHE_BUDGET_BYTES`, applied when the app is made."""
    global _budget
    _budget = budget
    for cache in list(_SHARED):
        cache.resize(budget)
