"""case files: Article 100 cases and their execution tasks take attachments; an attachment has
versions (a new version replaces the current one, the old ones are kept)

Written from db/tables/documents.py and reviewed: the owner kinds' CHECK widened (two values),
four columns on `attachment`; every existing attachment is version 1 of itself, current.

Revision ID: 0013_case_files
Revises: 0012_documents
Create Date: 2026-12-02 16:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013_case_files'
down_revision: str | None = '0012_documents'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = (
    "owner_kind IN ('DRAFT_DIRECTIVE', 'COUNCIL_RESOLUTION', 'ASSEMBLY_MEETING', 'JOINT_SESSION')"
)
_NEW_KINDS = (
    "owner_kind IN ('DRAFT_DIRECTIVE', 'COUNCIL_RESOLUTION', 'ASSEMBLY_MEETING', 'JOINT_SESSION', "
    "'VIOLATION_CASE', 'EXECUTION_TASK')"
)


def upgrade() -> None:
    with op.batch_alter_table('attachment', schema=None, recreate='auto') as batch_op:
        batch_op.drop_constraint('ck_attachment_owner_kind', type_='check')
        batch_op.create_check_constraint('ck_attachment_owner_kind', _NEW_KINDS)
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('lineage_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('is_current', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_foreign_key(
            'fk_attachment_lineage_id_attachment', 'attachment', ['lineage_id'], ['id']
        )
        batch_op.create_foreign_key(
            'fk_attachment_replaces_id_attachment', 'attachment', ['replaces_id'], ['id']
        )
        batch_op.create_index('ix_attachment_lineage', ['lineage_id', 'version'], unique=False)
    op.execute("UPDATE attachment SET lineage_id = id")


def downgrade() -> None:
    op.execute("DELETE FROM attachment WHERE owner_kind IN ('VIOLATION_CASE', 'EXECUTION_TASK')")
    op.execute("DELETE FROM attachment WHERE is_current = false")
    with op.batch_alter_table('attachment', schema=None, recreate='auto') as batch_op:
        batch_op.drop_index('ix_attachment_lineage')
        batch_op.drop_constraint('fk_attachment_replaces_id_attachment', type_='foreignkey')
        batch_op.drop_constraint('fk_attachment_lineage_id_attachment', type_='foreignkey')
        batch_op.drop_column('is_current')
        batch_op.drop_column('replaces_id')
        batch_op.drop_column('lineage_id')
        batch_op.drop_column('version')
        batch_op.drop_constraint('ck_attachment_owner_kind', type_='check')
        batch_op.create_check_constraint('ck_attachment_owner_kind', _OLD_KINDS)
