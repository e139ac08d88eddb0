"""grade rules as data, corrections, result actions

Revision ID: d8eae832cf22
Revises: e41a9b27c6d3
Create Date: 2026-12-03 12:39:28.168962

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "d8eae832cf22"
down_revision: str | None = "e41a9b27c6d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wage_assessment_grade_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version"),
    )
    op.create_table(
        "wage_assessment_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("record", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("corrected_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("corrected_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("wage_assessment_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_correction_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_result_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("action_date", sa.Date(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("wage_assessment_result_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_result_action_cycle_id"), ["cycle_id"], unique=False
        )

    with op.batch_alter_table("wage_assessment_grade", schema=None) as batch_op:
        batch_op.alter_column(
            "decided_by",
            existing_type=sa.VARCHAR(length=32),
            type_=sqlmodel.sql.sqltypes.AutoString(length=200),
            existing_nullable=False,
        )

    with op.batch_alter_table("wage_assessment_incident", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("wage_assessment_review_flag", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("wage_assessment_review_flag", schema=None) as batch_op:
        batch_op.drop_column("withdrawn")

    with op.batch_alter_table("wage_assessment_incident", schema=None) as batch_op:
        batch_op.drop_column("withdrawn")

    with op.batch_alter_table("wage_assessment_grade", schema=None) as batch_op:
        batch_op.alter_column(
            "decided_by",
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
            type_=sa.VARCHAR(length=32),
            existing_nullable=False,
        )

    with op.batch_alter_table("wage_assessment_result_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_result_action_cycle_id"))

    op.drop_table("wage_assessment_result_action")
    with op.batch_alter_table("wage_assessment_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_correction_cycle_id"))

    op.drop_table("wage_assessment_correction")
    op.drop_table("wage_assessment_grade_rules")
