"""The full-text search index: one row per searchable document (a draft, a resolution, a bill, a
national circular, a meeting's minutes), holding its text as written (for snippets) and as the
index reads it (`core.text.index_text`: Persian letters, Latin digits, no marks, tatweel or
joiners, each word also as its pieces).

The index itself is the database's: on PostgreSQL a stored `tsv` column (a weighted `tsvector`:
title A, body B) with a GIN index; on SQLite an FTS5 table (`search_document_fts`, external
content, kept in step by triggers). Both are made by migration 0011_search and are not part of the
metadata (`outside_metadata` tells Alembic's comparison so). Rows are written by `db/search.py` on
every write that changes an indexed text.
"""

from datetime import date
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from db.tables._common import one_of


class SearchDocumentKind(StrEnum):
    DRAFT_DIRECTIVE = "DRAFT_DIRECTIVE"
    COUNCIL_RESOLUTION = "COUNCIL_RESOLUTION"
    GOVERNMENT_BILL = "GOVERNMENT_BILL"
    NATIONAL_CIRCULAR = "NATIONAL_CIRCULAR"
    ASSEMBLY_MEETING_MINUTES = "ASSEMBLY_MEETING_MINUTES"
    JOINT_SESSION_MINUTES = "JOINT_SESSION_MINUTES"
    COMMISSION_MEETING_MINUTES = "COMMISSION_MEETING_MINUTES"


class SearchDocumentRow(SQLModel, table=True):
    """A searchable document: `kind` says which table `record_id` is a row of."""

    __tablename__ = "search_document"
    __table_args__ = (
        one_of("kind", SearchDocumentKind, "ck_search_document_kind"),
        Index("uq_search_document_record", "kind", "record_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    record_id: int
    municipality_id: int | None = Field(
        default=None, description="the municipality the document is of, when it is of one"
    )
    day: date | None = Field(default=None, description="written, adopted or held on")
    title: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    title_key: str = Field(sa_column=Column(Text, nullable=False))
    body_key: str = Field(sa_column=Column(Text, nullable=False))


#: What migration 0008 makes besides the metadata: the FTS5 table (and the shadow tables SQLite
#: makes for it) and PostgreSQL's `tsv` column.
FTS_TABLE: Final = "search_document_fts"
TSV_COLUMN: Final = "tsv"


#: PostgreSQL's GIN index on `tsv`.
TSV_INDEX: Final = "ix_search_document_tsv"


def outside_metadata(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's `include_name`: False for the index structures the database keeps itself."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    if type_ == "index" and name == TSV_INDEX:
        return False
    return not (
        type_ == "column"
        and name == TSV_COLUMN
        and parent_names.get("table_name") == SearchDocumentRow.__tablename__
    )
