"""a draft read in the background: its progress by page, its failure, how its pages were read

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 10:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('specdraft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pages_read', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pages_total', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('failure', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reading', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('specdraft', schema=None) as batch_op:
        batch_op.drop_column('reading')
        batch_op.drop_column('failure')
        batch_op.drop_column('pages_total')
        batch_op.drop_column('pages_read')
