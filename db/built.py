"""Statements built once and run many times: for a statement that SQLAlchemy builds per request
from the caller's conditions (read rule and filter) around values that change at every run
(the instant of "now").

Building such a statement is most of a request's work in the worker: the analysts' pipeline
built four of them per request, ≈ 100 KiB of expression objects each (a subquery's columns are
copied for every subquery over it), and generating SQLAlchemy's cache key walked all of it
again at every run. Sixteen such requests at once in one worker held 6.4 MiB of them at the
peak; memory that Python's allocator then keeps (an arena is given back only once every object
in it is gone, and the few objects that outlive a burst are scattered across the arenas the
burst opened).

`built` keeps a statement for its shape — the caller's `key` (what else it was built from:
dialect, options) and the conditions themselves, their structure *and their values* — so a
statement is only reused for the very conditions it was built with: nothing of one caller's
read rule is ever run for another. The values that change at every run are named bound
parameters the caller passes at execution (`db.all(statement, {"as_of": …})`). A statement's
SQLAlchemy cache key is memoized on the statement, so a reused statement is not walked again."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Final

from sqlalchemy import ColumnElement

from core.caches import BytesLRU, text_bytes

#: What a kept statement holds (its expression objects and memoized attributes; measured
#: 100-160 KiB for the pipeline's, built and keyed).
STATEMENT_BYTES: Final = 128 * 1024
#: At most ≈ 32 statements a process: the shapes a dashboard asks again and again.
BUDGET: Final = 4 * 1024 * 1024

_KEPT: BytesLRU[Hashable, Any] = BytesLRU(
    BUDGET, weigh=lambda key, _: STATEMENT_BYTES + text_bytes(key)
)


def conditions_key(conditions: Sequence[ColumnElement[bool]]) -> Hashable | None:
    """The conditions' structure and bound values, hashable; None when some condition has no
    cache key (SQLAlchemy's own verdict that it cannot be compared) or an unhashable value."""
    key: list[Hashable] = []
    for condition in conditions:
        cache_key = condition._generate_cache_key()
        if cache_key is None:
            return None
        values: list[Any] = []
        for bound in cache_key.bindparams:
            value = bound.effective_value
            values.append(tuple(value) if isinstance(value, list) else value)
        key.append((cache_key.key, tuple(values)))
    try:
        hash(tuple(key))
    except TypeError:
        return None
    return tuple(key)


def built(
    key: Hashable, conditions: Sequence[ColumnElement[bool]], build: Callable[[], Any]
) -> Any:
    """The statement `build()` makes for `key` and `conditions`: made on first use, then kept
    (least recently used first out, within `BUDGET`). `build` must read nothing but `key`'s
    parts and `conditions`."""
    shape = conditions_key(conditions)
    if shape is None:
        return build()
    full = (key, shape)
    statement = _KEPT.get(full)
    if statement is None:
        statement = build()
        _KEPT[full] = statement
    return statement


def forget() -> None:
    """Drop every kept statement (tests)."""
    _KEPT.clear()
