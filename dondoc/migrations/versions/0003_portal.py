"""portal: secret links, browser sessions, evidence files, extension requests, follow-ups

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString
_instant = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('accesstoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('scope', _text(length=16), nullable=False),
    sa.Column('token_hash', _text(length=64), nullable=False),
    sa.Column('created_at', _instant(), nullable=False),
    sa.Column('revoked_at', _instant(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('accesstoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accesstoken_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accesstoken_token_hash'), ['token_hash'], unique=True)

    op.create_table('portalsession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_hash', _text(length=64), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', _text(length=64), nullable=False),
    sa.Column('created_at', _instant(), nullable=False),
    sa.Column('expires_at', _instant(), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['accesstoken.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('portalsession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portalsession_session_hash'), ['session_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_portalsession_token_id'), ['token_id'], unique=False)

    op.create_table('evidencefile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subtask_id', sa.Integer(), nullable=False),
    sa.Column('sha256', _text(length=64), nullable=False),
    sa.Column('filename', _text(length=255), nullable=False),
    sa.Column('content_type', _text(length=128), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', _text(length=64), nullable=False),
    sa.Column('uploaded_at', _instant(), nullable=False),
    sa.ForeignKeyConstraint(['subtask_id'], ['subtask.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evidencefile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidencefile_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidencefile_subtask_id'), ['subtask_id'], unique=False)

    op.create_table('extensionrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subtask_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', _text(length=64), nullable=False),
    sa.Column('requested_at', _instant(), nullable=False),
    sa.Column('reason', _text(), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('status', _text(length=16), nullable=False),
    sa.Column('decided_by', _text(length=64), nullable=True),
    sa.Column('decided_at', _instant(), nullable=True),
    sa.Column('granted_on', sa.Date(), nullable=True),
    sa.Column('decision_note', _text(), nullable=True),
    sa.ForeignKeyConstraint(['subtask_id'], ['subtask.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('extensionrequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extensionrequest_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_extensionrequest_subtask_id'), ['subtask_id'], unique=False)

    op.create_table('followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subtask_id', sa.Integer(), nullable=False),
    sa.Column('remind_at', _instant(), nullable=False),
    sa.Column('message', _text(), nullable=True),
    sa.Column('created_by', _text(length=64), nullable=False),
    sa.Column('created_at', _instant(), nullable=False),
    sa.Column('flow_run_id', _text(length=64), nullable=True),
    sa.Column('status', _text(length=16), nullable=False),
    sa.Column('fired_at', _instant(), nullable=True),
    sa.ForeignKeyConstraint(['subtask_id'], ['subtask.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_subtask_id'), ['subtask_id'], unique=False)


def downgrade() -> None:
    for table, indexes in (
        ('followup', ['ix_followup_subtask_id']),
        ('extensionrequest', ['ix_extensionrequest_subtask_id', 'ix_extensionrequest_status']),
        ('evidencefile', ['ix_evidencefile_subtask_id', 'ix_evidencefile_sha256']),
        ('portalsession', ['ix_portalsession_token_id', 'ix_portalsession_session_hash']),
        ('accesstoken', ['ix_accesstoken_token_hash', 'ix_accesstoken_agency_id']),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(index)
        op.drop_table(table)
