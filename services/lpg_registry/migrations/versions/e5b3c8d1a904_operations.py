"""Long-running operations: a sweep of the whole registry runs in the server, followed
by name.

Revision ID: e5b3c8d1a904
Revises: c4e8a1f09d27
Create Date: 2026-12-03 16:20:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5b3c8d1a904"
down_revision: str | Sequence[str] | None = "c4e8a1f09d27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lpg_registry_operation",
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
    with op.batch_alter_table("lpg_registry_operation") as batch_op:
        batch_op.create_index(batch_op.f("ix_lpg_registry_operation_done"), ["done"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lpg_registry_operation") as batch_op:
        batch_op.drop_index(batch_op.f("ix_lpg_registry_operation_done"))
    op.drop_table("lpg_registry_operation")
