"""Collections: a covering index for the progress sums, replacing the (year, district) one.

Revision ID: 3f6b2c9d41e7
Revises: 8de958c0ca05
Create Date: 2026-11-23 16:05:00

"""
from collections.abc import Sequence

from alembic import op

revision: str = '3f6b2c9d41e7'
down_revision: str | Sequence[str] | None = '8de958c0ca05'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOTALS_COLUMNS = ['year', 'district', 'channel', 'volume_ml', 'donation_date', 'donations']


def upgrade() -> None:
    with op.batch_alter_table('blood_quota_collection', schema=None) as batch_op:
        batch_op.create_index('ix_blood_quota_collection_totals', TOTALS_COLUMNS, unique=False)
        batch_op.drop_index('ix_blood_quota_collection_year_district')


def downgrade() -> None:
    with op.batch_alter_table('blood_quota_collection', schema=None) as batch_op:
        batch_op.create_index('ix_blood_quota_collection_year_district', ['year', 'district'],
                              unique=False)
        batch_op.drop_index('ix_blood_quota_collection_totals')
