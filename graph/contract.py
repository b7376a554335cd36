"""The schema contract: what was released to clients may not break silently.

A release of the schema is a committed copy of each served schema's SDL (the merged graph and
each owner's subgraph) in `schema/released/`. The current schema is compared with it by
graphql-core's `find_breaking_changes` (a removed type, field, argument or enum value, a changed
type, a new required argument or input field, …): each breaking change fails the contract, except
the removal of a field or enum value that the release had already deprecated — that is how a
field is retired (deprecate it, release, then remove it). `find_dangerous_changes` (a new enum
value, a changed default, …) is reported but does not fail: clients must tolerate them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)
from graphql.utilities import BreakingChangeType, find_breaking_changes, find_dangerous_changes

#: Where the released schemas are committed, one SDL file per served schema.
RELEASED_DIR = Path(__file__).resolve().parent.parent / "schema" / "released"

# graphql-core's wording of the two retirements a deprecation allows (3.2's, then 3.3's).
_FIELD_REMOVED = re.compile(r"^(?:Field )?(?P<type>\w+)\.(?P<field>\w+) was removed\.$")
_VALUE_REMOVED = (
    re.compile(r"^(?P<value>\w+) was removed from enum type (?P<type>\w+)\.$"),
    re.compile(r"^Enum value (?P<type>\w+)\.(?P<value>\w+) was removed\.$"),
)


@dataclass(frozen=True)
class Verdict:
    """One schema compared with its release: what breaks clients and what merely may."""

    name: str
    breaking: list[str]
    dangerous: list[str]
    retired: list[str]

    @property
    def passed(self) -> bool:
        return not self.breaking


def from_sdl(sdl: str) -> GraphQLSchema:
    """A schema from its SDL. Federation's directives are not defined in a subgraph's SDL: the
    comparison is of types, fields and arguments, so they are taken as they are."""
    return build_schema(sdl, assume_valid_sdl=True)


def _was_deprecated(released: GraphQLSchema, change_type: BreakingChangeType, text: str) -> bool:
    """True when `text` reports the removal of a field or enum value deprecated in the release."""
    if change_type is BreakingChangeType.FIELD_REMOVED and (match := _FIELD_REMOVED.match(text)):
        owner = released.type_map.get(match["type"])
        if isinstance(owner, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            field = owner.fields.get(match["field"])
            return getattr(field, "deprecation_reason", None) is not None
    if change_type is not BreakingChangeType.VALUE_REMOVED_FROM_ENUM:
        return False
    for pattern in _VALUE_REMOVED:
        if not (match := pattern.match(text)):
            continue
        enum = released.type_map.get(match["type"])
        if isinstance(enum, GraphQLEnumType) and match["value"] in enum.values:
            return enum.values[match["value"]].deprecation_reason is not None
    return False


def compare(name: str, released_sdl: str, current_sdl: str) -> Verdict:
    """The current SDL of one schema against its released SDL."""
    released, current = from_sdl(released_sdl), from_sdl(current_sdl)
    breaking, retired = [], []
    for change in find_breaking_changes(released, current):
        if _was_deprecated(released, change.type, change.description):
            retired.append(change.description)
        else:
            breaking.append(f"{change.type.name}: {change.description}")
    dangerous = [
        f"{change.type.name}: {change.description}"
        for change in find_dangerous_changes(released, current)
    ]
    return Verdict(name, breaking, dangerous, retired)


def released_file(name: str, folder: Path = RELEASED_DIR) -> Path:
    return folder / f"{name}.graphql"


def check(current: dict[str, str], folder: Path = RELEASED_DIR) -> list[Verdict]:
    """Each current schema (name → SDL) against its release; a schema never released has nothing
    to break (it is released with the next `civicgraph release-schema`)."""
    return [
        compare(name, released_file(name, folder).read_text("utf-8"), sdl)
        for name, sdl in current.items()
        if released_file(name, folder).exists()
    ]


def release(current: dict[str, str], folder: Path = RELEASED_DIR) -> list[Path]:
    """Record the current schemas as the released ones (a deliberate act: see the README)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sdl in current.items():
        path = released_file(name, folder)
        path.write_text(sdl, encoding="utf-8")
        written.append(path)
    return written
