"""Four schemas from one set of types: each owner's subgraph, and the merged graph.

Every schema here is a complete Apollo Federation 2.7 subgraph built from the same strawberry
types. What differs is which fields each shows (`CivicGraphSchema.get_fields`):

- an owner's subgraph shows its own types whole, and the entities of other owners (`@key` types)
  as stubs: the key fields, plus the fields it contributes (`schema/owners.py`), plus, marked
  `@external`, the fields those contributions `@requires`;
- the merged graph (`/graphql`, the embedded default) shows every field of every type, without
  `@requires`/`@external`, which only mean something between subgraphs.

Types of `schema/pagination.py` (`PageInfo`) are shared: whole in every subgraph, `@shareable`.
A subgraph reaching another owner's type that is neither an entity nor shared is a design error,
caught when the schema is built.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, Final

import strawberry.federation.schema as federation_schema
from graphql import GraphQLNamedType
from strawberry.annotation import StrawberryAnnotation
from strawberry.federation.schema_directives import External, Key, Requires
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.directive_collector import SchemaDirectiveCollector
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.tools import merge_types
from strawberry.types.base import (
    StrawberryContainer,
    StrawberryObjectDefinition,
    get_object_definition,
)
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.union import StrawberryUnion

from graph import execution
from graph.extensions import ReleaseDatabase
from graph.federation import FederatedSchema
from graph.limits import RequestLimits
from graph.tracing import GatewayTracing
from resolvers.article100.mutation import Article100Mutation
from resolvers.associations.mutation import AssociationsMutation
from resolvers.compiled.extension import CompiledReads
from resolvers.documents.mutation import DocumentsMutation
from resolvers.ministry.mutation import MinistryMutation
from resolvers.municipalities.draft_directive_events import MunicipalitiesSubscription
from resolvers.municipalities.mutation import MunicipalitiesMutation
from resolvers.neighbourhoods.mutation import NeighbourhoodsMutation
from resolvers.neighbourhoods.small_project_events import NeighbourhoodsSubscription
from schema.article100.query import Article100Query
from schema.associations.query import AssociationsQuery
from schema.auth import AuthQuery
from schema.councils.query import CouncilsQuery
from schema.declare import NODES
from schema.errors import MaskInternalErrors
from schema.ministry.analytics import AnalyticsQuery
from schema.ministry.circulars import CircularsQuery
from schema.ministry.query import MinistryQuery
from schema.municipalities.query import MunicipalitiesQuery
from schema.neighbourhoods.query import NeighbourhoodsQuery
from schema.nodes import NodeQuery
from schema.owners import SUBGRAPH_KEY, Subgraph, owner_of_module
from schema.scalars import SCALARS
from schema.search.root import SearchQuery

execution.install()

#: The subgraph of Relay's `node(id:)` / `nodes(ids:)`: it knows every type implementing Node (the
#: others' as entity stubs) and answers the type and id of any object the caller may see; the
#: gateway asks the owner for the rest.
NODE_OWNER: Final = Subgraph.MUNICIPALITIES

#: Both Apollo's and The Guild's composition accept Federation 2.7 (Strawberry's default is newer).
FEDERATION_VERSION: Final = "2.7"

_ROOTS: dict[Subgraph, tuple[type, ...]] = {
    Subgraph.MUNICIPALITIES: (
        MunicipalitiesQuery,
        AssociationsQuery,
        Article100Query,
        SearchQuery,
        AuthQuery,
        NodeQuery,
    ),
    Subgraph.MINISTRY: (MinistryQuery, AnalyticsQuery, CircularsQuery),
    Subgraph.COUNCILS: (CouncilsQuery, NeighbourhoodsQuery),
}
#: Each subgraph's mutations, when it has some: the owner of the data changed is the subgraph that
#: mutates it (a Mutation root per subgraph, merged for /graphql like the Query roots).
_MUTATION_ROOTS: dict[Subgraph, tuple[type, ...]] = {
    Subgraph.MUNICIPALITIES: (
        MunicipalitiesMutation,
        AssociationsMutation,
        Article100Mutation,
        DocumentsMutation,
    ),
    Subgraph.MINISTRY: (MinistryMutation,),
    Subgraph.COUNCILS: (NeighbourhoodsMutation,),
}
#: Live events belong to the drafts' owner; the merged graph serves them too (WebSocket).
_SUBSCRIPTION_ROOTS: dict[Subgraph, tuple[type, ...]] = {
    Subgraph.MUNICIPALITIES: (MunicipalitiesSubscription,),
    Subgraph.COUNCILS: (NeighbourhoodsSubscription,),
}
_DESCRIPTIONS: dict[Subgraph | None, str] = {
    None: (
        "Reads across Iran's municipalities, the mayors' committee, draft directives, "
        "social-security obligations, city councils and their assembly, the union of "
        "municipalities, the Assembly of Mayors of Iran's Metropolises, and a district's "
        "neighbourhood councils."
    ),
    Subgraph.MUNICIPALITIES: (
        "The municipalities' reads: provinces, municipalities, mayors, the mayors' committee, "
        "draft directives, joint sessions of mayors, the union of municipalities and its "
        "elections, the Assembly of Mayors of Iran's Metropolises and its commission."
    ),
    Subgraph.MINISTRY: (
        "The Ministry of Interior's reads: social-security obligations and the analysts' figures."
    ),
    Subgraph.COUNCILS: (
        "The councils' reads: city councils, their assembly, resolutions and government bills; "
        "a district's neighbourhood councils, their working groups, escalations and small "
        "projects."
    ),
}


def _query_type(subgraph: Subgraph | None) -> type:
    roots = _ROOTS[subgraph] if subgraph else tuple(q for qs in _ROOTS.values() for q in qs)
    query = merge_types("Query", roots)
    query.__strawberry_definition__.description = _DESCRIPTIONS[subgraph]  # type: ignore[attr-defined]
    return query


def _mutation_type(subgraph: Subgraph | None) -> type | None:
    roots = (
        _MUTATION_ROOTS.get(subgraph, ())
        if subgraph
        else tuple(m for ms in _MUTATION_ROOTS.values() for m in ms)
    )
    if not roots:
        return None
    mutation = merge_types("Mutation", roots)
    mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
        "Writes: the life of a draft directive (offices, committee, ministry), the committee's "
        "administration, the union's elections, the commission's follow-up, and the neighbourhood "
        "councils' small projects, escalations and meetings. Each needs a bearer token; each returns a payload with `errors`."
    )
    return mutation


def _subscription_type(subgraph: Subgraph | None) -> type | None:
    roots = (
        _SUBSCRIPTION_ROOTS.get(subgraph, ())
        if subgraph
        else tuple(s for ss in _SUBSCRIPTION_ROOTS.values() for s in ss)
    )
    if not roots:
        return None
    subscription = merge_types("Subscription", roots)
    subscription.__strawberry_definition__.description = (  # type: ignore[attr-defined]
        "Live events over WebSocket (graphql-transport-ws) at /graphql."
    )
    return subscription


def _field_names(field_set: str) -> list[str]:
    """The top-level names of a simple FieldSet such as "id" or "kind nameFa"."""
    return [name for name in field_set.replace(",", " ").split() if name.isidentifier()]


class CivicGraphSchema(FederatedSchema):
    """A Federation 2.7 schema showing one subgraph's fields, or (subgraph None) all of them."""

    def __init__(self, subgraph: Subgraph | None, **kwargs: Any) -> None:
        self.subgraph = subgraph
        self._fields: dict[int, tuple[StrawberryObjectDefinition, list[StrawberryField]]] = {}
        config: StrawberryConfig = kwargs.setdefault("config", StrawberryConfig())
        self._names = config.name_converter
        super().__init__(**kwargs)

    # Strawberry finds the entities (for `_entities`) and the directives to @link by reading
    # every field of every type; a subgraph shows only some, so both read what it shows.

    def _get_federation_query_type(self, query: Any, mutation: Any, *args: Any) -> type:
        reachable = self._reachable_entities(query) | self._reachable_entities(mutation)
        if self.subgraph in (None, NODE_OWNER):
            # `node(id:)` may answer any of them (as a stub, where another subgraph owns it)
            reachable |= {source.cls for source in NODES.values()}
        entities = sorted(reachable, key=lambda t: t.__name__)
        union = (
            StrawberryUnion(
                "_Entity", type_annotations=tuple(StrawberryAnnotation(t) for t in entities)
            )
            if entities
            else None
        )
        # strawberry builds `_entities` from a module-level finder that reads every field; for
        # the duration of this call (schemas are built at import, one at a time) it gets ours.
        finder = federation_schema._get_entity_type
        federation_schema._get_entity_type = lambda *_: union
        try:
            built: type = super()._get_federation_query_type(query, mutation, *args)
        finally:
            federation_schema._get_entity_type = finder
        return built

    def _reachable_entities(self, root: type | None) -> set[type]:
        entities: set[type] = set()
        seen: set[int] = set()
        stack: list[Any] = [root] if root is not None else []
        while stack:
            type_ = stack.pop()
            while isinstance(type_, StrawberryContainer):
                type_ = type_.of_type
            if isinstance(type_, LazyType):
                type_ = type_.resolve_type()
            definition = get_object_definition(type_, strict=False)
            if definition is None or id(definition) in seen:
                continue
            seen.add(id(definition))
            if definition.is_object_type and any(
                isinstance(d, Key) for d in definition.directives or ()
            ):
                entities.add(type_)
            type_vars = definition.specialized_type_var_map or {}
            for field in self.get_fields(definition):
                if type_vars and field.is_graphql_generic:
                    field = field.copy_with(type_vars)  # Connection[X]'s edges and nodes
                stack.append(field.type)
        return entities

    def _collect_schema_directives(
        self, explicit_directive_types: Iterable[type], graphql_types: Iterable[Any]
    ) -> list[type]:
        # strawberry's own, with a collector that reads the fields shown
        collector = _ShownDirectives(self.schema_converter)
        for directive_type in explicit_directive_types:
            collector.add_directive_type(directive_type)
        collector.add_schema_directives(self.schema_directives)
        collector.add_graphql_types(graphql_types)
        collector.collect()
        self._schema_directives_in_use = collector.directives_in_use
        prepared_count = len(self.schema_directives)
        self._prepare_schema_directives()
        collector.add_schema_directives(self.schema_directives[prepared_count:])
        collector.collect()
        self._schema_graphql_directives = collector.graphql_directives
        return collector.directive_types

    def get_fields(self, type_definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        # Called for each type while the schema is built (and again later): answer the same
        # field objects each time, since the built schema points at them.
        # Specialised generics share their generic's name until named, so key by identity, and
        # hold the definition so that its id is never reused by another.
        cached = self._fields.get(id(type_definition))
        if cached is None:
            cached = self._fields[id(type_definition)] = (
                type_definition,
                self._select(type_definition),
            )
        return cached[1]

    def _graphql_name(self, field: StrawberryField) -> str:
        return self._names.get_graphql_name(field)

    def _select(self, definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        fields = list(definition.fields)
        if definition.is_input or definition.name in ("Query", "Mutation", "Subscription"):
            return fields
        if self.subgraph is None:
            return [_without(field, Requires, External) for field in fields]
        owner = owner_of_module(definition.origin.__module__)
        if owner is None:  # shared value types
            return fields
        mine = [f for f in fields if f.metadata.get(SUBGRAPH_KEY, owner) == self.subgraph]
        if owner == self.subgraph:
            return mine
        keys = {
            name
            for directive in definition.directives or ()
            if isinstance(directive, Key)
            for name in _field_names(str(directive.fields))
        }
        if not keys:
            raise TypeError(
                f"{definition.name} belongs to the {owner} subgraph and is reached from the "
                f"{self.subgraph} subgraph: make it an entity (@key) or a shared type"
            )
        required = {
            name
            for field in mine
            for directive in field.directives or ()
            if isinstance(directive, Requires)
            for name in _field_names(str(directive.fields))
        }
        selected: list[StrawberryField] = []
        for field in fields:
            name = self._graphql_name(field)
            if field in mine or name in keys:
                selected.append(field)
            elif name in required:
                selected.append(_with(field, External()))
        return selected


class _ShownDirectives(SchemaDirectiveCollector):
    """Records the directives of the fields a type shows, not of every field it declares."""

    def _visit_graphql_type(self, graphql_type: GraphQLNamedType) -> None:
        graphql_fields = getattr(graphql_type, "fields", {})
        definition = graphql_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if definition is not None:
            self._record_applied_directives(definition)
            for graphql_field in graphql_fields.values():
                field = graphql_field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
                if field is None:
                    continue
                self._record_applied_directives(field)
                for argument in getattr(field, "arguments", ()):
                    self._record_applied_directives(argument)
            for value in getattr(definition, "values", ()):
                self._record_applied_directives(value)
        for graphql_field in graphql_fields.values():
            self._queue_graphql_type(graphql_field.type)
            for argument in getattr(graphql_field, "args", {}).values():
                self._queue_graphql_type(argument.type)
        for interface in getattr(graphql_type, "interfaces", ()):
            self._queue_graphql_type(interface)
        for member_type in getattr(graphql_type, "types", ()):
            self._queue_graphql_type(member_type)


def _without(field: StrawberryField, *kinds: type) -> StrawberryField:
    if not any(isinstance(d, kinds) for d in field.directives or ()):
        return field
    stripped = copy.copy(field)
    stripped.directives = [d for d in field.directives if not isinstance(d, kinds)]
    return stripped


def _with(field: StrawberryField, *directives: object) -> StrawberryField:
    extended = copy.copy(field)
    extended.directives = [*(field.directives or ()), *directives]
    return extended


def build_schema(
    subgraph: Subgraph | None = None, *, traced: bool | None = None
) -> CivicGraphSchema:
    """The merged graph (no subgraph) or one owner's subgraph; `traced` (default: subgraphs
    only) adds federated tracing (ftv1) for the gateway (its header and shared secret)."""
    extensions: list[Any] = [
        MaskInternalErrors,
        ReleaseDatabase,
        RequestLimits,  # parsing and validation (cached, per schema), the limits between them
        CompiledReads,
    ]
    if subgraph is not None if traced is None else traced:
        # ftv1 traces, for the gateway alone (graph/tracing.py). The extension wraps every
        # field's resolver: the merged graph keeps a traced twin for the requests that ask.
        extensions.insert(-1, GatewayTracing)
    return CivicGraphSchema(
        subgraph,
        query=_query_type(subgraph),
        mutation=_mutation_type(subgraph),
        subscription=_subscription_type(subgraph),
        extensions=extensions,
        federation_version=FEDERATION_VERSION,
        config=StrawberryConfig(scalar_map=SCALARS),
        types=([source.cls for source in NODES.values()] if subgraph in (None, NODE_OWNER) else []),
    )
