"""What several resources' handlers share: access sets, pages, the day a call is for, rows in
the caller's scope."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cityscore.common.v1.common_pb2 import Date
from cityscore.core.errors import NotFound, PermissionDenied, ViolationCollector
from cityscore.core.grpc.auth import Access, Role
from cityscore.core.grpc.convert import date_field
from cityscore.services.special_equipment import models, repository
from cityscore.services.special_equipment.rpc import EquipmentCall

#: The city market-supervision bureau (the city office role).
CITY = Access.of(Role.CITY_OFFICE)
#: Who keeps the register: the bureau and the district offices.
AUTHORITY = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
#: Who reads: the writers, assessors and operators.
READERS = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.ASSESSOR, Role.OPERATOR)
#: City-wide readers: stored sweeps and their replay.
AUDIT = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.OPERATOR)


def as_of(value: Date, call: EquipmentCall) -> dt.date:
    """``as_of`` if set (a calendar date, else INVALID_ARGUMENT naming it), else today."""
    collector = ViolationCollector()
    day = date_field(value, "as_of", collector, required=False)
    collector.raise_if_any()
    return day or call.today()


def scoped_elevator(session: Session, call: EquipmentCall, code: str) -> models.Elevator:
    """The elevator's latest version, if the caller's scope covers its stored district (another
    district's elevator is PERMISSION_DENIED and stays as it is)."""
    row = repository.elevator(session, code=code)
    if row is None:
        raise NotFound("elevator", code)
    if not call.principal.may_act_for_district(row.district):
        raise PermissionDenied(f"{call.principal.name} may not use elevator {code} of "
                               "another district")
    return row
