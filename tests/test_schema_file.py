"""The committed SDL is the schema the code builds, and every type and field is described."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from cli import SCHEMA_FILE, export_schema_text
from schema.root import schema


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == export_schema_text(), (
        "schema.graphql is stale: run `civicgraph export-schema` and commit it"
    )


# Types that Apollo Federation's specification defines, not this service.
FEDERATION_TYPES = {"link__Purpose", "link__Import", "FieldSet", "_Any", "_Service", "_Entity"}


def test_every_type_field_and_argument_is_described() -> None:
    missing: list[str] = []
    for name, type_ in schema._schema.type_map.items():
        if name.startswith("_") or name in FEDERATION_TYPES:
            continue
        described = isinstance(type_, GraphQLObjectType | GraphQLInputObjectType | GraphQLEnumType)
        if described and not type_.description:
            missing.append(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in type_.fields.items():
                if field_name.startswith("_"):
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(type_, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in type_.values.items() if not value.description]
    assert missing == []
