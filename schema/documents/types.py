"""The documents' types: a version of a text, the diff of two, an attachment, a comment on a
draft. Declared field by field (schema/declare.py); their read rules are their owners' (an
attachment's and a version's: the record they belong to, schema/rules.py `DOCUMENT_OWNERS`).

They are shared by the subgraphs whose records have them (drafts and joint sessions in the
municipalities', resolutions and the assembly's meetings in the councils'), hence `@shareable`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import and_, func, literal, select
from strawberry.federation.schema_directives import Shareable

from core.diff import DiffOp, WordDiff, word_diff
from core.errors import BadUserInput
from db.tables import (
    AttachmentOwnerKind,
    DraftStatus,
    VersionedKind,
    attachment,
    document_version,
    draft_comment,
    event,
)
from db.tables.calendar import solar_hijri_of_instant
from db.types import global_id_sql
from schema import rules
from schema.declare import (
    Alias,
    Condition,
    Node,
    Relation,
    column,
    computed_type,
    connection,
    expression,
    many,
    one,
    page,
    row_of,
    source_of,
    table_type,
)
from schema.documents.lists import COMMENT_VERSIONS
from schema.enums import described
from schema.pagination import Connection

if TYPE_CHECKING:
    from schema.municipalities.types import DraftDirective

described(
    AttachmentOwnerKind,
    "What kind of record a file is attached to.",
    DRAFT_DIRECTIVE="A draft directive or circular (its office attaches while it may edit it).",
    COUNCIL_RESOLUTION="A city council's resolution.",
    ASSEMBLY_MEETING="A board meeting or session of the councils' assembly.",
    JOINT_SESSION="A joint session of mayors.",
    VIOLATION_CASE=(
        "An Article 100 case file (its photos, plans, notices): the city's inspectors and the "
        "commissions' secretariat attach while it is open, the execution office once final."
    ),
    EXECUTION_TASK="An execution task (its evidence): the execution office, until it is done.",
)
described(
    DiffOp,
    "What a piece of a diff is.",
    EQUAL="Words in both versions.",
    INSERT="Words the newer version added.",
    DELETE="Words the newer version removed.",
)


@table_type(
    document_version,
    rule=rules.document_version,
    description=(
        "One version of a record's text, never rewritten: 1 is the text as first written, each "
        "edit adds the next, the newest is the current text. Seen with its record."
    ),
)
class DocumentVersion(Node):
    id: strawberry.ID = column("The version's id.")
    number: int = column("1 for the first text, then one more for each edit.")
    title: str | None = column("The title in this version; null for a text without one.")
    body: str = column("The text in this version.")
    editor: str = column("Who wrote this version (as the record's history names them).")
    edited_at: datetime = column("When it was written (UTC).")
    edited_on_solar_hijri: str = expression(
        lambda v: solar_hijri_of_instant(v.c.edited_at),
        description="The day it was written, Solar Hijri (Tehran time).",
    )
    status: str | None = column(
        "The status its record was in when this version was written (a draft's: a "
        "DraftStatus name); null for a record without one (a comment)."
    )


@connection("A page of versions.")
class DocumentVersionConnection(Connection[DocumentVersion]):
    pass


@computed_type(
    "a diff is computed from two versions' texts (difflib over their words), not stored",
    description="A run of words a diff keeps, adds or removes.",
)
class DiffSegment:
    op: DiffOp = strawberry.field(description="Kept, added or removed.")
    text: str = strawberry.field(
        description="The words, with the spaces and line breaks after them as written."
    )


@computed_type(
    "a diff is computed from two versions' texts (difflib over their words), not stored",
    description=(
        "What changed from one version of a text to another, by words: a word retyped with "
        "Arabic ي/ك, other digits or a zero-width non-joiner is the same word (core/text.py). "
        "Join the segments' text to read either version: EQUAL and DELETE give the older, EQUAL "
        "and INSERT the newer."
    ),
)
class TextDiff:
    from_number: int = strawberry.field(description="The older version's number.")
    to_number: int = strawberry.field(description="The newer version's number.")
    title: list[DiffSegment] = strawberry.field(description="The title's changes.")
    body: list[DiffSegment] = strawberry.field(description="The text's changes.")
    inserted_words: int = strawberry.field(description="Words added, title and text.")
    deleted_words: int = strawberry.field(description="Words removed, title and text.")
    changed: bool = strawberry.field(description="False when the two versions read the same.")


def _segments(diff: WordDiff) -> list[DiffSegment]:
    return [DiffSegment(op=s.op, text=s.text) for s in diff.segments]


def text_diff(older: Any, newer: Any) -> TextDiff:
    """The diff of two versions' rows (title and body)."""
    title = word_diff(older.title or "", newer.title or "")
    body = word_diff(older.body, newer.body)
    return TextDiff(
        from_number=older.number,
        to_number=newer.number,
        title=_segments(title),
        body=_segments(body),
        inserted_words=title.inserted_words + body.inserted_words,
        deleted_words=title.deleted_words + body.deleted_words,
        changed=title.changed or body.changed,
    )


def _of_kind(kind: VersionedKind) -> Any:
    return lambda v: v.c.owner_kind == kind.value


def versions_relation(kind: VersionedKind) -> Relation:
    """A record's versions, oldest first (what the diffs read, under the versions' rule)."""
    return Relation(True, "id", "owner_id", where=_of_kind(kind), order=lambda v: [v.c.number])


_DRAFT_VERSIONS = versions_relation(VersionedKind.DRAFT_DIRECTIVE)


def committee_reviewed(version: Alias) -> Condition:
    """The version of a draft the committee last decided on: the newest written before the
    committee's latest decision (a step out of IN_COMMITTEE_REVIEW)."""
    decision = event.alias("committee_decision")
    earlier = document_version.alias("earlier_version")
    decided_at = (
        select(func.max(decision.c.occurred_at))
        .where(
            decision.c.draft_directive_id == version.c.owner_id,
            decision.c.from_status == DraftStatus.IN_COMMITTEE_REVIEW.value,
        )
        .scalar_subquery()
    )
    newest = (
        select(func.max(earlier.c.number))
        .where(
            earlier.c.owner_kind == VersionedKind.DRAFT_DIRECTIVE.value,
            earlier.c.owner_id == version.c.owner_id,
            earlier.c.edited_at <= decided_at,
        )
        .scalar_subquery()
    )
    return and_(
        version.c.owner_kind == VersionedKind.DRAFT_DIRECTIVE.value, version.c.number == newest
    )


_REVIEWED = Relation(False, "id", "owner_id", where=committee_reviewed)


async def _draft_versions(root: Any, info: strawberry.Info) -> list[Any]:
    source = source_of(DocumentVersion)
    rows = await info.context.reads.related(_DRAFT_VERSIONS, source, row_of(root).id, ())
    return list(rows)


async def resolve_draft_diff(
    root: Any,
    info: strawberry.Info,
    from_number: Annotated[
        int, strawberry.argument(name="from", description="The older version's number.")
    ],
    to_number: Annotated[
        int, strawberry.argument(name="to", description="The newer version's number.")
    ],
) -> TextDiff:
    versions = {row.number: row for row in await _draft_versions(root, info)}
    for argument, number in (("from", from_number), ("to", to_number)):
        if number not in versions:
            raise BadUserInput(
                f"The draft has no version {number} (it has 1 to {max(versions, default=0)}).",
                argument=argument,
                messageFa="پیش‌نویس چنین نسخه‌ای ندارد.",
            )
    return text_diff(versions[from_number], versions[to_number])


async def resolve_changes_since_committee_review(
    root: Any, info: strawberry.Info
) -> TextDiff | None:
    source = source_of(DocumentVersion)
    reviewed = await info.context.reads.related(_REVIEWED, source, row_of(root).id, ())
    if not reviewed:
        return None
    versions = await _draft_versions(root, info)
    return text_diff(reviewed[0], versions[-1])


DIFF_REASON = "a diff is computed from two versions' texts (difflib over their words), not stored"


@table_type(
    attachment,
    rule=rules.attachment,
    directives=[Shareable()],
    description=(
        "A file attached to a record, seen with that record. Download it from `downloadPath` "
        "(with the same bearer token): it is served as an attachment, never shown inline. A "
        "file is never rewritten: a new version replaces it, and every version is kept."
    ),
)
class Attachment(Node):
    id: strawberry.ID = column("The attachment's id.")
    owner_kind: AttachmentOwnerKind = column("The kind of record it is attached to.")
    file_name: str = column(
        "The sender's name for it, cleaned (no folders or control characters), with the "
        "extension of what the file is."
    )
    media_type: str = column(
        "What the file is, decided from its content (not its name): application/pdf, "
        "image/png, image/jpeg, a Word or Excel (OOXML) or OpenDocument text document, or "
        "text/plain."
    )
    byte_size: int = column("Its size in bytes.")
    sha256: str = column("The SHA-256 of its content, in hex: check a download against it.")
    uploaded_by: str = column("Who attached it.")
    uploaded_at: datetime = column("When it was attached (UTC).")
    uploaded_on_solar_hijri: str = expression(
        lambda a: solar_hijri_of_instant(a.c.uploaded_at),
        description="The day it was attached, Solar Hijri (Tehran time).",
    )
    download_path: str = expression(
        lambda a: literal("/attachments/") + global_id_sql("Attachment", a.c.id),
        description=(
            "Where to GET its bytes on this service: /attachments/ and its id, e.g. "
            "/attachments/QXR0YWNobWVudDoxMg==."
        ),
    )
    version: int = column(
        "1 for the file as first attached, one more for each new version that replaced it."
    )
    is_current: bool = column(
        "False once a newer version replaced it (its record lists current versions only)."
    )
    replaces: Attachment | None = one(
        via=("replaces_id", "id"), description="The version this one replaced; null for version 1."
    )
    versions: list[Attachment] = many(
        via=("lineage_id", "lineage_id"),
        order=lambda a: [a.c.version.desc()],
        description="Every version of this file, this one included, newest first.",
    )


@table_type(
    draft_comment,
    rule=rules.draft_comment,
    description=(
        "A committee member's or ministry reviewer's comment on a draft, or a reply to one (one "
        "level). Edits are kept as versions. Read by the reviewers; by the draft's office once "
        "the step it was written in has been decided; never by the public."
    ),
)
class DraftComment(Node):
    id: strawberry.ID = column("The comment's id.")
    body: str = column("The comment's text, as last edited.")
    author: str = column("Who wrote it (a committee member, a ministry reviewer).")
    author_role: str = column("The author's role: COMMITTEE_MEMBER or MINISTRY_REVIEWER.")
    version: int = column("1, then one more for each edit.")
    created_at: datetime = column("When it was written (UTC).")
    updated_at: datetime = column("When it was last edited (UTC).")
    created_on_solar_hijri: str = expression(
        lambda c: solar_hijri_of_instant(c.c.created_at),
        description="The day it was written, Solar Hijri (Tehran time).",
    )
    draft_status: DraftStatus = column("The draft's status when the comment was written.")
    is_reply: bool = expression(
        lambda c: c.c.parent_id.is_not(None), description="True for a reply to a comment."
    )
    draft_directive: Annotated[DraftDirective, strawberry.lazy("schema.municipalities.types")] = (
        one(via=("draft_directive_id", "id"), description="The draft it is on.")
    )
    parent: DraftComment | None = one(
        via=("parent_id", "id"), description="The comment it replies to; null for a comment."
    )
    replies: list[DraftComment] = many(
        via=("id", "parent_id"),
        order=lambda c: [c.c.created_at],
        description="The replies to it, oldest first (a reply has none).",
    )
    versions: DocumentVersionConnection = page(
        COMMENT_VERSIONS,
        via=("id", "owner_id"),
        description="Its text as written and after each edit; newest first.",
    )
