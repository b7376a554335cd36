"""analyst indexes: the analysts' questions at national scale

The reviewers' read rule keeps the drafts with a `submitted_at`; every analyst question about
drafts (the pipeline, its past, lead times, time in status) starts from the drafts it keeps. An
index on (submitted_at, id, municipality_id, status, created_at) answers that from the index
alone (an index-only scan of a few MB) instead of a pass over the drafts' rows, bodies and all.
The lead times need each draft's first step into SUBMITTED and into a decision: an index on
(to_status, draft_directive_id, occurred_at) gives them in order, from the index alone.

Revision ID: 0007_analyst_indexes
Revises: 0006_union
Create Date: 2026-12-02 12:40:00
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0007_analyst_indexes'
down_revision: str | None = '0006_union'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('draft_directive', schema=None) as batch_op:
        batch_op.create_index(
            'ix_draft_directive_submitted',
            ['submitted_at', 'id', 'municipality_id', 'status', 'created_at'],
            unique=False,
        )
    with op.batch_alter_table('draft_directive_event', schema=None) as batch_op:
        batch_op.create_index(
            'ix_draft_directive_event_into',
            ['to_status', 'draft_directive_id', 'occurred_at'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('draft_directive_event', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_directive_event_into')
    with op.batch_alter_table('draft_directive', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_directive_submitted')
