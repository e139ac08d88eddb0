"""One district table in force per year (adopted explicitly), splits recording the table they
split, apheresis platelets on collections and plans, and collections corrected (withdrawn or
amended, never deleted).

Existing data keeps its meaning: the newest district table of each year, which was in force
until now, becomes that year's adopted table; each stored split records the newest district
table saved before it, the one it split.

Revision ID: b7d3f0a1c2e8
Revises: 9c4e1d7a2f60
Create Date: 2026-12-03 13:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = 'b7d3f0a1c2e8'
down_revision: str | Sequence[str] | None = '9c4e1d7a2f60'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_TOTALS = ['year', 'district', 'channel', 'volume_ml', 'site', 'donation_date', 'donations']
NEW_TOTALS = ['year', 'status', 'district', 'channel', 'component', 'volume_ml',
              'therapeutic_doses', 'site', 'donation_date', 'donations']


def upgrade() -> None:
    with op.batch_alter_table('blood_quota_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('platelet_units_per_dose', sa.String(length=20),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('platelet_conversion_source', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('platelets_count_toward_targets', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))
    with op.batch_alter_table('blood_quota_allocation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('split_of_allocation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_blood_quota_allocation_split_of',
                                    'blood_quota_allocation', ['split_of_allocation_id'], ['id'])
    op.create_table(
        'blood_quota_adoption',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('allocation_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('adopted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('adopted_by', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['allocation_id'], ['blood_quota_allocation.id']),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('blood_quota_adoption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blood_quota_adoption_year'), ['year'],
                              unique=False)
    with op.batch_alter_table('blood_quota_collection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('component', sa.String(length=20), nullable=False,
                                      server_default='whole_blood'))
        batch_op.add_column(sa.Column('therapeutic_doses', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False,
                                      server_default='in_force'))
        batch_op.add_column(sa.Column('amends_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('amended_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('correction_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('corrected_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('corrected_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                                      nullable=True))
        batch_op.drop_index('ix_blood_quota_collection_totals')
        batch_op.create_index('ix_blood_quota_collection_totals', NEW_TOTALS, unique=False)
    op.execute(
        "INSERT INTO blood_quota_adoption (year, allocation_id, reason, adopted_at, adopted_by) "
        "SELECT a.year, a.id, 'in force before adoption was an explicit step (the newest "
        "district table of the year)', a.created_at, 'migration' FROM blood_quota_allocation a "
        "WHERE a.id IN (SELECT max(id) FROM blood_quota_allocation "
        "WHERE source IN ('published', 'apportioned') GROUP BY year)")
    op.execute(
        "UPDATE blood_quota_allocation SET split_of_allocation_id = ("
        "SELECT max(t.id) FROM blood_quota_allocation t WHERE t.year = "
        "blood_quota_allocation.year AND t.source IN ('published', 'apportioned') "
        "AND t.id < blood_quota_allocation.id) WHERE source = 'split'")


def downgrade() -> None:
    with op.batch_alter_table('blood_quota_collection', schema=None) as batch_op:
        batch_op.drop_index('ix_blood_quota_collection_totals')
        batch_op.create_index('ix_blood_quota_collection_totals', OLD_TOTALS, unique=False)
        for column in ('corrected_at', 'corrected_by', 'correction_reason', 'amended_by_id',
                       'amends_id', 'status', 'therapeutic_doses', 'component'):
            batch_op.drop_column(column)
    with op.batch_alter_table('blood_quota_adoption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blood_quota_adoption_year'))
    op.drop_table('blood_quota_adoption')
    with op.batch_alter_table('blood_quota_allocation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_blood_quota_allocation_split_of', type_='foreignkey')
        batch_op.drop_column('split_of_allocation_id')
    with op.batch_alter_table('blood_quota_plan', schema=None) as batch_op:
        for column in ('platelets_count_toward_targets', 'platelet_conversion_source',
                       'platelet_units_per_dose'):
            batch_op.drop_column(column)
