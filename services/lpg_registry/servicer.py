"""gRPC transport of the LPG registry: scope checks, units of work, domain rules, mapping back.

Mutations run through ``ServiceRuntime.mutate`` (idempotent, one transaction, audited). A
refused fill or delivery writes nothing of its own, but the refusal is kept in a separate
transaction so that reports can count refusals by reason (domain page §7).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from prometheus_client import Counter as MetricCounter
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import exc
from sqlmodel import Session

from cityscore.core.db import unit_of_work
from cityscore.core.districts import all_districts, is_district
from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import (
    READ_ANY,
    Access,
    Principal,
    Role,
    current_principal,
    require_district,
    require_role,
)
from cityscore.core.grpc.convert import date_to_proto
from cityscore.core.kernel import api
from cityscore.core.kernel.types import ComplianceStatus
from cityscore.core.service import ServiceRuntime, ServiceSpec
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc
from cityscore.services.lpg_registry import domain, mapping, models, repository

ResponseT = TypeVar("ResponseT", bound=Message)
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
HAZARD_RECTIFY_DAYS = 30
"""Default rectification deadline of a hazard (domain page §8.1, ``warn``)."""


def _enterprise_scope(principal: Principal, enterprise_id: str) -> None:
    """An LPG enterprise sees and writes only its own data (architecture page §7)."""
    if principal.role is Role.LPG_ENTERPRISE and principal.scope != enterprise_id:
        raise PermissionDenied(f"{principal.name} may act only for enterprise {principal.scope}",
                               reason="OUT_OF_SCOPE", metadata={"enterprise": enterprise_id})


def _scoped_enterprise(session: Session, principal: Principal, enterprise_id: str
                       ) -> models.Enterprise:
    _enterprise_scope(principal, enterprise_id)
    row = repository.get(session, model=models.Enterprise, key=enterprise_id)
    if row is None:
        raise NotFound("enterprise", enterprise_id)
    require_district(principal, row.district)
    assert isinstance(row, models.Enterprise)
    return row


def _scoped_user(session: Session, principal: Principal, user_id: int) -> models.User:
    """The user, if the caller may see it; another scope's user reads as not found."""
    row = repository.get(session, model=models.User, key=user_id)
    if row is None or (principal.role is Role.LPG_ENTERPRISE
                       and row.enterprise_id != principal.scope) \
            or not principal.may_act_for_district(row.district):
        raise NotFound("user", str(user_id))
    assert isinstance(row, models.User)
    return row


def _scoped_cylinder(session: Session, principal: Principal, trace_code: str
                     ) -> models.Cylinder:
    row = repository.get(session, model=models.Cylinder, key=trace_code)
    if row is None:
        raise NotFound("cylinder", trace_code)
    assert isinstance(row, models.Cylinder)
    if principal.role is Role.LPG_ENTERPRISE and row.owner_enterprise_id != principal.scope:
        raise NotFound("cylinder", trace_code)
    if principal.role is Role.DISTRICT_OFFICE:
        owner = repository.get(session, model=models.Enterprise, key=row.owner_enterprise_id)
        if owner is None or owner.district != principal.scope:
            raise NotFound("cylinder", trace_code)
    return row


def _required(collector: ViolationCollector, path: str, value: str) -> None:
    if not value.strip():
        collector.add(path, "is required")


def _registry_gauges(session: Session, *, today: Callable[[], dt.date]
                     ) -> Iterator[GaugeMetricFamily]:
    """Gauges read from stored state at scrape time: cylinders by status and by compliance on
    the service clock's today (not the last stored sweep), campaign progress."""
    cylinders = GaugeMetricFamily("cityscore_lpg_registry_cylinders",
                                  "Registered cylinders by status.", labels=["status"])
    compliance = GaugeMetricFamily(
        "cityscore_lpg_registry_cylinders_compliance",
        "Cylinders in service by inspection and service-life status today.",
        labels=["status"])
    registered = GaugeMetricFamily("cityscore_lpg_registry_campaign_registered_users",
                                   "Users registered per district.", labels=["district"])
    surveyed = GaugeMetricFamily("cityscore_lpg_registry_campaign_surveyed_users",
                                 "Surveyed estimate of users per district.",
                                 labels=["district"])
    policy = domain.load_policy()
    for status, count in sorted(repository.cylinders_by_status(session).items()):
        cylinders.add_metric([status.lower()], count)
    by_compliance = repository.cylinders_by_compliance(
        session, cutoffs=domain.compliance_cutoffs(policy, today()))
    counts = repository.registration_counts(
        session, default_deadline=policy.registration_deadline)
    estimates = {d: c.surveyed_estimate
                 for d, c in repository.campaigns(session).items()}
    for state in ComplianceStatus:
        compliance.add_metric([state.name.lower()], by_compliance.get(state, 0))
    for district in all_districts():
        on_time, late, _reviewed = counts.get(district.code, (0, 0, 0))
        registered.add_metric([district.code], on_time + late)
        surveyed.add_metric([district.code], estimates.get(district.code, 0))
    yield cylinders
    yield compliance
    yield registered
    yield surveyed


class LpgRegistryServicer(pb_grpc.LpgRegistryServiceServicer):
    """The registry's RPCs; every rule decision is delegated to ``domain``."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime
        self.policy = domain.load_policy()
        self.registrations = MetricCounter(
            "cityscore_lpg_registry_registrations", "Users and cylinders registered.",
            ("kind", "result"), registry=runtime.registry)
        self.fills = MetricCounter(
            "cityscore_lpg_registry_fills", "Fills by result and refusal reason.",
            ("result", "reason"), registry=runtime.registry)
        self.deliveries = MetricCounter(
            "cityscore_lpg_registry_deliveries", "Deliveries by result and refusal reason.",
            ("result", "reason"), registry=runtime.registry)
        runtime.export_stored_state(functools.partial(_registry_gauges,
                                                      today=runtime.clock.today))

    @property
    def today(self) -> dt.date:
        return self.runtime.clock.today()

    def _hash(self, value: str) -> str:
        return domain.keyed_hash(self.runtime.settings.pii_hash_key, value)

    # ---- enterprises and their assets ------------------------------------------------------

    def CreateEnterprise(self, request: pb.CreateEnterpriseRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.CreateEnterpriseResponse:
        e = request.enterprise
        collector = ViolationCollector()
        for name in ("enterprise_id", "name", "licence_number"):
            _required(collector, f"enterprise.{name}", getattr(e, name))
        problem = domain.credit_code_problem(e.credit_code)
        if problem:
            collector.add("enterprise.credit_code", problem)
        if not is_district(e.district):
            collector.add("enterprise.district", "unknown district code")
        valid_until = mapping.date_field(e.licence_valid_until, "enterprise.licence_valid_until",
                                         collector)
        collector.raise_if_any()
        require_district(current_principal(), e.district)
        assert valid_until is not None

        def work(session: Session) -> pb.CreateEnterpriseResponse:
            if repository.get(session, model=models.Enterprise, key=e.enterprise_id):
                raise AlreadyExists("enterprise", e.enterprise_id)
            row = self._add_unique(session, models.Enterprise(
                enterprise_id=e.enterprise_id, name=e.name, credit_code=e.credit_code.upper(),
                licence_number=e.licence_number, licence_valid_until=valid_until,
                district=e.district,
                status="ACTIVE" if valid_until >= self.today else "SUSPENDED"),
                "enterprise", e.credit_code)
            self.runtime.audit(session, action="create", entity_type="enterprise",
                               entity_id=row.enterprise_id)
            return pb.CreateEnterpriseResponse(enterprise=mapping.enterprise_to_proto(row))

        return self.runtime.mutate(request, pb.CreateEnterpriseResponse, work)

    @staticmethod
    def _add_unique(session: Session, row: Any, kind: str, name: str) -> Any:
        """Insert ``row``; a unique-key clash (even a concurrent one) is ALREADY_EXISTS."""
        try:
            with session.begin_nested():
                return repository.add(session, row=row)
        except exc.IntegrityError:
            raise AlreadyExists(kind, name) from None

    def ListEnterprises(self, request: pb.ListEnterprisesRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> pb.ListEnterprisesResponse:
        principal = current_principal()
        with self.runtime.read() as session:
            rows = repository.enterprises(
                session,
                district=principal.scope if principal.role is Role.DISTRICT_OFFICE else None,
                enterprise_id=principal.scope if principal.role is Role.LPG_ENTERPRISE else None)
            return pb.ListEnterprisesResponse(enterprises=[mapping.enterprise_to_proto(r)
                                                           for r in rows])

    def SuspendExpiredLicences(self, request: pb.SuspendExpiredLicencesRequest,  # noqa: N802
                               context: grpc.ServicerContext
                               ) -> pb.SuspendExpiredLicencesResponse:
        def work(session: Session) -> pb.SuspendExpiredLicencesResponse:
            """No operating without a valid licence (seed ¶一, general prohibition)."""
            suspended = repository.expired_active_enterprises(session, today=self.today)
            for row in suspended:
                row.status = "SUSPENDED"
                session.add(row)
                self.runtime.audit(session, action="suspend", entity_type="enterprise",
                                   entity_id=row.enterprise_id,
                                   detail={"licence_valid_until": row.licence_valid_until})
            session.flush()
            return pb.SuspendExpiredLicencesResponse(
                suspended_enterprise_ids=[r.enterprise_id for r in suspended])

        return self.runtime.mutate(request, pb.SuspendExpiredLicencesResponse, work)

    def _add_asset(self, request: Any, response_type: type[ResponseT], enterprise_id: str,
                   build: Callable[[], Any], kind: str, key: str,
                   to_proto: Callable[[Any], Message], field: str) -> ResponseT:
        """Stations, staff and vehicles: scoped to their enterprise, unique by key."""

        def work(session: Session) -> ResponseT:
            _scoped_enterprise(session, current_principal(), enterprise_id)
            row = self._add_unique(session, build(), kind, key)
            self.runtime.audit(session, action="create", entity_type=kind, entity_id=key)
            return response_type(**{field: to_proto(row)})

        return self.runtime.mutate(request, response_type, work)

    def CreateStation(self, request: pb.CreateStationRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.CreateStationResponse:
        s = request.station
        collector = ViolationCollector()
        for name in ("station_id", "name", "address"):
            _required(collector, f"station.{name}", getattr(s, name))
        if not is_district(s.district):
            collector.add("station.district", "unknown district code")
        _required(collector, "station.enterprise_id", s.enterprise_id)
        collector.raise_if_any()
        return self._add_asset(
            request, pb.CreateStationResponse, s.enterprise_id,
            lambda: models.Station(station_id=s.station_id, enterprise_id=s.enterprise_id,
                                   name=s.name, district=s.district, address=s.address),
            "station", s.station_id, mapping.station_to_proto, "station")

    def AddStaff(self, request: pb.AddStaffRequest,  # noqa: N802
                 context: grpc.ServicerContext) -> pb.AddStaffResponse:
        s = request.staff
        collector = ViolationCollector()
        for name in ("staff_id", "name", "certificate_number"):
            _required(collector, f"staff.{name}", getattr(s, name))
        role = mapping.enum_name(pb.StaffRole, s.role, "STAFF_ROLE_")
        if role == mapping.UNSPECIFIED:
            collector.add("staff.role", "filler, delivery, safety or manager")
        valid = mapping.date_field(s.certificate_valid_until, "staff.certificate_valid_until",
                                   collector)
        _required(collector, "staff.enterprise_id", s.enterprise_id)
        collector.raise_if_any()
        assert valid is not None
        return self._add_asset(
            request, pb.AddStaffResponse, s.enterprise_id,
            lambda: models.Staff(staff_id=s.staff_id, enterprise_id=s.enterprise_id, name=s.name,
                                 role=role, certificate_number=s.certificate_number,
                                 certificate_valid_until=valid),
            "staff", s.staff_id, mapping.staff_to_proto, "staff")

    def RegisterVehicle(self, request: pb.RegisterVehicleRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> pb.RegisterVehicleResponse:
        v = request.vehicle
        collector = ViolationCollector()
        for name in ("plate", "hazmat_permit"):
            _required(collector, f"vehicle.{name}", getattr(v, name))
        valid = mapping.date_field(v.permit_valid_until, "vehicle.permit_valid_until", collector)
        _required(collector, "vehicle.enterprise_id", v.enterprise_id)
        collector.raise_if_any()
        assert valid is not None
        return self._add_asset(
            request, pb.RegisterVehicleResponse, v.enterprise_id,
            lambda: models.Vehicle(plate=v.plate.upper(), enterprise_id=v.enterprise_id,
                                   hazmat_permit=v.hazmat_permit, permit_valid_until=valid),
            "vehicle", v.plate.upper(), mapping.vehicle_to_proto, "vehicle")

    # ---- users -------------------------------------------------------------------------------

    def _user_row(self, user: pb.User, prefix: str, collector: ViolationCollector,
                  today: dt.date) -> dict[str, Any] | None:
        """Validate one registration; the row to insert (identifiers hashed and masked)."""
        before = len(collector.violations)
        user_type = mapping.enum_name(pb.UserType, user.user_type, "USER_TYPE_")
        if user_type == mapping.UNSPECIFIED:
            collector.add(f"{prefix}user_type", "residential, catering or commercial")
        for name in ("enterprise_id", "name", "address"):
            _required(collector, f"{prefix}{name}", getattr(user, name))
        if not is_district(user.district):
            collector.add(f"{prefix}district", "unknown district code")
        phone_problem = domain.phone_problem(user.phone)
        if phone_problem:
            collector.add(f"{prefix}phone", phone_problem)
        registered_on = mapping.date_field(user.registered_on, f"{prefix}registered_on",
                                           collector, required=False) or today
        if registered_on > today:
            collector.add(f"{prefix}registered_on", "is in the future")
        identity = masked = ""
        if user_type == domain.RESIDENTIAL:
            _required(collector, f"{prefix}subdistrict", user.subdistrict)
            problem = domain.resident_id_problem(user.resident_id, today)
            if problem:
                collector.add(f"{prefix}resident_id", problem)
            else:
                number = domain.normalise_resident_id(user.resident_id)
                identity = "rid:" + self._hash(number)
                masked = domain.mask_resident_id(number)
        elif user_type != mapping.UNSPECIFIED:
            _required(collector, f"{prefix}business_name", user.business_name)
            problem = domain.credit_code_problem(user.credit_code)
            if problem:
                collector.add(f"{prefix}credit_code", problem)
            identity = "uscc:" + user.credit_code.strip().upper()
        if len(collector.violations) > before:
            return None
        return {"identity_key": identity, "user_type": user_type,
                "enterprise_id": user.enterprise_id, "name": user.name, "id_masked": masked,
                "key_version": domain.HASH_KEY_VERSION,
                "phone_hash": self._hash(user.phone.strip()),
                "phone_masked": domain.mask_phone(user.phone),
                "business_name": user.business_name,
                "credit_code": user.credit_code.strip().upper() if user_type != domain.RESIDENTIAL
                else "", "address": user.address, "district": user.district,
                "subdistrict": user.subdistrict, "grid_cell": user.grid_cell,
                "review_status": "PENDING", "safety_verified": False,
                "registered_on": registered_on}

    def _check_user_scope(self, session: Session, rows: Iterable[tuple[str, dict[str, Any]]]
                          ) -> None:
        """Registrars act for their own enterprise or district; the enterprise must exist."""
        principal = current_principal()
        missing = ViolationCollector()
        known: dict[str, bool] = {}
        for path, row in rows:
            _enterprise_scope(principal, row["enterprise_id"])
            require_district(principal, row["district"])
            enterprise_id = row["enterprise_id"]
            if enterprise_id not in known:
                known[enterprise_id] = repository.get(
                    session, model=models.Enterprise, key=enterprise_id) is not None
            if not known[enterprise_id]:
                missing.add(f"{path}enterprise_id", "no such enterprise")
        missing.raise_if_any("the registration names an unknown enterprise")

    def RegisterUser(self, request: pb.RegisterUserRequest,  # noqa: N802
                     context: grpc.ServicerContext) -> pb.RegisterUserResponse:
        collector = ViolationCollector()
        row = self._user_row(request.user, "user.", collector, self.today)
        collector.raise_if_any()
        assert row is not None

        def work(session: Session) -> pb.RegisterUserResponse:
            self._check_user_scope(session, [("user.", row)])
            label = row["id_masked"] or row["credit_code"]
            if repository.existing_identities(session, keys=[row["identity_key"]]):
                raise AlreadyExists("user", label, "this identity is already registered")
            user = self._add_unique(session, models.User(**row), "user", label)
            self.runtime.audit(session, action="register", entity_type="user",
                               entity_id=str(user.user_id), detail={"identity": label})
            return pb.RegisterUserResponse(user=mapping.user_to_proto(user))

        response = self.runtime.mutate(request, pb.RegisterUserResponse, work)
        self.registrations.labels("user", "registered").inc()
        return response

    def ImportUsers(self, request_iterator: Iterator[pb.ImportUsersRequest],  # noqa: N802
                    context: grpc.ServicerContext) -> pb.ImportUsersResponse:
        whole = pb.ImportUsersRequest()
        for chunk in request_iterator:
            if whole.request_id and chunk.request_id != whole.request_id:
                raise InvalidArgument("every chunk of an import carries the same request_id", [
                    FieldViolation("request_id", "differs between chunks")])
            whole.request_id = chunk.request_id
            whole.users.extend(chunk.users)
        collector = ViolationCollector()
        today = self.today
        rows = [self._user_row(u, f"users[{i}].", collector, today)
                for i, u in enumerate(whole.users)]
        collector.raise_if_any(f"{len(collector.violations)} problem(s) in the import")
        good = [r for r in rows if r is not None]

        def work(session: Session) -> pb.ImportUsersResponse:
            """De-duplication by identity: known or repeated identities are skipped."""
            self._check_user_scope(session, ((f"users[{i}].", r) for i, r in enumerate(good)))
            known = repository.existing_identities(session,
                                                   keys=[r["identity_key"] for r in good])
            fresh: list[dict[str, Any]] = []
            duplicates: list[int] = []
            for index, row in enumerate(good):
                if row["identity_key"] in known:
                    duplicates.append(index)
                else:
                    known.add(row["identity_key"])
                    fresh.append(row)
            repository.insert_many(session, model=models.User, rows=fresh)
            self.runtime.audit(session, action="import", entity_type="user", entity_id="*",
                               detail={"registered": len(fresh), "duplicates": len(duplicates)})
            return pb.ImportUsersResponse(registered=len(fresh), duplicate_rows=duplicates)

        response = self.runtime.mutate(whole, pb.ImportUsersResponse, work)
        self.registrations.labels("user", "registered").inc(response.registered)
        self.registrations.labels("user", "duplicate").inc(len(response.duplicate_rows))
        return response

    def GetUser(self, request: pb.GetUserRequest,  # noqa: N802
                context: grpc.ServicerContext) -> pb.GetUserResponse:
        with self.runtime.read() as session:
            user = _scoped_user(session, current_principal(), request.user_id)
            held = repository.held_cylinders(session, user_id=request.user_id)
            return pb.GetUserResponse(user=mapping.user_to_proto(user, held))

    def ListUsers(self, request: pb.ListUsersRequest,  # noqa: N802
                  context: grpc.ServicerContext) -> pb.ListUsersResponse:
        principal = current_principal()
        district = request.district or None
        if principal.role is Role.DISTRICT_OFFICE:
            district = district or principal.scope
            require_district(principal, district)
        size = request.page_size or DEFAULT_PAGE_SIZE
        if not 0 < size <= MAX_PAGE_SIZE:
            raise InvalidArgument("page_size is out of range", [
                FieldViolation("page_size", f"1 to {MAX_PAGE_SIZE}")])
        with self.runtime.read() as session:
            rows = repository.users(
                session, district=district,
                enterprise_id=principal.scope if principal.role is Role.LPG_ENTERPRISE else None,
                after_user_id=request.after_user_id, limit=size)
            return pb.ListUsersResponse(users=[mapping.user_to_proto(r) for r in rows])

    def _update_user(self, request: Any, response_type: type[Any], action: str,
                     change: Callable[[models.User], dict[str, Any]]) -> Any:
        def work(session: Session) -> Any:
            user = _scoped_user(session, current_principal(), request.user_id)
            detail = change(user)
            session.add(user)
            session.flush()
            self.runtime.audit(session, action=action, entity_type="user",
                               entity_id=str(user.user_id), detail=detail)
            return response_type(user=mapping.user_to_proto(user))

        return self.runtime.mutate(request, response_type, work)

    def ReviewUser(self, request: pb.ReviewUserRequest,  # noqa: N802
                   context: grpc.ServicerContext) -> pb.ReviewUserResponse:
        status = mapping.enum_name(pb.ReviewStatus, request.review_status, "REVIEW_STATUS_")
        if status not in ("REVIEWED", "REJECTED", "PENDING"):
            raise InvalidArgument("review_status is required", [
                FieldViolation("review_status", "reviewed, rejected or pending")])

        def change(user: models.User) -> dict[str, Any]:
            user.review_status = status
            return {"review_status": status}

        return self._update_user(request, pb.ReviewUserResponse, "review", change)  # type: ignore[no-any-return]

    def VerifyUserSafety(self, request: pb.VerifyUserSafetyRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.VerifyUserSafetyResponse:
        def change(user: models.User) -> dict[str, Any]:
            """Catering and commercial users' safe-use conditions (seed ¶四; §8.2)."""
            if user.user_type == domain.RESIDENTIAL:
                raise FailedPrecondition("only catering and commercial sites are verified", [
                    PreconditionViolation("USER_RESIDENTIAL", f"user {user.user_id}",
                                                 "residential users are inspected instead")])
            user.safety_verified = request.verified
            return {"safety_verified": request.verified}

        return self._update_user(request, pb.VerifyUserSafetyResponse,  # type: ignore[no-any-return]
                                 "verify_safety", change)

    # ---- registration campaign ---------------------------------------------------------------

    def _progress(self, session: Session, districts: Sequence[str]
                  ) -> list[pb.CampaignProgress]:
        counts = repository.registration_counts(
            session, default_deadline=self.policy.registration_deadline)
        campaigns = repository.campaigns(session)
        result = []
        for code in districts:
            on_time, late, reviewed = counts.get(code, (0, 0, 0))
            campaign = campaigns.get(code)
            estimate = campaign.surveyed_estimate if campaign else 0
            deadline = campaign.deadline if campaign else self.policy.registration_deadline
            result.append(pb.CampaignProgress(
                district=code, surveyed_estimate=estimate, deadline=date_to_proto(deadline),
                registered_by_deadline=on_time, registered_after_deadline=late,
                reviewed=reviewed,
                progress_permille=domain.progress_permille(on_time + late, estimate)))
        return result

    def SetCampaign(self, request: pb.SetCampaignRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.SetCampaignResponse:
        collector = ViolationCollector()
        if not is_district(request.district):
            collector.add("district", "unknown district code")
        if request.surveyed_estimate < 0:
            collector.add("surveyed_estimate", "must not be negative")
        deadline = mapping.date_field(request.deadline, "deadline", collector)
        collector.raise_if_any()
        require_district(current_principal(), request.district)
        assert deadline is not None

        def work(session: Session) -> pb.SetCampaignResponse:
            row = repository.get(session, model=models.Campaign, key=request.district) \
                or models.Campaign(district=request.district, surveyed_estimate=0,
                                   deadline=deadline)
            row.surveyed_estimate, row.deadline = request.surveyed_estimate, deadline
            repository.add(session, row=row)
            self.runtime.audit(session, action="set_campaign", entity_type="campaign",
                               entity_id=request.district,
                               detail={"surveyed_estimate": request.surveyed_estimate,
                                       "deadline": deadline})
            return pb.SetCampaignResponse(progress=self._progress(session,
                                                                  [request.district])[0])

        return self.runtime.mutate(request, pb.SetCampaignResponse, work)

    def GetCampaignProgress(self, request: pb.GetCampaignProgressRequest,  # noqa: N802
                            context: grpc.ServicerContext) -> pb.GetCampaignProgressResponse:
        principal = current_principal()
        codes = [d.code for d in all_districts() if principal.may_act_for_district(d.code)]
        with self.runtime.read() as session:
            return pb.GetCampaignProgressResponse(districts=self._progress(session, codes))

    # ---- cylinders ---------------------------------------------------------------------------

    def _cylinder_spec(self, c: pb.Cylinder, collector: ViolationCollector,
                       prefix: str) -> domain.CylinderSpec | None:
        made = mapping.date_field(c.manufacture_date, f"{prefix}manufacture_date", collector)
        last = mapping.date_field(c.last_inspection_date, f"{prefix}last_inspection_date",
                                  collector, required=False)
        if made is None:
            return None
        spec = domain.CylinderSpec(
            trace_code=c.trace_code.strip(), model=c.model.strip(),
            standard=mapping.enum_name(pb.StandardVersion, c.standard_version,
                                       "STANDARD_VERSION_"),
            phase=mapping.enum_name(pb.PhaseType, c.phase_type, "PHASE_TYPE_"),
            manufacture_date=made, design_life_years=c.design_life_years, tare_g=c.tare_g,
            last_inspection_date=last, last_inspection_passed=c.last_inspection_passed)
        domain.collect(domain.cylinder_problems(self.policy, spec, self.today, prefix),
                       collector)
        return spec

    def _cylinder_rows(self, session: Session, specs: Sequence[domain.CylinderSpec],
                       owner: str, station_id: str, serials: Sequence[str]
                       ) -> list[dict[str, Any]]:
        """Rows of new cylinders kept at ``station_id``; trace codes are never reused (§4)."""
        enterprise = _scoped_enterprise(session, current_principal(), owner)
        station = repository.get(session, model=models.Station, key=station_id)
        if station is None or station.enterprise_id != enterprise.enterprise_id:
            raise NotFound("station", station_id)
        codes = [s.trace_code for s in specs]
        taken = repository.existing_trace_codes(session, codes=codes)
        repeated = {c for c, n in Counter(codes).items() if n > 1}
        if taken or repeated:
            clash = sorted(taken | repeated)
            raise AlreadyExists("cylinder", clash[0], f"{len(clash)} trace code(s) already "
                                "registered or repeated (trace codes are never reused)")
        return [{"trace_code": s.trace_code, "serial": serial, "model": s.model,
                 "standard": s.standard, "phase": s.phase,
                 "manufacture_date": s.manufacture_date,
                 "design_life_years": domain.life_years(self.policy, s.standard,
                                                        s.design_life_years)[0],
                 "tare_g": s.tare_g, "last_inspection_date": s.last_inspection_date,
                 "last_inspection_passed": s.last_inspection_passed and
                 s.last_inspection_date is not None,
                 "owner_enterprise_id": owner, "status": domain.IN_SERVICE,
                 "location_kind": domain.AT_STATION, "location_id": station_id,
                 "filled": False, "version": 1}
                for s, serial in zip(specs, serials, strict=True)]

    def _cylinder_message(self, row: models.Cylinder) -> pb.Cylinder:
        state = domain.compliance(self.policy, [mapping.cylinder_state(row)], self.today)[0]
        return mapping.cylinder_to_proto(row, state)

    def RegisterCylinder(self, request: pb.RegisterCylinderRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.RegisterCylinderResponse:
        collector = ViolationCollector()
        spec = self._cylinder_spec(request.cylinder, collector, "cylinder.")
        _required(collector, "cylinder.owner_enterprise_id",
                  request.cylinder.owner_enterprise_id)
        _required(collector, "station_id", request.station_id)
        collector.raise_if_any()
        assert spec is not None

        def work(session: Session) -> pb.RegisterCylinderResponse:
            [row] = self._cylinder_rows(session, [spec], request.cylinder.owner_enterprise_id,
                                        request.station_id, [request.cylinder.serial])
            cylinder = self._add_unique(session, models.Cylinder(**row), "cylinder",
                                        spec.trace_code)
            repository.add_events(session, trace_codes=[spec.trace_code], on=self.today,
                                  event="registered", detail=f"at station {request.station_id}")
            self.runtime.audit(session, action="register", entity_type="cylinder",
                               entity_id=spec.trace_code)
            return pb.RegisterCylinderResponse(cylinder=self._cylinder_message(cylinder))

        response = self.runtime.mutate(request, pb.RegisterCylinderResponse, work)
        self.registrations.labels("cylinder", "registered").inc()
        return response

    def ImportCylinders(self, request_iterator: Iterator[pb.ImportCylindersRequest],  # noqa: N802
                        context: grpc.ServicerContext) -> pb.ImportCylindersResponse:
        whole = pb.ImportCylindersRequest()
        for chunk in request_iterator:
            if whole.request_id and (chunk.request_id, chunk.owner_enterprise_id,
                                     chunk.station_id) != (whole.request_id,
                                                           whole.owner_enterprise_id,
                                                           whole.station_id):
                raise InvalidArgument("chunks of one import must agree", [FieldViolation(
                    "request_id", "request id, owner and station are the same on every chunk")])
            whole.MergeFrom(chunk)
            whole.request_id, whole.owner_enterprise_id, whole.station_id = (
                chunk.request_id, chunk.owner_enterprise_id, chunk.station_id)
        n = len(whole.trace_codes)
        collector = ViolationCollector()
        columns = ("serials", "models", "standard_versions", "phase_types", "manufacture_days",
                   "design_life_years", "tare_g", "last_inspection_days",
                   "last_inspection_passed")
        for name in columns:
            if len(getattr(whole, name)) != n:
                collector.add(name, f"has {len(getattr(whole, name))} entries for {n} cylinders")
        collector.raise_if_any("the columns of the import differ in length")
        specs: list[domain.CylinderSpec] = []
        for i in range(n):
            last_day = whole.last_inspection_days[i]
            spec = domain.CylinderSpec(
                trace_code=whole.trace_codes[i].strip(), model=whole.models[i].strip(),
                standard=mapping.enum_name(pb.StandardVersion, whole.standard_versions[i],
                                           "STANDARD_VERSION_"),
                phase=mapping.enum_name(pb.PhaseType, whole.phase_types[i], "PHASE_TYPE_"),
                manufacture_date=api.from_day_number(whole.manufacture_days[i]),
                design_life_years=whole.design_life_years[i], tare_g=whole.tare_g[i],
                last_inspection_date=api.from_day_number(last_day) if last_day else None,
                last_inspection_passed=whole.last_inspection_passed[i])
            domain.collect(domain.cylinder_problems(self.policy, spec, self.today,
                                                    f"rows[{i}]."), collector)
            specs.append(spec)
        collector.raise_if_any(f"{len(collector.violations)} problem(s) in the import")

        def work(session: Session) -> pb.ImportCylindersResponse:
            rows = self._cylinder_rows(session, specs, whole.owner_enterprise_id,
                                       whole.station_id, list(whole.serials))
            repository.insert_many(session, model=models.Cylinder, rows=rows)
            repository.add_events(session, trace_codes=[r["trace_code"] for r in rows],
                                  on=self.today, event="registered",
                                  detail=f"imported at station {whole.station_id}")
            self.runtime.audit(session, action="import", entity_type="cylinder",
                               entity_id="*", detail={"registered": len(rows)})
            return pb.ImportCylindersResponse(registered=len(rows))

        response = self.runtime.mutate(whole, pb.ImportCylindersResponse, work)
        self.registrations.labels("cylinder", "registered").inc(response.registered)
        return response

    def GetCylinder(self, request: pb.GetCylinderRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.GetCylinderResponse:
        with self.runtime.read() as session:
            row = _scoped_cylinder(session, current_principal(), request.trace_code)
            events = repository.cylinder_events(session, trace_code=row.trace_code)
            return pb.GetCylinderResponse(
                cylinder=self._cylinder_message(row),
                history=[pb.HistoryEntry(date=date_to_proto(e.happened_on), event=e.event,
                                         detail=e.detail) for e in events])

    def RecordCylinderInspection(self, request: pb.RecordCylinderInspectionRequest,  # noqa: N802
                                 context: grpc.ServicerContext
                                 ) -> pb.RecordCylinderInspectionResponse:
        collector = ViolationCollector()
        inspected_on = mapping.date_field(request.inspected_on, "inspected_on", collector)
        collector.raise_if_any()
        assert inspected_on is not None

        def work(session: Session) -> pb.RecordCylinderInspectionResponse:
            """A failed periodic inspection scraps the cylinder (domain page §4)."""
            row = _scoped_cylinder(session, current_principal(), request.trace_code)
            floor = row.last_inspection_date or row.manufacture_date
            if not floor <= inspected_on <= self.today:
                raise InvalidArgument("inspected_on is out of range", [FieldViolation(
                    "inspected_on", f"between {floor.isoformat()} and today")])
            if row.status != domain.IN_SERVICE:
                raise FailedPrecondition("the cylinder is out of service", [
                    PreconditionViolation("CYL_SCRAPPED", row.trace_code,
                                                 f"the cylinder is {row.status.lower()}")])
            row.last_inspection_date = inspected_on
            row.last_inspection_passed = request.passed
            if not request.passed:
                row.status = domain.SCRAPPED
            row.version += 1
            repository.add(session, row=row)
            repository.add_events(session, trace_codes=[row.trace_code], on=inspected_on,
                                  event="inspected",
                                  detail="passed" if request.passed else "failed: scrapped")
            self.runtime.audit(session, action="inspect", entity_type="cylinder",
                               entity_id=row.trace_code, detail={"passed": request.passed})
            return pb.RecordCylinderInspectionResponse(cylinder=self._cylinder_message(row))

        return self.runtime.mutate(request, pb.RecordCylinderInspectionResponse, work)

    def ScrapCylinder(self, request: pb.ScrapCylinderRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.ScrapCylinderResponse:
        def work(session: Session) -> pb.ScrapCylinderResponse:
            """Scrapped trace codes stay in the registry and are never reused (§4)."""
            row = _scoped_cylinder(session, current_principal(), request.trace_code)
            status = domain.LOST if request.lost else domain.SCRAPPED
            row.status, row.filled = status, False
            row.version += 1
            repository.add(session, row=row)
            repository.add_events(session, trace_codes=[row.trace_code], on=self.today,
                                  event=status.lower())
            self.runtime.audit(session, action=status.lower(), entity_type="cylinder",
                               entity_id=row.trace_code)
            return pb.ScrapCylinderResponse(cylinder=self._cylinder_message(row))

        return self.runtime.mutate(request, pb.ScrapCylinderResponse, work)

    # ---- fills and deliveries ----------------------------------------------------------------

    def _staff(self, session: Session, staff_id: str) -> domain.StaffState | None:
        row = repository.get(session, model=models.Staff, key=staff_id) if staff_id else None
        return None if row is None else domain.StaffState(
            row.staff_id, row.enterprise_id, row.role, row.certificate_valid_until)

    @staticmethod
    def _enterprise_state(row: models.Enterprise) -> domain.EnterpriseState:
        return domain.EnterpriseState(row.enterprise_id, row.status, row.licence_valid_until)

    def _record_refusal(self, kind: str, request_id: str, enterprise_id: str,
                        district: str, trace_codes: Sequence[str],
                        refused: FailedPrecondition) -> None:
        """Keep a refusal once per request id, in its own transaction (§7: every refusal)."""
        codes = sorted({v.type for v in refused.violations})
        try:
            with unit_of_work(self.runtime.engine, write=True) as session:
                if repository.refusal_recorded(session, kind=kind, request_id=request_id):
                    return
                repository.add(session, row=models.Refusal(
                    kind=kind, request_id=request_id, enterprise_id=enterprise_id,
                    district=district, refused_on=self.today, codes=" ".join(codes),
                    detail=json.dumps([[v.type, v.subject, v.description]
                                       for v in refused.violations],
                                      ensure_ascii=False)[:4000]))
                known = repository.cylinders(session, codes=trace_codes)
                repository.add_events(session, trace_codes=sorted(known), on=self.today,
                                      event=f"{kind.lower()}_refused", detail=" ".join(codes))
                self.runtime.audit(session, action=f"refuse_{kind.lower()}",
                                   entity_type=kind.lower(), entity_id=request_id,
                                   detail={"codes": codes})
        except exc.IntegrityError:
            return  # a concurrent retry of the same request recorded it
        metric = self.fills if kind == "FILL" else self.deliveries
        for code in codes:
            metric.labels("refused", code).inc()

    def RecordFill(self, request: pb.RecordFillRequest,  # noqa: N802
                   context: grpc.ServicerContext) -> pb.RecordFillResponse:
        collector = ViolationCollector()
        for name in ("enterprise_id", "station_id", "trace_code"):
            _required(collector, name, getattr(request, name))
        collector.raise_if_any()
        _enterprise_scope(current_principal(), request.enterprise_id)
        fill = domain.FillRequest(
            enterprise_id=request.enterprise_id, station_id=request.station_id, filler=None,
            rechecker=None, pre_check_passed=request.pre_check_passed,
            post_check_passed=request.post_check_passed,
            empty_gross_g=request.empty_gross_g, full_gross_g=request.full_gross_g,
            reweigh_gross_g=request.reweigh_gross_g)

        def work(session: Session) -> pb.RecordFillResponse:
            enterprise = _scoped_enterprise(session, current_principal(), request.enterprise_id)
            found = repository.cylinders(session, codes=[request.trace_code], lock=True)
            row = found.get(request.trace_code)
            if row is None:
                raise NotFound("cylinder", request.trace_code)
            problems = ViolationCollector()
            domain.collect(domain.fill_mass_problems(fill, row.tare_g), problems)
            problems.raise_if_any("the fill's masses are invalid")
            cylinder = mapping.cylinder_state(row)
            state = domain.compliance(self.policy, [cylinder], self.today)[0]
            checked = dataclasses.replace(
                fill, filler=self._staff(session, request.filler_staff_id),
                rechecker=self._staff(session, request.rechecker_staff_id))
            outcome = domain.check_fill(self.policy, self._enterprise_state(enterprise),
                                        cylinder, state, checked, self.today)
            if outcome.refusals:
                raise FailedPrecondition("the fill is refused", outcome.refusals,
                                         reason="FILL_REFUSED")
            record = repository.add(session, row=models.Fill(
                trace_code=row.trace_code, enterprise_id=request.enterprise_id,
                station_id=request.station_id, filler_staff_id=request.filler_staff_id,
                rechecker_staff_id=request.rechecker_staff_id, filled_on=self.today,
                empty_gross_g=request.empty_gross_g, full_gross_g=request.full_gross_g,
                reweigh_gross_g=request.reweigh_gross_g, content_g=outcome.content_g,
                residual_g=outcome.residual_g, flags=" ".join(outcome.flags),
                policy_version=self.policy.version))
            repository.move_cylinder(session, cylinder=row, location_kind=row.location_kind,
                                     location_id=row.location_id, filled=True)
            repository.add_events(session, trace_codes=[row.trace_code], on=self.today,
                                  event="filled",
                                  detail=" ".join([f"{outcome.content_g} g", *outcome.flags]))
            self.runtime.audit(session, action="fill", entity_type="cylinder",
                               entity_id=row.trace_code,
                               detail={"fill_id": record.id, "content_g": outcome.content_g})
            return pb.RecordFillResponse(fill_id=record.id, content_g=outcome.content_g,
                                         residual_g=outcome.residual_g, flags=outcome.flags)

        try:
            response = self.runtime.mutate(request, pb.RecordFillResponse, work)
        except FailedPrecondition as refused:
            self._record_refusal("FILL", request.request_id, request.enterprise_id,
                                 self._district_of(request.enterprise_id),
                                 [request.trace_code], refused)
            raise
        self.fills.labels("accepted", "").inc()
        return response

    def _district_of(self, enterprise_id: str) -> str:
        with self.runtime.read() as session:
            row = repository.get(session, model=models.Enterprise, key=enterprise_id)
            return row.district if row is not None else ""

    def _delivery_facts(self, session: Session, plan: pb.DeliveryPlan, *, lock: bool
                        ) -> tuple[domain.DeliveryFacts, dict[str, models.Cylinder],
                                   models.User | None]:
        collector = ViolationCollector()
        _required(collector, "plan.enterprise_id", plan.enterprise_id)
        if plan.user_id <= 0:
            collector.add("plan.user_id", "is required")
        domain.collect(domain.delivery_shape_problems(plan.cylinders_out, plan.empties_back),
                       collector)
        collector.raise_if_any()
        enterprise = _scoped_enterprise(session, current_principal(), plan.enterprise_id)
        user_row = repository.get(session, model=models.User, key=plan.user_id)
        user = None
        hazards: list[models.Hazard] = []
        if user_row is not None:
            user = domain.UserState(
                user_row.user_id, user_row.enterprise_id, user_row.user_type,
                user_row.review_status, user_row.safety_verified,
                frozenset(repository.held_cylinders(session, user_id=plan.user_id)))
            hazards = repository.open_hazards(session, user_id=plan.user_id)
        rows = repository.cylinders(session, codes=[*plan.cylinders_out, *plan.empties_back],
                                    lock=lock)
        out_rows = [rows[c] for c in plan.cylinders_out if c in rows]
        states = [mapping.cylinder_state(r) for r in out_rows]
        checked = domain.compliance(self.policy, states, self.today) if states else []
        vehicle_row = repository.get(session, model=models.Vehicle,
                                     key=plan.vehicle_plate.upper())
        facts = domain.DeliveryFacts(
            enterprise=self._enterprise_state(enterprise), enterprise_id=plan.enterprise_id,
            user=user, open_hazards=[domain.HazardState(h.id or 0, h.severity, h.deliveries_since)
                                     for h in hazards],
            staff=self._staff(session, plan.staff_id),
            vehicle=None if vehicle_row is None else domain.VehicleState(
                vehicle_row.plate, vehicle_row.enterprise_id, vehicle_row.permit_valid_until),
            cylinders_out=list(plan.cylinders_out), empties_back=list(plan.empties_back),
            cylinders={s.trace_code: (s, c) for s, c in zip(states, checked, strict=True)})
        return facts, rows, user_row

    def CheckDelivery(self, request: pb.CheckDeliveryRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.CheckDeliveryResponse:
        with self.runtime.read() as session:
            facts, _rows, _user = self._delivery_facts(session, request.plan, lock=False)
        outcome = domain.check_delivery(facts, self.today)
        return pb.CheckDeliveryResponse(
            allowed=not outcome.refusals,
            refusals=[pb.Refusal(code=v.type, subject=v.subject, description=v.description)
                      for v in outcome.refusals])

    def RecordDelivery(self, request: pb.RecordDeliveryRequest,  # noqa: N802
                       context: grpc.ServicerContext) -> pb.RecordDeliveryResponse:
        plan = request.plan
        _enterprise_scope(current_principal(), plan.enterprise_id)
        district: list[str] = []

        def work(session: Session) -> pb.RecordDeliveryResponse:
            """Cylinders out go to the user, empties come back on the vehicle (§7)."""
            facts, rows, user = self._delivery_facts(session, plan, lock=True)
            if user is not None and user.enterprise_id == plan.enterprise_id:
                district.append(user.district)
            outcome = domain.check_delivery(facts, self.today)
            if outcome.refusals:
                raise FailedPrecondition("the delivery is refused", outcome.refusals,
                                         reason="DELIVERY_REFUSED")
            assert user is not None
            for code in plan.cylinders_out:
                repository.move_cylinder(session, cylinder=rows[code],
                                         location_kind=domain.AT_USER,
                                         location_id=str(user.user_id), filled=False)
            for code in plan.empties_back:
                repository.move_cylinder(session, cylinder=rows[code],
                                         location_kind=domain.ON_VEHICLE,
                                         location_id=plan.vehicle_plate.upper(), filled=False)
            repository.escalate_hazards(session, hazard_ids=outcome.escalate_hazards)
            record = repository.add(session, row=models.Delivery(
                enterprise_id=plan.enterprise_id, user_id=plan.user_id,
                staff_id=plan.staff_id, vehicle_plate=plan.vehicle_plate.upper(),
                delivered_on=self.today, cylinders_out=" ".join(plan.cylinders_out),
                empties_back=" ".join(plan.empties_back), connected=outcome.connected))
            where = f"user {user.user_id}"
            repository.add_events(session, trace_codes=plan.cylinders_out, on=self.today,
                                  event="delivered", detail=where)
            repository.add_events(session, trace_codes=plan.empties_back, on=self.today,
                                  event="returned", detail=f"from {where}")
            self.runtime.audit(session, action="deliver", entity_type="user",
                               entity_id=str(user.user_id),
                               detail={"delivery_id": record.id, "out": list(plan.cylinders_out),
                                       "back": list(plan.empties_back),
                                       "connected": outcome.connected})
            return pb.RecordDeliveryResponse(
                delivery_id=record.id, connected=outcome.connected,
                held_cylinders=repository.held_cylinders(session, user_id=plan.user_id))

        try:
            response = self.runtime.mutate(request, pb.RecordDeliveryResponse, work)
        except FailedPrecondition as refused:
            self._record_refusal(
                "DELIVERY", request.request_id, plan.enterprise_id,
                district[0] if district else self._district_of(plan.enterprise_id),
                [*plan.cylinders_out, *plan.empties_back], refused)
            raise
        self.deliveries.labels("accepted", "").inc()
        return response

    # ---- safety inspections ------------------------------------------------------------------

    def RecordSafetyInspection(self, request: pb.RecordSafetyInspectionRequest,  # noqa: N802
                               context: grpc.ServicerContext
                               ) -> pb.RecordSafetyInspectionResponse:
        collector = ViolationCollector()
        subject = mapping.enum_name(pb.InspectionSubject, request.subject,
                                    "INSPECTION_SUBJECT_")
        if subject == mapping.UNSPECIFIED:
            collector.add("subject", "user or enterprise")
        _required(collector, "inspector", request.inspector)
        inspected_on = mapping.date_field(request.inspected_on, "inspected_on", collector)
        if inspected_on is not None and inspected_on > self.today:
            collector.add("inspected_on", "is in the future")
        hazards = []
        for i, hazard in enumerate(request.hazards):
            _required(collector, f"hazards[{i}].rule_id", hazard.rule_id)
            severity = mapping.enum_name(pb.Severity, hazard.severity, "SEVERITY_")
            if severity == mapping.UNSPECIFIED:
                collector.add(f"hazards[{i}].severity", "stop supply, do not connect or warn")
            rectify_by = mapping.date_field(hazard.rectify_by, f"hazards[{i}].rectify_by",
                                            collector, required=False)
            hazards.append((hazard, severity, rectify_by))
        collector.raise_if_any()
        assert inspected_on is not None

        def work(session: Session) -> pb.RecordSafetyInspectionResponse:
            """Users by their enterprise (E3), enterprises by the authorities (¶四)."""
            principal = current_principal()
            user_id: int | None = None
            if subject == "USER":
                user = _scoped_user(session, principal, request.user_id)
                user_id, enterprise_id = user.user_id, user.enterprise_id
            else:
                require_role(principal, Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
                enterprise_id = _scoped_enterprise(session, principal,
                                                   request.enterprise_id).enterprise_id
            inspection = repository.add(session, row=models.Inspection(
                subject=subject, user_id=user_id, enterprise_id=enterprise_id,
                inspector=request.inspector, inspected_on=inspected_on))
            rows = [repository.add(session, row=models.Hazard(
                inspection_id=inspection.id, user_id=user_id, enterprise_id=enterprise_id,
                rule_id=h.rule_id, severity=severity, note=h.note,
                rectify_by=rectify_by or inspected_on + dt.timedelta(days=HAZARD_RECTIFY_DAYS)))
                for h, severity, rectify_by in hazards]
            self.runtime.audit(session, action="inspect", entity_type=subject.lower(),
                               entity_id=str(user_id or enterprise_id),
                               detail={"inspection_id": inspection.id,
                                       "hazards": [h.rule_id for h in rows]})
            return pb.RecordSafetyInspectionResponse(
                inspection_id=inspection.id, hazards=[mapping.hazard_to_proto(h) for h in rows])

        return self.runtime.mutate(request, pb.RecordSafetyInspectionResponse, work)

    def RectifyHazard(self, request: pb.RectifyHazardRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.RectifyHazardResponse:
        def work(session: Session) -> pb.RectifyHazardResponse:
            principal = current_principal()
            hazard = repository.get(session, model=models.Hazard, key=request.hazard_id)
            if hazard is None:
                raise NotFound("hazard", str(request.hazard_id))
            if hazard.user_id is not None:
                _scoped_user(session, principal, hazard.user_id)
            else:
                _scoped_enterprise(session, principal, hazard.enterprise_id)
            hazard.open, hazard.closed_on = False, self.today
            repository.add(session, row=hazard)
            self.runtime.audit(session, action="rectify", entity_type="hazard",
                               entity_id=str(hazard.id))
            return pb.RectifyHazardResponse(hazard=mapping.hazard_to_proto(hazard))

        return self.runtime.mutate(request, pb.RectifyHazardResponse, work)

    # ---- sweeps and reports ------------------------------------------------------------------

    def _sweep_message(self, row: models.Sweep) -> pb.Sweep:
        counts = json.loads(row.counts)
        return pb.Sweep(sweep_id=row.id or 0, swept_on=date_to_proto(row.swept_on),
                        policy_version=row.policy_version, input_digest=row.input_digest,
                        result_digest=row.result_digest, cylinders=row.cylinders,
                        by_enterprise=mapping.status_counts(counts["by_enterprise"]),
                        by_district=mapping.status_counts(counts["by_district"]))

    def RunSweep(self, request: pb.RunSweepRequest,  # noqa: N802
                 context: grpc.ServicerContext) -> pb.RunSweepResponse:
        def work(session: Session) -> pb.RunSweepResponse:
            """Every cylinder in service: due within 30 days, overdue, past life (§4)."""
            district_of = {e.enterprise_id: e.district
                           for e in repository.enterprises(session)}
            names = sorted(district_of)
            index = {name: i for i, name in enumerate(names)}
            inputs = domain.SweepInputs(self.today, self.policy.version, names)
            for owner, made, last, passed, standard, life in repository.sweep_rows(session):
                inputs.append(index[owner], made, last, passed,
                              domain.life_years(self.policy, standard, life))
            outcome = domain.run_sweep(inputs)
            counts = {"by_enterprise": outcome.by_enterprise,
                      "by_district": domain.roll_up(outcome.by_enterprise, district_of)}
            row = repository.add(session, row=models.Sweep(
                swept_on=self.today, policy_version=self.policy.version,
                input_digest=inputs.digest(), result_digest=outcome.result_digest,
                cylinders=outcome.cylinders, counts=json.dumps(counts, sort_keys=True),
                inputs=inputs.encode()))
            self.runtime.audit(session, action="sweep", entity_type="sweep",
                               entity_id=str(row.id),
                               detail={"cylinders": outcome.cylinders,
                                       "result_digest": outcome.result_digest})
            return pb.RunSweepResponse(sweep=self._sweep_message(row))

        return self.runtime.mutate(request, pb.RunSweepResponse, work)

    def GetSweep(self, request: pb.GetSweepRequest,  # noqa: N802
                 context: grpc.ServicerContext) -> pb.GetSweepResponse:
        """Enterprises see their own counts; district offices their district and its
        enterprises; city-wide roles everything."""
        principal = current_principal()
        with self.runtime.read() as session:
            row = repository.sweep(session, sweep_id=request.sweep_id)
            if row is None:
                raise NotFound("sweep", str(request.sweep_id or "latest"))
            district_of = {e.enterprise_id: e.district
                           for e in repository.enterprises(session)}
            sweep = self._sweep_message(row)
        if principal.role in (Role.LPG_ENTERPRISE, Role.DISTRICT_OFFICE):
            mine = [c for c in sweep.by_enterprise
                    if principal.scope in (c.key, district_of.get(c.key))]
            districts = [c for c in sweep.by_district if c.key == principal.scope]
            del sweep.by_enterprise[:]
            del sweep.by_district[:]
            sweep.by_enterprise.extend(mine)
            sweep.by_district.extend(districts)
        return pb.GetSweepResponse(sweep=sweep)

    def ListDueCylinders(self, request: pb.ListDueCylindersRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.ListDueCylindersResponse:
        size = request.page_size or DEFAULT_PAGE_SIZE
        if not 0 < size <= MAX_PAGE_SIZE:
            raise InvalidArgument("page_size is out of range", [
                FieldViolation("page_size", f"1 to {MAX_PAGE_SIZE}")])
        with self.runtime.read() as session:
            _scoped_enterprise(session, current_principal(), request.enterprise_id)
            rows = repository.cylinders_in_service(session, enterprise_id=request.enterprise_id)
            states = [mapping.cylinder_state(r) for r in rows]
        due = domain.due_cylinders(self.policy, states, self.today)
        return pb.ListDueCylindersResponse(total=len(due), cylinders=[
            pb.DueCylinder(
                trace_code=c.trace_code, compliance=mapping.compliance_to_proto(s.status),
                due=date_to_proto(min(s.next_inspection, s.service_limit)),
                days_left=s.days_left,
                location_kind=mapping.enum_value(pb.LocationKind, c.location_kind,
                                                 "LOCATION_KIND_"),
                location_id=c.location_id) for c, s in due[:size]])

    def ReplaySweep(self, request: pb.ReplaySweepRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.ReplaySweepResponse:
        with self.runtime.read() as session:
            row = repository.get(session, model=models.Sweep, key=request.sweep_id)
            if row is None:
                raise NotFound("sweep", str(request.sweep_id))
            district_of = {e.enterprise_id: e.district
                           for e in repository.enterprises(session)}
            blob, stored_counts = row.inputs, row.counts
            input_digest, result_digest = row.input_digest, row.result_digest
        inputs = domain.SweepInputs.decode(blob)
        outcome = domain.run_sweep(inputs)
        stored = json.loads(stored_counts)
        differences = domain.count_differences(stored["by_enterprise"], outcome.by_enterprise)
        differences += domain.count_differences(
            stored["by_district"], domain.roll_up(outcome.by_enterprise, district_of))
        if inputs.digest() != input_digest:
            differences.insert(0, "inputs")
        return pb.ReplaySweepResponse(
            matches=not differences and outcome.result_digest == result_digest,
            stored_result_digest=result_digest,
            replayed_result_digest=outcome.result_digest, differences=differences)

    def GetRefusalReport(self, request: pb.GetRefusalReportRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.GetRefusalReportResponse:
        principal = current_principal()
        with self.runtime.read() as session:
            rows = repository.refusal_codes(
                session,
                enterprise_id=principal.scope if principal.role is Role.LPG_ENTERPRISE else None,
                district=principal.scope if principal.role is Role.DISTRICT_OFFICE else None)
        tally = Counter((kind, code) for kind, codes in rows for code in codes.split())
        return pb.GetRefusalReportResponse(counts=[
            pb.RefusalCount(kind=mapping.enum_value(pb.RecordKind, kind, "RECORD_KIND_"),
                            code=code, count=n) for (kind, code), n in sorted(tally.items())])


def _register(server: grpc.Server, runtime: ServiceRuntime | None) -> None:
    assert runtime is not None
    pb_grpc.add_LpgRegistryServiceServicer_to_server(LpgRegistryServicer(runtime), server)


_CITY = Access.of(Role.CITY_OFFICE)
_AUTHORITY = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
_ENTERPRISE = Access.of(Role.CITY_OFFICE, Role.LPG_ENTERPRISE)
_ANY_WRITER = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.LPG_ENTERPRISE)
_AUDIT_READ = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.OPERATOR)

SERVICE = ServiceSpec(
    name="lpg_registry",
    proto_service="cityscore.lpg_registry.v1.LpgRegistryService",
    access={
        "CreateEnterprise": _AUTHORITY, "ListEnterprises": READ_ANY,
        "SuspendExpiredLicences": _CITY, "CreateStation": _ENTERPRISE,
        "AddStaff": _ENTERPRISE, "RegisterVehicle": _ENTERPRISE,
        "RegisterUser": _ANY_WRITER, "ImportUsers": _ANY_WRITER, "GetUser": READ_ANY,
        "ListUsers": READ_ANY, "ReviewUser": _AUTHORITY, "VerifyUserSafety": _AUTHORITY,
        "SetCampaign": _AUTHORITY, "GetCampaignProgress": READ_ANY,
        "RegisterCylinder": _ENTERPRISE, "ImportCylinders": _ENTERPRISE,
        "GetCylinder": READ_ANY, "RecordCylinderInspection": _ENTERPRISE,
        "ScrapCylinder": _ENTERPRISE,
        "RecordFill": Access.of(Role.LPG_ENTERPRISE), "CheckDelivery": READ_ANY,
        "RecordDelivery": Access.of(Role.LPG_ENTERPRISE),
        "RecordSafetyInspection": _ANY_WRITER, "RectifyHazard": _ANY_WRITER,
        "RunSweep": _CITY, "GetSweep": READ_ANY, "ListDueCylinders": READ_ANY,
        "ReplaySweep": _AUDIT_READ, "GetRefusalReport": READ_ANY,
    },
    register=_register,
    models_module="cityscore.services.lpg_registry.models",
)
