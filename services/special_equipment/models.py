"""Tables of the special-equipment service; every name carries the ``special_equipment_``
prefix (ADR 0004). The register and the annex statuses are effective-dated: a change is a new
row holding from its day, the row it follows is kept; nothing is deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# A version of an elevator holds from ``valid_from`` (inclusive) to ``valid_to`` (exclusive);
# an elevator first registered without a date holds from BEGINNING, its latest version until
# OPEN_END. A version replaced on the day it began is kept with valid_to == valid_from.
BEGINNING = dt.date(1, 1, 1)
OPEN_END = dt.date(9999, 12, 31)
_LATEST = text(f"valid_to = '{OPEN_END.isoformat()}'")


class Elevator(SQLModel, table=True):
    """One version of an elevator of the register, with the safety attributes the plan
    measures and the dates it holds between."""

    __tablename__ = "special_equipment_elevator"
    __table_args__ = (Index("uq_special_equipment_elevator_latest", "registration_code",
                            unique=True, sqlite_where=_LATEST, postgresql_where=_LATEST),)

    id: int | None = Field(default=None, primary_key=True)
    registration_code: str = Field(max_length=40, index=True)
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
    valid_from: dt.date = BEGINNING
    valid_to: dt.date = OPEN_END
    recorded_on: dt.date
    recorded_by: str = Field(max_length=200, default="")
    reason: str = Field(max_length=500, default="")


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


class AnnexTaskChange(SQLModel, table=True):
    """A status of one annex task, with its evidence, from the day it holds (its wording is
    rule data); the task's status on a day is its latest change effective by then."""

    __tablename__ = "special_equipment_annex_task_change"

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(index=True)
    status: str = Field(max_length=20)
    evidence: str = Field(max_length=2000, default="")
    effective_on: dt.date
    recorded_on: dt.date
    recorded_by: str = Field(max_length=200, default="")
    reason: str = Field(max_length=500, default="")


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
