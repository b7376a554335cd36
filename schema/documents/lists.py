"""The documents' lists: a record's versions (the generic table's rows of one kind)."""

from __future__ import annotations

from sqlalchemy import Table

from db.tables import VersionedKind, document_version
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
