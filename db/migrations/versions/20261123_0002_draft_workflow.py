"""draft workflow: votes, committee summaries, national circulars, idempotency keys; the
five-member rule and the append-only history held by triggers

Revision ID: 0002_draft_workflow
Revises: 0001_core_graph
Create Date: 2026-11-23 02:10:30.315519
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import db.types


revision: str = '0002_draft_workflow'
down_revision: str | None = '0001_core_graph'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Added in review, by hand: what the database itself holds, beyond what autogenerate sees.
#
# The mayors' committee: a committee never has more than five active seats (immediate, both
# databases); a seat of the sitting committee is never reopened or edited, and ends only when it is
# handed over to a successor (`successor_mayor_id`: the database seats the successor in the same
# statement) or when the committee's term ends. On PostgreSQL a deferred constraint trigger also
# checks at commit that the sitting committee has exactly five active seats and one chair, which
# covers the forming of a new committee; SQLite has no deferred triggers, so there the lower bound
# while forming a committee is held by the code (mayorsCommitteeAppoint inserts all five at once).
#
# The history of a draft (draft_directive_event) is append-only: rows are never updated.

_SQLITE_UP = (
    """
    CREATE TRIGGER trg_committee_membership_at_most_five
    BEFORE INSERT ON committee_membership
    FOR EACH ROW WHEN NEW.ended_on IS NULL
    BEGIN
        SELECT RAISE(ABORT, 'committee_five_members: a committee has at most five active seats')
        WHERE (SELECT count(*) FROM committee_membership
               WHERE committee_id = NEW.committee_id AND ended_on IS NULL) >= 5;
    END
    """,
    """
    CREATE TRIGGER trg_committee_membership_seat_rules
    BEFORE UPDATE ON committee_membership
    FOR EACH ROW
    BEGIN
        SELECT RAISE(ABORT, 'committee_five_members: an ended seat is never reopened')
        WHERE OLD.ended_on IS NOT NULL AND NEW.ended_on IS NULL;
        SELECT RAISE(ABORT, 'committee_five_members: an active seat keeps its committee, mayor and role')
        WHERE OLD.ended_on IS NULL AND (
            NEW.committee_id <> OLD.committee_id OR NEW.mayor_id <> OLD.mayor_id
            OR NEW.role <> OLD.role
            OR (NEW.successor_mayor_id IS NOT NULL AND NEW.ended_on IS NULL));
        SELECT RAISE(ABORT, 'committee_five_members: a seat of the sitting committee ends only when handed over to a successor')
        WHERE OLD.ended_on IS NULL AND NEW.ended_on IS NOT NULL AND NEW.successor_mayor_id IS NULL
          AND (SELECT term_end FROM mayors_committee WHERE id = OLD.committee_id) IS NULL;
    END
    """,
    """
    CREATE TRIGGER trg_committee_membership_handover
    AFTER UPDATE OF ended_on ON committee_membership
    FOR EACH ROW WHEN OLD.ended_on IS NULL AND NEW.ended_on IS NOT NULL
                      AND NEW.successor_mayor_id IS NOT NULL
    BEGIN
        INSERT INTO committee_membership (committee_id, mayor_id, role, started_on)
        VALUES (NEW.committee_id, NEW.successor_mayor_id, NEW.role, NEW.ended_on);
    END
    """,
    """
    CREATE TRIGGER trg_draft_directive_event_append_only
    BEFORE UPDATE ON draft_directive_event
    BEGIN
        SELECT RAISE(ABORT, 'draft_directive_event is append-only: history is never rewritten');
    END
    """,
)
_SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS trg_draft_directive_event_append_only",
    "DROP TRIGGER IF EXISTS trg_committee_membership_handover",
    "DROP TRIGGER IF EXISTS trg_committee_membership_seat_rules",
    "DROP TRIGGER IF EXISTS trg_committee_membership_at_most_five",
)

_POSTGRESQL_UP = (
    """
    CREATE FUNCTION civicgraph_committee_membership_rules() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        sitting boolean;
        active integer;
    BEGIN
        -- Changes to one committee's seats are serialised on its row, so that two transactions
        -- never both count four seats and both add a fifth.
        SELECT term_end IS NULL INTO sitting FROM mayors_committee
        WHERE id = NEW.committee_id FOR UPDATE;
        IF TG_OP = 'UPDATE' THEN
            IF OLD.ended_on IS NOT NULL AND NEW.ended_on IS NULL THEN
                RAISE EXCEPTION 'committee_five_members: an ended seat is never reopened'
                    USING ERRCODE = 'check_violation';
            END IF;
            IF OLD.ended_on IS NULL AND (
                NEW.committee_id <> OLD.committee_id OR NEW.mayor_id <> OLD.mayor_id
                OR NEW.role <> OLD.role
                OR (NEW.successor_mayor_id IS NOT NULL AND NEW.ended_on IS NULL)) THEN
                RAISE EXCEPTION 'committee_five_members: an active seat keeps its committee, mayor and role'
                    USING ERRCODE = 'check_violation';
            END IF;
            IF OLD.ended_on IS NULL AND NEW.ended_on IS NOT NULL
               AND NEW.successor_mayor_id IS NULL AND sitting THEN
                RAISE EXCEPTION 'committee_five_members: a seat of the sitting committee ends only when handed over to a successor'
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END IF;
        IF NEW.ended_on IS NULL THEN
            SELECT count(*) INTO active FROM committee_membership
            WHERE committee_id = NEW.committee_id AND ended_on IS NULL;
            IF active >= 5 THEN
                RAISE EXCEPTION 'committee_five_members: a committee has at most five active seats'
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER trg_committee_membership_rules
    BEFORE INSERT OR UPDATE ON committee_membership
    FOR EACH ROW EXECUTE FUNCTION civicgraph_committee_membership_rules()
    """,
    """
    CREATE FUNCTION civicgraph_committee_membership_handover() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO committee_membership (committee_id, mayor_id, role, started_on)
        VALUES (NEW.committee_id, NEW.successor_mayor_id, NEW.role, NEW.ended_on);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER trg_committee_membership_handover
    AFTER UPDATE OF ended_on ON committee_membership
    FOR EACH ROW WHEN (OLD.ended_on IS NULL AND NEW.ended_on IS NOT NULL
                       AND NEW.successor_mayor_id IS NOT NULL)
    EXECUTE FUNCTION civicgraph_committee_membership_handover()
    """,
    """
    CREATE FUNCTION civicgraph_committee_complete() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        committee integer;
        active integer;
        chairs integer;
    BEGIN
        IF TG_TABLE_NAME = 'mayors_committee' THEN
            committee := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN
            committee := OLD.committee_id;
        ELSE
            committee := NEW.committee_id;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM mayors_committee WHERE id = committee AND term_end IS NULL) THEN
            RETURN NULL;
        END IF;
        SELECT count(*), count(*) FILTER (WHERE role = 'CHAIR') INTO active, chairs
        FROM committee_membership WHERE committee_id = committee AND ended_on IS NULL;
        IF active <> 5 OR chairs <> 1 THEN
            RAISE EXCEPTION 'committee_five_members: the sitting committee % has % active seats and % chairs; it needs exactly five and one chair',
                committee, active, chairs
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE CONSTRAINT TRIGGER trg_committee_membership_complete
    AFTER INSERT OR UPDATE OR DELETE ON committee_membership
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION civicgraph_committee_complete()
    """,
    """
    CREATE CONSTRAINT TRIGGER trg_mayors_committee_complete
    AFTER INSERT OR UPDATE ON mayors_committee
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION civicgraph_committee_complete()
    """,
    """
    CREATE FUNCTION civicgraph_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: history is never rewritten', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER trg_draft_directive_event_append_only
    BEFORE UPDATE ON draft_directive_event
    FOR EACH ROW EXECUTE FUNCTION civicgraph_append_only()
    """,
)
_POSTGRESQL_DOWN = (
    "DROP TRIGGER IF EXISTS trg_draft_directive_event_append_only ON draft_directive_event",
    "DROP FUNCTION IF EXISTS civicgraph_append_only()",
    "DROP TRIGGER IF EXISTS trg_mayors_committee_complete ON mayors_committee",
    "DROP TRIGGER IF EXISTS trg_committee_membership_complete ON committee_membership",
    "DROP FUNCTION IF EXISTS civicgraph_committee_complete()",
    "DROP TRIGGER IF EXISTS trg_committee_membership_handover ON committee_membership",
    "DROP FUNCTION IF EXISTS civicgraph_committee_membership_handover()",
    "DROP TRIGGER IF EXISTS trg_committee_membership_rules ON committee_membership",
    "DROP FUNCTION IF EXISTS civicgraph_committee_membership_rules()",
)


def _statements(up: bool) -> tuple[str, ...]:
    if op.get_bind().dialect.name == "postgresql":
        return _POSTGRESQL_UP if up else _POSTGRESQL_DOWN
    return _SQLITE_UP if up else _SQLITE_DOWN


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('national_circular',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('title_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('adopted_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('adopted_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.CheckConstraint('serial >= 1', name='ck_national_circular_serial'),
    sa.CheckConstraint('year BETWEEN 1300 AND 1600', name='ck_national_circular_year'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('national_circular', schema=None) as batch_op:
        batch_op.create_index('uq_national_circular_year_serial', ['year', 'serial'], unique=True)

    op.create_table('idempotency_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('caller', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('operation', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('draft_directive_id', sa.Integer(), nullable=True),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index('uq_idempotency_key', ['caller', 'operation', 'key'], unique=True)

    op.create_table('national_circular_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('national_circular_id', sa.Integer(), nullable=False),
    sa.Column('draft_directive_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.ForeignKeyConstraint(['national_circular_id'], ['national_circular.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('draft_directive_id')
    )
    with op.batch_alter_table('national_circular_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_national_circular_source_national_circular_id'), ['national_circular_id'], unique=False)

    op.create_table('committee_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_directive_id', sa.Integer(), nullable=False),
    sa.Column('submission_event_id', sa.Integer(), nullable=False),
    sa.Column('chair_mayor_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('set_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chair_mayor_id'], ['mayor.id'], ),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.ForeignKeyConstraint(['submission_event_id'], ['draft_directive_event.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('committee_summary', schema=None) as batch_op:
        batch_op.create_index('ix_committee_summary_draft', ['draft_directive_id'], unique=False)
        batch_op.create_index('uq_committee_summary_round', ['submission_event_id'], unique=True)

    op.create_table('committee_vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_directive_id', sa.Integer(), nullable=False),
    sa.Column('submission_event_id', sa.Integer(), nullable=False),
    sa.Column('mayor_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=10), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('cast_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("choice IN ('FOR', 'AGAINST')", name='ck_committee_vote_choice'),
    sa.ForeignKeyConstraint(['draft_directive_id'], ['draft_directive.id'], ),
    sa.ForeignKeyConstraint(['mayor_id'], ['mayor.id'], ),
    sa.ForeignKeyConstraint(['membership_id'], ['committee_membership.id'], ),
    sa.ForeignKeyConstraint(['submission_event_id'], ['draft_directive_event.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('committee_vote', schema=None) as batch_op:
        batch_op.create_index('ix_committee_vote_draft_round', ['draft_directive_id', 'submission_event_id'], unique=False)
        batch_op.create_index('uq_committee_vote_round_mayor', ['submission_event_id', 'mayor_id'], unique=True)

    with op.batch_alter_table('committee_membership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('successor_mayor_id', sa.Integer(), nullable=True))

    # ### end Alembic commands ###
    for statement in _statements(up=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(up=False):
        op.execute(statement)
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('committee_membership', schema=None) as batch_op:
        batch_op.drop_column('successor_mayor_id')

    with op.batch_alter_table('committee_vote', schema=None) as batch_op:
        batch_op.drop_index('uq_committee_vote_round_mayor')
        batch_op.drop_index('ix_committee_vote_draft_round')

    op.drop_table('committee_vote')
    with op.batch_alter_table('committee_summary', schema=None) as batch_op:
        batch_op.drop_index('uq_committee_summary_round')
        batch_op.drop_index('ix_committee_summary_draft')

    op.drop_table('committee_summary')
    with op.batch_alter_table('national_circular_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_national_circular_source_national_circular_id'))

    op.drop_table('national_circular_source')
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index('uq_idempotency_key')

    op.drop_table('idempotency_key')
    with op.batch_alter_table('national_circular', schema=None) as batch_op:
        batch_op.drop_index('uq_national_circular_year_serial')

    op.drop_table('national_circular')
    # ### end Alembic commands ###
