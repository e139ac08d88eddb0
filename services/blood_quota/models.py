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
    #: Units per therapeutic dose of apheresis platelets, exact decimal; "" for none (§2).
    platelet_units_per_dose: str = Field(default="", max_length=20)
    #: Where the platelet conversion comes from.
    platelet_conversion_source: str = Field(default="", sa_column=Column(
        Text, nullable=False, server_default=""))
    #: Platelet donations count toward the whole-blood targets, converted (default no).
    platelets_count_toward_targets: bool = Field(default=False)
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
    #: A split: the district table whose row it split (None for district tables).
    split_of_allocation_id: int | None = Field(default=None,
                                               foreign_key="blood_quota_allocation.id")
    created_at: dt.datetime
    created_by: str = Field(max_length=200)


class BloodAdoption(SQLModel, table=True):
    """A district table put in force for its year; the newest adoption of a year is the table
    in force. Never updated or deleted: the history of what was in force when."""

    __tablename__ = "blood_quota_adoption"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    allocation_id: int = Field(foreign_key="blood_quota_allocation.id")
    reason: str = Field(sa_column=Column(Text, nullable=False))
    adopted_at: dt.datetime
    adopted_by: str = Field(max_length=200)


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
    # Covers the progress sums (rows in force by year, district, channel, component and
    # volume up to a date), so the scrape-time gauges and progress reports read the index.
    __table_args__ = (Index("ix_blood_quota_collection_totals", "year", "status", "district",
                            "channel", "component", "volume_ml", "therapeutic_doses", "site",
                            "donation_date", "donations"),)

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
    #: "whole_blood", or "platelets" (apheresis, counted in therapeutic doses; volume 0).
    component: str = Field(default="whole_blood", max_length=20)
    #: Therapeutic doses per platelet donation; 0 for whole blood.
    therapeutic_doses: int = Field(default=0)
    #: "in_force", "withdrawn" or "amended": a row is corrected, never deleted.
    status: str = Field(default="in_force", max_length=20)
    #: The row this one replaced (an amendment), and the row that replaced this one.
    amends_id: int | None = Field(default=None)
    amended_by_id: int | None = Field(default=None)
    correction_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    corrected_by: str | None = Field(default=None, max_length=200)
    corrected_at: dt.datetime | None = None
