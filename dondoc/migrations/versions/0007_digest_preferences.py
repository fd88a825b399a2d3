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
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders', sa.String(length=16), nullable=False, server_default='both'))
        batch_op.add_column(sa.Column('is_leadership', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('is_leadership')
        batch_op.drop_column('reminders')
