"""Tables of the LPG registry (domain page §11); every name carries the ``lpg_registry_`` prefix.

Personal identifiers are stored only as keyed hashes and masked forms (architecture page §7).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from cityscore.core.db import operation_table

#: A sweep of the whole registry runs as a long-running operation (core/operations.py).
OPERATIONS = operation_table("lpg_registry")


class Enterprise(SQLModel, table=True):
    __tablename__ = "lpg_registry_enterprise"

    enterprise_id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    credit_code: str = Field(max_length=18, unique=True)
    licence_number: str = Field(max_length=80)
    licence_valid_until: dt.date
    district: str = Field(max_length=40, index=True)
    status: str = Field(max_length=20, default="ACTIVE")


class Station(SQLModel, table=True):
    __tablename__ = "lpg_registry_station"

    station_id: str = Field(primary_key=True, max_length=40)
    enterprise_id: str = Field(foreign_key="lpg_registry_enterprise.enterprise_id", index=True,
                               max_length=40)
    name: str = Field(max_length=200)
    district: str = Field(max_length=40)
    address: str = Field(max_length=300)


class Staff(SQLModel, table=True):
    __tablename__ = "lpg_registry_staff"

    staff_id: str = Field(primary_key=True, max_length=40)
    enterprise_id: str = Field(foreign_key="lpg_registry_enterprise.enterprise_id", index=True,
                               max_length=40)
    name: str = Field(max_length=100)
    role: str = Field(max_length=20)
    certificate_number: str = Field(max_length=80)
    certificate_valid_until: dt.date


class Vehicle(SQLModel, table=True):
    __tablename__ = "lpg_registry_vehicle"

    plate: str = Field(primary_key=True, max_length=20)
    enterprise_id: str = Field(foreign_key="lpg_registry_enterprise.enterprise_id", index=True,
                               max_length=40)
    hazmat_permit: str = Field(max_length=80)
    permit_valid_until: dt.date


class User(SQLModel, table=True):
    """A real-name LPG user; ``identity_key`` de-duplicates (keyed hash or credit code)."""

    __tablename__ = "lpg_registry_user"

    user_id: int | None = Field(default=None, primary_key=True)
    identity_key: str = Field(max_length=100, unique=True)
    user_type: str = Field(max_length=20)
    enterprise_id: str = Field(foreign_key="lpg_registry_enterprise.enterprise_id", index=True,
                               max_length=40)
    name: str = Field(max_length=100)
    id_masked: str = Field(max_length=18, default="")
    key_version: str = Field(max_length=10)
    phone_hash: str = Field(max_length=64)
    phone_masked: str = Field(max_length=24)
    business_name: str = Field(max_length=200, default="")
    credit_code: str = Field(max_length=18, default="")
    address: str = Field(max_length=300)
    district: str = Field(max_length=40, index=True)
    subdistrict: str = Field(max_length=100, default="")
    grid_cell: str = Field(max_length=60, default="")
    review_status: str = Field(max_length=20, default="PENDING")
    safety_verified: bool = False
    registered_on: dt.date
    #: Resellers only: the gas business licence and its last valid day (seed ¶一 E5).
    licence_number: str = Field(max_length=80, default="")
    licence_valid_until: dt.date | None = None


class Campaign(SQLModel, table=True):
    __tablename__ = "lpg_registry_campaign"

    district: str = Field(primary_key=True, max_length=40)
    surveyed_estimate: int
    deadline: dt.date


class Cylinder(SQLModel, table=True):
    """A registered cylinder; ``version`` rises with every move, so racing writers conflict."""

    __tablename__ = "lpg_registry_cylinder"

    trace_code: str = Field(primary_key=True, max_length=64)
    serial: str = Field(max_length=64, default="")
    model: str = Field(max_length=16)
    standard: str = Field(max_length=16)
    phase: str = Field(max_length=20)
    manufacture_date: dt.date
    design_life_years: int
    tare_g: int
    last_inspection_date: dt.date | None = None
    last_inspection_passed: bool = False
    owner_enterprise_id: str = Field(foreign_key="lpg_registry_enterprise.enterprise_id",
                                     index=True, max_length=40)
    status: str = Field(max_length=16, default="IN_SERVICE", index=True)
    location_kind: str = Field(max_length=16)
    location_id: str = Field(max_length=64, index=True)
    filled: bool = False
    version: int = 1


class CylinderEvent(SQLModel, table=True):
    __tablename__ = "lpg_registry_cylinder_event"

    id: int | None = Field(default=None, primary_key=True)
    trace_code: str = Field(max_length=64, index=True)
    happened_on: dt.date
    event: str = Field(max_length=30)
    detail: str = Field(max_length=500, default="")


class Fill(SQLModel, table=True):
    __tablename__ = "lpg_registry_fill"

    id: int | None = Field(default=None, primary_key=True)
    trace_code: str = Field(foreign_key="lpg_registry_cylinder.trace_code", index=True,
                            max_length=64)
    enterprise_id: str = Field(max_length=40, index=True)
    station_id: str = Field(max_length=40)
    filler_staff_id: str = Field(max_length=40)
    rechecker_staff_id: str = Field(max_length=40)
    filled_on: dt.date
    empty_gross_g: int
    full_gross_g: int
    reweigh_gross_g: int
    content_g: int
    residual_g: int
    flags: str = Field(max_length=200, default="")
    policy_version: str = Field(max_length=40)
    #: When the scale recorded it and when the registry received it (None: before these were
    #: kept); ``filled_on`` is the city day it happened, ``days_late`` the days until receipt.
    occurred_at: dt.datetime | None = Field(default=None, sa_column=Column(
        DateTime(timezone=True), nullable=True))
    received_at: dt.datetime | None = Field(default=None, sa_column=Column(
        DateTime(timezone=True), nullable=True))
    days_late: int = 0


class Delivery(SQLModel, table=True):
    __tablename__ = "lpg_registry_delivery"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: str = Field(max_length=40, index=True)
    user_id: int = Field(foreign_key="lpg_registry_user.user_id", index=True)
    staff_id: str = Field(max_length=40)
    vehicle_plate: str = Field(max_length=20)
    delivered_on: dt.date
    cylinders_out: str = Field(max_length=2000)
    empties_back: str = Field(max_length=2000)
    connected: bool = True
    #: As for fills: ``delivered_on`` is the city day it happened.
    occurred_at: dt.datetime | None = Field(default=None, sa_column=Column(
        DateTime(timezone=True), nullable=True))
    received_at: dt.datetime | None = Field(default=None, sa_column=Column(
        DateTime(timezone=True), nullable=True))
    days_late: int = 0


class Refusal(SQLModel, table=True):
    """A refused fill or delivery, kept although the refused call itself wrote nothing."""

    __tablename__ = "lpg_registry_refusal"
    __table_args__ = (UniqueConstraint("kind", "request_id",
                                       name="uq_lpg_registry_refusal_kind_request"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    request_id: str = Field(max_length=128)
    enterprise_id: str = Field(max_length=40, index=True)
    district: str = Field(max_length=40, default="")
    refused_on: dt.date
    codes: str = Field(max_length=500)
    detail: str = Field(max_length=4000)


class Inspection(SQLModel, table=True):
    __tablename__ = "lpg_registry_inspection"

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=20)
    user_id: int | None = Field(default=None, foreign_key="lpg_registry_user.user_id")
    enterprise_id: str = Field(max_length=40, index=True)
    inspector: str = Field(max_length=200)
    inspected_on: dt.date
    #: The safety catalogue version its findings name items of ("" before it was kept).
    catalogue_version: str = Field(max_length=40, default="")


class Hazard(SQLModel, table=True):
    __tablename__ = "lpg_registry_hazard"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="lpg_registry_inspection.id", index=True)
    user_id: int | None = Field(default=None, index=True)
    enterprise_id: str = Field(max_length=40)
    rule_id: str = Field(max_length=40)
    severity: str = Field(max_length=20)
    note: str = Field(max_length=500, default="")
    rectify_by: dt.date
    open: bool = True
    deliveries_since: int = 0
    closed_on: dt.date | None = None


class Sweep(SQLModel, table=True):
    """A stored sweep: rule version, input digest, counts, and the inputs for replay."""

    __tablename__ = "lpg_registry_sweep"

    id: int | None = Field(default=None, primary_key=True)
    swept_on: dt.date
    policy_version: str = Field(max_length=40)
    input_digest: str = Field(max_length=64)
    result_digest: str = Field(max_length=64)
    cylinders: int
    counts: str
    inputs: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
