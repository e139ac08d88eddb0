"""What several rural_roads RPCs share: the scope of district offices and loading a survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import Session

from cityscore.core.districts import is_district
from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    PreconditionViolation,
)
from cityscore.core.grpc.auth import Access, Role
from cityscore.core.grpc.convert import optional_date_from_proto, year_from_proto
from cityscore.core.grpc.rpc import Call
from cityscore.services.rural_roads import models
from cityscore.services.rural_roads import repository as repo
from cityscore.services.rural_roads.metrics import RoadsDeps

WRITERS = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
CITY = Access.of(Role.CITY_OFFICE)
READERS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.DISTRICT_OFFICE, Role.OPERATOR)

RoadsCall = Call[RoadsDeps]


def own_district(call: RoadsCall, requested: str, field: str = "district") -> str:
    """The district a read is limited to (a district office's own, whatever it asked for);
    a name that is no district code is INVALID_ARGUMENT."""
    if requested and not is_district(requested):
        raise InvalidArgument("unknown district", [FieldViolation(field, f"{requested!r} is "
                                                                         "not a district code")])
    return call.own_district(requested)


def require_districts(call: RoadsCall, districts: Iterable[str], what: str) -> None:
    """District offices write only their own district's records (→ PERMISSION_DENIED), named
    by the records' stored or resolved districts."""
    principal = call.principal
    foreign = sorted({d for d in districts if not principal.may_act_for_district(d)})
    if foreign:
        raise PermissionDenied(f"{principal.name} may not write {what} of {', '.join(foreign)}",
                               reason="OUT_OF_SCOPE", metadata={"district": foreign[0]})


def survey(session: Session, year: int, *, for_update: bool = False,
           field: str = "year") -> models.Survey:
    """The year's survey, or NOT_FOUND; a missing or impossible year (``field``) is
    INVALID_ARGUMENT before anything is read."""
    year = year_from_proto(year, field)
    found = repo.survey(session=session, year=year, for_update=for_update)
    if found is None:
        raise NotFound("survey", str(year))
    return found


def closed_survey(session: Session, year: int, field: str = "year") -> models.Survey:
    """The year's survey once closed; reports of an open one are FAILED_PRECONDITION."""
    found = survey(session, year, field=field)
    if found.state != "closed":
        raise FailedPrecondition("the survey is still open", [PreconditionViolation(
            "SURVEY_OPEN", f"survey {year}", "close the survey to produce its report")])
    return found


def frozen_through(session: Session) -> dt.date | None:
    """The last day of the latest closed target year: the register up to it is what the
    stored reports were computed from, and stays as it was."""
    year = repo.latest_closed_target_year(session=session)
    return None if year is None else dt.date(year, 12, 31)


def effective_from(call: RoadsCall, session: Session, request: Any) -> dt.date:
    """The day a write's register changes hold from: the request's ``effective_from``, or
    the first day after the last closed target year (the register's start while none is
    closed). A day within a closed year is FAILED_PRECONDITION: its reports are stored."""
    given = optional_date_from_proto(request, "effective_from", "effective_from")
    frozen = frozen_through(session)
    if given is None:
        return models.BEGINNING if frozen is None else frozen + dt.timedelta(days=1)
    if frozen is not None and given <= frozen:
        raise FailedPrecondition("the change would hold within a closed year", [
            PreconditionViolation("YEAR_CLOSED", f"target year {frozen.year}",
                                  f"its reports are stored; a change can hold from "
                                  f"{(frozen + dt.timedelta(days=1)).isoformat()}")])
    return given


def refuse_early_changes(section: str, early: Sequence[tuple[int, dt.date]]) -> None:
    """Rows whose change would begin before their record's latest version: INVALID_ARGUMENT
    naming each row."""
    if early:
        raise InvalidArgument("a change cannot hold from before the record's latest version", [
            FieldViolation(f"{section}[{i}].code", f"its latest version holds from "
                                                    f"{since.isoformat()}; give "
                                                    "effective_from on or after it")
            for i, since in early])
