"""documents: the versions of a text (drafts, comments), attachments of any record, comments on
drafts; version 1 of every draft already written

Written from db/tables/documents.py and reviewed: new tables only, and one INSERT … SELECT that
gives each existing draft its first version (its text as it stands, by its creator).

Revision ID: 0012_documents
Revises: 0011_search
Create Date: 2026-12-02 12:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = '0012_documents'
down_revision: str | None = '0011_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('document_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_kind', sa.String(length=24), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('editor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('edited_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=True),
    sa.CheckConstraint("owner_kind IN ('DRAFT_DIRECTIVE', 'DRAFT_COMMENT')", name='ck_document_version_owner_kind'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.create_index('uq_document_version_number', ['owner_kind', 'owner_id', 'number'], unique=True)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_kind', sa.String(length=24), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('byte_size', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('uploaded_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('uploaded_at', db.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint("owner_kind IN ('DRAFT_DIRECTIVE', 'COUNCIL_RESOLUTION', 'ASSEMBLY_MEETING', 'JOINT_SESSION')", name='ck_attachment_owner_kind'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index('ix_attachment_owner', ['owner_kind', 'owner_id', 'id'], unique=False)
        batch_op.create_index('ix_attachment_sha256', ['sha256'], unique=False)

    op.create_table('draft_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_directive_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('author_role', sa.String(length=24), nullable=False),
    sa.Column('author_subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('draft_status', sa.String(length=24), nullable=False),
    sa.Column('after_event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['after_event_id'], ['draft_directive_event.id'], ),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['draft_comment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('draft_comment', schema=None) as batch_op:
        batch_op.create_index('ix_draft_comment_draft', ['draft_directive_id', 'id'], unique=False)
        batch_op.create_index('ix_draft_comment_parent', ['parent_id', 'id'], unique=False)

    # Version 1 of every draft already written: its text as it stands, by its creator.
    op.execute(
        """
        INSERT INTO document_version
            (owner_kind, owner_id, number, title, body, editor, edited_at, status)
        SELECT 'DRAFT_DIRECTIVE', d.id, 1, d.title, d.body, e.actor, d.created_at, 'DRAFT'
        FROM draft_directive d
        JOIN draft_directive_event e ON e.id = (
            SELECT MIN(f.id) FROM draft_directive_event f
            WHERE f.draft_directive_id = d.id AND f.from_status IS NULL
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table('draft_comment', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_comment_parent')
        batch_op.drop_index('ix_draft_comment_draft')

    op.drop_table('draft_comment')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_attachment_sha256')
        batch_op.drop_index('ix_attachment_owner')

    op.drop_table('attachment')
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.drop_index('uq_document_version_number')

    op.drop_table('document_version')
