"""drafts reviewed in the portal, and every registered version of a directive's spec

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString
_instant = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('specversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('spec_hash', _text(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('registered_by', _text(length=64), nullable=False),
    sa.Column('source', _text(length=32), nullable=False),
    sa.Column('registered_at', _instant(), nullable=False),
    sa.Column('flow_run_id', _text(length=64), nullable=True),
    sa.ForeignKeyConstraint(['directive_id'], ['directive.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('directive_id', 'version')
    )
    with op.batch_alter_table('specversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_specversion_directive_id'), ['directive_id'], unique=False)

    op.create_table('specdraft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=True),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('document_name', _text(length=255), nullable=True),
    sa.Column('document_sha256', _text(length=64), nullable=True),
    sa.Column('document_type', _text(length=128), nullable=True),
    sa.Column('document_size', sa.Integer(), nullable=True),
    sa.Column('created_by', _text(length=64), nullable=False),
    sa.Column('created_at', _instant(), nullable=False),
    sa.Column('updated_by', _text(length=64), nullable=False),
    sa.Column('updated_at', _instant(), nullable=False),
    sa.Column('registered_at', _instant(), nullable=True),
    sa.Column('flow_run_id', _text(length=64), nullable=True),
    sa.ForeignKeyConstraint(['directive_id'], ['directive.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('specdraft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_specdraft_directive_id'), ['directive_id'], unique=False)
        batch_op.create_index('ix_specdraft_status_updated', ['status', 'updated_at'], unique=False)


def downgrade() -> None:
    for table, indexes in (
        ('specdraft', ['ix_specdraft_status_updated', 'ix_specdraft_directive_id']),
        ('specversion', ['ix_specversion_directive_id']),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
