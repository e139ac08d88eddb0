"""Long-running operations: grading a year runs in the server and is followed by name.

Revision ID: b3f6c2d9a174
Revises: d8eae832cf22
Create Date: 2026-12-03 15:45:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b3f6c2d9a174"
down_revision: str | Sequence[str] | None = "d8eae832cf22"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wage_assessment_operation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rpc", sa.String(length=200), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("principal", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("operation_metadata", sa.LargeBinary(), nullable=False),
        sa.Column("response", sa.LargeBinary(), nullable=True),
        sa.Column("error", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("wage_assessment_operation") as batch_op:
        batch_op.create_index(batch_op.f("ix_wage_assessment_operation_done"), ["done"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wage_assessment_operation") as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_operation_done"))
    op.drop_table("wage_assessment_operation")
