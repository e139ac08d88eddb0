"""Effective-dated register and annex statuses: every version of an elevator is kept with
the dates it holds (one open-ended version per registration code), and every status change
of an annex task with its evidence and the day it holds from.

Revision ID: 7c3d9e5a2b10
Revises: 51494001bb8e
Create Date: 2026-12-03 14:05:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "7c3d9e5a2b10"
down_revision: str | Sequence[str] | None = "51494001bb8e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ELEVATOR = "special_equipment_elevator"
OLD_ELEVATOR = "special_equipment_elevator_unversioned"
OPEN_END = "9999-12-31"
FACTS = ("registration_code", "district", "location_category", "address", "in_use_date",
         "maintenance_company_id", "remote_monitoring", "liability_insurance", "geolocation",
         "assessed_on", "assessment_result", "renovated_on", "last_inspection_date",
         "last_inspection_passed", "version")


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.drop_index("ix_special_equipment_elevator_district", table_name=ELEVATOR)
    op.rename_table(ELEVATOR, OLD_ELEVATOR)
    op.create_table(
        ELEVATOR,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_code", _text(40), nullable=False),
        sa.Column("district", _text(40), nullable=False),
        sa.Column("location_category", _text(20), nullable=False),
        sa.Column("address", _text(300), nullable=False),
        sa.Column("in_use_date", sa.Date(), nullable=False),
        sa.Column("maintenance_company_id", _text(40), nullable=False),
        sa.Column("remote_monitoring", sa.Boolean(), nullable=False),
        sa.Column("liability_insurance", sa.Boolean(), nullable=False),
        sa.Column("geolocation", sa.Boolean(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("assessment_result", _text(20), nullable=False),
        sa.Column("renovated_on", sa.Date(), nullable=True),
        sa.Column("last_inspection_date", sa.Date(), nullable=True),
        sa.Column("last_inspection_passed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", _text(200), nullable=False),
        sa.Column("reason", _text(500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_special_equipment_elevator_district", ELEVATOR, ["district"])
    op.create_index("ix_special_equipment_elevator_registration_code", ELEVATOR,
                    ["registration_code"])
    latest = sa.text(f"valid_to = '{OPEN_END}'")
    op.create_index("uq_special_equipment_elevator_latest", ELEVATOR, ["registration_code"],
                    unique=True, sqlite_where=latest, postgresql_where=latest)
    columns = ", ".join(FACTS)
    op.execute(f"INSERT INTO {ELEVATOR} ({columns}, valid_from, valid_to, recorded_on, "
               f"recorded_by, reason) SELECT {columns}, '0001-01-01', '{OPEN_END}', "
               f"CURRENT_DATE, '', '' FROM {OLD_ELEVATOR}")
    op.drop_table(OLD_ELEVATOR)

    op.create_table(
        "special_equipment_annex_task_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", _text(20), nullable=False),
        sa.Column("evidence", _text(2000), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", _text(200), nullable=False),
        sa.Column("reason", _text(500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_special_equipment_annex_task_change_number",
                    "special_equipment_annex_task_change", ["number"])
    op.execute("INSERT INTO special_equipment_annex_task_change (number, status, evidence, "
               "effective_on, recorded_on, recorded_by, reason) SELECT number, status, "
               "evidence, updated_on, updated_on, '', '' FROM special_equipment_annex_task")
    op.drop_table("special_equipment_annex_task")


def downgrade() -> None:
    """Back to one row per elevator and per task: each one's latest version."""
    op.create_table(
        "special_equipment_annex_task",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", _text(20), nullable=False),
        sa.Column("evidence", _text(2000), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.execute(
        "INSERT INTO special_equipment_annex_task (number, status, evidence, updated_on, "
        "version) SELECT c.number, c.status, c.evidence, c.effective_on, 1 FROM "
        "special_equipment_annex_task_change c WHERE c.id = (SELECT MAX(d.id) FROM "
        "special_equipment_annex_task_change d WHERE d.number = c.number AND d.effective_on = "
        "(SELECT MAX(e.effective_on) FROM special_equipment_annex_task_change e "
        "WHERE e.number = c.number))")
    op.drop_index("ix_special_equipment_annex_task_change_number",
                  table_name="special_equipment_annex_task_change")
    op.drop_table("special_equipment_annex_task_change")

    op.create_table(
        OLD_ELEVATOR,
        sa.Column("registration_code", _text(40), nullable=False),
        sa.Column("district", _text(40), nullable=False),
        sa.Column("location_category", _text(20), nullable=False),
        sa.Column("address", _text(300), nullable=False),
        sa.Column("in_use_date", sa.Date(), nullable=False),
        sa.Column("maintenance_company_id", _text(40), nullable=False),
        sa.Column("remote_monitoring", sa.Boolean(), nullable=False),
        sa.Column("liability_insurance", sa.Boolean(), nullable=False),
        sa.Column("geolocation", sa.Boolean(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("assessment_result", _text(20), nullable=False),
        sa.Column("renovated_on", sa.Date(), nullable=True),
        sa.Column("last_inspection_date", sa.Date(), nullable=True),
        sa.Column("last_inspection_passed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("registration_code"),
    )
    columns = ", ".join(FACTS)
    op.execute(f"INSERT INTO {OLD_ELEVATOR} ({columns}) SELECT {columns} FROM {ELEVATOR} "
               f"WHERE valid_to = '{OPEN_END}'")
    for index in ("uq_special_equipment_elevator_latest",
                  "ix_special_equipment_elevator_registration_code",
                  "ix_special_equipment_elevator_district"):
        op.drop_index(index, table_name=ELEVATOR)
    op.drop_table(ELEVATOR)
    op.rename_table(OLD_ELEVATOR, ELEVATOR)
    op.create_index("ix_special_equipment_elevator_district", ELEVATOR, ["district"])
