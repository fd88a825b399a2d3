"""event publication: the audit log's rows carry whether they reached the Prefect event feed

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_instant = sqlmodel.sql.sqltypes.UTCDateTime
_unpublished = sa.text('published_at IS NULL')


def upgrade() -> None:
    # rows written before this revision start unpublished: the next sweep publishes the history
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', _instant(), nullable=True))
        batch_op.add_column(sa.Column('publishing_until', _instant(), nullable=True))
    op.create_index(
        'ix_event_unpublished', 'event', ['id'], unique=False,
        sqlite_where=_unpublished, postgresql_where=_unpublished,
    )


def downgrade() -> None:
    op.drop_index('ix_event_unpublished', table_name='event')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('publishing_until')
        batch_op.drop_column('published_at')
