"""Compile a validated query operation into one SQL statement that returns its `data` as JSON.

The compiler walks the operation's selections against the schema, reading each field's
declaration (schema/declare.py) — the same declarations the general executor's resolvers are
built from: columns and expressions become formatted values, relationships correlated subqueries,
lists JSON aggregates, connections the same keyset pages as the general path (schema/listing.py),
grouped roots (the analysts' sums) an aggregate subquery. Every table read carries its type's read
rule for the caller (the caller's ids are bound parameters). Root lookups are looked up first and
make the statement give NULL when one finds nothing; a lookup whose id is an `ID` variable is a
parameter (a slot), so the statement serves every id. A computed field (or anything else not
declared) raises `Unsupported`, and the caller runs the general executor instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLUnionType,
    InlineFragmentNode,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Table,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from strawberry.types.arguments import convert_arguments

from core.auth import Viewer
from core.errors import DomainError
from core.ids import MAX_IDS, parse_id
from resolvers.compiled.sqljson import SqlJson
from resolvers.reads import ViewerScope
from schema.declare import (
    Column,
    Computed,
    Finished,
    Grouped,
    Lookup,
    NodeLookup,
    Paged,
    Relation,
    Rows,
    Source,
    SqlValue,
    Uncompilable,
    node_of,
    read_of,
)
from schema.listing import (
    ListSpec,
    PageArgs,
    conditions,
    cursor_prefix,
    order_by,
    sort_expression,
)

if TYPE_CHECKING:
    from resolvers.context import Context

Alias = FromClause
Expression = ColumnElement[Any]


class Unsupported(Uncompilable):
    """The operation needs the general executor."""


# --- the compiler ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A root lookup whose id comes straight from an `ID` variable (`draftDirective(id: $id)`):
    the statement holds it as the bound parameter `key`, so the same statement serves every
    value of that variable (`bind`)."""

    variable: str
    kind: str
    key: str


@dataclass(frozen=True)
class Prepared:
    """A statement as the driver takes it: SQL text with positional parameters, the arguments it
    was compiled with, and where each slot's value goes (with the column type's conversion)."""

    sql: str
    arguments: tuple[Any, ...]
    slots: Mapping[str, tuple[list[int], Callable[[Any], Any] | None]]

    def arguments_for(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        if not self.slots:
            return self.arguments
        arguments = list(self.arguments)
        for key, (positions, processor) in self.slots.items():
            value = values[key] if processor is None else processor(values[key])
            for position in positions:
                arguments[position] = value
        return tuple(arguments)


@dataclass
class Compiled:
    statement: Select[Any]
    #: response keys of root lookups, whose null the general executor must explain: when one
    #: finds nothing, the statement gives NULL instead of the JSON
    lookups: list[str]
    #: lookups by id variable: the statement does not depend on those variables' values
    slots: tuple[Slot, ...] = ()
    #: the statement as the driver's SQL text and arguments, made once (server's express lane)
    prepared: Prepared | None = None
    #: the database refused the statement for its depth (SQLite's parser has a fixed stack):
    #: the general executor answers this operation from then on, without asking again
    too_deep: bool = False
    #: a root Python finishes (`Computed.compiled`: the search), by its response key: the
    #: statement is its rows', not the document's JSON
    finished: tuple[str, Finished] | None = None
    #: PostgreSQL: the statement that writes the whole response body, `{"data":…}` around the
    #: document in the same `concat` (the express lane's; NULL where `statement` is NULL)
    body: Select[Any] | None = None

    def bind(self, variables: Mapping[str, Any] | None, viewer: Viewer) -> dict[str, int] | None:
        """The parameters' values for a request: its caller's ids (the read rules'), and the
        slots' values for its variables; None when a slot's variable is absent, not an ID or not
        a valid id of its kind: the general executor then answers (with its BAD_USER_INPUT),
        exactly as it would have."""
        values: dict[str, int] = ViewerScope(viewer).values()
        for slot in self.slots:
            raw = (variables or {}).get(slot.variable)
            if isinstance(raw, bool) or not isinstance(raw, str | int):
                return None
            try:
                values[slot.key] = parse_id(raw, kind=slot.kind)
            except DomainError:
                return None
        return values


class Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        strawberry_schema: Any,
        context: Context,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any] | None,
    ) -> None:
        if operation.operation is not OperationType.QUERY:
            raise Unsupported("only queries")
        self.schema = schema
        self.strawberry_schema = strawberry_schema
        self.context = context
        #: the caller, with its ids as bound parameters: one statement serves a whole role
        self.scope = ViewerScope(context.viewer, bound=True)
        self.json = SqlJson(context.db.dialect)
        self.dialect = context.db.dialect
        self.operation = operation
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
        if not isinstance(coerced, VariableValues):
            raise Unsupported("variables do not coerce")
        self.variables = coerced
        self._aliases = 0
        self._slots: list[Slot] = []

    # -- selections ------------------------------------------------------------------------

    def _collect(
        self, parent: GraphQLObjectType, selection_sets: list[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        fields: dict[str, list[FieldNode]] = {}

        def visit(selection_set: SelectionSetNode, seen: set[str]) -> None:
            for selection in selection_set.selections:
                if not self._included(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    if condition is None or self._applies(condition.name.value, parent):
                        visit(selection.selection_set, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    if name in seen:
                        continue
                    fragment = self.fragments[name]
                    if self._applies(fragment.type_condition.name.value, parent):
                        visit(fragment.selection_set, seen | {name})

        for selection_set in selection_sets:
            visit(selection_set, set())
        return fields

    def _applies(self, condition: str, parent: GraphQLObjectType) -> bool:
        """A fragment on `condition` applies to an object of type `parent` (the type itself, an
        interface it implements or a union it is in; another object type never does)."""
        if condition == parent.name:
            return True
        named = self.schema.get_type(condition)
        if isinstance(named, GraphQLInterfaceType):
            return parent in self.schema.get_possible_types(named)
        if isinstance(named, GraphQLUnionType):
            return parent in named.types
        if isinstance(named, GraphQLObjectType):
            return False
        raise Unsupported(f"type condition {condition}")

    def _included(self, node: Any) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name == GraphQLSkipDirective.name:
                if get_argument_values(GraphQLSkipDirective, directive, self.variables)["if"]:
                    return False
            elif name == GraphQLIncludeDirective.name:
                if not get_argument_values(GraphQLIncludeDirective, directive, self.variables)[
                    "if"
                ]:
                    return False
            else:
                raise Unsupported(f"directive @{name}")
        return True

    def _arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        raw = get_argument_values(definition, node, self.variables)
        strawberry_field = definition.extensions["strawberry-definition"]
        return convert_arguments(
            raw,
            strawberry_field.arguments,
            scalar_registry=self.strawberry_schema.schema_converter.scalar_registry,
            config=self.strawberry_schema.config,
        )

    def _alias(self, table: Table) -> Alias:
        self._aliases += 1
        return _alias(table, f"t{self._aliases}")

    # -- the operation ---------------------------------------------------------------------

    def compile(self) -> Compiled:
        query_type = self.schema.query_type
        assert query_type is not None
        fields: list[tuple[str, Expression | int]] = []  # an int: the lookup of that index
        lookups: list[str] = []
        found: list[Expression] = []
        roots = self._collect(query_type, [self.operation.selection_set])
        for key, nodes in roots.items():
            name = nodes[0].name.value
            if name == "__typename":
                fields.append((key, self.json.constant(query_type.name)))
                continue
            definition = query_type.fields.get(name)  # None: __schema, __type (introspection)
            root = _read(definition) if definition is not None else None
            if isinstance(root, Computed) and root.compiled is not None:
                if len(roots) > 1:
                    raise Unsupported(f"{name} beside other root fields")
                assert definition is not None
                finished = root.compiled(self, self._arguments(definition, nodes[0]), nodes)
                return Compiled(finished.statement, [], finished=(key, finished))
            if definition is None or not isinstance(
                root, Lookup | NodeLookup | Paged | Rows | Grouped
            ):
                raise Unsupported(f"root field {name}")
            value = self._root(root, definition, nodes)
            if isinstance(root, Lookup):
                lookups.append(key)
                fields.append((key, len(found)))
                found.append(value)
            else:
                fields.append((key, self.json.nested(value)))
        if not found:
            pairs = [(key, value) for key, value in fields if not isinstance(value, int)]
            document = self.json.object(pairs)
            statement = select(self.json.as_text(document).label("data"))
            body = select(self._body(document).label("body"))
            return Compiled(statement, lookups, tuple(self._slots), body=body)
        # Lookups are looked up first, once each: when one finds nothing the statement gives
        # NULL (the general executor then explains the null), so no caller parses the JSON.
        # OFFSET 0 keeps the lookups a subquery of their own: pulled up, each would be built
        # twice (once for the test, once for the document)
        looked_up = (
            select(*(v.label(f"lookup_{i}") for i, v in enumerate(found)))
            .offset(literal_column("0"))  # written as is, not a parameter
            .subquery("lookups")
        )
        columns = [looked_up.c[f"lookup_{i}"] for i in range(len(found))]
        pairs = [
            (key, self.json.nested(columns[value]) if isinstance(value, int) else value)
            for key, value in fields
        ]
        document = self.json.object(pairs)
        all_found = and_(*(c.is_not(None) for c in columns))
        statement = select(
            case((all_found, self.json.as_text(document))).label("data")
        ).select_from(looked_up)
        body = select(case((all_found, self._body(document))).label("body"))
        return Compiled(statement, lookups, tuple(self._slots), body=body.select_from(looked_up))

    def _body(self, document: Expression) -> Expression:
        """The response body around the operation's `document`: `{"data":…}`."""
        return self.json.as_text(self.json.object([("data", document)]))

    def _root(
        self,
        root: Lookup | NodeLookup | Paged | Rows | Grouped,
        definition: GraphQLField,
        nodes: list[FieldNode],
    ) -> Expression:
        if isinstance(root, Paged):
            return self._connection(root, definition, nodes, parent=None)
        if isinstance(root, NodeLookup):
            return self._nodes(root, definition, nodes)
        node_type = self._object_type(definition)
        source = _source(node_type)
        if isinstance(root, Grouped):
            self._aliases += 1
            arguments = self._arguments(definition, nodes[0])
            groups, names = root.rows(arguments, self.scope, f"t{self._aliases}")
            row = self._object(source, node_type, groups, nodes)
            return self._array(row, groups, [groups.c[name] for name in names], [], parent=None)
        alias = self._alias(self._table(source))
        row = self._object(source, node_type, alias, nodes)
        where = self._visible(source, alias)
        if isinstance(root, Lookup):
            row_id = parse_id(self._arguments(definition, nodes[0])["id"], kind=source.name)
            key = self._slot(nodes, source.name)
            value: Any = row_id if key is None else bindparam(key, row_id, type_=alias.c.id.type)
            return (
                select(row).select_from(alias).where(alias.c.id == value, *where).scalar_subquery()
            )
        if root.where is not None:
            where.append(root.where(alias))
        chosen = self._arguments(definition, nodes[0]).get("order_by")
        order = root.ordering(alias, self.dialect, chosen)
        if root.one:
            one = select(row).select_from(alias).where(*where).order_by(*order).limit(1)
            return self.json.nested(one.scalar_subquery())
        return self._array(row, alias, order, where=where, parent=None)

    def _nodes(
        self, root: NodeLookup, definition: GraphQLField, nodes: list[FieldNode]
    ) -> Expression:
        """`node(id:)`: the object of the type the id names (null when the caller sees none);
        `nodes(ids:)`: the array of those. The ids' types shape the statement."""
        arguments = self._arguments(definition, nodes[0])
        ids = arguments["ids"] if root.many else [arguments["id"]]
        if len(ids) > MAX_IDS:
            raise Unsupported("too many ids")
        values = []
        for value in ids:
            try:
                source, key = node_of(value, argument="id")
            except DomainError:
                raise Unsupported("an id that is not the graph's") from None
            object_type = self.schema.get_type(source.name)
            assert isinstance(object_type, GraphQLObjectType)
            alias = self._alias(self._table(source))
            row = self._object(source, object_type, alias, nodes)
            found = select(row).select_from(alias)
            found = found.where(alias.c.id == key, *self._visible(source, alias))
            values.append(found.scalar_subquery())
        if root.many:
            return self.json.items([self.json.nested(value) for value in values])
        return values[0]

    def _slot(self, nodes: list[FieldNode], kind: str) -> str | None:
        """The parameter key of a lookup whose `id` is an `ID` variable, else None."""
        arguments = {a.name.value: a.value for a in nodes[0].arguments or ()}
        value = arguments.get("id")
        if not isinstance(value, VariableNode):
            return None
        name = value.name.value
        defined = next(
            (d for d in self.operation.variable_definitions or () if d.variable.name.value == name),
            None,
        )
        if defined is None or not _is_id(defined.type) or self._uses(name) != 1:
            return None  # a variable used elsewhere too shapes the statement there
        key = f"slot_{len(self._slots)}"
        self._slots.append(Slot(name, kind, key))
        return key

    def _uses(self, name: str) -> int:
        """How many times the operation and the document's fragments use variable `name`."""
        uses = 0

        class Counter(Visitor):
            def enter_variable_definition(self, *_: Any) -> Any:
                return Visitor.SKIP  # the declaration is not a use

            def enter_variable(self, node: VariableNode, *_: Any) -> None:
                nonlocal uses
                uses += node.name.value == name

        for node in [self.operation, *self.fragments.values()]:
            visit(node, Counter())
        return uses

    # -- what a field the compiler does not write asks of it (`ObjectWriter`) ---------------

    def page_size(self, first: int | None) -> int:
        return self.context.page_size(first)

    def collect(self, type_name: str, nodes: list[FieldNode]) -> dict[str, list[FieldNode]]:
        object_type = self.schema.get_type(type_name)
        assert isinstance(object_type, GraphQLObjectType), type_name
        return self._collect(object_type, [n.selection_set for n in nodes if n.selection_set])

    def related(self, type_name: str, nodes: list[FieldNode], key: Expression) -> Expression:
        object_type = self.schema.get_type(type_name)
        assert isinstance(object_type, GraphQLObjectType), type_name
        source = _source(object_type)
        alias = self._alias(self._table(source))
        row = self._object(source, object_type, alias, nodes)
        found = (
            select(row).select_from(alias).where(alias.c.id == key, *self._visible(source, alias))
        )
        return self.json.as_text(found.scalar_subquery())

    def _table(self, source: Source) -> Table:
        if source.table is None:
            raise Unsupported(f"{source.name} has no table")
        return source.table

    def _visible(self, source: Source, alias: Alias) -> list[Any]:
        return source.visible(self.scope, alias)

    def _object_type(self, definition: GraphQLField) -> GraphQLObjectType:
        named = get_named_type(definition.type)
        if not isinstance(named, GraphQLObjectType):
            raise Unsupported("abstract type")
        return named

    def _object(
        self, source: Source, graphql_type: GraphQLObjectType, alias: Alias, nodes: list[FieldNode]
    ) -> Expression:
        """The JSON object of one row of `alias` with the selections of `nodes`."""
        pairs: list[tuple[str, Expression]] = []
        selection_sets = [n.selection_set for n in nodes if n.selection_set]
        for key, field_nodes in self._collect(graphql_type, selection_sets).items():
            name = field_nodes[0].name.value
            if name == "__typename":
                pairs.append((key, self.json.constant(graphql_type.name)))
                continue
            definition = graphql_type.fields[name]
            pairs.append((key, self._field(_read(definition), definition, alias, field_nodes)))
        return self.json.object(pairs)

    def _field(
        self, read: Any, definition: GraphQLField, alias: Alias, nodes: list[FieldNode]
    ) -> Expression:
        if isinstance(read, Column):
            if read.id_of is not None:
                return self.json.global_id(read.id_of, alias.c[read.name])
            return self._scalar(definition, alias.c[read.name])
        if isinstance(read, SqlValue):
            return self._scalar(definition, read.sql(alias))
        if isinstance(read, Paged):
            return self.json.nested(self._connection(read, definition, nodes, parent=alias))
        if not isinstance(read, Relation):
            raise Unsupported(f"{definition.ast_node or definition}: {type(read).__name__}")
        target_type = self._object_type(definition)
        source = _source(target_type)
        child = self._alias(self._table(source))
        row = self._object(source, target_type, child, nodes)
        where = [*self._visible(source, child)]
        link = None
        if read.through is None:
            where.append(child.c[read.child] == alias.c[read.parent])
            from_: Any = child
        else:
            link = self._alias(read.through.table)
            from_ = child.join(link, link.c[read.through.child] == child.c.id)
            where.append(link.c[read.through.parent] == alias.c[read.parent])
        if read.where is not None:
            where.append(read.where(child))
        for argument in read.arguments:
            value = self._arguments(definition, nodes[0]).get(argument.name)
            if value is not None and (condition := argument.condition(value, child)) is not None:
                where.append(condition)
        order = [*read.ordering(child, link), child.c.id]
        if not read.many:
            subquery = select(row).select_from(from_).where(*where).correlate(alias)
            if read.child != "id" or read.through is not None:
                subquery = subquery.order_by(*order).limit(1)  # the first, as the loaders take
            return self.json.nested(subquery.scalar_subquery())
        return self.json.nested(self._array(row, from_, order, where, parent=alias))

    def _scalar(self, definition: GraphQLField, value: Expression) -> Expression:
        named = get_named_type(definition.type)
        kind = "text" if isinstance(named, GraphQLEnumType) else _KINDS.get(named.name)
        match kind:
            case "digits":
                return self.json.digits(value)
            case "bool":
                return self.json.boolean(value)
            case "instant":
                return self.json.instant(value)
            case "date":
                return self.json.date(value)
            case "int":
                return self.json.integer(value)
            case "float":
                if not self.json.pg:
                    # SQLite writes 15 significant digits, Python the shortest exact form
                    raise Unsupported("floats on SQLite")
                return self.json.double(value)
            case "text":
                return self.json.text(value)
            case _:
                raise Unsupported(f"scalar {named.name}")

    def _array(
        self,
        row: Expression,
        alias: Any,
        order: list[Expression],
        where: list[Any],
        parent: Alias | None,
    ) -> Expression:
        """The JSON array of `row` over the rows of `alias` that pass `where`, in `order`.
        Subqueries name the parent they refer to: a derived table does not find it by itself."""
        correlated = (parent,) if parent is not None else ()
        if self.json.pg:
            statement = select(self.json.array(row, order)).select_from(alias).where(*where)
            return statement.correlate(*correlated).scalar_subquery()
        inner = select(row.label("obj")).select_from(alias).where(*where).order_by(*order)
        ordered = inner.correlate(*correlated).subquery()
        return select(self.json.array(ordered.c.obj)).select_from(ordered).scalar_subquery()

    # -- connections -----------------------------------------------------------------------

    def _connection(
        self,
        field: Paged,
        definition: GraphQLField,
        nodes: list[FieldNode],
        parent: Alias | None,
    ) -> Expression:
        arguments = self._arguments(definition, nodes[0])
        spec = field.listing
        args = spec.args(
            self.context.page_size(arguments.get("first")),
            arguments.get("after"),
            arguments.get("filter"),
            arguments.get("order_by"),
        )
        connection_type = self._object_type(definition)
        selections = self._collect(
            connection_type, [n.selection_set for n in nodes if n.selection_set]
        )
        node_type = self._object_type(connection_type.fields["nodes"])
        source = _source(node_type)
        alias = self._alias(spec.table)
        where = [*conditions(spec, args, self.dialect, alias), *self._visible(source, alias)]
        if field.child is not None:
            assert parent is not None
            assert field.parent is not None
            where.append(alias.c[field.child] == parent.c[field.parent])

        # What each row of the page must carry: its node's selections, its cursor, the count.
        # `edges { node }` and `nodes` may select different fields: a column for each
        edge_nodes: list[FieldNode] = []
        node_selections: list[FieldNode] = []
        row_needs: set[str] = set()
        for field_nodes in selections.values():
            name = field_nodes[0].name.value
            if name in ("edges", "pageInfo"):
                subtype = self._object_type(connection_type.fields[name])
                for sub_nodes in self._collect(
                    subtype, [n.selection_set for n in field_nodes if n.selection_set]
                ).values():
                    sub_name = sub_nodes[0].name.value
                    if sub_name == "node":
                        edge_nodes.extend(sub_nodes)
                    elif sub_name in ("cursor", "startCursor", "endCursor"):
                        row_needs.add("cur")
                    if sub_name == "endCursor":
                        row_needs.add("n")
            elif name == "nodes":
                node_selections.extend(field_nodes)

        ordering = order_by(spec, args, self.dialect, alias)
        # Without pageInfo the page is just its rows: no extra row, no numbering (cheaper).
        numbered = any(nodes[0].name.value == "pageInfo" for nodes in selections.values())
        if numbered:
            columns: list[Expression] = [func.row_number().over(order_by=ordering).label("rn")]
        else:
            columns = [
                sort_expression(spec, args, self.dialect, alias).label("_s"),
                alias.c.id.label("_i"),
            ]
        if "n" in row_needs:
            columns.append(func.count().over().label("n"))
        if "cur" in row_needs:
            columns.append(self._cursor(spec, args, alias).label("cur"))
        if edge_nodes:
            columns.append(self._object(source, node_type, alias, edge_nodes).label("node"))
        if node_selections:
            columns.append(
                self._object(source, node_type, alias, node_selections).label("nodes_node")
            )
        page = (
            select(*columns)
            .select_from(alias)
            .where(*where)
            .order_by(*ordering)
            .limit(args.first + 1 if numbered else args.first)
            .correlate(*((parent,) if parent is not None else ()))
            .subquery()
        )

        # One list of the page (`nodes` or `edges`) on PostgreSQL: an ordered subquery of the
        # page, which comes in its order already; several share one scan of it in aggregates.
        lists = sum(1 for nodes in selections.values() if nodes[0].name.value in _PER_ROW)
        in_order = self.json.pg and not numbered and lists == 1

        def rows_of(value: Expression) -> Expression:
            if numbered:
                return self.json.array_where(value, page.c.rn <= args.first, [page.c.rn])
            order: list[Expression] = (
                [page.c._s.desc(), page.c._i.desc()]
                if args.descending
                else [page.c._s.asc(), page.c._i.asc()]
            )
            if in_order and parent is None:
                return self.json.array_once(value, order, page)
            if in_order:
                return self.json.array_of(select(value).select_from(page).order_by(*order))
            return self.json.array(value, order)

        pairs: list[tuple[str, Expression]] = []
        for key, field_nodes in selections.items():
            name = field_nodes[0].name.value
            if name == "__typename":
                pairs.append((key, self.json.constant(connection_type.name)))
            elif name == "totalCount":
                pairs.append(
                    (key, self.json.integer(self._count(spec, args, field, source, parent)))
                )
            elif name == "nodes":
                pairs.append((key, rows_of(page.c.nodes_node)))
            elif name == "edges":
                pairs.append((key, rows_of(self._edge(connection_type, field_nodes, page))))
            elif name == "pageInfo":
                pairs.append((key, self._page_info(connection_type, field_nodes, page, args)))
            else:
                raise Unsupported(f"connection field {name}")
        document = self.json.object(pairs)
        if not numbered and not (lists and not in_order):
            # read from no table of its own (its list and its count are subqueries): the
            # document is written in place, inside its parent's (no copy of a big page)
            return document
        statement = select(document)
        if numbered:
            # pageInfo may hold only constants (hasPreviousPage, __typename): one row even for
            # an empty page, its page columns NULL (counts and lists skip it)
            one = select(literal(1).label("one")).subquery("one_row")
            joined = one.outerjoin(page, literal_column("1") == 1)
            statement = statement.select_from(joined).group_by(one.c.one)  # one group
        elif lists and not in_order:
            # edges and nodes aggregate the page: exactly one row, even for none
            statement = statement.select_from(page)
        return statement.scalar_subquery()

    def _cursor(self, spec: ListSpec, args: PageArgs, alias: Alias) -> Expression:
        text = literal(cursor_prefix(spec, args), Text) + cast(alias.c.id, Text)
        if self.json.pg:
            return func.upper(func.encode(func.convert_to(text, "UTF8"), "hex"))
        return func.hex(text)

    def _count(
        self, spec: ListSpec, args: PageArgs, field: Paged, source: Source, parent: Alias | None
    ) -> Expression:
        alias = self._alias(spec.table)
        filters = conditions(
            spec, PageArgs(args.first, args.sort, where=args.where), self.dialect, alias
        )
        filters += self._visible(source, alias)
        if field.child is not None:
            assert parent is not None
            assert field.parent is not None
            filters.append(alias.c[field.child] == parent.c[field.parent])
        statement = select(func.count()).select_from(alias).where(*filters)
        return statement.correlate(*((parent,) if parent is not None else ())).scalar_subquery()

    def _edge(
        self, connection_type: GraphQLObjectType, nodes: list[FieldNode], page: Any
    ) -> Expression:
        edge_type = self._object_type(connection_type.fields["edges"])
        pairs: list[tuple[str, Expression]] = []
        for key, field_nodes in self._collect(
            edge_type, [n.selection_set for n in nodes if n.selection_set]
        ).items():
            name = field_nodes[0].name.value
            if name == "cursor":
                pairs.append((key, self.json.text(page.c.cur)))
            elif name == "node":
                pairs.append((key, self.json.nested(page.c.node)))
            elif name == "__typename":
                pairs.append((key, self.json.constant(edge_type.name)))
            else:
                raise Unsupported(f"edge field {name}")
        return self.json.object(pairs)

    def _page_info(
        self, connection_type: GraphQLObjectType, nodes: list[FieldNode], page: Any, args: PageArgs
    ) -> Expression:
        info_type = self._object_type(connection_type.fields["pageInfo"])
        pairs: list[tuple[str, Expression]] = []
        for key, field_nodes in self._collect(
            info_type, [n.selection_set for n in nodes if n.selection_set]
        ).items():
            name = field_nodes[0].name.value
            if name == "hasNextPage":
                # the page holds one row more than asked when there is more
                pairs.append((key, self.json.boolean(func.count(page.c.rn) > args.first)))
            elif name == "hasPreviousPage":
                pairs.append((key, self.json.flag(args.after is not None)))
            elif name == "startCursor":
                first_row = (page.c.rn == 1) & (page.c.rn <= args.first)
                pairs.append((key, self.json.text(func.max(_when(first_row, page.c.cur)))))
            elif name == "endCursor":
                # `n` (the page's row count) is a column only when endCursor is asked for
                last = self.json.least(page.c.n, self.json.number(args.first))
                pairs.append((key, self.json.text(func.max(_when(page.c.rn == last, page.c.cur)))))
            elif name == "__typename":
                pairs.append((key, self.json.constant(info_type.name)))
            else:
                raise Unsupported(f"pageInfo field {name}")
        return self.json.object(pairs)


_PER_ROW = {"edges", "nodes", "pageInfo"}

#: How each scalar is written in JSON (enums are text).
_KINDS = {
    "ID": "digits",
    "String": "text",
    "Int": "int",
    "Boolean": "bool",
    "Float": "float",
    "Money": "digits",
    "Date": "date",
    "DateTime": "instant",
}


def _read(definition: GraphQLField) -> Any:
    """A GraphQL field's declaration (None when it has none)."""
    strawberry_field = definition.extensions.get("strawberry-definition")
    return read_of(strawberry_field) if strawberry_field is not None else None


def _source(graphql_type: GraphQLObjectType) -> Source:
    definition = graphql_type.extensions.get("strawberry-definition")
    source = getattr(getattr(definition, "origin", None), "__read__", None)
    if not isinstance(source, Source):
        raise Unsupported(f"type {graphql_type.name} is not declared")
    return source


def _when(condition: ColumnElement[bool], value: Expression) -> Expression:
    return case((condition, value))


def _is_id(type_node: Any) -> bool:
    """The variable is declared `ID` or `ID!` (not a list)."""
    if isinstance(type_node, NonNullTypeNode):
        type_node = type_node.type
    return isinstance(type_node, NamedTypeNode) and type_node.name.value == GraphQLID.name


@lru_cache(maxsize=4096)
def _alias(table: Table, name: str) -> Alias:
    """`table AS name`, made once: an alias is immutable, and building its columns is most of
    what compiling a small operation costs."""
    return table.alias(name)
