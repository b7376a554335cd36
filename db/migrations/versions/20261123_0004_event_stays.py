"""event stays: each step records how long the draft stayed in the status it left

`draft_directive_event.stay_seconds` (whole seconds since the draft's previous step; null on a
first step) with an index on (from_status, stay_seconds): the analysts' time in each status reads
one indexed column instead of ordering the whole history in a window. The history stays
append-only: the backfill lifts the append-only trigger for its one UPDATE, in this migration's
transaction, and puts it back.

Revision ID: 0004_event_stays
Revises: 0003_councils
Create Date: 2026-11-23 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.tables.municipalities import stay_seconds

revision: str = "0004_event_stays"
down_revision: str | None = "0003_councils"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_APPEND_ONLY_SQLITE = """
    CREATE TRIGGER trg_draft_directive_event_append_only
    BEFORE UPDATE ON draft_directive_event
    BEGIN
        SELECT RAISE(ABORT, 'draft_directive_event is append-only: history is never rewritten');
    END
"""

# PostgreSQL: numeric epoch → bigint rounds halves away from zero, as `stay_seconds` does.
_BACKFILL_POSTGRESQL = """
    UPDATE draft_directive_event AS e
    SET stay_seconds = s.seconds
    FROM (
        SELECT id,
               extract(epoch FROM occurred_at - lag(occurred_at) OVER (
                   PARTITION BY draft_directive_id ORDER BY occurred_at, id
               ))::bigint AS seconds
        FROM draft_directive_event
    ) AS s
    WHERE s.id = e.id AND s.seconds IS NOT NULL
"""


def upgrade() -> None:
    op.add_column("draft_directive_event", sa.Column("stay_seconds", sa.BigInteger(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE draft_directive_event DISABLE TRIGGER trg_draft_directive_event_append_only"
        )
        op.execute(_BACKFILL_POSTGRESQL)
        op.execute(
            "ALTER TABLE draft_directive_event ENABLE TRIGGER trg_draft_directive_event_append_only"
        )
    else:
        _backfill_sqlite(bind)
    op.create_index(
        "ix_draft_directive_event_stays",
        "draft_directive_event",
        ["from_status", "stay_seconds"],
        unique=False,
    )


def _backfill_sqlite(bind: sa.Connection) -> None:
    """SQLite's time arithmetic is in floating days: the seconds are counted in Python, with the
    same rounding as the application's."""
    from db.types import UTCDateTime

    events = sa.table(
        "draft_directive_event",
        sa.column("id", sa.Integer()),
        sa.column("draft_directive_id", sa.Integer()),
        sa.column("occurred_at", UTCDateTime()),
        sa.column("stay_seconds", sa.BigInteger()),
    )
    rows = bind.execute(
        sa.select(events.c.id, events.c.draft_directive_id, events.c.occurred_at).order_by(
            events.c.draft_directive_id, events.c.occurred_at, events.c.id
        )
    ).all()
    stays = [
        {"event_id": row.id, "seconds": stay_seconds(before.occurred_at, row.occurred_at)}
        for before, row in zip(rows, rows[1:], strict=False)
        if before.draft_directive_id == row.draft_directive_id
    ]
    if not stays:
        return
    op.execute("DROP TRIGGER trg_draft_directive_event_append_only")
    bind.execute(
        events.update()
        .where(events.c.id == sa.bindparam("event_id"))
        .values(stay_seconds=sa.bindparam("seconds")),
        stays,
    )
    op.execute(_APPEND_ONLY_SQLITE)


def downgrade() -> None:
    op.drop_index("ix_draft_directive_event_stays", table_name="draft_directive_event")
    # SQLite (3.35+) drops the column in place: a batch copy of the table would lose its triggers
    op.execute("ALTER TABLE draft_directive_event DROP COLUMN stay_seconds")
