"""The search on the compiled path: the page's statement is the general executor's
(`query.search_page`), with each hit's related objects (its record, its municipality) written
as JSON by the database in the same statement, under their read rules; Python then cuts the
snippets and writes the page, as graphql-core would have written it, without running a resolver
for each of a page's few hundred fields."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import orjson
from sqlalchemy import ColumnElement, Select, case, literal

from core.text import WordMatcher, highlights, snippet
from db.tables import SearchDocumentKind, search_document
from schema.declare import Finished, ObjectWriter, Uncompilable
from schema.search.query import TYPE_OF, SearchPage, search_page
from schema.search.types import KIND_OF, RECORD_FIELD

D = SearchDocumentKind

#: The kind of document each record field of a hit answers for.
KIND_OF_FIELD: Final = {name: kind for kind, name in RECORD_FIELD.items()}
#: A hit's fields whose values are the row's own.
_OWN: Final = frozenset({"kind", "title", "rank", "day"})


#: What to write of each hit (for `nodes`, or for `edges { node }`): (key, field, detail) in the
#: selection's order; the detail is a range's or a snippet's fields, or the label of the column
#: holding a related object's JSON.
_Hit = list[tuple[str, str, Any]]


def compiled_search(
    writer: ObjectWriter, arguments: Mapping[str, Any], nodes: list[Any]
) -> Finished:
    """`search(…)` as one statement and the Python that writes its page."""
    related: list[tuple[str, str, list[Any]]] = []  # (label, field, its nodes)

    def hit_of(hit_nodes: list[Any]) -> _Hit:
        hit: _Hit = []
        for key, field_nodes in writer.collect("SearchHit", hit_nodes).items():
            name = field_nodes[0].name.value
            if name in _OWN or name == "__typename":
                hit.append((key, name, None))
            elif name == "titleHighlights":
                hit.append((key, name, _ranges(writer, field_nodes)))
            elif name == "snippet":
                parts = []
                for part_key, part_nodes in writer.collect("SearchSnippet", field_nodes).items():
                    part = part_nodes[0].name.value
                    ranges = _ranges(writer, part_nodes) if part == "highlights" else None
                    parts.append((part_key, part, ranges))
                hit.append((key, name, parts))
            elif name == "municipality" or name in KIND_OF_FIELD:
                label = f"related_{len(related)}"
                related.append((label, name, field_nodes))
                hit.append((key, name, label))
            else:
                raise Uncompilable(f"SearchHit.{name}")
        return hit

    connection: list[tuple[str, str, Any]] = []
    for key, field_nodes in writer.collect("SearchHitConnection", nodes).items():
        name = field_nodes[0].name.value
        if name == "nodes":
            connection.append((key, name, hit_of(field_nodes)))
        elif name == "edges":
            edge = []
            for edge_key, edge_nodes in writer.collect("SearchHitEdge", field_nodes).items():
                part = edge_nodes[0].name.value
                edge.append((edge_key, part, hit_of(edge_nodes) if part == "node" else None))
            connection.append((key, name, edge))
        elif name == "pageInfo":
            info = [
                (info_key, info_nodes[0].name.value, None)
                for info_key, info_nodes in writer.collect("PageInfo", field_nodes).items()
            ]
            connection.append((key, name, info))
        else:  # totalCount, __typename
            connection.append((key, name, None))

    def columns(documents: Sequence[SearchDocumentKind]) -> list[ColumnElement[Any]]:
        written: list[ColumnElement[Any]] = []
        for label, name, field_nodes in related:
            if name == "municipality":
                value = writer.related(
                    "Municipality", field_nodes, search_document.c.municipality_id
                )
            else:
                kind = KIND_OF_FIELD[name]
                if kind not in documents:
                    continue  # never this kind: null
                record = writer.related(
                    TYPE_OF[kind].__name__, field_nodes, search_document.c.record_id
                )
                of_kind = search_document.c.kind == literal(kind.value, literal_execute=True)
                value = case((of_kind, record))
            written.append(value.label(label))
        return written

    page = search_page(
        writer.scope,
        writer.dialect,
        writer.page_size,
        **arguments,
        extra=columns,
        counted=any(name == "totalCount" for _, name, _ in connection),
    )

    return Finished(page.statement, _Writer(page, connection).finish)


def _ranges(writer: ObjectWriter, nodes: list[Any]) -> list[tuple[str, str]]:
    return [(key, found[0].name.value) for key, found in writer.collect("TextRange", nodes).items()]


@dataclass(frozen=True)
class _Writer:
    page: SearchPage
    connection: list[tuple[str, str, Any]]

    async def finish(
        self,
        rows: Sequence[Any],
        again: Callable[[Select[Any]], Awaitable[Sequence[Any]]],
    ) -> dict[str, Any]:
        page = self.page
        total = page.total(rows)
        has_next = len(rows) > page.size
        rows = rows[: page.size]
        matcher = WordMatcher(page.words)
        written: dict[str, Any] = {}
        for key, name, detail in self.connection:
            if name == "totalCount":
                if total is None:
                    total = int((await again(page.count))[0][0])
                written[key] = total
            elif name == "nodes":
                written[key] = [_hit(row, detail, matcher) for row in rows]
            elif name == "edges":
                written[key] = [
                    {
                        edge_key: page.cursor(index)
                        if part == "cursor"
                        else _hit(row, hit, matcher)
                        if part == "node"
                        else "SearchHitEdge"
                        for edge_key, part, hit in detail
                    }
                    for index, row in enumerate(rows)
                ]
            elif name == "pageInfo":
                written[key] = {
                    info_key: _page_info(part, page, len(rows), has_next)
                    for info_key, part, _ in detail
                }
            else:
                written[key] = "SearchHitConnection"
        return written


def _page_info(part: str, page: SearchPage, count: int, has_next: bool) -> Any:
    if part == "hasNextPage":
        return has_next
    if part == "hasPreviousPage":
        return page.continued
    if part == "startCursor":
        return page.cursor(0) if count else None
    if part == "endCursor":
        return page.cursor(count - 1) if count else None
    return "PageInfo"


def _hit(row: Any, hit: _Hit, matcher: WordMatcher) -> dict[str, Any]:
    written: dict[str, Any] = {}
    for key, name, detail in hit:
        if name == "title":
            written[key] = row.title
        elif name == "kind":
            written[key] = KIND_OF[D(row.kind)].name
        elif name == "rank":
            written[key] = float(row.rank)
        elif name == "day":
            written[key] = row.day.isoformat() if row.day is not None else None
        elif name == "titleHighlights":
            written[key] = _written_ranges(highlights(row.title, matcher), detail)
        elif name == "snippet":
            text, marked = snippet(row.body, matcher)
            written[key] = {
                part_key: text
                if part == "text"
                else _written_ranges(marked, ranges)
                if part == "highlights"
                else "SearchSnippet"
                for part_key, part, ranges in detail
            }
        elif name == "__typename":
            written[key] = "SearchHit"
        else:  # a related object, as the database wrote it (null: none, or not the caller's)
            value = row._mapping.get(detail)
            written[key] = orjson.Fragment(value) if value is not None else None
    return written


def _written_ranges(found: list[tuple[int, int]], fields: list[tuple[str, str]]) -> list[Any]:
    return [
        {
            key: start if name == "start" else length if name == "length" else "TextRange"
            for key, name in fields
        }
        for start, length in found
    ]
