"""the registry kept in the portal: bodies added or edited there, deactivated ones; a directive's
issuer as the document writes it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:00:00

A directive from above (a city's Công văn) is issued by a body outside the registry: its name is
kept as written in `issuer_name`, and `issuer_code` is '' for it. The column stays NOT NULL because
narrowing it on SQLite needs a batch copy of the directive table, which every task references.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN, as in 0007: a batch would copy and drop tables that others reference
    op.add_column('agency', sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column(
        'agency', sa.Column('edited_in_portal', sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column('directive', sa.Column('issuer_name', sa.String(length=255), nullable=False, server_default=''))
    op.execute(
        'UPDATE directive SET issuer_name = '
        '(SELECT agency.name FROM agency WHERE agency.code = directive.issuer_code) '
        'WHERE EXISTS (SELECT 1 FROM agency WHERE agency.code = directive.issuer_code)'
    )


def downgrade() -> None:
    with op.batch_alter_table('directive', schema=None) as batch_op:
        batch_op.drop_column('issuer_name')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('edited_in_portal')
        batch_op.drop_column('active')
