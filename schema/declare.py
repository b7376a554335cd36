"""One declaration per field: what it is, from which every read path is built.

A GraphQL type of the graph is a strawberry class whose fields are declared with this module's
vocabulary instead of hand-written resolvers:

- `column(...)`: a column of the type's table;
- `expression(sql, ...)`: an SQL expression over the row (`isCurrent`, `amountCollected`, the
  Solar Hijri forms of dates);
- `one(...)` / `many(...)`: a relationship — the child rows whose column equals the parent's
  (`via=(parent column, child column)`), or that a link table names (`through=Link(...)`), with
  an optional condition on the child (`where`), an order (`order`) and arguments;
- `page(listing, ...)`: a Relay connection over a declared list (schema/listing.py), with its
  `first`/`after`/`filter`/`orderBy` arguments;
- at the root: `lookup()` (by id, NOT_FOUND when nothing is seen), `page(listing)`, `rows(...)`
  (every row, or the one row, passing a condition) and `grouped(...)` (an aggregate statement);
- `computed(resolver, reason=...)`: a Python resolver, only where SQL cannot say it; each such
  field is listed in `COMPUTED` with its reason.

The class decorators (`table_type`, `row_type`, `roots`) turn the declarations into strawberry
fields. Each field keeps its declaration in its metadata (`READ`), and the type keeps its table and
read rule (`Source`). Both read paths are derived from them:

- the general executor: each declared field gets a resolver that asks the request's `Reads`
  (resolvers/reads.py: per-request loaders built from the same declarations, one statement per
  field and level however many parents);
- the compiled statement (resolvers/compiled): the compiler reads the declarations from the
  schema and writes the whole answer as one SQL statement.

A type's rows carry its columns and its expressions (computed in SQL, on both paths). The read
rule of a type (who may see which rows) is a condition the reads add wherever its rows are read.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Final,
    Protocol,
    TypeVar,
    cast,
    dataclass_transform,
)

import strawberry
from sqlalchemy import ColumnElement, FromClause, Row, Select, Table, select
from strawberry.types.base import StrawberryContainer, get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.utils.str_converters import to_camel_case

from core.errors import BadUserInput, NotFound
from core.ids import MAX_IDS, MAX_KIND, decode_id, global_id, parse_id
from schema.listing import ListSpec, Page, PageArgs, order_by
from schema.pagination import After, First

if TYPE_CHECKING:
    from core.auth import Viewer

#: The key of a strawberry field's metadata that holds its read declaration.
READ: Final = "civicgraph.read"

Alias = FromClause
Expression = ColumnElement[Any]
Condition = ColumnElement[bool]
T = TypeVar("T")


# --- who is asking, as the SQL of a read rule sees it ------------------------------------------


class Scope(Protocol):
    """The caller as a read rule sees it: a role known when the statement is written, and the
    caller's own ids as SQL values (bound parameters on the compiled path, so that one statement
    serves every caller of a role)."""

    @property
    def viewer(self) -> Viewer: ...

    def municipality_id(self) -> ColumnElement[Any]: ...

    def mayor_id(self) -> ColumnElement[Any]: ...

    def post_id(self) -> ColumnElement[Any]: ...

    @property
    def key(self) -> Hashable:
        """What a statement written for this caller depends on (the rules branch on it)."""
        ...

    def values(self) -> dict[str, int]:
        """The caller's ids as the values of a `for_statement()` scope's parameters."""
        ...

    def for_statement(self) -> Scope:
        """The scope of a statement kept and reused for every caller with this `key`: the
        caller's ids are bound parameters, given per execution by `values()`."""
        ...


#: A read rule: the condition on a row (an alias of the type's table) under which the caller may
#: see it, or None when the caller sees every row.
Rule = Callable[[Scope, Alias], Condition | None]


# --- what a field is -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Column:
    """The value of a column of the type's table (or of the statement's rows); `id_of`: the
    GraphQL type whose key the column holds, shown to clients as that type's Relay id."""

    name: str
    id_of: str | None = None


@dataclass(frozen=True, eq=False)
class Computed:
    """A field answered by Python; the compiled path leaves operations asking for it to the
    general executor, unless the field has a `compiled` form. `reason` says why SQL cannot say
    it."""

    reason: str
    #: the field at the root in the compiled path's terms (`Compiled`): what it asks the
    #: database in one statement, and how Python finishes the rows
    compiled: Callable[[ObjectWriter, Mapping[str, Any], list[Any]], Finished] | None = None


class Uncompilable(Exception):
    """What the compiled path does not cover: the general executor answers instead."""


class NotAgain(Exception):
    """A `Finished` root's rows cannot be finished without a second statement where only one
    may run (the express lane): the usual way answers."""


class ObjectWriter(Protocol):
    """What the compiled path offers a field it does not write itself (`Computed.compiled`)."""

    @property
    def scope(self) -> Scope:
        """The caller, its ids bound parameters (one statement serves a role)."""
        ...

    @property
    def dialect(self) -> str: ...

    def page_size(self, first: int | None) -> int: ...

    def collect(self, type_name: str, nodes: list[Any]) -> dict[str, list[Any]]:
        """The fields `nodes` (GraphQL field nodes) select on an object of type `type_name`,
        by response key, in order (fragments, aliases, @skip and @include applied)."""
        ...

    def related(self, type_name: str, nodes: list[Any], key: Expression) -> Expression:
        """The JSON text of the object of type `type_name` whose id is `key`, with the
        selections of `nodes`, under its read rule (NULL when the caller may not see it)."""
        ...


@dataclass(frozen=True)
class Finished:
    """A root the compiled path answers with one statement and Python: the rows of
    `statement` (given the caller's ids) become the field's value through `finish(rows,
    again)`, where `again` runs another statement the same way (`NotAgain` when it may not).
    The value is what orjson writes (JSON the database wrote as `orjson.Fragment`)."""

    statement: Select[Any]
    finish: Callable[
        [Sequence[Any], Callable[[Select[Any]], Awaitable[Sequence[Any]]]], Awaitable[Any]
    ]


@dataclass(frozen=True, eq=False)
class SqlValue:
    """An SQL expression over the row's alias (or the statement's row). `requires`: the columns
    another subgraph gives it with an entity's representation (Federation's `@requires`), taken
    as given there."""

    sql: Callable[[Alias], Expression]
    requires: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Link:
    """A link table between the parent and the child: `table.c[parent]` holds the parent's key,
    `table.c[child]` the child's id."""

    table: Table
    parent: str
    child: str


@dataclass(frozen=True, eq=False)
class Argument:
    """An argument of a relationship, and the condition its value puts on the child rows (None
    for no condition)."""

    name: str
    annotation: Any
    description: str
    condition: Callable[[Any, Alias], Condition | None]


@dataclass(frozen=True, eq=False)
class Relation:
    """The child rows whose `child` column equals the parent's `parent` column (or, with
    `through`, that the link table pairs with the parent's `parent` column), passing `where`,
    in `order` (which also gets the link's alias, when there is one)."""

    many: bool
    parent: str
    child: str = "id"
    through: Link | None = None
    where: Callable[[Alias], Condition] | None = None
    order: Callable[..., list[Expression]] | None = None
    arguments: tuple[Argument, ...] = ()

    def ordering(self, child: Alias, link: Alias | None) -> list[Expression]:
        if self.order is None:
            return [child.c.id]
        return self.order(child, link) if self.through is not None else self.order(child)


@dataclass(frozen=True, eq=False)
class Paged:
    """A page of a declared list: at the root, or the children whose `child` column equals the
    parent's `parent` column."""

    listing: ListSpec
    parent: str | None = None
    child: str | None = None


@dataclass(frozen=True, eq=False)
class Lookup:
    """A root field: the row with the given id, if the caller may see it (else NOT_FOUND)."""


@dataclass(frozen=True, eq=False)
class NodeLookup:
    """A root field: the object with the given Relay id (or, `many`, with each of the ids), of
    whichever type the id names, if the caller may see it (else null)."""

    many: bool


@dataclass(frozen=True, eq=False)
class Rows:
    """A root field: every row passing `where` (or the first, for `one`), in `order`; or, with
    `listing`, in the order its `orderBy` argument asks for (the list's orders, ties by id)."""

    one: bool
    order: Callable[[Alias], list[Expression]] | None
    where: Callable[[Alias], Condition] | None = None
    listing: ListSpec | None = None

    def ordering(self, on: Alias, dialect: str, order: Any = None) -> list[Expression]:
        """The ORDER BY of the rows read from `on` (the table or an alias of it)."""
        if self.listing is not None:
            args = self.listing.args(0, None, None, order)
            return list(order_by(self.listing, args, dialect, on))
        assert self.order is not None
        return [*self.order(on), on.c.id]


@dataclass(frozen=True, eq=False)
class Grouped:
    """A root list of groups one aggregate statement gives: `rows(arguments, scope, name)` is
    that statement as a subquery named `name`, and the names of the columns its rows are ordered
    by. Its rows' type is a `row_type`."""

    rows: Callable[[Mapping[str, Any], Scope, str], tuple[FromClause, list[str]]]


Read = Column | SqlValue | Relation | Paged | Computed | Lookup | NodeLookup | Rows | Grouped


def read_of(strawberry_field: StrawberryField) -> Read | None:
    """A strawberry field's declaration, if it has one."""
    metadata: Mapping[str, Any] = strawberry_field.metadata or {}
    declared: Read | None = metadata.get(READ)
    return declared


#: Every field answered by Python, as "Type.field" → why SQL does not say it; and every type whose
#: values only computed fields make (all its fields are theirs), as "Type" → why.
COMPUTED: dict[str, str] = {}


@dataclass_transform(field_specifiers=(strawberry.field, StrawberryField))
def computed_type(reason: str, *, description: str) -> Callable[[type[T]], type[T]]:
    """A type whose values only computed fields make: its fields are plain attributes of those
    values (or computed fields themselves)."""

    def wrap(cls: type[T]) -> type[T]:
        COMPUTED[cls.__name__] = reason
        _declare(cls, Source(cls, None, None))
        return strawberry.type(cls, description=description)

    return wrap


# --- Relay's object identification ------------------------------------------------------------


@strawberry.interface(
    description=(
        "An object the graph can fetch again by its id alone (Relay's object identification): "
        "every type with an id implements it, and `node(id:)` / `nodes(ids:)` find any of them."
    )
)
class Node:
    id: strawberry.ID = strawberry.field(
        description=(
            "The object's id: opaque, stable, and unique across the graph (no two objects of any "
            "types share one). Send it back as it is; it is not a number."
        )
    )


#: Every type implementing `Node`, by GraphQL name: the types an id may name.
NODES: dict[str, Source] = {}


def node_of(value: str | int, *, argument: str) -> tuple[Source, int]:
    """The declared type and database key a Relay id names, or BAD_USER_INPUT."""
    decoded = decode_id(value)
    if decoded is None or decoded[0] not in NODES:
        raise BadUserInput(
            f"{value!r} is not an id of this graph: send an `id` the graph gave.",
            argument=argument,
            messageFa=f"«{value}» شناسه‌ای از این گراف نیست: شناسه‌ای را بفرستید که گراف داده است.",
        )
    return NODES[decoded[0]], decoded[1]


# --- the type of a declared row ------------------------------------------------------------------


class Source:
    """A declared type: its table (None for the rows of a statement, `row_type`), its read rule,
    and how a row becomes an instance."""

    def __init__(self, cls: type, table: Table | None, rule: Rule | None) -> None:
        self.cls = cls
        self.table = table
        self.rule = rule
        self.name = cls.__name__
        #: (attribute, key in the row) of every column and expression field
        self.columns: list[tuple[str, str]] = []
        self.expressions: dict[str, SqlValue] = {}
        #: attribute → the type whose Relay id an `ID` column shows (core/ids.py)
        self.ids: dict[str, str] = {}
        self._converters: list[tuple[str, str, Callable[[Any], Any] | None]] | None = None
        #: `columns_of(table)` and `select()` on the type's own table, built on first use (after
        #: every field is declared): a lookup or a relationship builds its statement on them
        #: per batch, and building the expressions' subqueries anew cost ≈1 ms a batch
        self._own: tuple[tuple[Expression, ...], Select[Any]] | None = None

    @property
    def human_name(self) -> str:
        """`DraftDirective` → "draft directive", for messages."""
        return re.sub(r"(?<!^)(?=[A-Z])", " ", self.name).lower()

    def visible(self, scope: Scope, alias: Alias) -> list[Condition]:
        """The read rule for the caller on `alias` of the table, as conditions to add to a read
        of it (none when the caller sees every row): every path that reads the type adds them."""
        condition = self.rule(scope, alias) if self.rule is not None else None
        return [condition] if condition is not None else []

    def columns_of(self, alias: Alias | Table) -> Sequence[Expression]:
        """The columns and expressions a row of this type carries, on `alias` of its table."""
        assert self.table is not None
        if alias is self.table:
            return self._own_table()[0]
        return self._columns(alias)

    def select(self, alias: Alias | None = None) -> Select[Any]:
        if alias is None or alias is self.table:
            return self._own_table()[1]  # immutable: `.where()` makes a new statement
        return select(*self._columns(alias))

    def _columns(self, alias: Alias | Table) -> tuple[Expression, ...]:
        return (
            *alias.c,
            *(value.sql(alias).label(_label(name)) for name, value in self.expressions.items()),
        )

    def _own_table(self) -> tuple[tuple[Expression, ...], Select[Any]]:
        own = self._own
        if own is None:
            assert self.table is not None
            columns = self._columns(self.table)
            statement: Select[Any] = select(*columns)
            own = self._own = (columns, statement)
        return own

    def from_row(self, row: Row[Any] | RowValues) -> Any:
        """The instance of this type for one of its rows (columns and expressions read by name)."""
        converters = self._converters
        if converters is None:
            converters = self._converters = self._prepare()
        instance: Any = object.__new__(self.cls)
        values = instance.__dict__
        mapping = row._mapping
        for attribute, key, convert in converters:
            value = mapping[key]
            values[attribute] = value if convert is None or value is None else convert(value)
        values["_row"] = row
        return instance

    def _prepare(self) -> list[tuple[str, str, Callable[[Any], Any] | None]]:
        definition = get_object_definition(self.cls, strict=True)
        types = {f.python_name: _unwrap(f.type) for f in definition.fields}
        converters: list[tuple[str, str, Callable[[Any], Any] | None]] = []
        for attribute, key in self.columns:
            kind = self.ids.get(attribute)
            if kind is not None:
                converters.append((attribute, key, _global_id(kind)))
            elif types[attribute] is strawberry.ID:
                raise TypeError(
                    f"{self.name}.{attribute}: an ID column says whose id it holds "
                    '(column(..., id_of="Type"))'
                )
            else:
                converters.append((attribute, key, _converter(types[attribute])))
        for attribute in self.expressions:
            converters.append((attribute, _label(attribute), _converter(types[attribute])))
        return converters


def _label(attribute: str) -> str:
    return f"_x_{attribute}"


def _global_id(kind: str) -> Callable[[Any], Any]:
    def convert(key: Any) -> str:
        return global_id(kind, key)

    return convert


def _converter(type_: Any) -> Callable[[Any], Any] | None:
    if isinstance(type_, type) and issubclass(type_, Enum):
        return cast("Callable[[Any], Any]", type_)
    return None


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, StrawberryContainer):
        type_ = type_.of_type
    if isinstance(type_, LazyType):
        type_ = type_.resolve_type()
    return type_


def source_of(cls: Any) -> Source:
    source: Source = cls.__read__
    return source


class RowValues:
    """Some of a wider row's values under a type's own column names: a record read in another
    statement's rows (a search hit's draft, read with the hit), which `Source.from_row` and
    `row_of` read as they read a row of the type's own statement."""

    __slots__ = ("_mapping",)

    def __init__(self, mapping: Mapping[str, Any]) -> None:
        self._mapping = mapping

    def __getattr__(self, name: str) -> Any:
        try:
            return self._mapping[name]
        except KeyError:
            raise AttributeError(name) from None


def row_of(instance: Any) -> Row[Any]:
    """The row an instance of a declared type was made from."""
    row: Row[Any] = instance.__dict__["_row"]
    return row


# --- declaring fields ------------------------------------------------------------------------------


@dataclass(eq=False)
class _Pending:
    """A field declaration waiting for its class (the decorator builds the strawberry field)."""

    read: Read
    description: str
    build: Callable[[_Pending, str], Any] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    made: StrawberryField | None = None
    owner: Source | None = None

    def target(self) -> Source:
        """The declared type this field's rows are of (from the field's own type)."""
        assert self.made is not None
        type_ = _unwrap(self.made.type)
        node = getattr(type_, "__node__", None)  # a connection's node type
        return source_of(node if node is not None else type_)


def _field(pending: _Pending, resolver: Callable[..., Any] | None = None) -> StrawberryField:
    options = dict(pending.options)
    metadata = {**options.pop("metadata", {}), READ: pending.read}
    made: StrawberryField = strawberry.federation.field(
        resolver=resolver,  # type: ignore[arg-type]
        description=pending.description,
        metadata=metadata,
        **options,
    )
    pending.made = made
    return made


def column(
    description: str, *, name: str | None = None, id_of: str | None = None, **options: Any
) -> Any:
    """A column of the table; `name` when it differs from the field's. An `ID` column holds the
    key of a row of the type `id_of` and shows that row's Relay id; a table type's own `id`
    shows its own."""
    pending = _Pending(Column(name or ""), description, options=options)

    def build(pending: _Pending, attribute: str) -> StrawberryField:
        owner = pending.owner
        assert owner is not None
        kind = id_of
        if kind is None and attribute == "id" and owner.table is not None:
            kind = owner.name
        pending.read = Column(name or attribute, kind)
        owner.columns.append((attribute, pending.read.name))
        if kind is not None:
            owner.ids[attribute] = kind
        return _field(pending)

    pending.build = build
    return pending


def expression(sql: Callable[[Alias], Expression], description: str, **options: Any) -> Any:
    """An SQL expression over the row, computed by the database on both paths. With Federation's
    `requires=[...]` (columns of the row), a subgraph evaluates it over the values the gateway
    gives with the entity's representation."""
    requires = tuple(options.get("requires") or ())
    pending = _Pending(SqlValue(sql, requires), description, options=options)

    def build(pending: _Pending, attribute: str) -> StrawberryField:
        assert pending.owner is not None
        assert isinstance(pending.read, SqlValue)
        pending.owner.expressions[attribute] = pending.read
        pending.owner._own = None  # a field declared after a first read
        return _field(pending)

    pending.build = build
    return pending


def computed(
    resolver: Callable[..., Any],
    *,
    reason: str,
    description: str,
    compiled: Callable[[ObjectWriter, Mapping[str, Any], list[Any]], Finished] | None = None,
    **options: Any,
) -> Any:
    """A field Python answers, with the reason SQL cannot (listed in `COMPUTED`); `compiled`:
    its form on the compiled path, at the root (`Computed.compiled`)."""
    pending = _Pending(Computed(reason, compiled), description, options=options)

    def build(pending: _Pending, attribute: str) -> StrawberryField:
        assert pending.owner is not None
        COMPUTED[f"{pending.owner.name}.{to_camel_case(attribute)}"] = reason
        return _field(pending, resolver)

    pending.build = build
    return pending


def _key_of(values: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """A field's argument values as a cache key (strawberry inputs are dataclasses: their repr
    names every value)."""
    return tuple(sorted((name, repr(value)) for name, value in values.items()))


def _signature(*parameters: inspect.Parameter) -> inspect.Signature:
    return inspect.Signature(
        [
            inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter(
                "info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=strawberry.Info
            ),
            *parameters,
        ]
    )


def _keyword(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def _described(annotation: Any, description: str) -> Any:
    return Annotated[annotation | None, strawberry.argument(description=description)]


def one(
    *,
    via: tuple[str, str] | None = None,
    through: Link | None = None,
    where: Callable[[Alias], Condition] | None = None,
    description: str,
    **options: Any,
) -> Any:
    """The child row of the parent (null when there is none the caller may see)."""
    parent, child = via or ("id", "id")
    read = Relation(False, parent, child, through, where)
    pending = _Pending(read, description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any) -> Any:
            key = row_of(root)._mapping[parent]
            if key is None:
                return None
            target = pending.target()
            rows = await info.context.reads.related(read, target, key, ())
            return target.from_row(rows[0]) if rows else None

        resolve.__signature__ = _signature()  # type: ignore[attr-defined]
        return _field(pending, resolve)

    pending.build = build
    return pending


def many(
    *,
    via: tuple[str, str] | None = None,
    through: Link | None = None,
    where: Callable[[Alias], Condition] | None = None,
    order: Callable[..., list[Expression]] | None = None,
    arguments: Sequence[Argument] = (),
    description: str,
    **options: Any,
) -> Any:
    """The child rows of the parent the caller may see, in `order`."""
    parent, child = via or ("id", "id")
    read = Relation(True, parent, child, through, where, order, tuple(arguments))
    pending = _Pending(read, description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any, **values: Any) -> Any:
            key = row_of(root)._mapping[parent]
            if key is None:
                return []
            target = pending.target()
            rows = await info.context.reads.related(read, target, key, values, _key_of(values))
            return [target.from_row(row) for row in rows]

        resolve.__signature__ = _signature(  # type: ignore[attr-defined]
            *(_keyword(a.name, _described(a.annotation, a.description)) for a in read.arguments)
        )
        return _field(pending, resolve)

    pending.build = build
    return pending


def page(
    listing: ListSpec,
    *,
    via: tuple[str, str] | None = None,
    description: str,
    order_description: str = "Order of the list.",
    **options: Any,
) -> Any:
    """A Relay connection over a declared list: at the root, or (with `via`) the parent's."""
    parent, child = via or (None, None)
    read = Paged(listing, parent, child)
    pending = _Pending(read, description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any, **values: Any) -> Any:
            context = info.context
            args = listing.args(
                context.page_size(values.get("first")),
                values.get("after"),
                values.get("filter"),
                values.get("order_by"),
            )
            key = row_of(root)._mapping[parent] if parent is not None else None
            target = pending.target()
            result = await context.reads.page(read, target, key, args, _key_of(values))
            connection = _unwrap(pending.made.type if pending.made else None)
            return connection.from_page(result, target.from_row)

        parameters = [_keyword("first", First), _keyword("after", After)]
        if listing.filter is not None:
            parameters.append(_keyword("filter", _described(listing.filter, "Narrow the list.")))
        if listing.order is not None:
            parameters.append(_keyword("order_by", _described(listing.order, order_description)))
        resolve.__signature__ = _signature(*parameters)  # type: ignore[attr-defined]
        return _field(pending, resolve)

    pending.build = build
    return pending


IdArgument = Annotated[strawberry.ID, strawberry.argument(description="The id to look up.")]


def lookup(description: str, **options: Any) -> Any:
    """A root field: the row with the given id; NOT_FOUND when there is none the caller sees."""
    pending = _Pending(Lookup(), description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any, id: strawberry.ID) -> Any:
            target = pending.target()
            row = await info.context.reads.lookup(target, parse_id(id, kind=target.name))
            if row is None:
                raise NotFound(f"No {target.human_name} has id {id}.", argument="id")
            return target.from_row(row)

        resolve.__signature__ = _signature(  # type: ignore[attr-defined]
            inspect.Parameter("id", inspect.Parameter.KEYWORD_ONLY, annotation=IdArgument)
        )
        return _field(pending, resolve)

    pending.build = build
    return pending


def node_lookup(description: str, **options: Any) -> Any:
    """Relay's `node(id:)`: the object the id names, of any type, or null when there is none the
    caller sees (an id that is not one of the graph's is BAD_USER_INPUT)."""
    pending = _Pending(NodeLookup(many=False), description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any, id: strawberry.ID) -> Any:
            source, key = node_of(id, argument="id")
            row = await info.context.reads.lookup(source, key)
            return None if row is None else source.from_row(row)

        resolve.__signature__ = _signature(  # type: ignore[attr-defined]
            inspect.Parameter(
                "id",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    strawberry.ID, strawberry.argument(description="The object's id.")
                ],
            )
        )
        return _field(pending, resolve)

    pending.build = build
    return pending


def nodes_lookup(description: str, **options: Any) -> Any:
    """Relay's `nodes(ids:)`: for each id in order, its object or null (as `node`)."""
    pending = _Pending(NodeLookup(many=True), description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any, ids: list[strawberry.ID]) -> Any:
            if len(ids) > MAX_IDS:
                raise BadUserInput(f"At most {MAX_IDS} ids in one list.", argument="ids")
            targets = [node_of(value, argument="ids") for value in ids]
            reads = info.context.reads
            rows = await asyncio.gather(*(reads.lookup(source, key) for source, key in targets))
            return [
                None if row is None else source.from_row(row)
                for (source, _), row in zip(targets, rows, strict=True)
            ]

        resolve.__signature__ = _signature(  # type: ignore[attr-defined]
            inspect.Parameter(
                "ids",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    list[strawberry.ID],
                    strawberry.argument(description="The objects' ids, each any type's."),
                ],
            )
        )
        return _field(pending, resolve)

    pending.build = build
    return pending


def rows(
    *,
    order: Callable[[Alias], list[Expression]] | None = None,
    where: Callable[[Alias], Condition] | None = None,
    one: bool = False,
    listing: ListSpec | None = None,
    order_description: str = "Order of the list.",
    description: str,
    **options: Any,
) -> Any:
    """A root field: every row passing `where` in `order` (or, with `one`, the first or null);
    with `listing`, in the order an `orderBy` argument picks among the list's orders."""
    if (order is None) is (listing is None):
        raise TypeError("rows(): give `order` or `listing`, one of them")
    read = Rows(one, order, where, listing)
    pending = _Pending(read, description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any, **values: Any) -> Any:
            target = pending.target()
            found = await info.context.reads.rows(read, target, values.get("order_by"))
            if one:
                return target.from_row(found[0]) if found else None
            return [target.from_row(row) for row in found]

        parameters = []
        if listing is not None and listing.order is not None:
            parameters.append(_keyword("order_by", _described(listing.order, order_description)))
        resolve.__signature__ = _signature(*parameters)  # type: ignore[attr-defined]
        return _field(pending, resolve)

    pending.build = build
    return pending


def grouped(
    statement: Callable[[Mapping[str, Any], Scope, str], tuple[FromClause, list[str]]],
    *,
    arguments: Sequence[tuple[str, Any, Any]],
    description: str,
    **options: Any,
) -> Any:
    """A root list of the groups an aggregate statement gives (`arguments`: name, annotation,
    default — the annotation carries the argument's description)."""
    read = Grouped(statement)
    pending = _Pending(read, description, options=options)

    def build(pending: _Pending, _: str) -> StrawberryField:
        async def resolve(root: Any, info: Any, **values: Any) -> Any:
            target = pending.target()
            found = await info.context.reads.grouped(read, target, values)
            return [target.from_row(row) for row in found]

        resolve.__signature__ = _signature(  # type: ignore[attr-defined]
            *(
                inspect.Parameter(
                    name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=annotation,
                    **({} if default is inspect.Parameter.empty else {"default": default}),
                )
                for name, annotation, default in arguments
            )
        )
        return _field(pending, resolve)

    pending.build = build
    return pending


# --- declaring types -------------------------------------------------------------------------------


def _declare(cls: type, source: Source) -> None:
    for attribute, value in list(vars(cls).items()):
        if isinstance(value, _Pending):
            assert value.build is not None
            value.owner = source
            setattr(cls, attribute, value.build(value, attribute))


def table_type(
    table: Table,
    *,
    description: str,
    keys: Sequence[str] | None = None,
    rule: Rule | None = None,
    **options: Any,
) -> Callable[[type[T]], type[T]]:
    """A GraphQL type whose instances are rows of `table` (an entity with `keys` for
    Federation), visible under `rule`."""

    def wrap(cls: type[T]) -> type[T]:
        source = Source(cls, table, rule)
        identified = "id" in table.c
        if identified != issubclass(cls, Node):
            raise TypeError(
                f"{cls.__name__}: a type whose table has an id implements Node "
                f"(class {cls.__name__}(Node)), and only such a type"
            )
        if identified and len(cls.__name__) > MAX_KIND:
            raise TypeError(f"{cls.__name__}: at most {MAX_KIND} characters in an id's type name")
        _declare(cls, source)
        if identified and "id" not in source.ids:
            raise TypeError(
                f"{cls.__name__}: declare its id (`id: strawberry.ID = column(...)`): Node's "
                "`id` is answered from the declaration"
            )
        made: type[T]
        # Every object with an id is an entity (Federation keys it by its id): `node(id:)` in
        # one subgraph finds it, its owner's `_entities` gives the rest of its fields.
        entity_keys = keys or (["id"] if identified else None)
        if entity_keys:
            made = strawberry.federation.type(
                cls, keys=list(entity_keys), description=description, **options
            )

            async def resolve_reference(
                cls: Any, /, info: strawberry.Info, id: strawberry.ID, **given: Any
            ) -> Any:
                """One batched statement for all of a request's representations; a row the caller
                may not see is null, as a row that does not exist. An expression that `requires`
                fields is evaluated over the values the representation gives."""
                reads = info.context.reads
                key = parse_id(id, kind=source.name, argument="representations")
                row = await reads.lookup(source, key)
                if row is None:
                    return None
                made = source.from_row(row)
                for attribute, value in source.expressions.items():
                    if value.requires and all(name in given for name in value.requires):
                        values = {name: given[name] for name in value.requires}
                        made.__dict__[attribute] = await reads.given(source, value, values)
                return made

            made.resolve_reference = classmethod(resolve_reference)  # type: ignore[attr-defined]
        else:
            made = strawberry.type(cls, description=description, **options)
        made.__read__ = source  # type: ignore[attr-defined]
        if identified:
            NODES[source.name] = source
        return made

    return wrap


def row_type(*, description: str, **options: Any) -> Callable[[type[T]], type[T]]:
    """A GraphQL type whose instances are rows of a statement (an aggregate's groups)."""

    def wrap(cls: type[T]) -> type[T]:
        source = Source(cls, None, None)
        _declare(cls, source)
        made = strawberry.type(cls, description=description, **options)
        made.__read__ = source  # type: ignore[attr-defined]
        return made

    return wrap


def roots(cls: type[T]) -> type[T]:
    """A domain's root fields (merged into `Query` with the other domains')."""
    source = Source(cls, None, None)
    source.name = "Query"
    _declare(cls, source)
    return strawberry.type(cls)


def connection(description: str) -> Callable[[type[T]], type[T]]:
    """The Relay connection type of a declared type:
    `@connection("A page of …") class MunicipalityConnection(Connection[Municipality]): ...`."""

    def wrap(cls: type[T]) -> type[T]:
        (base,) = (b for b in getattr(cls, "__orig_bases__", ()) if getattr(b, "__args__", None))
        made = strawberry.type(cls, description=description)
        made.__node__ = base.__args__[0]  # type: ignore[attr-defined]
        return made

    return wrap


async def load(info: Any, cls: type[T], row_id: int) -> T:
    """A declared type's instance read afresh by id (after a write: nothing cached before it),
    as the caller may see it."""
    row = await info.context.reads.fresh().lookup(source_of(cls), row_id)
    if row is None:
        raise LookupError(f"{cls.__name__} {row_id} is not there for this caller")
    return instance(cls, row)


def instance(cls: type[T], row: Row[Any]) -> T:
    """An instance of a declared type from one of its rows (as `Reads` reads them)."""
    made: T = source_of(cls).from_row(row)
    return made


__all__ = [
    "COMPUTED",
    "NODES",
    "READ",
    "Argument",
    "Column",
    "Computed",
    "Grouped",
    "Link",
    "Lookup",
    "Node",
    "NodeLookup",
    "Page",
    "PageArgs",
    "Paged",
    "Read",
    "Relation",
    "RowValues",
    "Rows",
    "Rule",
    "Scope",
    "Source",
    "SqlValue",
    "column",
    "computed",
    "computed_type",
    "connection",
    "expression",
    "grouped",
    "instance",
    "load",
    "lookup",
    "many",
    "node_lookup",
    "node_of",
    "nodes_lookup",
    "one",
    "page",
    "read_of",
    "roots",
    "row_of",
    "row_type",
    "rows",
    "source_of",
    "table_type",
]
