"""a version number of the agency tree, moved by the database itself on every change to it

Each portal worker keeps the agency tree in memory and reads this number with the request's
first statement: a change made by any process (the portal's other worker, `dondoc init`, a
script) is seen by the next request. Triggers move it, so no write path can forget to.
A later migration that rebuilds `agency` with a batch on SQLite must create the triggers again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = 'UPDATE registryversion SET version = version + 1 WHERE id = 1'
WRITES = ('INSERT', 'UPDATE', 'DELETE')


def upgrade() -> None:
    op.create_table(
        'registryversion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.execute('INSERT INTO registryversion (id, version) VALUES (1, 1)')
    if op.get_bind().dialect.name == 'postgresql':
        # once per statement: a bulk update of a province's paths moves it once
        op.execute(
            'CREATE FUNCTION dondoc_registry_changed() RETURNS trigger LANGUAGE plpgsql AS '
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        op.execute(
            'CREATE TRIGGER agency_changed AFTER INSERT OR UPDATE OR DELETE ON agency '
            'FOR EACH STATEMENT EXECUTE FUNCTION dondoc_registry_changed()'
        )
        return
    for write in WRITES:  # SQLite has row triggers only
        op.execute(f'CREATE TRIGGER agency_{write.lower()}_changed AFTER {write} ON agency BEGIN {BUMP}; END')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER agency_changed ON agency')
        op.execute('DROP FUNCTION dondoc_registry_changed()')
    else:
        for write in WRITES:
            op.execute(f'DROP TRIGGER agency_{write.lower()}_changed')
    op.drop_table('registryversion')
