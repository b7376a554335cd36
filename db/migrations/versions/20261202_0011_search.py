"""search: agendas, attendance and minutes of meetings; the full-text search index

New tables: the agenda items of the assembly's meetings, of the joint sessions and of the
commission's meetings, the joint sessions' attendance, and `search_document` (one row per
searchable document, its text as written and as the index reads it). Minutes columns on the three
meeting tables. Then the index the database keeps itself: PostgreSQL, a stored weighted tsvector
`tsv` (title A, body B) with a GIN index; SQLite, an FTS5 table over `search_document` (external
content) kept in step by triggers. Existing drafts, resolutions, bills and circulars are indexed.

Revision ID: 0011_search
Revises: 0010_article100
Create Date: 2026-12-02 12:40:00
"""
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types
from core.text import index_text


revision: str = '0011_search'
down_revision: str | None = '0010_article100'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_FTS_SQLITE = (
    """CREATE VIRTUAL TABLE search_document_fts USING fts5(
        title_key, body_key, content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3')""",
    """CREATE TRIGGER trg_search_document_fts_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_document_fts(rowid, title_key, body_key)
        VALUES (new.id, new.title_key, new.body_key);
    END""",
    """CREATE TRIGGER trg_search_document_fts_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title_key, body_key)
        VALUES ('delete', old.id, old.title_key, old.body_key);
    END""",
    """CREATE TRIGGER trg_search_document_fts_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title_key, body_key)
        VALUES ('delete', old.id, old.title_key, old.body_key);
        INSERT INTO search_document_fts(rowid, title_key, body_key)
        VALUES (new.id, new.title_key, new.body_key);
    END""",
)
_TSV_POSTGRESQL = (
    """ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_key), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_key), 'B')) STORED""",
    "CREATE INDEX ix_search_document_tsv ON search_document USING gin (tsv)",
)


def _agenda_columns() -> list[Any]:
    return [
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('outcome', sa.Text(), nullable=True),
        sa.Column('is_sample', sa.Boolean(), nullable=False),
    ]


def _minutes_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column('minutes', sa.Text(), nullable=True),
        sa.Column('minutes_recorded_at', db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('minutes_is_sample', sa.Boolean(), server_default=sa.false(), nullable=False),
    ]


def upgrade() -> None:
    for table in ('assembly_meeting', 'joint_session', 'commission_meeting'):
        for column in _minutes_columns():
            op.add_column(table, column)

    op.create_table('assembly_agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    *_agenda_columns(),
    sa.Column('draft_directive_id', sa.Integer(), nullable=True),
    sa.Column('council_resolution_id', sa.Integer(), nullable=True),
    sa.Column('government_bill_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('position >= 1', name='ck_assembly_agenda_item_position'),
    sa.ForeignKeyConstraint(['meeting_id'], ['assembly_meeting.id'], ),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.ForeignKeyConstraint(['council_resolution_id'], ['council_resolution.id'], ),
    sa.ForeignKeyConstraint(['government_bill_id'], ['government_bill.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_assembly_agenda_item_position', 'assembly_agenda_item', ['meeting_id', 'position'], unique=True)
    op.create_index('ix_assembly_agenda_item_draft', 'assembly_agenda_item', ['draft_directive_id'], unique=False)

    op.create_table('joint_session_agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('joint_session_id', sa.Integer(), nullable=False),
    *_agenda_columns(),
    sa.Column('draft_directive_id', sa.Integer(), nullable=True),
    sa.Column('council_resolution_id', sa.Integer(), nullable=True),
    sa.Column('government_bill_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('position >= 1', name='ck_joint_session_agenda_item_position'),
    sa.ForeignKeyConstraint(['joint_session_id'], ['joint_session.id'], ),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.ForeignKeyConstraint(['council_resolution_id'], ['council_resolution.id'], ),
    sa.ForeignKeyConstraint(['government_bill_id'], ['government_bill.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_joint_session_agenda_item_position', 'joint_session_agenda_item', ['joint_session_id', 'position'], unique=True)
    op.create_index('ix_joint_session_agenda_item_draft', 'joint_session_agenda_item', ['draft_directive_id'], unique=False)

    op.create_table('joint_session_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('joint_session_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('mayor_id', sa.Integer(), nullable=True),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['joint_session_id'], ['joint_session.id'], ),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.ForeignKeyConstraint(['mayor_id'], ['mayor.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_joint_session_attendance', 'joint_session_attendance', ['joint_session_id', 'municipality_id'], unique=True)
    op.create_index('ix_joint_session_attendance_municipality', 'joint_session_attendance', ['municipality_id'], unique=False)

    op.create_table('commission_agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    *_agenda_columns(),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('resolution_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('position >= 1', name='ck_commission_agenda_item_position'),
    sa.ForeignKeyConstraint(['meeting_id'], ['commission_meeting.id'], ),
    sa.ForeignKeyConstraint(['topic_id'], ['commission_topic.id'], ),
    sa.ForeignKeyConstraint(['resolution_id'], ['commission_resolution.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_commission_agenda_item_position', 'commission_agenda_item', ['meeting_id', 'position'], unique=True)

    kinds = ('DRAFT_DIRECTIVE', 'COUNCIL_RESOLUTION', 'GOVERNMENT_BILL', 'NATIONAL_CIRCULAR',
             'ASSEMBLY_MEETING_MINUTES', 'JOINT_SESSION_MINUTES', 'COMMISSION_MEETING_MINUTES')
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('title_key', sa.Text(), nullable=False),
    sa.Column('body_key', sa.Text(), nullable=False),
    sa.CheckConstraint('kind IN (' + ', '.join(f"'{k}'" for k in kinds) + ')', name='ck_search_document_kind'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_search_document_record', 'search_document', ['kind', 'record_id'], unique=True)

    bind = op.get_bind()
    statements = _TSV_POSTGRESQL if bind.dialect.name == 'postgresql' else _FTS_SQLITE
    for statement in statements:
        op.execute(statement)
    _backfill(bind)


#: The documents there were before this revision (minutes are new here), as this revision reads
#: them: record, municipality, day, title, the body's parts.
_BACKFILL = {
    'DRAFT_DIRECTIVE': """SELECT id, municipality_id, created_at, title, body
                          FROM draft_directive ORDER BY id""",
    'COUNCIL_RESOLUTION': """SELECT r.id, c.municipality_id, r.adopted_on, r.title, r.number
                             FROM council_resolution r JOIN city_council c ON c.id = r.council_id
                             ORDER BY r.id""",
    'GOVERNMENT_BILL': """SELECT id, NULL, NULL, title_fa, title_en, assembly_position
                          FROM government_bill ORDER BY id""",
    'NATIONAL_CIRCULAR': """SELECT id, NULL, adopted_at, title, number, body
                            FROM national_circular ORDER BY id""",
}


def _day(value: Any) -> date | None:
    if isinstance(value, str):  # SQLite hands back its text
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo('UTC'))
        return value.astimezone(ZoneInfo('Asia/Tehran')).date()
    return value  # type: ignore[no-any-return]


def _backfill(bind: sa.Connection) -> None:
    documents = sa.table(
        'search_document',
        *(sa.column(name) for name in ('kind', 'record_id', 'municipality_id', 'title', 'body',
                                       'title_key', 'body_key')),
        sa.column('day', sa.Date()),
    )
    for kind, query in _BACKFILL.items():
        rows = []
        for record_id, municipality_id, day, title, *parts in bind.execute(sa.text(query)):
            body = '\n'.join(str(part) for part in parts if part)
            rows.append({
                'kind': kind, 'record_id': record_id, 'municipality_id': municipality_id,
                'day': _day(day), 'title': title, 'body': body,
                'title_key': index_text(title), 'body_key': index_text(body),
            })
        if rows:
            bind.execute(documents.insert(), rows)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for trigger in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER trg_search_document_fts_{trigger}')
        op.execute('DROP TABLE search_document_fts')
    op.drop_index('uq_search_document_record', table_name='search_document')
    op.drop_table('search_document')
    op.drop_index('uq_commission_agenda_item_position', table_name='commission_agenda_item')
    op.drop_table('commission_agenda_item')
    op.drop_index('ix_joint_session_attendance_municipality', table_name='joint_session_attendance')
    op.drop_index('uq_joint_session_attendance', table_name='joint_session_attendance')
    op.drop_table('joint_session_attendance')
    op.drop_index('ix_joint_session_agenda_item_draft', table_name='joint_session_agenda_item')
    op.drop_index('uq_joint_session_agenda_item_position', table_name='joint_session_agenda_item')
    op.drop_table('joint_session_agenda_item')
    op.drop_index('ix_assembly_agenda_item_draft', table_name='assembly_agenda_item')
    op.drop_index('uq_assembly_agenda_item_position', table_name='assembly_agenda_item')
    op.drop_table('assembly_agenda_item')
    for table in ('commission_meeting', 'joint_session', 'assembly_meeting'):
        for column in ('minutes_is_sample', 'minutes_recorded_at', 'minutes'):
            # SQLite (3.35+) drops a column in place: a batch copy would lose triggers
            op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
