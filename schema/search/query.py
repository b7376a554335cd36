"""The `search` root: one ranked full-text search over drafts, resolutions, bills, national
circulars and minutes, under the read rules.

The words of the query are folded as the index's text was (`core.text.search_words`: Arabic
ي/ك, Persian and Arabic digits, joiners and spaces, marks and tatweel); a document matches when
every word does, a word when a word of the document starts with it. PostgreSQL matches and ranks
with the stored `tsvector` (`ts_rank`, title ten times text) and its GIN index; SQLite with the
FTS5 table (`bm25`, the same weights). Every kind of document is read under its type's read rule
(`Source.visible`, the rule every other read uses), in the same statement that ranks and counts:
a document the caller may not see is not found, not counted and not snippeted. Snippets are cut
from the text as written, in Python, the same on both databases.

Cursors are offsets into the ranking, tied to the search they came from: a ranking has to score
every match anyway, so a keyset position would save nothing, and ranks are floats a cursor should
not have to carry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Final, TypeVar

import strawberry
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Subquery,
    Text,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)
from strawberry.types.nodes import SelectedField

from core.caches import BytesLRU
from core.errors import BadUserInput
from core.ids import parse_ids
from core.text import WordMatcher, search_words
from db.tables import SearchDocumentKind, municipality, search_document
from schema.associations.types import CommissionMeeting
from schema.context import Info
from schema.councils.types import AssemblyMeeting, CouncilResolution, GovernmentBill
from schema.declare import RowValues, Scope, source_of
from schema.ministry.circulars import NationalCircular
from schema.municipalities.types import DraftDirective, JointSession
from schema.pagination import After, Edge, First, PageInfo
from schema.search.types import (
    DOCUMENT_KINDS,
    KIND_OF,
    RECORD_FIELD,
    SearchFilter,
    SearchHit,
    SearchHitConnection,
    SearchKind,
)

D = SearchDocumentKind

#: The type each kind of document is a row of (a meeting's, for its minutes): its read rule is
#: the document's.
TYPE_OF: Final[dict[SearchDocumentKind, Any]] = {
    D.DRAFT_DIRECTIVE: DraftDirective,
    D.COUNCIL_RESOLUTION: CouncilResolution,
    D.GOVERNMENT_BILL: GovernmentBill,
    D.NATIONAL_CIRCULAR: NationalCircular,
    D.ASSEMBLY_MEETING_MINUTES: AssemblyMeeting,
    D.JOINT_SESSION_MINUTES: JointSession,
    D.COMMISSION_MEETING_MINUTES: CommissionMeeting,
}
#: A title word weighs this many text words.
TITLE_WEIGHT: Final = 10.0
_FTS = table("search_document_fts", column("rowid"))
_FTS_NAME: ColumnElement[Any] = literal_column("search_document_fts")
_TSV: ColumnElement[Any] = literal_column("search_document.tsv")


def visible(scope: Scope, kinds: Sequence[SearchDocumentKind]) -> ColumnElement[bool]:
    """The documents of `kinds` the caller may see: each kind under its type's read rule.

    Written once for each role and set of kinds, and kept (the most recently used, within the
    process's cache budget): the rules branch on the role only, and the caller's ids are
    parameters the statement is given, `scope.values()`."""
    return _kept(_VISIBLE, scope, kinds, _written)


W = TypeVar("W")
Kinds = tuple[SearchDocumentKind, ...]
#: What a written clause keeps, per kind of document (SQLAlchemy's elements, a join's columns):
#: an estimate, for the cache's budget.
_WRITTEN_BYTES: Final = 32 * 1024


def _written_cache() -> BytesLRU[tuple[Hashable, Kinds], Any]:
    return BytesLRU(weigh=lambda key, _: _WRITTEN_BYTES * len(key[1]), max_entries=256)


def _kept(
    cache: BytesLRU[tuple[Hashable, Kinds], Any],
    scope: Scope,
    kinds: Sequence[SearchDocumentKind],
    write: Callable[[Scope, Kinds], W],
) -> W:
    """What `write` builds for the caller's role and these kinds (in a fixed order), built on
    first use with the role's statement scope (`scope.for_statement()`) and kept."""
    key = (scope.key, tuple(sorted(set(kinds), key=lambda kind: kind.value)))
    written: W | None = cache.get(key)
    if written is None:
        written = write(scope.for_statement(), key[1])
        cache[key] = written
    return written


_VISIBLE = _written_cache()


def _written(scope: Scope, kinds: Sequence[SearchDocumentKind]) -> ColumnElement[bool]:
    allowed: list[ColumnElement[bool]] = []
    for number, kind in enumerate(kinds):
        source = source_of(TYPE_OF[kind])
        assert source.table is not None
        seen = source.table.alias(f"seen_{number}")
        # the kind written into the statement, not bound: a prepared statement's generic plan
        # cannot know which kind a parameter names and intersects the full-text matches with
        # every row of the kind's index (measured: 12 ms of 45 on the national sample)
        of_kind = search_document.c.kind == literal(kind.value, literal_execute=True)
        conditions = source.visible(scope, seen)
        if conditions:
            record = select(seen.c.id).where(seen.c.id == search_document.c.record_id, *conditions)
            allowed.append(and_(of_kind, exists(record)))
        else:
            allowed.append(of_kind)
    return or_(*allowed)


def tsquery(words: list[tuple[str, ...]]) -> str:
    """PostgreSQL's form of the words: `'joined':* | ('piece':* & …)` for each, all ANDed."""

    def one(forms: tuple[str, ...]) -> str:
        joined = f"'{forms[0]}':*"
        if len(forms) == 1:
            return joined
        pieces = " & ".join(f"'{piece}':*" for piece in forms[1:])
        return f"({joined} | ({pieces}))"

    return " & ".join(one(forms) for forms in words)


def fts5_query(words: list[tuple[str, ...]]) -> str:
    """SQLite FTS5's form of the same: `"joined"* OR ("piece"* AND …)` for each, all ANDed."""

    def one(forms: tuple[str, ...]) -> str:
        joined = f'"{forms[0]}"*'
        if len(forms) == 1:
            return joined
        pieces = " AND ".join(f'"{piece}"*' for piece in forms[1:])
        return f"({joined} OR ({pieces}))"

    return " AND ".join(one(forms) for forms in words)


def _conditions(where: SearchFilter | None) -> list[ColumnElement[bool]]:
    if where is None:
        return []
    found: list[ColumnElement[bool]] = []
    if where.municipality_ids is not None:
        ids = parse_ids(where.municipality_ids, "Municipality", "filter.municipalityIds")
        found.append(search_document.c.municipality_id.in_(ids))
    if where.province_ids is not None:
        ids = parse_ids(where.province_ids, "Province", "filter.provinceIds")
        found.append(
            search_document.c.municipality_id.in_(
                select(municipality.c.id).where(municipality.c.province_id.in_(ids))
            )
        )
    if where.from_day is not None:
        found.append(search_document.c.day >= where.from_day)
    if where.to_day is not None:
        found.append(search_document.c.day <= where.to_day)
    return found


def _fingerprint(words: list[tuple[str, ...]], kinds: Sequence[Any], where: Any) -> str:
    """What a cursor is valid for: the same words, kinds and filter."""
    text = repr((words, sorted(k.value for k in kinds), where))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cursor(fingerprint: str, offset: int) -> str:
    return f"search:{fingerprint}:{offset}".encode().hex().upper()


def _offset(cursor: str | None, fingerprint: str) -> int:
    if cursor is None:
        return 0
    try:
        name, given, offset = bytes.fromhex(cursor).decode().split(":")
        if name != "search" or not offset.isascii() or not offset.isdigit():
            raise ValueError(cursor)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadUserInput(
            "`after` is not a cursor this service gave out.", argument="after"
        ) from exc
    if given != fingerprint:
        raise BadUserInput(
            "`after` belongs to another search; ask for the first page of this one.",
            argument="after",
        )
    return int(offset) + 1


QueryArgument = Annotated[
    str,
    strawberry.argument(
        description=(
            "The words to find, in Persian or English (at most 200 characters, 12 words); "
            "each must begin a word of the document. Arabic ي/ك, Persian or Arabic digits, "
            "zero-width non-joiners, diacritics and tatweel make no difference."
        )
    ),
]
KindsArgument = Annotated[
    list[SearchKind] | None,
    strawberry.argument(description="What to look through (default: everything)."),
]
FilterArgument = Annotated[
    SearchFilter | None, strawberry.argument(description="Narrow the search.")
]


@dataclass(frozen=True)
class SearchPage:
    """One page of a search as one statement, for the general executor and the compiled path
    alike: its rows are the page's hits, best first (one more than the page when there is a
    next page), each with the search document's columns, its `rank`, on PostgreSQL the whole
    `total` (a window over the same scan), and what `extra` adds for the kinds searched: a
    column of each hit, or a kind's records joined (`_RecordRead`)."""

    statement: Select[Any]
    #: the count apart, when the rows do not carry it (SQLite: bm25() shares no statement with
    #: a window) or the page is empty
    count: Select[Any]
    counted_here: bool
    words: list[tuple[str, ...]]
    size: int
    offset: int
    fingerprint: str
    #: the page continues another (`after` was given)
    continued: bool

    def cursor(self, index: int) -> str:
        """The cursor of the page's hit `index`."""
        return _cursor(self.fingerprint, self.offset + index)

    def total(self, rows: Sequence[Any]) -> int | None:
        """The whole count when the rows tell it: they carry it, or a first page found nothing
        (None: the count is `count`'s, e.g. a page past the last)."""
        if not rows:
            return 0 if self.offset == 0 else None
        return int(rows[0].total) if self.counted_here else None


def search_page(
    scope: Scope,
    dialect: str,
    page_size: Callable[[int | None], int],
    query: str,
    kinds: list[SearchKind] | None = None,
    filter: SearchFilter | None = None,
    first: int | None = None,
    after: str | None = None,
    *,
    extra: Callable[[Sequence[SearchDocumentKind]], Sequence[Any]] = lambda _: (),
    counted: bool = False,
) -> SearchPage:
    """The statement of the search's page under the caller's read rules (`scope`: written once
    per role, the caller's ids bound). BAD_USER_INPUT for words, kinds or a cursor that will
    not do."""
    words = search_words(query, argument="query")
    if kinds is not None and not kinds:
        raise BadUserInput("Name at least one kind, or leave `kinds` out.", argument="kinds")
    chosen = list(dict.fromkeys(kinds or list(SearchKind)))
    documents = tuple(document for kind in chosen for document in DOCUMENT_KINDS[kind])
    size = page_size(first)
    fingerprint = _fingerprint(words, chosen, filter)
    offset = _offset(after, fingerprint)
    where = [visible(scope, documents), *_conditions(filter)]

    rank: ColumnElement[Any]
    found: FromClause
    if dialect == "postgresql":
        words_of = bindparam("terms", tsquery(words), type_=Text)
        terms = func.to_tsquery(literal_column("'simple'::regconfig"), words_of)
        match = _TSV.op("@@")(terms)
        weights: ColumnElement[Any] = literal_column(
            f"'{{0.1, 0.2, {1 / TITLE_WEIGHT}, 1.0}}'::real[]"
        )
        rank = func.ts_rank(weights, _TSV, terms)
        found = search_document
    else:
        match = _FTS_NAME.op("MATCH")(bindparam("terms", fts5_query(words), type_=Text))
        rank = -func.bm25(_FTS_NAME, TITLE_WEIGHT, 1.0)
        found = search_document.join(_FTS, _FTS.c.rowid == search_document.c.id)

    # The page is chosen on narrow rows (id, rank and the count; the rank must be computed for
    # every match to order them), then only its rows are read whole: the count's window would
    # otherwise hold every match's text (20% of the statement on the national sample).
    matches = (
        select(search_document.c.id, rank.label("rank")).select_from(found).where(match, *where)
    )
    if dialect == "postgresql":
        # PostgreSQL: each match ranked as its row is read (`tsv` is kept in the row: migration
        # 0016), into a narrow materialized list the count's window then reads; left to the
        # planner, the rank is computed above the window, which must then hold every match's
        # `tsv` (1.4 KB each, spilled to disk past work_mem): 27 against 44 ms a search
        matched = matches.cte("matches").prefix_with("MATERIALIZED")
        # the whole count from the same scan (a window is computed before LIMIT)
        ranked = (
            select(matched.c.id, matched.c.rank, func.count().over().label("total"))
            .order_by(matched.c.rank.desc(), matched.c.id)
            .limit(size + 1)
            .offset(offset)
            .subquery("ranked")
        )
        total: list[ColumnElement[Any]] = [ranked.c.total]
    else:
        ranked = (
            matches.order_by(rank.desc(), search_document.c.id)
            .limit(size + 1)
            .offset(offset)
            .subquery("ranked")
        )
        # SQLite's bm25() shares no statement with a window: the count is a subquery of its
        # own, asked only when the count is (`counted`), else a statement apart (`count`)
        every = select(func.count()).select_from(found).where(match, *where)
        total = [every.scalar_subquery().label("total")] if counted else []
    hits_with = ranked.join(search_document, search_document.c.id == ranked.c.id)
    added = list(extra(documents))
    records = [column for column in added if isinstance(column, _RecordRead)]
    for read in records:
        hits_with = hits_with.outerjoin(read.record, read.on)
    statement = (
        select(
            search_document.c.kind,
            search_document.c.record_id,
            search_document.c.municipality_id,
            search_document.c.day,
            search_document.c.title,
            search_document.c.body,
            ranked.c.rank,
            *total,
            *(
                column
                for added_column in added
                for column in (
                    added_column.columns
                    if isinstance(added_column, _RecordRead)
                    else [added_column]
                )
            ),
        )
        .select_from(hits_with)
        .order_by(ranked.c.rank.desc(), ranked.c.id)
    )
    return SearchPage(
        statement=statement,
        count=select(func.count()).select_from(found).where(match, *where),
        counted_here=bool(total),
        words=words,
        size=size,
        offset=offset,
        fingerprint=fingerprint,
        continued=after is not None,
    )


async def search(
    root: Any,
    info: Info,
    query: QueryArgument,
    kinds: KindsArgument = None,
    filter: FilterArgument = None,
    first: First = None,
    after: After = None,
) -> SearchHitConnection:
    scope = info.context.reads.scope
    asked = _asked(info)
    records: tuple[_RecordRead, ...] = ()

    def record_joins(documents: Sequence[SearchDocumentKind]) -> Sequence[Any]:
        nonlocal records
        records = _records(scope, [kind for kind in documents if RECORD_FIELD[kind] in asked])
        return records

    db = info.context.db
    page = search_page(
        scope,
        db.dialect,
        info.context.page_size,
        query,
        kinds,
        filter,
        first,
        after,
        extra=record_joins,
    )
    parameters = scope.values()  # the words are the statement's own values
    rows = list(await db.all(page.statement, parameters))
    total = page.total(rows)
    has_next = len(rows) > page.size
    del rows[page.size :]

    async def count() -> int:
        if total is not None:
            return total
        return int((await db.all(page.count, parameters))[0][0])

    matcher = WordMatcher(page.words)
    hits = [
        SearchHit(
            document_kind=D(row.kind),
            record_id=row.record_id,
            municipality_id=row.municipality_id,
            body=row.body,
            matcher=matcher,
            kind=KIND_OF[D(row.kind)],
            title=row.title,
            rank=float(row.rank),
            day=row.day,
            record=_record_of(row, records),
        )
        for row in rows
    ]
    cursors = [page.cursor(index) for index in range(len(hits))]
    return SearchHitConnection(
        edges=[Edge(cursor=c, node=hit) for c, hit in zip(cursors, hits, strict=True)],
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=page.continued,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        count=_once(count),
    )


@dataclass(frozen=True)
class _RecordRead:
    """A kind's records read in the hits' own statement: the record's statement, the join's
    condition, and its columns as the hits' rows carry them (`record_<n>_<name>`)."""

    kind: SearchDocumentKind
    record: Subquery
    on: ColumnElement[bool]
    #: the record's columns labelled for the hits' rows, and (its name, the label) of each
    columns: tuple[ColumnElement[Any], ...]
    names: tuple[tuple[str, str], ...]

    def of(self, row: Any) -> Any:
        """The instance of the hit's record (None when it was not read: not the caller's)."""
        values = row._mapping
        if values[self.names[0][1]] is None:
            return None
        mapping = {name: values[label] for name, label in self.names}
        return source_of(TYPE_OF[self.kind]).from_row(RowValues(mapping))


def _records(scope: Scope, kinds: Sequence[SearchDocumentKind]) -> tuple[_RecordRead, ...]:
    """The records of `kinds` read in the hits' own statement (joined to the page's rows, not
    to every match), each under its type's read rule as every read of it: a page's drafts cost
    no second statement. Written once for each role and set of kinds, as `visible`."""
    return _kept(_RECORDS, scope, kinds, _records_written)


_RECORDS = _written_cache()


def _records_written(scope: Scope, kinds: Sequence[SearchDocumentKind]) -> tuple[_RecordRead, ...]:
    reads: list[_RecordRead] = []
    for number, kind in enumerate(kinds):
        source = source_of(TYPE_OF[kind])
        assert source.table is not None
        statement = source.select().where(*source.visible(scope, source.table))
        record = statement.subquery(f"record_{number}")
        on = and_(
            record.c.id == search_document.c.record_id,
            search_document.c.kind == literal(kind.value, literal_execute=True),
        )
        # the record's id first: null when the hit's record was not read
        names = tuple(
            (name, f"record_{number}_{name}")
            for name in sorted(record.c.keys(), key=lambda name: name != "id")
        )
        columns = tuple(record.c[name].label(label) for name, label in names)
        reads.append(_RecordRead(kind, record, on, columns, names))
    return tuple(reads)


def _record_of(row: Any, reads: Sequence[_RecordRead]) -> Any:
    """The instance of the hit's record, if the statement read it (else None: asked by id)."""
    kind = D(row.kind)
    return next((read.of(row) for read in reads if read.kind is kind), None)


def _asked(info: Info) -> set[str]:
    """The names of the fields asked of each hit (`nodes { … }`, `edges { node { … } }`,
    through fragments)."""
    names: set[str] = set()

    def fields(selections: Sequence[Any]) -> Iterator[Any]:
        for selection in selections:
            if isinstance(selection, SelectedField):
                yield selection
            else:  # a fragment: its fields are the enclosing type's
                yield from fields(selection.selections)

    for search in info.selected_fields:
        for field in fields(search.selections):
            if field.name == "nodes":
                names.update(hit.name for hit in fields(field.selections))
            elif field.name == "edges":
                for node in fields(field.selections):
                    if node.name == "node":
                        names.update(hit.name for hit in fields(node.selections))
    return names


def _once(thunk: Callable[[], Awaitable[int]]) -> Callable[[], Awaitable[int]]:
    """`thunk` run once however often `totalCount` is asked."""
    result: list[int] = []

    async def run() -> int:
        if not result:
            result.append(await thunk())
        return result[0]

    return run
