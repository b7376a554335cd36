"""The documents' lists: a record's versions (the generic table's rows of one kind), and which of
the attachments a record lists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import FromClause, Table, and_
from sqlalchemy.sql.expression import ColumnElement

from db.tables import AttachmentOwnerKind, VersionedKind, document_version
from schema.declare import many
from schema.listing import ListSpec, Sort, SortKind


def _versions_of(kind: VersionedKind) -> ListSpec:
    def base(table: Table) -> list:  # type: ignore[type-arg]  # conditions on the table
        return [table.c.owner_kind == kind.value]

    return ListSpec(
        name=f"versions{kind.value.title().replace('_', '')}",
        table=document_version,
        sorts={"NUMBER": Sort(document_version.c.number, SortKind.INT)},
        default_sort="NUMBER",
        default_descending=True,
        base=base,
    )


#: A draft's versions, newest first.
DRAFT_VERSIONS = _versions_of(VersionedKind.DRAFT_DIRECTIVE)
#: A comment's versions, newest first.
COMMENT_VERSIONS = _versions_of(VersionedKind.DRAFT_COMMENT)


def attachments(kind: AttachmentOwnerKind, description: str) -> Any:
    """A record's `attachments` field (the record of kind `kind`): its files, each in its current
    version (older versions hang off it), in the order they were first attached."""

    def current(attachment: FromClause) -> ColumnElement[bool]:
        return and_(attachment.c.owner_kind == kind.value, attachment.c.is_current.is_(True))

    return many(
        via=("id", "owner_id"),
        where=current,
        order=lambda a: [a.c.lineage_id],
        description=description,
    )
