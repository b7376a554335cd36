"""Enums defined once: the domain's own enums (stored values, in db/ and core/) shown as GraphQL
enums with a description for the type and for each value."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=type[Enum])


def described(enum: E, description: str, **values: str) -> E:
    """Registers `enum` as a GraphQL enum of the same name; every value must be described."""
    strawberry.enum(enum, description=description)
    definition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    missing = {member.name for member in enum} - values.keys()
    if missing or values.keys() - {member.name for member in enum}:
        raise TypeError(f"{enum.__name__}: describe exactly its values (missing {missing})")
    for value in definition.values:
        value.description = values[value.name]
    return enum
