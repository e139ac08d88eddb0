"""Effective-dated register and stored target reports: towns, villages, roads, bridges,
hazard sites and upgrade projects keep every version with the dates it holds (one open-ended
version per code), and a closed year's target reports are stored with their input digest.

Revision ID: 4b7e2a9c1d55
Revises: cd8e07db1da5
Create Date: 2026-12-03 13:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "4b7e2a9c1d55"
down_revision: str | Sequence[str] | None = "cd8e07db1da5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGISTER = ("rural_roads_town", "rural_roads_village", "rural_roads_road",
            "rural_roads_bridge", "rural_roads_hazard_site", "rural_roads_upgrade_project")
OPEN_END = "9999-12-31"
# Names SQLite's unnamed UNIQUE(code) constraints get when reflected for a batch rebuild.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _code_unique(table: str) -> str:
    """The name of the table's UNIQUE(code) constraint as the database knows it."""
    for found in sa.inspect(op.get_bind()).get_unique_constraints(table):
        if found["column_names"] == ["code"] and found["name"]:
            return str(found["name"])
    return f"uq_{table}_code"


def _latest_where() -> sa.TextClause:
    return sa.text(f"valid_to = '{OPEN_END}'")


def upgrade() -> None:
    for table in REGISTER:
        unique = _code_unique(table)
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            batch_op.drop_constraint(unique, type_="unique")
            batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=False,
                                          server_default="0001-01-01"))
            batch_op.add_column(sa.Column("valid_to", sa.Date(), nullable=False,
                                          server_default=OPEN_END))
            batch_op.add_column(sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                          nullable=True))
            batch_op.add_column(sa.Column("recorded_by",
                                          sqlmodel.sql.sqltypes.AutoString(length=200),
                                          nullable=False, server_default=""))
            batch_op.create_index(f"ix_{table}_code", ["code"], unique=False)
            batch_op.create_index(f"uq_{table}_latest", ["code"], unique=True,
                                  sqlite_where=_latest_where(),
                                  postgresql_where=_latest_where())
    op.create_table(
        "rural_roads_target_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("input_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("rule_version", sqlmodel.sql.sqltypes.AutoString(length=100),
                  nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "district",
                            name="uq_rural_roads_target_report_year_district"),
    )
    op.create_index("ix_rural_roads_target_report_year", "rural_roads_target_report",
                    ["year"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_rural_roads_target_report_year", table_name="rural_roads_target_report")
    op.drop_table("rural_roads_target_report")
    for table in REGISTER:
        # Only the latest version of each record survives a downgrade.
        op.execute(sa.text(f"DELETE FROM {table} WHERE valid_to <> '{OPEN_END}'"))
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"uq_{table}_latest")
            batch_op.drop_index(f"ix_{table}_code")
            for column in ("recorded_by", "recorded_at", "valid_to", "valid_from"):
                batch_op.drop_column(column)
            batch_op.create_unique_constraint(f"uq_{table}_code", ["code"])
