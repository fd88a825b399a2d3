"""notification outbox; escalation cursor on subtask

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('subtask', schema=None) as batch_op:
        batch_op.add_column(sa.Column('action_cursor', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('action_due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subtask_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('recipient_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('dedup_key', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['subtask_id'], ['subtask.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_dedup_key'), ['dedup_key'], unique=True)
        batch_op.create_index(batch_op.f('ix_notification_recipient_code'), ['recipient_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_subtask_id'), ['subtask_id'], unique=False)
        batch_op.create_index('ix_notification_ready', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_ready')
        batch_op.drop_index(batch_op.f('ix_notification_subtask_id'))
        batch_op.drop_index(batch_op.f('ix_notification_recipient_code'))
        batch_op.drop_index(batch_op.f('ix_notification_dedup_key'))

    op.drop_table('notification')
    with op.batch_alter_table('subtask', schema=None) as batch_op:
        batch_op.drop_column('action_due_at')
        batch_op.drop_column('action_cursor')
