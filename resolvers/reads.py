"""The general executor's reads, derived from the declarations (schema/declare.py).

One `Reads` per request (and afresh after each write in it). Every declared field reaches the
database through it, batched per field and level by DataLoaders: a query costs one statement per
field that reaches the database, however many rows it returns. Every statement carries the read
rule of the type it reads, for the request's caller: a row the caller may not see is not there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Row,
    bindparam,
    func,
    literal,
    select,
    union_all,
)
from strawberry.dataloader import DataLoader

from core.auth import ANONYMOUS, Viewer
from db.session import RequestDatabase
from schema.declare import Grouped, Paged, Relation, Rows, Source, SqlValue
from schema.listing import ListSpec, Page, PageArgs, conditions, encode_cursor, order_by

T = TypeVar("T")


class ViewerScope:
    """The caller as the read rules see it. On the general path its ids are plain values; the
    compiled path binds them as parameters (resolvers/compiled) so one statement serves every
    caller of a role."""

    def __init__(self, viewer: Viewer, *, bound: bool = False) -> None:
        self.viewer = viewer
        self.bound = bound

    #: the bound parameters of the caller's ids, by the name of the id
    PARAMETERS: ClassVar[Mapping[str, str]] = {
        "municipality_id": "viewer_municipality_id",
        "mayor_id": "viewer_mayor_id",
        "post_id": "viewer_post_id",
    }

    @property
    def key(self) -> Hashable:
        """What a statement built for this caller depends on: the rules branch on the role
        only; the caller's ids are parameters (`values`)."""
        return self.viewer.role

    def values(self) -> dict[str, int]:
        """The caller's ids as the bound parameters' values (0 for none: no row has id 0)."""
        return {
            parameter: getattr(self.viewer, name) or 0
            for name, parameter in self.PARAMETERS.items()
        }

    def for_statement(self) -> ViewerScope:
        """The scope of a statement kept for every caller of this role: the ids are
        parameters whose own value is 0 (no row has id 0), so the statement shows nothing of
        anyone's unless this caller's `values()` are passed with it."""
        return ViewerScope(Viewer(role=self.viewer.role), bound=True)

    def municipality_id(self) -> ColumnElement[Any]:
        return self._value("municipality_id")

    def mayor_id(self) -> ColumnElement[Any]:
        return self._value("mayor_id")

    def post_id(self) -> ColumnElement[Any]:
        return self._value("post_id")

    def _value(self, name: str) -> ColumnElement[Any]:
        value = getattr(self.viewer, name) or 0
        if self.bound:
            return bindparam(self.PARAMETERS[name], value)
        return literal(value)


class Reads:
    """Made fresh for each request (never shared: its caches hold that request's view)."""

    def __init__(self, db: RequestDatabase, viewer: Viewer = ANONYMOUS) -> None:
        self.db = db
        self.viewer = viewer
        self.scope = ViewerScope(viewer)
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}
        #: reads under way (a batch goes on when a field waiting for it was cancelled)
        self._pending: set[asyncio.Future[Any]] = set()

    def fresh(self) -> Reads:
        """Reads with empty caches: after a write, nothing read before it is served again."""
        return Reads(self.db, self.viewer)

    async def _load(
        self, key: Hashable, batch: Callable[[list[Any]], Awaitable[Sequence[Any]]], item: Any
    ) -> Any:
        """`item` through the request's loader `key` (made with `batch` on first use).

        Shielded: a DataLoader hands every field asking for one item the same future, and a
        field's task that is cancelled (graphql-core cancels the siblings of a field that fails)
        would cancel that shared future for the others."""
        return await self._shielded(self._loader(key, batch).load(item))

    async def _shielded(self, awaitable: Awaitable[T]) -> T:
        return await asyncio.shield(self._track(asyncio.ensure_future(awaitable)))

    def _loader(
        self, key: Hashable, batch: Callable[[list[Any]], Awaitable[Sequence[Any]]]
    ) -> DataLoader[Any, Any]:
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = DataLoader(batch)
        return loader

    def _track(self, future: asyncio.Future[T]) -> asyncio.Future[T]:
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    async def settle(self) -> None:
        """Waits for the reads under way: the request's connection is given back after them,
        never while a batch a cancelled field left behind still uses it."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    # -- by id ---------------------------------------------------------------------------------

    async def lookup(self, source: Source, row_id: int) -> Row[Any] | None:
        """The row of `source` with this id, if the caller may see it."""
        row: Row[Any] | None = await self._load(
            ("lookup", source), self._lookup_batch(source), row_id
        )
        return row

    async def lookup_many(self, source: Source, row_ids: Sequence[int]) -> list[Row[Any] | None]:
        """The rows of `source` with these ids, in their order (None where the caller may not see
        one): the same batch as `lookup`, asked once for the distinct ids — a list of a few
        hundred entries naming a few dozen rows waits on a few dozen futures, not a task each."""
        distinct = list(dict.fromkeys(row_ids))
        loader = self._loader(("lookup", source), self._lookup_batch(source))
        found = await self._shielded(loader.load_many(distinct))
        by_id = dict(zip(distinct, found, strict=True))
        return [by_id[row_id] for row_id in row_ids]

    def _lookup_batch(self, source: Source) -> Callable[[list[int]], Awaitable[Sequence[Any]]]:
        table = source.table
        assert table is not None

        async def batch(keys: list[int]) -> Sequence[Row[Any] | None]:
            statement = source.select().where(table.c.id.in_(keys), *self._rule(source, table))
            by_id = {row.id: row for row in await self.db.all(statement)}
            return [by_id.get(key) for key in keys]

        return batch

    # -- relationships -------------------------------------------------------------------------

    async def related(
        self,
        relation: Relation,
        source: Source,
        key: Any,
        arguments: Mapping[str, Any] | tuple[()] = (),
        arguments_key: Hashable = (),
    ) -> list[Row[Any]]:
        """The child rows of one parent (its `relation.parent` value is `key`), in order."""
        values: Mapping[str, Any] = arguments or {}
        table = source.table
        assert table is not None
        conditions = [
            condition
            for argument in relation.arguments
            if values.get(argument.name) is not None
            and (condition := argument.condition(values[argument.name], table)) is not None
        ]

        async def batch(keys: list[Any]) -> Sequence[list[Row[Any]]]:
            link = relation.through
            if link is None:
                parent_key = table.c[relation.child]
                joined: FromClause = table
            else:
                parent_key = link.table.c[link.parent]
                joined = table.join(link.table, link.table.c[link.child] == table.c.id)
            where = [parent_key.in_(keys), *conditions, *self._rule(source, table)]
            if relation.where is not None:
                where.append(relation.where(table))
            statement = (
                select(*source.columns_of(table), parent_key.label("_key"))
                .select_from(joined)
                .where(*where)
                .order_by(*relation.ordering(table, link.table if link else None), table.c.id)
            )
            grouped: dict[Any, list[Row[Any]]] = {k: [] for k in keys}
            for row in await self.db.all(statement):
                grouped[row._mapping["_key"]].append(row)
            return [grouped[k] for k in keys]

        loader_key = ("related", relation, source, arguments_key)
        found: list[Row[Any]] = await self._load(loader_key, batch, key)
        return found

    # -- lists ---------------------------------------------------------------------------------

    async def page(
        self, paged: Paged, source: Source, key: Any, args: PageArgs, arguments_key: Hashable
    ) -> Page:
        """One page of a declared list: the root's (`key` None) or one parent's; the pages of
        every parent asking with the same arguments (`arguments_key`) are read together."""
        if paged.child is None:
            return await self._root_page(paged.listing, source, args)

        async def batch(keys: list[Any]) -> Sequence[Page]:
            assert paged.child is not None
            return await self._pages(paged.listing, source, args, paged.child, keys)

        loader_key = ("page", paged, source, args.first, arguments_key)
        page: Page = await self._load(loader_key, batch, key)
        return page

    async def _root_page(self, spec: ListSpec, source: Source, args: PageArgs) -> Page:
        dialect = self.db.dialect
        rule = self._rule(source, spec.table)
        # One row more than asked tells whether a next page exists (even for `first: 0`).
        statement = (
            source.select()
            .where(*conditions(spec, args, dialect), *rule)
            .order_by(*order_by(spec, args, dialect))
            .limit(args.first + 1)
        )
        rows = await self.db.all(statement)

        async def count() -> int:
            statement = select(func.count()).select_from(spec.table).where(*args.where, *rule)
            return int(await self.db.scalar(statement))

        return _page(spec, args, rows, _memo(count, self._track))

    async def _pages(
        self, spec: ListSpec, source: Source, args: PageArgs, child: str, keys: Sequence[Any]
    ) -> list[Page]:
        """The same page of a nested list for many parents at once, in `keys` order: one
        statement for the rows (a window function numbers each parent's rows) and, when asked,
        one for the counts."""
        dialect = self.db.dialect
        table = spec.table
        parent = table.c[child]
        rule = self._rule(source, table)
        grouped: dict[Any, list[Row[Any]]] = {key: [] for key in keys}
        if keys:
            number = (
                func.row_number()
                .over(partition_by=parent, order_by=order_by(spec, args, dialect))
                .label("_rn")
            )
            inner = (
                select(*source.columns_of(table), number)
                .where(parent.in_(keys), *conditions(spec, args, dialect), *rule)
                .subquery()
            )
            statement = (
                select(inner)
                .where(inner.c._rn <= args.first + 1)
                .order_by(inner.c[child], inner.c._rn)
            )
            for row in await self.db.all(statement):
                grouped[row._mapping[child]].append(row)

        async def counts() -> dict[Any, int]:
            statement = (
                select(parent.label("parent"), func.count().label("n"))
                .where(parent.in_(keys), *args.where, *rule)
                .group_by(parent)
            )
            return {row.parent: int(row.n) for row in await self.db.all(statement)}

        all_counts = _memo(counts, self._track)

        def count_of(key: Any) -> Callable[[], Awaitable[int]]:
            async def count() -> int:
                return (await all_counts()).get(key, 0)

            return count

        return [_page(spec, args, grouped[key], count_of(key)) for key in keys]

    # -- other roots ---------------------------------------------------------------------------

    async def rows(self, root: Rows, source: Source, order: Any = None) -> list[Row[Any]]:
        table = source.table
        assert table is not None
        where = self._rule(source, table)
        if root.where is not None:
            where.append(root.where(table))
        ordering = root.ordering(table, self.db.dialect, order)
        statement = source.select().where(*where).order_by(*ordering)
        if root.one:
            statement = statement.limit(1)
        return list(await self.db.all(statement))

    async def grouped(
        self, root: Grouped, source: Source, arguments: Mapping[str, Any]
    ) -> list[Row[Any]]:
        groups, order = root.rows(arguments, self.scope, "grouped")
        statement = select(
            *groups.c,
            *(value.sql(groups).label(f"_x_{name}") for name, value in source.expressions.items()),
        ).order_by(*(groups.c[name] for name in order))
        return list(await self.db.all(statement))

    async def given(self, source: Source, value: SqlValue, values: Mapping[str, Any]) -> Any:
        """An expression evaluated over given column values (an entity's `@requires` fields):
        one statement for every distinct set of values of a request."""
        table = source.table
        assert table is not None
        names = value.requires

        async def batch(keys: list[tuple[Any, ...]]) -> Sequence[Any]:
            rows = union_all(
                *(
                    select(
                        literal(index).label("_key"),
                        *(
                            literal(given, table.c[name].type).label(name)
                            for name, given in zip(names, key, strict=True)
                        ),
                    )
                    for index, key in enumerate(keys)
                )
            ).subquery("given")
            statement = select(rows.c._key, value.sql(rows).label("value"))
            found = {row._mapping["_key"]: row.value for row in await self.db.all(statement)}
            return [found.get(index) for index in range(len(keys))]

        key = tuple(values[name] for name in names)
        return await self._load(("given", source, value), batch, key)

    def _rule(self, source: Source, alias: FromClause) -> list[ColumnElement[bool]]:
        return source.visible(self.scope, alias)


def _page(spec: ListSpec, args: PageArgs, rows: Sequence[Row[Any]], count: Any) -> Page:
    rows = list(rows)
    has_next = len(rows) > args.first
    del rows[args.first :]
    return Page(
        rows=rows,
        cursors=[encode_cursor(spec, args, row.id) for row in rows],
        has_next_page=has_next,
        has_previous_page=args.after is not None,
        count=count,
    )


def _memo(
    thunk: Callable[[], Awaitable[T]],
    track: Callable[[asyncio.Future[T]], asyncio.Future[T]],
) -> Callable[[], Awaitable[T]]:
    """Run `thunk` once, however many times (and however concurrently) it is awaited; shielded
    and tracked as the loaders' reads are."""
    task: asyncio.Future[T] | None = None

    async def once() -> T:
        nonlocal task
        if task is None:
            task = track(asyncio.ensure_future(thunk()))
        return await asyncio.shield(task)

    return once
