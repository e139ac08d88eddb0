"""initial tables

Revision ID: 5c602cf403c3
Revises:
Create Date: 2026-11-23 13:17:12.045577

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5c602cf403c3"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wage_assessment_audit_log",
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
        "wage_assessment_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scheme_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("policy_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("self_check_due", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("stage_changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year"),
    )
    op.create_table(
        "wage_assessment_request_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rpc", sa.String(length=200), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("principal", sa.String(length=200), nullable=False),
        sa.Column("request_digest", sa.String(length=64), nullable=False),
        sa.Column("response", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "rpc", "request_id", name="uq_wage_assessment_request_log_rpc_request_id"
        ),
    )
    op.create_table(
        "wage_assessment_scheme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version"),
    )
    op.create_table(
        "wage_assessment_commendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("circular", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "unit_code"),
    )
    with op.batch_alter_table("wage_assessment_commendation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_commendation_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_falsification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("indicator_ids", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("circulated_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("wage_assessment_falsification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_falsification_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_grading_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("run_no", sa.Integer(), nullable=False),
        sa.Column("rules_version", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("input_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("tie_reports", sa.Text(), nullable=False),
        sa.Column("graded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("graded_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "run_no"),
    )
    with op.batch_alter_table("wage_assessment_grading_run", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_grading_run_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("incident_date", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("government_project", sa.Boolean(), nullable=False),
        sa.Column("serious_consequence", sa.Boolean(), nullable=False),
        sa.Column("source_agency", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("wage_assessment_incident", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_incident_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_item_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("indicator_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("self_value", sa.Integer(), nullable=True),
        sa.Column("self_denominator", sa.Integer(), nullable=True),
        sa.Column("self_sub_points", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("verified_value", sa.Integer(), nullable=True),
        sa.Column("verified_denominator", sa.Integer(), nullable=True),
        sa.Column("verified_sub_points", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("possible_falsification", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "unit_code", "indicator_id"),
    )
    with op.batch_alter_table("wage_assessment_item_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_item_value_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_rectification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("interview_date", sa.Date(), nullable=False),
        sa.Column("report_due", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("report_received_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "unit_code"),
    )
    with op.batch_alter_table("wage_assessment_rectification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_rectification_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_review_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("flag", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("value", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("set_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "unit_code", "flag"),
    )
    with op.batch_alter_table("wage_assessment_review_flag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_review_flag_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_self_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "unit_code"),
    )
    with op.batch_alter_table("wage_assessment_self_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_self_check_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["wage_assessment_cycle.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "code"),
    )
    with op.batch_alter_table("wage_assessment_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_unit_cycle_id"), ["cycle_id"], unique=False
        )

    op.create_table(
        "wage_assessment_grade",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("score_cents", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("grade", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("input_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["wage_assessment_grading_run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "unit_code"),
    )
    with op.batch_alter_table("wage_assessment_grade", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wage_assessment_grade_run_id"), ["run_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("wage_assessment_grade", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_grade_run_id"))

    op.drop_table("wage_assessment_grade")
    with op.batch_alter_table("wage_assessment_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_unit_cycle_id"))

    op.drop_table("wage_assessment_unit")
    with op.batch_alter_table("wage_assessment_self_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_self_check_cycle_id"))

    op.drop_table("wage_assessment_self_check")
    with op.batch_alter_table("wage_assessment_review_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_review_flag_cycle_id"))

    op.drop_table("wage_assessment_review_flag")
    with op.batch_alter_table("wage_assessment_rectification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_rectification_cycle_id"))

    op.drop_table("wage_assessment_rectification")
    with op.batch_alter_table("wage_assessment_item_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_item_value_cycle_id"))

    op.drop_table("wage_assessment_item_value")
    with op.batch_alter_table("wage_assessment_incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_incident_cycle_id"))

    op.drop_table("wage_assessment_incident")
    with op.batch_alter_table("wage_assessment_grading_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_grading_run_cycle_id"))

    op.drop_table("wage_assessment_grading_run")
    with op.batch_alter_table("wage_assessment_falsification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_falsification_cycle_id"))

    op.drop_table("wage_assessment_falsification")
    with op.batch_alter_table("wage_assessment_commendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wage_assessment_commendation_cycle_id"))

    op.drop_table("wage_assessment_commendation")
    op.drop_table("wage_assessment_scheme")
    op.drop_table("wage_assessment_request_log")
    op.drop_table("wage_assessment_cycle")
    op.drop_table("wage_assessment_audit_log")
