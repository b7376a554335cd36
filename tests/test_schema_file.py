"""The committed SDL is the schema the code builds (the merged graph and each subgraph's), and
every type, field, argument and enum value is described."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from cli import SCHEMA_FILE, export_schema_text, subgraph_sdl_texts
from graph.root import SUBGRAPHS, CivicGraphSchema, schema


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == export_schema_text(), (
        "schema.graphql is stale: run `civicgraph export-schema` and commit it"
    )


SDL_FILES = subgraph_sdl_texts()


@pytest.mark.parametrize("path", list(SDL_FILES), ids=lambda p: p.stem)
def test_committed_subgraph_sdl_is_current(path: Path) -> None:
    assert path.exists(), f"{path} is missing: run `civicgraph export-schema`"
    assert path.read_text(encoding="utf-8") == SDL_FILES[path], (
        f"{path} is stale: run `civicgraph export-schema` (then `make supergraph`) and commit"
    )


# Types that Apollo Federation's specification defines, not this service.
FEDERATION_TYPES = {"link__Purpose", "link__Import", "FieldSet", "_Any", "_Service", "_Entity"}
SCHEMAS: dict[str, CivicGraphSchema] = {"merged": schema} | {
    str(name): sub for name, sub in SUBGRAPHS.items()
}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_type_field_and_argument_is_described(name: str) -> None:
    missing: list[str] = []
    for type_name, type_ in SCHEMAS[name]._schema.type_map.items():
        if type_name.startswith("_") or type_name in FEDERATION_TYPES:
            continue
        described = isinstance(type_, GraphQLObjectType | GraphQLInputObjectType | GraphQLEnumType)
        if described and not type_.description:
            missing.append(type_name)
        if isinstance(type_, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in type_.fields.items():
                if field_name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{type_name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{type_name}.{field_name}({arg_name})")
        if isinstance(type_, GraphQLEnumType):
            missing += [
                f"{type_name}.{v}" for v, value in type_.values.items() if not value.description
            ]
    assert missing == []
