"""Plans: whether garrison collections also count toward the group target (default no).

Revision ID: 5a1c7e20b9d4
Revises: 3f6b2c9d41e7
Create Date: 2026-12-03 10:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '5a1c7e20b9d4'
down_revision: str | Sequence[str] | None = '3f6b2c9d41e7'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('blood_quota_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('garrison_counts_toward_group', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('blood_quota_plan', schema=None) as batch_op:
        batch_op.drop_column('garrison_counts_toward_group')
