"""rectification deadline and completion

Revision ID: e41a9b27c6d3
Revises: 5c602cf403c3
Create Date: 2026-12-03 10:10:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e41a9b27c6d3"
down_revision: str | None = "5c602cf403c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("wage_assessment_rectification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rectification_deadline", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("wage_assessment_rectification", schema=None) as batch_op:
        batch_op.drop_column("completed_on")
        batch_op.drop_column("rectification_deadline")
