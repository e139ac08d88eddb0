"""Resellers: a user of kind RESELLER carries its gas business licence and last valid day
(seed ¶一 E5: no supply of LPG for resale to illegal operators).

Revision ID: b7d2e4a91c35
Revises: 738bda704bd9
Create Date: 2026-12-03 10:05:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'b7d2e4a91c35'
down_revision: str | Sequence[str] | None = '738bda704bd9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lpg_registry_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('licence_number', sa.String(length=80), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('licence_valid_until', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lpg_registry_user', schema=None) as batch_op:
        batch_op.drop_column('licence_valid_until')
        batch_op.drop_column('licence_number')
