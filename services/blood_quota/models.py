"""Tables of the blood_quota service (prefix ``blood_quota_``; one Alembic history)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class BloodPlan(SQLModel, table=True):
    """A year's plan (blood_quota.md §6)."""

    __tablename__ = "blood_quota_plan"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True, index=True)
    city_target_units: int = Field(sa_type=BigInteger)
    group_target_units: int = Field(sa_type=BigInteger)
    street_target_units: int = Field(sa_type=BigInteger)
    reserve_units: int = Field(sa_type=BigInteger)
    drill_min_city_units: int = Field(sa_type=BigInteger)
    drill_min_per_district_units: int = Field(sa_type=BigInteger)
    units_per_person: str = Field(max_length=20)
    rule_version: str = Field(max_length=40)
    #: Garrison collections also count toward the group target (§6; default no).
    garrison_counts_toward_group: bool = Field(default=False)
    #: JSON list of the new or moved street sites that feed the increment row (§6).
    increment_sites: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                                 server_default="[]"))
    created_at: dt.datetime
    created_by: str = Field(max_length=200)


class BloodCarveOut(SQLModel, table=True):
    """A fixed carve-out of a plan (universities, garrison, site-optimisation increment)."""

    __tablename__ = "blood_quota_carve_out"
    __table_args__ = (UniqueConstraint("year", "code", name="uq_blood_quota_carve_out_code"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    position: int
    code: str = Field(max_length=100)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    units: int = Field(sa_type=BigInteger)


class BloodAllocation(SQLModel, table=True):
    """A saved allocation: a published table, an apportionment, or a district split."""

    __tablename__ = "blood_quota_allocation"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    source: str = Field(max_length=20)
    district: str = Field(default="", max_length=40)
    method: str = Field(max_length=20)
    pool_units: int = Field(sa_type=BigInteger)
    rule_version: str = Field(max_length=40)
    input_digest: str = Field(max_length=64)
    ties: str = Field(sa_column=Column(Text, nullable=False))
    row_count: int
    created_at: dt.datetime
    created_by: str = Field(max_length=200)


class BloodAllocationRow(SQLModel, table=True):
    """One row of an allocation with the inputs it was computed from."""

    __tablename__ = "blood_quota_allocation_row"

    id: int | None = Field(default=None, primary_key=True)
    allocation_id: int = Field(foreign_key="blood_quota_allocation.id", index=True)
    position: int
    code: str = Field(max_length=100)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    weight: int = Field(sa_type=BigInteger)
    lower_units: int = Field(sa_type=BigInteger)
    upper_units: int = Field(sa_type=BigInteger)
    units: int = Field(sa_type=BigInteger)


class BloodUnit(SQLModel, table=True):
    """A work unit or town of a district's roster for a year (§9)."""

    __tablename__ = "blood_quota_unit"
    __table_args__ = (UniqueConstraint("year", "district", "code",
                                       name="uq_blood_quota_unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    district: str = Field(max_length=40)
    position: int
    code: str = Field(max_length=100)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    headcount: int = Field(sa_type=BigInteger)


class BloodCollection(SQLModel, table=True):
    """Donations of one volume on one day, credited to a district (and unit or town)."""

    __tablename__ = "blood_quota_collection"
    # Covers the progress sums (by year, district, channel and volume up to a date), so the
    # scrape-time gauges and progress reports read the index, not the table.
    __table_args__ = (Index("ix_blood_quota_collection_totals", "year", "district", "channel",
                            "volume_ml", "site", "donation_date", "donations"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    donation_date: dt.date
    district: str = Field(max_length=40)
    unit_code: str = Field(default="", max_length=100)
    channel: str = Field(max_length=20)
    volume_ml: int
    donations: int
    #: The street site (vehicle or donation house); "" for none (§6).
    site: str = Field(default="", max_length=100)
