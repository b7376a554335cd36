"""Helpers for table definitions."""

from enum import Enum

from sqlalchemy import CheckConstraint


def one_of(column: str, values: type[Enum], name: str) -> CheckConstraint:
    """A CHECK constraint that keeps a string column inside an enum's values, on both databases."""
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)
