"""indexes for the reads: due-date order, counts per agency and per task from their indexes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00

The single-column indexes on agency_id, task_id and status become the first columns of wider
ones, so a subtask still costs about as many index writes as before.
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name: (columns, what PostgreSQL also keeps in the index so it answers from it alone; SQLite
# keeps the row id in every index anyway)
NEW = {
    'ix_subtask_due': (['due_at', 'id', 'status'], []),
    'ix_subtask_status_due': (['status', 'due_at', 'id', 'agency_id'], []),
    'ix_subtask_agency_state': (['agency_id', 'status', 'due_at', 'completed_at'], ['id']),
    'ix_subtask_task_state': (['task_id', 'status', 'due_at'], ['id']),
}
OLD = {
    'ix_subtask_agency_id': ['agency_id'],
    'ix_subtask_task_id': ['task_id'],
    'ix_subtask_status': ['status'],
}


def upgrade() -> None:
    with op.batch_alter_table('subtask', schema=None) as batch_op:
        for name, (columns, included) in NEW.items():
            batch_op.create_index(name, columns, unique=False, postgresql_include=included)
        for name in OLD:
            batch_op.drop_index(name)


def downgrade() -> None:
    with op.batch_alter_table('subtask', schema=None) as batch_op:
        for name, columns in OLD.items():
            batch_op.create_index(name, columns, unique=False)
        for name in NEW:
            batch_op.drop_index(name)
