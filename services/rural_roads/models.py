"""Tables of the rural_roads service: the network register, works, surveys and their results.

NaN ("not measured") is stored as NULL, since SQLite cannot hold NaN.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from cityscore.core.db import operation_table

# A register record's version holds from ``valid_from`` (inclusive) to ``valid_to``
# (exclusive); the first version of a record imported without a date holds from BEGINNING,
# the latest version of every record until OPEN_END. A version replaced on the day it began
# is kept with valid_to == valid_from: stored, holding on no day.
BEGINNING = dt.date(1, 1, 1)
OPEN_END = dt.date(9999, 12, 31)
REASON_LENGTH = 500  # characters of the reason an amendment of recorded figures gives
#: Closing a survey runs as a long-running operation (core/operations.py), kept here.
OPERATIONS = operation_table("rural_roads")


class Versioned(SQLModel):
    """The effective dates of one version of a register record (nothing is overwritten)."""

    valid_from: dt.date = BEGINNING
    valid_to: dt.date = OPEN_END
    recorded_at: dt.datetime | None = None
    recorded_by: str = Field(default="", max_length=200)


def _latest_version_unique(table: str) -> Index:
    """One open-ended (latest) version per code."""
    where = text(f"valid_to = '{OPEN_END.isoformat()}'")
    return Index(f"uq_{table}_latest", "code", unique=True, sqlite_where=where,
                 postgresql_where=where)


class Town(Versioned, table=True):
    __tablename__ = "rural_roads_town"
    __table_args__ = (_latest_version_unique("rural_roads_town"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, index=True)
    district: str = Field(max_length=32, index=True)
    name: str = Field(default="", max_length=200)


class Village(Versioned, table=True):
    """An administrative village (建制村) with its T1 and T6 facts."""

    __tablename__ = "rural_roads_village"
    __table_args__ = (_latest_version_unique("rural_roads_village"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, index=True)
    town: str = Field(max_length=64)
    district: str = Field(max_length=32, index=True)
    name: str = Field(default="", max_length=200)
    has_bus_service: bool = False
    has_two_lane_road: bool = False


class Road(Versioned, table=True):
    __tablename__ = "rural_roads_road"
    __table_args__ = (_latest_version_unique("rural_roads_road"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, index=True)
    district: str = Field(max_length=32, index=True)
    town: str = Field(max_length=64, index=True)
    name: str = Field(default="", max_length=200)
    road_class: str = Field(max_length=16)
    technical_grade: str = Field(max_length=16)
    surface: str = Field(max_length=16)
    length_m: float
    width_m: float
    lanes: int
    greenable_km: float = 0.0
    greened_km: float = 0.0


class Bridge(Versioned, table=True):
    __tablename__ = "rural_roads_bridge"
    __table_args__ = (_latest_version_unique("rural_roads_bridge"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, index=True)
    road: str = Field(max_length=64)
    district: str = Field(max_length=32, index=True)
    name: str = Field(default="", max_length=200)
    dangerous: bool = False


class HazardSite(Versioned, table=True):
    __tablename__ = "rural_roads_hazard_site"
    __table_args__ = (_latest_version_unique("rural_roads_hazard_site"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, index=True)
    road: str = Field(max_length=64)
    district: str = Field(max_length=32, index=True)
    kind: str = Field(max_length=32)
    identified_year: int
    remediated_year: int | None = None


class UpgradeProject(Versioned, table=True):
    __tablename__ = "rural_roads_upgrade_project"
    __table_args__ = (_latest_version_unique("rural_roads_upgrade_project"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, index=True)
    district: str = Field(max_length=32, index=True)
    kind: str = Field(max_length=16)
    length_km: float
    completed_year: int
    first_handover_passed: bool


class DistrictYear(SQLModel, table=True):
    """A district's yearly works, staffing and greening statistics. Figures are never
    overwritten: an amendment adds a version with its reason and marks the one it replaces
    (``replaced_at``); the current figures of a district and year have none."""

    __tablename__ = "rural_roads_district_year"
    __table_args__ = (Index("uq_rural_roads_district_year_current", "district", "year",
                            unique=True, sqlite_where=text("replaced_at IS NULL"),
                            postgresql_where=text("replaced_at IS NULL")),)

    id: int | None = Field(default=None, primary_key=True)
    district: str = Field(max_length=32)
    year: int
    specialists: int = 0
    major_medium_maintenance_km: float = 0.0
    safety_works_identified: int = 0
    safety_works_remediated: int = 0
    greenable_km: float = 0.0
    greened_km: float = 0.0
    plan_approved_on: dt.date | None = None
    recorded_at: dt.datetime | None = None
    recorded_by: str = Field(default="", max_length=200)
    reason: str = Field(default="", max_length=REASON_LENGTH)
    replaced_at: dt.datetime | None = None


class Survey(SQLModel, table=True):
    """The condition survey of one year; on closing it records its provenance."""

    __tablename__ = "rural_roads_survey"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    state: str = Field(default="open", max_length=16)
    note: str = Field(default="", max_length=500)
    next_chunk_index: int = 0
    units: int = 0
    evaluated_m: float = 0.0
    rule_version: str = Field(default="", max_length=100)
    rules_digest: str = Field(default="", max_length=64)
    parameter_sets: str = Field(default="[]")
    input_digest: str = Field(default="", max_length=64)
    result_digest: str = Field(default="", max_length=64)
    closed_at: dt.datetime | None = None


class SurveyChunk(SQLModel, table=True):
    """A stored chunk: its exact bytes and the road facts it was scored with (for replays)."""

    __tablename__ = "rural_roads_survey_chunk"
    __table_args__ = (UniqueConstraint("survey_id", "chunk_index",
                                       name="uq_rural_roads_survey_chunk_index"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="rural_roads_survey.id")
    chunk_index: int
    digest: str = Field(max_length=64)
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    roads_json: str
    units: int
    uploaded_by: str = Field(max_length=200)


class Unit(SQLModel, table=True):
    """One scored evaluation unit."""

    __tablename__ = "rural_roads_unit"
    __table_args__ = (
        UniqueConstraint("survey_id", "road", "start_m", name="uq_rural_roads_unit_chainage"),
        Index("ix_rural_roads_unit_survey_district_pqi", "survey_id", "district", "pqi"),
    )

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="rural_roads_survey.id")
    chunk_index: int
    road: str = Field(max_length=64)
    district: str = Field(max_length=32)
    town: str = Field(max_length=64)
    start_m: float
    end_m: float
    parameter_set: str = Field(max_length=64)
    damage_ratio: float | None = None
    iri: float | None = None
    rut_depth_mm: float | None = None
    pci: float | None = None
    rqi: float | None = None
    rdi: float | None = None
    pqi: float | None = None
    grade: int
    pbi: float | None = None
    pwi: float | None = None
    sci: float | None = None
    bci: float | None = None
    tci: float | None = None
    mqi: float | None = None
    structure_class: int = 0


class Aggregate(SQLModel, table=True):
    """A stored length-weighted result of a closed survey."""

    __tablename__ = "rural_roads_aggregate"
    __table_args__ = (Index("ix_rural_roads_aggregate_survey_level", "survey_id", "level",
                            "district"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="rural_roads_survey.id")
    level: str = Field(max_length=16)
    key: str = Field(max_length=64)
    district: str = Field(max_length=32)
    pqi: float | None = None
    pci: float | None = None
    rqi: float | None = None
    share: float | None = None
    evaluated_km: float
    units: int
    grade: int
    km_by_grade: str
    mqi: float | None = None
    share_index: str = Field(default="pqi", max_length=8)


class TargetReport(SQLModel, table=True):
    """The target report of a closed year, for the city (``district`` "") or one district:
    the exact answer published, the digest of the inputs it was computed from and the
    target policy that judged it (for replays)."""

    __tablename__ = "rural_roads_target_report"
    __table_args__ = (UniqueConstraint("year", "district",
                                       name="uq_rural_roads_target_report_year_district"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    district: str = Field(max_length=32)
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    input_digest: str = Field(max_length=64)
    rule_version: str = Field(max_length=100)
    closed_at: dt.datetime
    closed_by: str = Field(max_length=200)
