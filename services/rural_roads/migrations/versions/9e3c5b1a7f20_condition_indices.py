"""MQI: units keep their PBI, PWI, the survey's SCI, BCI and TCI, the class of their worst
structure and their MQI; aggregates their MQI and the index their share is measured on.

Revision ID: 9e3c5b1a7f20
Revises: 4b7e2a9c1d55
Create Date: 2026-12-03 13:10:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "9e3c5b1a7f20"
down_revision: str | Sequence[str] | None = "4b7e2a9c1d55"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIT_INDICES = ("pbi", "pwi", "sci", "bci", "tci", "mqi")


def upgrade() -> None:
    with op.batch_alter_table("rural_roads_unit") as batch_op:
        for name in UNIT_INDICES:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("structure_class", sa.Integer(), nullable=False,
                                      server_default="0"))
    with op.batch_alter_table("rural_roads_aggregate") as batch_op:
        batch_op.add_column(sa.Column("mqi", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("share_index",
                                      sqlmodel.sql.sqltypes.AutoString(length=8),
                                      nullable=False, server_default="pqi"))


def downgrade() -> None:
    with op.batch_alter_table("rural_roads_aggregate") as batch_op:
        batch_op.drop_column("share_index")
        batch_op.drop_column("mqi")
    with op.batch_alter_table("rural_roads_unit") as batch_op:
        batch_op.drop_column("structure_class")
        for name in reversed(UNIT_INDICES):
            batch_op.drop_column(name)
