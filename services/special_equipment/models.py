"""Tables of the special-equipment service; every name carries the ``special_equipment_``
prefix (ADR 0004). Rows are amended with a version and a reason in the audit log, never
deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class Elevator(SQLModel, table=True):
    """An elevator of the register, with the safety attributes the plan measures."""

    __tablename__ = "special_equipment_elevator"

    registration_code: str = Field(primary_key=True, max_length=40)
    district: str = Field(max_length=40, index=True)
    location_category: str = Field(max_length=20)
    address: str = Field(max_length=300, default="")
    in_use_date: dt.date
    maintenance_company_id: str = Field(max_length=40, default="")
    remote_monitoring: bool = False
    liability_insurance: bool = False
    geolocation: bool = False
    assessed_on: dt.date | None = None
    assessment_result: str = Field(max_length=20, default="")
    renovated_on: dt.date | None = None
    last_inspection_date: dt.date | None = None
    last_inspection_passed: bool = False
    version: int = 1


class TargetReport(SQLModel, table=True):
    """A year's report of the 2020 targets for a district ("" for the city), with the counts
    it was computed from, its rule version and digests, so that it replays bit for bit."""

    __tablename__ = "special_equipment_target_report"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    district: str = Field(max_length=40, default="")
    reference_date: dt.date
    rule_version: str = Field(max_length=40)
    input_digest: str = Field(max_length=64)
    result_digest: str = Field(max_length=64)
    counts: str
    made_on: dt.date


class AnnexTaskState(SQLModel, table=True):
    """Status and evidence of one annex task (its wording is rule data)."""

    __tablename__ = "special_equipment_annex_task"

    number: int = Field(primary_key=True)
    status: str = Field(max_length=20)
    evidence: str = Field(max_length=2000, default="")
    updated_on: dt.date
    version: int = 1


class InspectionSweep(SQLModel, table=True):
    """A stored sweep: policy version, digests, counts per district, inputs for replay."""

    __tablename__ = "special_equipment_sweep"

    id: int | None = Field(default=None, primary_key=True)
    swept_on: dt.date
    policy_version: str = Field(max_length=40)
    input_digest: str = Field(max_length=64)
    result_digest: str = Field(max_length=64)
    elevators: int
    counts: str
    inputs: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class SafetyFigures(SQLModel, table=True):
    """A year's safety figures; a correction is a new version with its reason."""

    __tablename__ = "special_equipment_safety_figures"
    __table_args__ = (UniqueConstraint("year", "version",
                                       name="special_equipment_safety_figures_year_version"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    version: int
    registered_units: int
    accidents: int
    deaths: int
    injuries: int
    period: str = Field(max_length=200, default="")
    source: str = Field(max_length=500)
    official_rate: str = Field(max_length=20)
    official_source: str = Field(max_length=500, default="")
    official_denominator: int = 0
    official_period: str = Field(max_length=200, default="")
    reason: str = Field(max_length=500, default="")
    recorded_on: dt.date


class MaintenanceCompany(SQLModel, table=True):
    __tablename__ = "special_equipment_company"

    company_id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    credit_code: str = Field(max_length=18, default="")
    blacklisted_on: dt.date | None = None
    blacklist_reason: str = Field(max_length=500, default="")


class CompanyIndicator(SQLModel, table=True):
    """One indicator value of a company for a year, per mille."""

    __tablename__ = "special_equipment_company_indicator"

    year: int = Field(primary_key=True)
    company_id: str = Field(primary_key=True, max_length=40,
                            foreign_key="special_equipment_company.company_id")
    indicator: str = Field(primary_key=True, max_length=40)
    per_mille: int
