"""District figures are amended, never overwritten: each version of a district's figures of a
year keeps who recorded it, when and (for an amendment) why; a replaced version is kept with
the moment it was replaced, and one current version per district and year is unique.

Revision ID: 5d1f8a3c7e42
Revises: 9e3c5b1a7f20
Create Date: 2026-12-03 14:05:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "5d1f8a3c7e42"
down_revision: str | Sequence[str] | None = "9e3c5b1a7f20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "rural_roads_district_year"
UNIQUE = "uq_rural_roads_district_year_district_year"
CURRENT = "uq_rural_roads_district_year_current"


def _current_where() -> sa.TextClause:
    return sa.text("replaced_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.drop_constraint(UNIQUE, type_="unique")
        batch_op.add_column(sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column("recorded_by",
                                      sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500),
                                      nullable=False, server_default=""))
        batch_op.add_column(sa.Column("replaced_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                      nullable=True))
        batch_op.create_index(CURRENT, ["district", "year"], unique=True,
                              sqlite_where=_current_where(),
                              postgresql_where=_current_where())


def downgrade() -> None:
    # Only the current figures of each district and year survive a downgrade.
    op.execute(sa.text(f"DELETE FROM {TABLE} WHERE replaced_at IS NOT NULL"))
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.drop_index(CURRENT)
        for column in ("replaced_at", "reason", "recorded_by", "recorded_at"):
            batch_op.drop_column(column)
        batch_op.create_unique_constraint(UNIQUE, ["district", "year"])
