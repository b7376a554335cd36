"""analyst indexes: the analysts' questions at national scale

Revision ID: 0011_analyst_indexes
Revises: 0006_union
Create Date: 2026-12-02 12:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011_analyst_indexes'
down_revision: str | None = '0006_union'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
