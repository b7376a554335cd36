"""core graph: municipalities, committee, drafts, obligations

Revision ID: 0001_core_graph
Revises: 
Create Date: 2026-11-23 01:50:24.718465
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = '0001_core_graph'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('mayors_committee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.CheckConstraint('term_end IS NULL OR term_end >= term_start', name='ck_mayors_committee_term'),
    sa.PrimaryKeyConstraint('id')
    )
    # Added in review: autogenerate cannot compare expression indexes on SQLite.
    # At most one committee is current.
    op.create_index('uq_mayors_committee_current', 'mayors_committee', [sa.text('(term_end IS NULL)')], unique=True, sqlite_where=sa.text('term_end IS NULL'), postgresql_where=sa.text('term_end IS NULL'))
    op.create_table('obligation_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name_fa', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('province',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_fa', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('search_text', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name_key')
    )
    op.create_table('municipality',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('name_fa', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('search_text', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('is_provincial_centre', sa.Boolean(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('METROPOLIS', 'PROVINCIAL_CENTRE', 'CITY')", name='ck_municipality_kind'),
    sa.CheckConstraint('population IS NULL OR population >= 0', name='ck_municipality_population'),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.create_index('ix_municipality_kind_name', ['kind', 'name_en'], unique=False)
        batch_op.create_index(batch_op.f('ix_municipality_name_en'), ['name_en'], unique=False)
        batch_op.create_index(batch_op.f('ix_municipality_province_id'), ['province_id'], unique=False)
        batch_op.create_index('uq_municipality_province_centre', ['province_id'], unique=True, sqlite_where=sa.text('is_provincial_centre'), postgresql_where=sa.text('is_provincial_centre'))
        batch_op.create_index('uq_municipality_province_name', ['province_id', 'name_key'], unique=True)

    op.create_table('draft_directive',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('title_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('DIRECTIVE', 'CIRCULAR')", name='ck_draft_directive_kind'),
    sa.CheckConstraint("status IN ('DRAFT', 'SUBMITTED', 'IN_COMMITTEE_REVIEW', 'FORWARDED_TO_MINISTRY', 'RETURNED_FOR_REVISION', 'ADOPTED', 'REJECTED', 'WITHDRAWN')", name='ck_draft_directive_status'),
    sa.CheckConstraint('version >= 1', name='ck_draft_directive_version'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('draft_directive', schema=None) as batch_op:
        batch_op.create_index('ix_draft_directive_created', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_draft_directive_municipality_created', ['municipality_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_draft_directive_status_created', ['status', 'created_at', 'id'], unique=False)

    op.create_table('mayor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.CheckConstraint('term_end IS NULL OR term_end >= term_start', name='ck_mayor_term'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mayor', schema=None) as batch_op:
        batch_op.create_index('ix_mayor_municipality_term', ['municipality_id', 'term_start'], unique=False)
        batch_op.create_index('uq_mayor_current', ['municipality_id'], unique=True, sqlite_where=sa.text('term_end IS NULL'), postgresql_where=sa.text('term_end IS NULL'))

    op.create_table('social_security_obligation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount_due', sa.BigInteger(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.CheckConstraint('amount_due >= 0', name='ck_social_security_obligation_amount_due'),
    sa.CheckConstraint('year BETWEEN 1300 AND 1600', name='ck_social_security_obligation_year'),
    sa.ForeignKeyConstraint(['category_id'], ['obligation_category.id'], ),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('social_security_obligation', schema=None) as batch_op:
        batch_op.create_index('ix_social_security_obligation_year_category', ['year', 'category_id'], unique=False)
        batch_op.create_index('uq_social_security_obligation', ['municipality_id', 'year', 'category_id'], unique=True)

    op.create_table('committee_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('mayor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.CheckConstraint("role IN ('CHAIR', 'MEMBER')", name='ck_committee_membership_role'),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name='ck_committee_membership_dates'),
    sa.ForeignKeyConstraint(['committee_id'], ['mayors_committee.id'], ),
    sa.ForeignKeyConstraint(['mayor_id'], ['mayor.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('committee_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_membership_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_membership_mayor_id'), ['mayor_id'], unique=False)
        batch_op.create_index('uq_committee_membership_active_mayor', ['committee_id', 'mayor_id'], unique=True, sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))
        batch_op.create_index('uq_committee_membership_chair', ['committee_id'], unique=True, sqlite_where=sa.text("role = 'CHAIR' AND ended_on IS NULL"), postgresql_where=sa.text("role = 'CHAIR' AND ended_on IS NULL"))

    op.create_table('draft_directive_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_directive_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.CheckConstraint("from_status IS NULL OR from_status IN ('DRAFT', 'SUBMITTED', 'IN_COMMITTEE_REVIEW', 'FORWARDED_TO_MINISTRY', 'RETURNED_FOR_REVISION', 'ADOPTED', 'REJECTED', 'WITHDRAWN')", name='ck_draft_directive_event_from_status'),
    sa.CheckConstraint("to_status IN ('DRAFT', 'SUBMITTED', 'IN_COMMITTEE_REVIEW', 'FORWARDED_TO_MINISTRY', 'RETURNED_FOR_REVISION', 'ADOPTED', 'REJECTED', 'WITHDRAWN')", name='ck_draft_directive_event_to_status'),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('draft_directive_event', schema=None) as batch_op:
        batch_op.create_index('ix_draft_directive_event_draft_time', ['draft_directive_id', 'occurred_at', 'id'], unique=False)

    op.create_table('obligation_transfer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('obligation_id', sa.Integer(), nullable=False),
    sa.Column('transferred_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.CheckConstraint('amount > 0', name='ck_obligation_transfer_amount'),
    sa.ForeignKeyConstraint(['obligation_id'], ['social_security_obligation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('obligation_transfer', schema=None) as batch_op:
        batch_op.create_index('ix_obligation_transfer_obligation_date', ['obligation_id', 'transferred_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('obligation_transfer', schema=None) as batch_op:
        batch_op.drop_index('ix_obligation_transfer_obligation_date')

    op.drop_table('obligation_transfer')
    with op.batch_alter_table('draft_directive_event', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_directive_event_draft_time')

    op.drop_table('draft_directive_event')
    with op.batch_alter_table('committee_membership', schema=None) as batch_op:
        batch_op.drop_index('uq_committee_membership_chair', sqlite_where=sa.text("role = 'CHAIR' AND ended_on IS NULL"), postgresql_where=sa.text("role = 'CHAIR' AND ended_on IS NULL"))
        batch_op.drop_index('uq_committee_membership_active_mayor', sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))
        batch_op.drop_index(batch_op.f('ix_committee_membership_mayor_id'))
        batch_op.drop_index(batch_op.f('ix_committee_membership_committee_id'))

    op.drop_table('committee_membership')
    with op.batch_alter_table('social_security_obligation', schema=None) as batch_op:
        batch_op.drop_index('uq_social_security_obligation')
        batch_op.drop_index('ix_social_security_obligation_year_category')

    op.drop_table('social_security_obligation')
    with op.batch_alter_table('mayor', schema=None) as batch_op:
        batch_op.drop_index('uq_mayor_current', sqlite_where=sa.text('term_end IS NULL'), postgresql_where=sa.text('term_end IS NULL'))
        batch_op.drop_index('ix_mayor_municipality_term')

    op.drop_table('mayor')
    with op.batch_alter_table('draft_directive', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_directive_status_created')
        batch_op.drop_index('ix_draft_directive_municipality_created')
        batch_op.drop_index('ix_draft_directive_created')

    op.drop_table('draft_directive')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_index('uq_municipality_province_name')
        batch_op.drop_index('uq_municipality_province_centre', sqlite_where=sa.text('is_provincial_centre'), postgresql_where=sa.text('is_provincial_centre'))
        batch_op.drop_index(batch_op.f('ix_municipality_province_id'))
        batch_op.drop_index(batch_op.f('ix_municipality_name_en'))
        batch_op.drop_index('ix_municipality_kind_name')

    op.drop_table('municipality')
    op.drop_table('province')
    op.drop_table('obligation_category')
    op.drop_index('uq_mayors_committee_current', table_name='mayors_committee')
    op.drop_table('mayors_committee')
