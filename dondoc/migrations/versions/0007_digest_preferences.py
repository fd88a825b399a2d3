"""agency: item-by-item reminders, the daily digest, or both; leadership gets the weekly digest

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN, not batch mode: on SQLite a batch would copy and drop the agency table,
    # which every subtask references, and that fails once there are rows
    op.add_column('agency', sa.Column('reminders', sa.String(length=16), nullable=False, server_default='both'))
    op.add_column('agency', sa.Column('is_leadership', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('is_leadership')
        batch_op.drop_column('reminders')
