"""A year's plan: created once by the city office (or loaded from the published 2017 plan),
then read by everyone with its soft-check warnings."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.errors import AlreadyExists
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import rpc
from cityscore.services.blood_quota import domain, mapping
from cityscore.services.blood_quota import repository as repo
from cityscore.services.blood_quota.rpc.common import CITY, DISTRICT_ORDER, BloodCall, load_plan


@rpc(access=CITY, writes=True)
def create_plan(request: pb.CreatePlanRequest, call: BloodCall, session: Session
                ) -> pb.CreatePlanResponse:
    """Store a year's plan once (ALREADY_EXISTS after); hard errors refuse it, soft checks
    come back as warnings."""
    year = year_from_proto(request.plan.year, "plan.year")
    plan = (domain.published_plan(year) if request.use_published
            else mapping.plan_from_proto(request.plan, domain.rule_version_for_year(year)))
    if request.use_published:
        # the opinions print no sites: the city's list of new or moved sites applies, and so
        # do its platelet setting and, when it gives one, its platelet conversion
        given = request.plan
        plan = dataclasses.replace(
            plan, increment_sites=tuple(given.increment_sites),
            platelets_count_toward_targets=given.platelets_count_toward_targets)
        if given.platelet_units_per_dose:
            plan = dataclasses.replace(
                plan, platelet_units_per_dose=given.platelet_units_per_dose,
                platelet_conversion_source=given.platelet_conversion_source)
    rule_set = domain.rules(plan.rule_version)
    if plan.platelet_units_per_dose:
        domain.parse_platelet_units_per_dose(plan.platelet_units_per_dose, rule_set,
                                             "plan.platelet_units_per_dose")
    domain.parse_units_per_person(plan.units_per_person or rule_set.default_units_per_person,
                                  rule_set, "plan.units_per_person")
    if not plan.units_per_person:
        plan = dataclasses.replace(plan, units_per_person=rule_set.default_units_per_person)
    warnings = domain.validate_plan(plan, len(DISTRICT_ORDER))
    if repo.plan(session, year=year) is not None:
        raise AlreadyExists("plan", str(year))
    repo.add_plan(session, plan=plan, created_at=call.now(), created_by=call.principal.name)
    call.audit(session, action="create", entity_type="plan", entity_id=str(year),
               detail={"warnings": warnings, "published": request.use_published})
    return pb.CreatePlanResponse(plan=mapping.plan_to_proto(plan), warnings=warnings)


@rpc(access=READ_ANY)
def get_plan(request: pb.GetPlanRequest, call: BloodCall, session: Session
             ) -> pb.GetPlanResponse:
    """A year's plan with the warnings of its soft checks."""
    plan = load_plan(session, year_from_proto(request.year))
    return pb.GetPlanResponse(plan=mapping.plan_to_proto(plan),
                              warnings=domain.validate_plan(plan, len(DISTRICT_ORDER)))
