"""search rank inline: the weighted tsvector kept in the row, not in the TOAST table

A search ranks every match (`ts_rank` reads each match's `tsv`) before it keeps a page. A
document's row (title, body and their folded forms, and `tsv`) is about 2.8 KB on the national
sample, over PostgreSQL's 2 KB threshold, so the default storage moved `tsv` (1.4 KB) out to the
TOAST table: each rank cost a TOAST index probe and a fetch, 3 buffers a match. With STORAGE MAIN
the texts go out first and `tsv` stays in the row the bitmap scan has already read (measured on the
national sample, 3,546 ranked matches, with the search's rank computed below its count: the
statement 27 against 44 ms, median of 12).

Rows already stored keep their layout until rewritten: the upgrade rewrites the table (CLUSTER on
its primary key, which can run inside the migration's transaction, unlike VACUUM FULL, and leaves
no dead copy behind, unlike an UPDATE of every row), holding it locked meanwhile: 9 s for the
national sample's 131,359 documents. SQLite's FTS5 index is unaffected.

Revision ID: 0016_search_rank_inline
Revises: 0015_sent_draft_ids
Create Date: 2026-12-03 17:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_search_rank_inline"
down_revision: str | None = "0015_sent_draft_ids"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _storage(kind: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE search_document ALTER COLUMN tsv SET STORAGE {kind}")
    op.execute("CLUSTER search_document USING search_document_pkey")


def upgrade() -> None:
    _storage("MAIN")


def downgrade() -> None:
    _storage("EXTENDED")
