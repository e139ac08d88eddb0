"""Records corrected: an incident, review flag, self-check item or verification entered by
mistake is withdrawn with a reason by the role that may write it (amendments go through the
writing RPCs); nothing is deleted, each correction keeps the values before and after, and
grading reads the records in force. Stored gradings keep their inputs, so they replay as
they were."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import NotFound, PermissionDenied
from cityscore.core.grpc.auth import Role
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, models
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    CORRECTORS,
    OFFICE_TEAMS,
    READERS,
    SUBMITTERS,
    WageCall,
    cycle_id,
    record_correction,
    require_reason,
    review_flag_name,
    unit,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

#: Who writes each kind of record, and the stages in which it may be withdrawn (§5 table: a
#: verification or a flag is still corrected during the review that grades with it).
_WRITERS = {"incident": OFFICE_TEAMS, "review_flag": OFFICE_TEAMS,
            "self_check_item": SUBMITTERS, "verification": OFFICE_TEAMS}
_STAGES = {"incident": domain.INCIDENT_STAGES, "review_flag": ("comprehensive_review",),
           "self_check_item": ("self_check",),
           "verification": ("on_site_verification", "comprehensive_review")}


@rpc(access=CORRECTORS, scope=STORED_ROWS, writes=True)
def withdraw_record(request: pb.WithdrawRecordRequest, call: WageCall, session: Session
                    ) -> pb.WithdrawRecordResponse:
    """Withdraw one record with a reason: checked against the role that writes that kind of
    record and the district of the record as stored."""
    kind = mapping.RECORD_KIND.name(request.kind, "kind")
    reason = require_reason(request.reason)
    year = year_from_proto(request.year)
    if call.principal.role not in _WRITERS[kind].roles:
        raise PermissionDenied(f"{call.principal.role.value} does not write {kind} records",
                               reason="ROLE_NOT_ALLOWED")
    cycle = repo.cycle(session, year=year)
    if kind == "incident":
        row = repo.incident(session, cycle_id=cycle_id(cycle), incident_id=request.incident_id)
        call.require_district(row.unit_code)
        code, record = row.unit_code, str(row.id)
    else:
        code = unit(session, call, cycle, request.district)
    domain.require_stage(cycle.year, cycle.stage, _STAGES[kind], f"withdrawing a {kind}")
    if kind == "incident":
        before, after = _withdraw_incident(row)
        repo.save(session, row=row)
    elif kind == "review_flag":
        record = review_flag_name(session, cycle, request.flag, request.flag_name)
        flag = repo.review_flag(session, cycle_id=cycle_id(cycle), unit_code=code, flag=record)
        if flag is None or flag.withdrawn:
            raise NotFound("review flag", f"{cycle.year}/{code}/{record}")
        before = mapping.flag_document(flag)
        flag.withdrawn = True
        repo.save(session, row=flag)
        after = mapping.flag_document(flag)
    else:
        record = request.indicator_id
        item = repo.item_value(session, cycle_id=cycle_id(cycle), unit_code=code,
                               indicator_id=record)
        if item is None:
            raise NotFound(kind.replace("_", " "), f"{cycle.year}/{code}/{record}")
        before, after = _withdraw_item(kind, item, f"{cycle.year}/{code}/{record}")
        repo.save(session, row=item)
    correction = record_correction(session, call, cycle, code=code, kind=kind, record=record,
                                   action="withdraw", before=before, after=after,
                                   reason=reason)
    return pb.WithdrawRecordResponse(correction=mapping.correction_to_proto(correction,
                                                                            cycle.year))


def _withdraw_incident(row: models.Incident) -> tuple[dict[str, object], dict[str, object]]:
    if row.withdrawn:
        raise NotFound("incident", f"{row.id} (already withdrawn)")
    before = mapping.incident_document(row)
    row.withdrawn = True
    return before, mapping.incident_document(row)


def _withdraw_item(kind: str, row: models.ItemValue, name: str
                   ) -> tuple[dict[str, object], dict[str, object]]:
    """A self-check value or a verification taken back; the item's other half stays."""
    if kind == "self_check_item":
        if row.self_value is None:
            raise NotFound("self-check item", name)
        before = mapping.self_check_document(row)
        row.self_value, row.self_denominator, row.self_sub_points = None, None, ""
        row.evidence, row.possible_falsification = "", False
        return before, mapping.self_check_document(row)
    if not row.verified:
        raise NotFound("verification", name)
    before = mapping.verification_document(row)
    row.verified, row.verified_value, row.verified_denominator = False, None, None
    row.verified_sub_points, row.method, row.team, row.note = "", "", "", ""
    row.possible_falsification = False
    return before, mapping.verification_document(row)


@rpc(access=READERS, scope=STORED_ROWS)
def list_corrections(request: pb.ListCorrectionsRequest, call: WageCall, session: Session
                     ) -> pb.ListCorrectionsResponse:
    """Every correction of the year, oldest first; a district office sees its own."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    district = request.district or (call.principal.scope
                                    if call.principal.role is Role.DISTRICT_OFFICE else "")
    if district:
        unit(session, call, cycle, district)
    return pb.ListCorrectionsResponse(corrections=[
        mapping.correction_to_proto(row, cycle.year) for row in repo.corrections(
            session, cycle_id=cycle_id(cycle), unit_code=district or None)])
