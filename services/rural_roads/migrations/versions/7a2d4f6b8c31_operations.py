"""Long-running operations: closing a survey runs in the server and is followed by name.

Revision ID: 7a2d4f6b8c31
Revises: 5d1f8a3c7e42
Create Date: 2026-12-03 14:30:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a2d4f6b8c31"
down_revision: str | Sequence[str] | None = "5d1f8a3c7e42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rural_roads_operation",
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
    with op.batch_alter_table("rural_roads_operation") as batch_op:
        batch_op.create_index(batch_op.f("ix_rural_roads_operation_done"), ["done"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rural_roads_operation") as batch_op:
        batch_op.drop_index(batch_op.f("ix_rural_roads_operation_done"))
    op.drop_table("rural_roads_operation")
