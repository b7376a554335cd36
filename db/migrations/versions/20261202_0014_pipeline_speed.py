"""pipeline speed: the stays' index covers what the time in each status reads

`ix_draft_directive_event_stays` on (from_status, stay_seconds) becomes, on PostgreSQL, a covering
index: INCLUDE (draft_directive_id, occurred_at), the columns the analysts' time in each status
filters on (the drafts a question counts, the stays completed by `asOf`). The percentiles of the
368k completed stays of the national sample are then read from the index alone (an index-only
scan of a few MB) instead of a pass over the whole history's rows, actors and reasons included
(measured: 0.65 s against 0.83–1.48 s for the statement, back to back). SQLite keeps the index
as it was (it has no INCLUDE).

Revision ID: 0014_pipeline_speed
Revises: 0013_case_files
Create Date: 2026-12-02 16:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_pipeline_speed"
down_revision: str | None = "0013_case_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLE = "draft_directive_event"
_INDEX = "ix_draft_directive_event_stays"


def _recreate(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(_INDEX, table_name=_TABLE)
    op.create_index(
        _INDEX, _TABLE, ["from_status", "stay_seconds"], unique=False, postgresql_include=include
    )


def upgrade() -> None:
    _recreate(["draft_directive_id", "occurred_at"])


def downgrade() -> None:
    _recreate([])
