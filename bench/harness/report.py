"""The printed (and saved) report: Markdown tables, aligned so that they read well in a terminal."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.load import Measurement


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A Markdown table; `align` has one letter per column, l or r (default: first l, rest r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.ljust(w) if a == "l" else c.rjust(w)
            for c, w, a in zip(cells, widths, align, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "| "
        + " | ".join(
            ("-" * w) if a == "l" else ("-" * (w - 1) + ":")
            for w, a in zip(widths, align, strict=True)
        )
        + " |"
    )
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


@dataclass
class Check:
    """What the statement-counting pass learned about one target's answer to one question."""

    error: str | None = None
    data_statements: float | None = None
    control_statements: float | None = None
    response_bytes: int | None = None
    single_ms: float | None = None
    canonical: Any = None
    disagreement: list[str] = field(default_factory=list)

    @property
    def statements(self) -> str:
        if self.data_statements is None or self.control_statements is None:
            return "?"
        return f"{_count(self.data_statements)}+{_count(self.control_statements)}"


def _count(value: float) -> str:
    return str(round(value)) if abs(value - round(value)) < 0.05 else f"{value:.1f}"


@dataclass
class Cell:
    """One (question, concurrency, target): the rounds measured, or why there are none."""

    rounds: list[Measurement] = field(default_factory=list)
    error: str | None = None

    def median(self, attribute: str) -> float | None:
        values = [getattr(m, attribute) for m in self.rounds]
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    @property
    def rps(self) -> float | None:
        return self.median("rps")


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if digits == 0 or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def short(message: str, limit: int = 90) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
