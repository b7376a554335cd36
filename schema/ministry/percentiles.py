"""Nearest-rank percentiles in SQL, the same figure on both databases.

The p-th percentile of n values is the ⌈p·n⌉-th smallest (the first for p = 0): PostgreSQL's
`percentile_disc`, which computes ⌈p·n⌉ in double precision; on SQLite the same rank is found with
a window and the same double-precision product, so both databases pick the same value even where
p·n is not exact in binary (0.7 × 10 is 7.000000000000001, whose ceiling is 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Float, Integer, case, cast, func, literal, select
from sqlalchemy.sql.elements import KeyedColumnElement

from core.errors import BadUserInput

#: The percentiles asked for when none are named: the median and the 90th.
DEFAULT_FRACTIONS = (0.5, 0.9)
#: At most this many percentiles in one question.
MAX_FRACTIONS = 20


def fractions(asked: Sequence[float] | None, argument: str) -> tuple[float, ...]:
    """The percentiles asked for, each once and in the order given; BAD_USER_INPUT outside 0..1."""
    if asked is None:
        return DEFAULT_FRACTIONS
    chosen = tuple(dict.fromkeys(float(p) for p in asked))
    if not chosen or len(chosen) > MAX_FRACTIONS or not all(0 <= p <= 1 for p in chosen):
        raise BadUserInput(
            f"Ask for 1 to {MAX_FRACTIONS} percentiles, each a fraction from 0 to 1 "
            "(0.5 for the median).",
            argument=argument,
        )
    return chosen


def percentile_label(index: int) -> str:
    return f"p_{index}"


def percentiles(
    dialect: str,
    durations: Any,
    key: KeyedColumnElement[Any],
    ps: Sequence[float],
) -> Any:
    """Per `key`: `key` (labelled `key`), the count and, for each fraction of `ps`, its
    nearest-rank percentile of `durations.c.seconds` (labelled `p_0`, `p_1`, …), ordered by key."""
    if dialect == "postgresql":
        return (
            select(
                key.label("key"),
                func.count().label("count"),
                *(
                    func.percentile_disc(literal(p, Float))
                    .within_group(durations.c.seconds)
                    .label(percentile_label(i))
                    for i, p in enumerate(ps)
                ),
            )
            .group_by(key)
            .order_by(key)
        )
    ranked = select(
        key,
        durations.c.seconds,
        func.row_number().over(partition_by=key, order_by=durations.c.seconds).label("rank"),
        func.count().over(partition_by=key).label("n"),
    ).subquery("ranked")
    k = ranked.c[key.name]

    def rank_of(p: float) -> Any:
        product = literal(p, Float) * ranked.c.n  # double precision, as PostgreSQL's
        whole = cast(product, Integer)
        ceiling = whole + case((product > whole, 1), else_=0)
        return func.max(ceiling, 1)

    return (
        select(
            k.label("key"),
            func.max(ranked.c.n).label("count"),
            *(
                func.max(case((ranked.c.rank == rank_of(p), ranked.c.seconds))).label(
                    percentile_label(i)
                )
                for i, p in enumerate(ps)
            ),
        )
        .group_by(k)
        .order_by(k)
    )
