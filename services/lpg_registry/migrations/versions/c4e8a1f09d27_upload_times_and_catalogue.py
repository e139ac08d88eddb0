"""Fills and deliveries keep when they happened and when they were received, and how many days
late; inspections keep the safety catalogue version their findings name.

Revision ID: c4e8a1f09d27
Revises: b7d2e4a91c35
Create Date: 2026-12-03 13:10:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'c4e8a1f09d27'
down_revision: str | Sequence[str] | None = 'b7d2e4a91c35'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMED = ('lpg_registry_fill', 'lpg_registry_delivery')


def upgrade() -> None:
    for table in _TIMED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('occurred_at', sa.DateTime(timezone=True),
                                          nullable=True))
            batch_op.add_column(sa.Column('received_at', sa.DateTime(timezone=True),
                                          nullable=True))
            batch_op.add_column(sa.Column('days_late', sa.Integer(), nullable=False,
                                          server_default='0'))
    with op.batch_alter_table('lpg_registry_inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalogue_version', sa.String(length=40), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('lpg_registry_inspection', schema=None) as batch_op:
        batch_op.drop_column('catalogue_version')
    for table in _TIMED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('days_late')
            batch_op.drop_column('received_at')
            batch_op.drop_column('occurred_at')
