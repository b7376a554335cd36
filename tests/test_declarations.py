"""Nothing silently uncovered: every field of every schema the service serves is declared for both
read paths, or is a computed field named (with its reason) in `schema.declare.COMPUTED`.

And each declared type is compiled: for every type reachable from the root, an operation asking
for every field it declares (reached by its declared fields from a root field) compiles into one
statement, on both databases — a field the compiler cannot write fails here, not at run time.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest
from graphql import (
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from core.settings import Settings
from db.session import RequestDatabase
from graph.root import SUBGRAPHS, schema
from resolvers.compiled.compiler import Compiler, Unsupported
from resolvers.context import Context
from schema.declare import (
    COMPUTED,
    Column,
    Computed,
    NodeLookup,
    Paged,
    Relation,
    SqlValue,
    read_of,
)
from schema.owners import owner_of_module
from tests.ids import gid

SCHEMAS = {"merged": schema, **{name.value: sub for name, sub in SUBGRAPHS.items()}}

#: Fields the compiler writes from the shape of a connection or Federation itself.
STRUCTURAL = {
    "PageInfo": "a connection's page, written by the compiler for every connection",
    "_Service": "Federation: the subgraph's SDL, not data",
    "Query._service": "Federation: the subgraph's SDL, not data",
    "Query._entities": "Federation: each entity's `resolve_reference`, a declared lookup",
}
CONNECTION_FIELDS = {"edges", "nodes", "pageInfo", "totalCount"}
EDGE_FIELDS = {"cursor", "node"}

#: On SQLite the compiler leaves floats to the general executor: SQLite writes 15 significant
#: digits, Python the shortest exact form (resolvers/compiled/compiler.py).
FLOATS_ON_SQLITE = {"ObligationSummary.collectionRate", "CaseViolation.measure"}


def _strawberry(field: GraphQLField) -> Any:
    return field.extensions.get("strawberry-definition")


def _is_connection(type_: GraphQLObjectType) -> bool:
    return set(type_.fields) >= {"edges", "nodes", "pageInfo", "totalCount"}


def _reachable(graphql: GraphQLSchema) -> list[GraphQLObjectType]:
    assert graphql.query_type is not None
    roots = [graphql.query_type]
    if graphql.subscription_type is not None:
        roots.append(graphql.subscription_type)
    seen: dict[str, GraphQLObjectType] = {}
    queue = deque(roots)
    while queue:
        type_ = queue.popleft()
        if type_.name in seen:
            continue
        seen[type_.name] = type_
        for field in type_.fields.values():
            named = get_named_type(field.type)
            if isinstance(named, GraphQLObjectType):
                queue.append(named)
            for member in getattr(named, "types", ()):  # _Entity
                queue.append(member)
    return list(seen.values())


def _uncovered(graphql: GraphQLSchema) -> list[str]:
    missing: list[str] = []
    subscription = graphql.subscription_type.name if graphql.subscription_type else None
    for type_ in _reachable(graphql):
        if type_.name in STRUCTURAL or type_.name in COMPUTED or type_.name == subscription:
            continue
        connection = _is_connection(type_)
        edge = set(type_.fields) == EDGE_FIELDS
        for name, field in type_.fields.items():
            where = f"{type_.name}.{name}"
            if where in STRUCTURAL or where in COMPUTED:
                continue
            if (connection and name in CONNECTION_FIELDS) or (edge and name in EDGE_FIELDS):
                continue
            read = read_of(_strawberry(field)) if _strawberry(field) is not None else None
            if read is None or isinstance(read, Computed):
                missing.append(where)
    return missing


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_field_is_declared_or_named_as_computed(name: str) -> None:
    assert _uncovered(SCHEMAS[name]._schema) == []


def test_every_computed_field_says_why() -> None:
    assert COMPUTED, "the analysts' statistics and the viewer are computed"
    assert all(len(reason) > 20 for reason in COMPUTED.values()), COMPUTED


# -- every declared type compiles -------------------------------------------------------------------


def _arguments(field: GraphQLField) -> str:
    given = []
    for name, argument in field.args.items():
        if isinstance(argument.type, GraphQLNonNull):
            inner = get_named_type(argument.type)
            # a lookup's id (of the type it finds); groupBy: a national total
            kind = get_named_type(field.type).name
            value = f'"{gid(kind, 1)}"' if inner.name == "ID" else "[]"
            given.append(f"{name}: {value}")
    return f"({', '.join(given)})" if given else ""


def _selection(type_: GraphQLObjectType, depth: int) -> str:
    """Every declared field of `type_`: leaves as they are, objects and lists by one field."""
    parts: list[str] = []
    for name, field in type_.fields.items():
        read = read_of(_strawberry(field)) if _strawberry(field) is not None else None
        if not isinstance(read, Column | SqlValue | Relation | Paged):
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(name)
        elif depth > 0 and isinstance(named, GraphQLObjectType):
            inner = "totalCount nodes { __typename }" if _is_connection(named) else "__typename"
            parts.append(f"{name}{_arguments(field)} {{ {inner} }}")
    return " ".join(parts) or "__typename"


def _paths(graphql: GraphQLSchema) -> dict[str, str]:
    """For each declared type, an operation reaching it from a root field by declared fields."""
    query = graphql.query_type
    assert query is not None
    found: dict[str, str] = {}
    queue: deque[tuple[GraphQLObjectType, list[str]]] = deque()
    for name, field in query.fields.items():
        read = read_of(_strawberry(field)) if _strawberry(field) is not None else None
        if isinstance(read, NodeLookup) and not read.many:
            # `node(id:)` reaches every type implementing Node, by an id of that type
            for type_ in graphql.get_possible_types(get_named_type(field.type)):
                queue.append(
                    (type_, [f'{name}(id: "{gid(type_.name, 1)}")', f"... on {type_.name}"])
                )
            continue
        if read is None or isinstance(read, Computed | NodeLookup):
            continue
        named = get_named_type(field.type)
        assert isinstance(named, GraphQLObjectType)
        queue.append((named, [f"{name}{_arguments(field)}"]))
    while queue:
        type_, path = queue.popleft()
        if _is_connection(type_):
            node = get_named_type(type_.fields["nodes"].type)
            assert isinstance(node, GraphQLObjectType)
            type_, path = node, [*path, "nodes"]
        if type_.name in found:
            continue
        body = _selection(type_, depth=1)
        for step in reversed(path):
            body = f"{step} {{ {body} }}"
        found[type_.name] = "{ " + body + " }"
        for name, field in type_.fields.items():
            read = read_of(_strawberry(field)) if _strawberry(field) is not None else None
            named = get_named_type(field.type)
            if isinstance(read, Relation | Paged) and isinstance(named, GraphQLObjectType):
                queue.append((named, [*path, f"{name}{_arguments(field)}"]))
    return found


@pytest.mark.parametrize("name", list(SCHEMAS))
async def test_every_declared_type_compiles(
    conn: AsyncConnection, settings: Settings, backend: str, name: str
) -> None:
    from graphql import parse

    served = SCHEMAS[name]
    graphql = served._schema
    context = Context(db=RequestDatabase(connection=conn), settings=settings)
    operations = _paths(graphql)
    declared = {
        t.name
        for t in _reachable(graphql)
        if hasattr(_origin(t), "__read__") and _owned_here(name, _origin(t))
    }
    assert declared <= operations.keys(), "a declared type only a computed field reaches"
    refused: dict[str, str] = {}
    for type_name, text in operations.items():
        document = parse(text)
        operation = document.definitions[0]
        try:
            Compiler(graphql, served, context, document, operation, {}).compile()  # type: ignore[arg-type]
        except Unsupported as reason:
            refused[type_name] = str(reason)
    if backend == "sqlite":
        expected = {f.split(".")[0] for f in FLOATS_ON_SQLITE if f.split(".")[0] in operations}
        assert set(refused) == expected, refused
    else:
        assert refused == {}


def _owned_here(served: str, origin: Any) -> bool:
    """Whether the schema `served` shows the type whole: the merged graph every type, a subgraph
    its own (another owner's entity is a stub there, which a computed field such as `search`'s
    hits may be the only one to reach; it is compiled whole in its own subgraph and the merged
    graph)."""
    owner = owner_of_module(origin.__module__)
    return served == "merged" or owner is None or owner.value == served


def _origin(type_: GraphQLObjectType) -> Any:
    definition = type_.extensions.get("strawberry-definition")
    return getattr(definition, "origin", None)
