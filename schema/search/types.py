"""The search's GraphQL types: its kinds and filter, and a hit with its snippet."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, TypeVar

import strawberry

from core.text import WordMatcher, highlights, snippet
from db.tables import SearchDocumentKind
from schema.associations.types import CommissionMeeting
from schema.councils.types import AssemblyMeeting, CouncilResolution, GovernmentBill
from schema.declare import computed, computed_type, connection, instance, source_of
from schema.ministry.circulars import NationalCircular
from schema.municipalities.types import DraftDirective, JointSession, Municipality
from schema.pagination import Connection

D = SearchDocumentKind
T = TypeVar("T")

#: Why a hit is answered by Python: the database ranks the documents, Python cuts the snippets.
SEARCH_REASON = (
    "ranked by each database's own full-text index (PostgreSQL's tsvector, SQLite's FTS5) and "
    "snippets cut from the text in Python, alike on both databases"
)


@strawberry.enum(description="What a search looks through.")
class SearchKind(Enum):
    DRAFT_DIRECTIVE = strawberry.enum_value(
        "DRAFT_DIRECTIVE", description="Draft directives and circulars (title and text)."
    )
    COUNCIL_RESOLUTION = strawberry.enum_value(
        "COUNCIL_RESOLUTION", description="Council resolutions (title and number)."
    )
    GOVERNMENT_BILL = strawberry.enum_value(
        "GOVERNMENT_BILL",
        description="Government bills (Persian and English titles, the assembly's position).",
    )
    NATIONAL_CIRCULAR = strawberry.enum_value(
        "NATIONAL_CIRCULAR", description="National circulars (title, number and text)."
    )
    MEETING_MINUTES = strawberry.enum_value(
        "MEETING_MINUTES",
        description=(
            "Minutes of the assembly's meetings, the joint sessions and the commission's "
            "meetings (the meeting's title and the minutes)."
        ),
    )


#: The index's kinds of document behind each kind a client names.
DOCUMENT_KINDS: dict[SearchKind, tuple[SearchDocumentKind, ...]] = {
    SearchKind.DRAFT_DIRECTIVE: (D.DRAFT_DIRECTIVE,),
    SearchKind.COUNCIL_RESOLUTION: (D.COUNCIL_RESOLUTION,),
    SearchKind.GOVERNMENT_BILL: (D.GOVERNMENT_BILL,),
    SearchKind.NATIONAL_CIRCULAR: (D.NATIONAL_CIRCULAR,),
    SearchKind.MEETING_MINUTES: (
        D.ASSEMBLY_MEETING_MINUTES,
        D.JOINT_SESSION_MINUTES,
        D.COMMISSION_MEETING_MINUTES,
    ),
}
KIND_OF: dict[SearchDocumentKind, SearchKind] = {
    document: kind for kind, documents in DOCUMENT_KINDS.items() for document in documents
}


#: The hit's field that answers with the record of each kind of document.
RECORD_FIELD: dict[SearchDocumentKind, str] = {
    D.DRAFT_DIRECTIVE: "draftDirective",
    D.COUNCIL_RESOLUTION: "councilResolution",
    D.GOVERNMENT_BILL: "governmentBill",
    D.NATIONAL_CIRCULAR: "nationalCircular",
    D.ASSEMBLY_MEETING_MINUTES: "assemblyMeeting",
    D.JOINT_SESSION_MINUTES: "jointSession",
    D.COMMISSION_MEETING_MINUTES: "commissionMeeting",
}


@strawberry.input(description="Narrows a search; conditions combine with AND.")
class SearchFilter:
    municipality_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=(
            "Only documents of these municipalities (a draft's, a resolution's council's, a "
            "meeting's host); documents of no municipality (bills, circulars) are left out."
        ),
    )
    province_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only documents of municipalities in these provinces."
    )
    from_day: date | None = strawberry.field(
        default=None,
        description=(
            "Only documents of this day or later (written, adopted or held; Tehran's day); "
            "documents without a day are left out."
        ),
    )
    to_day: date | None = strawberry.field(
        default=None, description="Only documents of this day or earlier."
    )


@computed_type(SEARCH_REASON, description="Where a search's words were found in a text.")
class TextRange:
    start: int = strawberry.field(
        description="Offset of the matched word, in characters (code points) of the text."
    )
    length: int = strawberry.field(description="Its length, in characters.")


@computed_type(SEARCH_REASON, description="A passage of a document around what a search found.")
class SearchSnippet:
    text: str = strawberry.field(
        description=(
            "About 36 words of the text around the first match (its beginning when only the "
            "title matched), as written; `…` where the text was cut."
        )
    )
    highlights: list[TextRange] = strawberry.field(
        description="The matched words in `text`, in order: show them highlighted."
    )


async def _record(info: Any, cls: type[T], hit: SearchHit, *kinds: SearchDocumentKind) -> T | None:
    """The record a hit found, if it is of `kinds`: read with the hit when the search was asked
    for it, else by id through the request's reads; under its read rule either way."""
    if hit.document_kind not in kinds:
        return None
    if hit.record is not None:
        found: T = hit.record
        return found
    return await _lookup(info, cls, hit.record_id)


async def _lookup(info: Any, cls: type[T], key: int | None) -> T | None:
    """The record by id through the request's reads, under its read rule (null if unseen)."""
    if key is None:
        return None
    row = await info.context.reads.lookup(source_of(cls), key)
    return instance(cls, row) if row is not None else None


async def _draft(root: SearchHit, info: strawberry.Info) -> DraftDirective | None:
    return await _record(info, DraftDirective, root, D.DRAFT_DIRECTIVE)


async def _resolution(root: SearchHit, info: strawberry.Info) -> CouncilResolution | None:
    return await _record(info, CouncilResolution, root, D.COUNCIL_RESOLUTION)


async def _bill(root: SearchHit, info: strawberry.Info) -> GovernmentBill | None:
    return await _record(info, GovernmentBill, root, D.GOVERNMENT_BILL)


async def _circular(root: SearchHit, info: strawberry.Info) -> NationalCircular | None:
    return await _record(info, NationalCircular, root, D.NATIONAL_CIRCULAR)


async def _assembly_meeting(root: SearchHit, info: strawberry.Info) -> AssemblyMeeting | None:
    return await _record(info, AssemblyMeeting, root, D.ASSEMBLY_MEETING_MINUTES)


async def _joint_session(root: SearchHit, info: strawberry.Info) -> JointSession | None:
    return await _record(info, JointSession, root, D.JOINT_SESSION_MINUTES)


async def _commission_meeting(root: SearchHit, info: strawberry.Info) -> CommissionMeeting | None:
    return await _record(info, CommissionMeeting, root, D.COMMISSION_MEETING_MINUTES)


def _ranges(found: list[tuple[int, int]]) -> list[TextRange]:
    return [TextRange(start=start, length=length) for start, length in found]


def _title_highlights(root: SearchHit) -> list[TextRange]:
    return _ranges(highlights(root.title, root.matcher))


def _snippet(root: SearchHit) -> SearchSnippet:
    text, marked = snippet(root.body, root.matcher)
    return SearchSnippet(text=text, highlights=_ranges(marked))


async def _municipality(root: SearchHit, info: strawberry.Info) -> Municipality | None:
    return await _lookup(info, Municipality, root.municipality_id)


@computed_type(
    SEARCH_REASON,
    description=(
        "A document a search found: its kind, title and a snippet with the matched words, its "
        "rank, and the record itself (one of `draftDirective` … `commissionMeeting`, by kind)."
    ),
)
class SearchHit:
    document_kind: strawberry.Private[SearchDocumentKind]
    record_id: strawberry.Private[int]
    municipality_id: strawberry.Private[int | None]
    #: the document's text, and what the search's words find in it and the title: the snippet
    #: and the highlights are cut only when asked for
    body: strawberry.Private[str]
    matcher: strawberry.Private[WordMatcher]
    #: the record (an instance of its kind's type), when the search read it with the hit
    record: strawberry.Private[Any]
    kind: SearchKind = strawberry.field(description="What was found.")
    title: str = strawberry.field(
        description="The document's title as written (a meeting's title for its minutes)."
    )
    rank: float = strawberry.field(
        description=(
            "How well it matched (higher first; title words weigh ten times text words). "
            "Compare ranks within one answer only: the scale is the database's."
        )
    )
    day: date | None = strawberry.field(
        description="The day of the document (written, adopted, held; Tehran); null if none."
    )
    title_highlights: list[TextRange] = computed(
        _title_highlights, reason=SEARCH_REASON, description="The matched words in `title`."
    )
    snippet: SearchSnippet = computed(
        _snippet,
        reason=SEARCH_REASON,
        description="A passage of the document's text around the first match.",
    )
    municipality: Municipality | None = computed(
        _municipality,
        reason=SEARCH_REASON,
        description="The municipality the document is of; null for bills and circulars.",
    )
    draft_directive: DraftDirective | None = computed(
        _draft, reason=SEARCH_REASON, description="The draft found; null for others."
    )
    council_resolution: CouncilResolution | None = computed(
        _resolution, reason=SEARCH_REASON, description="The resolution found; null for others."
    )
    government_bill: GovernmentBill | None = computed(
        _bill, reason=SEARCH_REASON, description="The bill found; null for others."
    )
    national_circular: NationalCircular | None = computed(
        _circular, reason=SEARCH_REASON, description="The national circular found; null for others."
    )
    assembly_meeting: AssemblyMeeting | None = computed(
        _assembly_meeting,
        reason=SEARCH_REASON,
        description="The assembly meeting whose minutes were found; null for others.",
    )
    joint_session: JointSession | None = computed(
        _joint_session,
        reason=SEARCH_REASON,
        description="The joint session whose minutes were found; null for others.",
    )
    commission_meeting: CommissionMeeting | None = computed(
        _commission_meeting,
        reason=SEARCH_REASON,
        description="The commission meeting whose minutes were found; null for others.",
    )


@connection("A page of search hits, best first.")
class SearchHitConnection(Connection[SearchHit]):
    pass
