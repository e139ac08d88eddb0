"""Maintenance companies: registration, yearly indicators, the quality and credit ranking and
the public blacklist."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound, ViolationCollector
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import date_field, year_from_proto
from cityscore.core.grpc.paging import (
    MAX_PAGE_SIZE,
    next_offset_token,
    offset_from_token,
    page_size,
)
from cityscore.core.grpc.rpc import rpc
from cityscore.services.special_equipment import domain, mapping, models, repository
from cityscore.services.special_equipment.rpc import EquipmentCall
from cityscore.services.special_equipment.rpc.common import CITY, READERS
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def _rules(year: int) -> domain.RankingRules:
    return domain.ranking_rules(domain.version_on("ranking", dt.date(year, 12, 31)))


@rpc(access=CITY, writes=True)
def register_maintenance_company(request: pb.RegisterMaintenanceCompanyRequest,
                                 call: EquipmentCall, session: Session
                                 ) -> pb.RegisterMaintenanceCompanyResponse:
    c = request.company
    collector = ViolationCollector()
    collector.require_text("company.company_id", c.company_id)
    collector.require_text("company.name", c.name)
    collector.raise_if_any()
    row = repository.add_unique(session, row=models.MaintenanceCompany(
        company_id=c.company_id.strip(), name=c.name.strip(),
        credit_code=c.credit_code.strip()), kind="maintenance company", name=c.company_id)
    call.audit(session, action="register", entity_type="company", entity_id=row.company_id)
    return pb.RegisterMaintenanceCompanyResponse(company=mapping.company_to_proto(row))


@rpc(access=CITY, writes=True)
def record_company_indicators(request: pb.RecordCompanyIndicatorsRequest,
                              call: EquipmentCall, session: Session
                              ) -> pb.RecordCompanyIndicatorsResponse:
    """A year's indicator values, per mille; all or nothing, a value given again replaces the
    earlier one (the audit log keeps both requests)."""
    year = year_from_proto(request.year)
    known = {i.code for i in _rules(year).indicators}
    companies = repository.companies(session, ids=sorted({v.company_id
                                                          for v in request.values}))
    collector = ViolationCollector()
    values: dict[tuple[str, str], int] = {}
    for i, v in enumerate(request.values):
        if v.company_id not in companies:
            collector.add(f"values[{i}].company_id", "is not a registered company")
        if v.indicator not in known:
            collector.add(f"values[{i}].indicator", f"one of {', '.join(sorted(known))}")
        if not 0 <= v.per_mille <= domain.ranking.PER_MILLE:
            collector.add(f"values[{i}].per_mille", "0 to 1000")
        if (v.company_id, v.indicator) in values:
            collector.add(f"values[{i}]", "repeats an earlier company and indicator")
        values[(v.company_id, v.indicator)] = v.per_mille
    collector.raise_if_any(f"{len(collector.violations)} problem(s) in the indicators")
    repository.put_indicators(session, year=year, values=values)
    call.audit(session, action="record", entity_type="company_indicators",
               entity_id=str(year), detail={"values": len(values)})
    return pb.RecordCompanyIndicatorsResponse(recorded=len(values))


@rpc(access=READERS)
def get_company_ranking(request: pb.GetCompanyRankingRequest,
                               call: EquipmentCall, session: Session
                               ) -> pb.GetCompanyRankingResponse:
    """Competition ranks ("1224") of the year's companies by weighted indicators; a company
    on the blacklist by the year's end (31 December) is left out and named, one listed later
    is ranked for the year."""
    year = year_from_proto(request.year)
    rules = _rules(year)
    values = repository.indicators(session, year=year)
    companies = repository.companies(session, ids=sorted(values))
    year_end = dt.date(year, 12, 31)
    listed = sorted(c for c in values if (on := companies[c].blacklisted_on) is not None
                    and on <= year_end)
    ranked = domain.rank(rules, [c for c in sorted(values) if c not in listed], values)
    return pb.GetCompanyRankingResponse(
        rule_version=rules.version, blacklisted=listed,
        ranking=[pb.RankedCompany(rank=r.rank, company_id=r.company_id,
                                  name=companies[r.company_id].name, score=r.score)
                 for r in ranked])


@rpc(access=CITY, writes=True)
def blacklist_company(request: pb.BlacklistCompanyRequest, call: EquipmentCall,
                      session: Session) -> pb.BlacklistCompanyResponse:
    """Put a company on the public blacklist (the 2014 summary's 17 listed companies)."""
    collector = ViolationCollector()
    listed_on = date_field(request.listed_on, "listed_on", collector)
    collector.require_text("reason", request.reason)
    collector.raise_if_any()
    assert listed_on is not None
    row = repository.get(session, model=models.MaintenanceCompany, key=request.company_id)
    if row is None:
        raise NotFound("maintenance company", request.company_id)
    if row.blacklisted_on is not None:
        raise InvalidArgument("the company is already on the blacklist", [FieldViolation(
            "company_id", f"listed on {row.blacklisted_on.isoformat()}")])
    row.blacklisted_on, row.blacklist_reason = listed_on, request.reason.strip()
    repository.add(session, row=row)
    call.audit(session, action="blacklist", entity_type="company", entity_id=row.company_id,
               detail={"reason": row.blacklist_reason})
    return pb.BlacklistCompanyResponse(entry=mapping.blacklist_to_proto(row))


@rpc(access=READ_ANY)
def list_blacklist(request: pb.ListBlacklistRequest, call: EquipmentCall, session: Session
                   ) -> pb.ListBlacklistResponse:
    """The public blacklist: anyone authenticated may read it. The default page is the
    largest, so callers from before the list paged still get the whole list."""
    size = page_size(request.page_size, default=MAX_PAGE_SIZE)
    offset = offset_from_token(request.page_token, "blacklist")
    rows = repository.blacklist(session, offset=offset, limit=size + 1)
    return pb.ListBlacklistResponse(
        entries=[mapping.blacklist_to_proto(r) for r in rows[:size]],
        next_page_token=next_offset_token("blacklist", offset, size, len(rows)))
