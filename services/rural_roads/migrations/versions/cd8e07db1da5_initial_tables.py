"""initial tables

Revision ID: cd8e07db1da5
Revises:
Create Date: 2026-11-23 13:27:09.323831

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "cd8e07db1da5"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rural_roads_audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("principal", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("rpc", sa.String(length=200), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("entity_type", sa.String(length=100), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rural_roads_bridge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("road", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("dangerous", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("rural_roads_bridge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rural_roads_bridge_district"), ["district"], unique=False
        )

    op.create_table(
        "rural_roads_district_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("specialists", sa.Integer(), nullable=False),
        sa.Column("major_medium_maintenance_km", sa.Float(), nullable=False),
        sa.Column("safety_works_identified", sa.Integer(), nullable=False),
        sa.Column("safety_works_remediated", sa.Integer(), nullable=False),
        sa.Column("greenable_km", sa.Float(), nullable=False),
        sa.Column("greened_km", sa.Float(), nullable=False),
        sa.Column("plan_approved_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("district", "year", name="uq_rural_roads_district_year_district_year"),
    )
    op.create_table(
        "rural_roads_hazard_site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("road", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("identified_year", sa.Integer(), nullable=False),
        sa.Column("remediated_year", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("rural_roads_hazard_site", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rural_roads_hazard_site_district"), ["district"], unique=False
        )

    op.create_table(
        "rural_roads_request_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rpc", sa.String(length=200), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("principal", sa.String(length=200), nullable=False),
        sa.Column("request_digest", sa.String(length=64), nullable=False),
        sa.Column("response", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rpc", "request_id", name="uq_rural_roads_request_log_rpc_request_id"),
    )
    op.create_table(
        "rural_roads_road",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("town", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("road_class", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("technical_grade", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("surface", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("length_m", sa.Float(), nullable=False),
        sa.Column("width_m", sa.Float(), nullable=False),
        sa.Column("lanes", sa.Integer(), nullable=False),
        sa.Column("greenable_km", sa.Float(), nullable=False),
        sa.Column("greened_km", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("rural_roads_road", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rural_roads_road_district"), ["district"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rural_roads_road_town"), ["town"], unique=False)

    op.create_table(
        "rural_roads_survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("next_chunk_index", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("evaluated_m", sa.Float(), nullable=False),
        sa.Column("rule_version", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("rules_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("parameter_sets", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("input_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("result_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year"),
    )
    op.create_table(
        "rural_roads_town",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("rural_roads_town", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rural_roads_town_district"), ["district"], unique=False
        )

    op.create_table(
        "rural_roads_upgrade_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("length_km", sa.Float(), nullable=False),
        sa.Column("completed_year", sa.Integer(), nullable=False),
        sa.Column("first_handover_passed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("rural_roads_upgrade_project", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rural_roads_upgrade_project_district"), ["district"], unique=False
        )

    op.create_table(
        "rural_roads_village",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("town", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("has_bus_service", sa.Boolean(), nullable=False),
        sa.Column("has_two_lane_road", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("rural_roads_village", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rural_roads_village_district"), ["district"], unique=False
        )

    op.create_table(
        "rural_roads_aggregate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("pqi", sa.Float(), nullable=True),
        sa.Column("pci", sa.Float(), nullable=True),
        sa.Column("rqi", sa.Float(), nullable=True),
        sa.Column("share", sa.Float(), nullable=True),
        sa.Column("evaluated_km", sa.Float(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("km_by_grade", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["rural_roads_survey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rural_roads_aggregate", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rural_roads_aggregate_survey_level",
            ["survey_id", "level", "district"],
            unique=False,
        )

    op.create_table(
        "rural_roads_survey_chunk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("chunk_index", sa.Integer(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("roads_json", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["rural_roads_survey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "chunk_index", name="uq_rural_roads_survey_chunk_index"),
    )
    op.create_table(
        "rural_roads_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("chunk_index", sa.Integer(), nullable=False),
        sa.Column("road", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("town", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("start_m", sa.Float(), nullable=False),
        sa.Column("end_m", sa.Float(), nullable=False),
        sa.Column("parameter_set", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("damage_ratio", sa.Float(), nullable=True),
        sa.Column("iri", sa.Float(), nullable=True),
        sa.Column("rut_depth_mm", sa.Float(), nullable=True),
        sa.Column("pci", sa.Float(), nullable=True),
        sa.Column("rqi", sa.Float(), nullable=True),
        sa.Column("rdi", sa.Float(), nullable=True),
        sa.Column("pqi", sa.Float(), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["rural_roads_survey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "road", "start_m", name="uq_rural_roads_unit_chainage"),
    )
    with op.batch_alter_table("rural_roads_unit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rural_roads_unit_survey_district_pqi",
            ["survey_id", "district", "pqi"],
            unique=False,
        )



def downgrade() -> None:
    with op.batch_alter_table("rural_roads_unit", schema=None) as batch_op:
        batch_op.drop_index("ix_rural_roads_unit_survey_district_pqi")

    op.drop_table("rural_roads_unit")
    op.drop_table("rural_roads_survey_chunk")
    with op.batch_alter_table("rural_roads_aggregate", schema=None) as batch_op:
        batch_op.drop_index("ix_rural_roads_aggregate_survey_level")

    op.drop_table("rural_roads_aggregate")
    with op.batch_alter_table("rural_roads_village", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rural_roads_village_district"))

    op.drop_table("rural_roads_village")
    with op.batch_alter_table("rural_roads_upgrade_project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rural_roads_upgrade_project_district"))

    op.drop_table("rural_roads_upgrade_project")
    with op.batch_alter_table("rural_roads_town", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rural_roads_town_district"))

    op.drop_table("rural_roads_town")
    op.drop_table("rural_roads_survey")
    with op.batch_alter_table("rural_roads_road", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rural_roads_road_town"))
        batch_op.drop_index(batch_op.f("ix_rural_roads_road_district"))

    op.drop_table("rural_roads_road")
    op.drop_table("rural_roads_request_log")
    with op.batch_alter_table("rural_roads_hazard_site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rural_roads_hazard_site_district"))

    op.drop_table("rural_roads_hazard_site")
    op.drop_table("rural_roads_district_year")
    with op.batch_alter_table("rural_roads_bridge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rural_roads_bridge_district"))

    op.drop_table("rural_roads_bridge")
    op.drop_table("rural_roads_audit_log")
