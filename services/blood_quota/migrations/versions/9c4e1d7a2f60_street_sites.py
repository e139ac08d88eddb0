"""Street sites: collections carry their site, plans list the new or moved sites that feed
the site-optimisation increment, and the totals index covers the site.

Revision ID: 9c4e1d7a2f60
Revises: 5a1c7e20b9d4
Create Date: 2026-12-03 10:10:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '9c4e1d7a2f60'
down_revision: str | Sequence[str] | None = '5a1c7e20b9d4'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_TOTALS = ['year', 'district', 'channel', 'volume_ml', 'donation_date', 'donations']
NEW_TOTALS = ['year', 'district', 'channel', 'volume_ml', 'site', 'donation_date', 'donations']


def upgrade() -> None:
    with op.batch_alter_table('blood_quota_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('increment_sites', sa.Text(), nullable=False,
                                      server_default='[]'))
    with op.batch_alter_table('blood_quota_collection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site', sa.String(length=100), nullable=False,
                                      server_default=''))
        batch_op.drop_index('ix_blood_quota_collection_totals')
        batch_op.create_index('ix_blood_quota_collection_totals', NEW_TOTALS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('blood_quota_collection', schema=None) as batch_op:
        batch_op.drop_index('ix_blood_quota_collection_totals')
        batch_op.create_index('ix_blood_quota_collection_totals', OLD_TOTALS, unique=False)
        batch_op.drop_column('site')
    with op.batch_alter_table('blood_quota_plan', schema=None) as batch_op:
        batch_op.drop_column('increment_sites')
