"""seed facts: the councils of seed 000 take part in the assembly, not in given meetings; the
bills of seed 000 are PENDING, not IN_PARLIAMENT

Seed 000 names the seven councils that took part in the assembly's meetings of the term's first
two years, not which meeting each attended: their participation moves from
`assembly_meeting_participant` (rows for every sample meeting, unmarked) to the new
`councils_assembly_participant`. It asks the government and parliament to amend and pass the two
bills it names, without saying which has them: their status becomes PENDING (a new value).

Revision ID: 0008_seed_facts
Revises: 0007_analyst_indexes
Create Date: 2026-12-02 12:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008_seed_facts'
down_revision: str | None = '0007_analyst_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_STATUSES = "status IN ('DRAFTED', 'IN_PARLIAMENT', 'PASSED', 'WITHDRAWN')"
_NEW_STATUSES = "status IN ('DRAFTED', 'PENDING', 'IN_PARLIAMENT', 'PASSED', 'WITHDRAWN')"


def _bill_statuses(condition: str) -> None:
    with op.batch_alter_table('government_bill', schema=None, recreate='auto') as batch_op:
        batch_op.drop_constraint('ck_government_bill_status', type_='check')
        batch_op.create_check_constraint('ck_government_bill_status', condition)


def upgrade() -> None:
    op.create_table('councils_assembly_participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assembly_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['assembly_id'], ['councils_assembly.id'], ),
    sa.ForeignKeyConstraint(['council_id'], ['city_council.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('councils_assembly_participant', schema=None) as batch_op:
        batch_op.create_index('ix_councils_assembly_participant_council', ['council_id'], unique=False)
        batch_op.create_index('uq_councils_assembly_participant', ['assembly_id', 'council_id'], unique=True)

    # The councils recorded at every (sample) meeting are the assembly's participants; the
    # per-meeting rows of sample meetings claimed more than the seed says and go.
    op.execute(
        "INSERT INTO councils_assembly_participant (assembly_id, council_id, is_sample) "
        "SELECT m.assembly_id, p.council_id, false FROM assembly_meeting_participant p "
        "JOIN assembly_meeting m ON m.id = p.meeting_id "
        "GROUP BY m.assembly_id, p.council_id ORDER BY m.assembly_id, MIN(p.id)"
    )
    op.execute(
        "DELETE FROM assembly_meeting_participant WHERE meeting_id IN "
        "(SELECT id FROM assembly_meeting WHERE is_sample = true)"
    )

    _bill_statuses(_NEW_STATUSES)
    op.execute(
        "UPDATE government_bill SET status = 'PENDING' "
        "WHERE status = 'IN_PARLIAMENT' AND is_sample = false"
    )


def downgrade() -> None:
    op.execute("UPDATE government_bill SET status = 'IN_PARLIAMENT' WHERE status = 'PENDING'")
    _bill_statuses(_OLD_STATUSES)

    op.execute(
        "INSERT INTO assembly_meeting_participant (meeting_id, council_id) "
        "SELECT m.id, a.council_id FROM assembly_meeting m "
        "JOIN councils_assembly_participant a ON a.assembly_id = m.assembly_id "
        "WHERE m.is_sample = true AND NOT EXISTS (SELECT 1 FROM assembly_meeting_participant p "
        "WHERE p.meeting_id = m.id AND p.council_id = a.council_id) ORDER BY m.id, a.id"
    )
    with op.batch_alter_table('councils_assembly_participant', schema=None) as batch_op:
        batch_op.drop_index('uq_councils_assembly_participant')
        batch_op.drop_index('ix_councils_assembly_participant_council')

    op.drop_table('councils_assembly_participant')
