"""Self-checks: each district reports its item values and report during SELF_CHECK, one at a
time or, from the city office, in bulk for many districts; a late one is marked late."""

from __future__ import annotations

import json

from sqlmodel import Session

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound, ViolationCollector
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, models
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    SUBMITTERS,
    WageCall,
    check_items,
    cycle_id,
    record_correction,
    require_reason,
    scheme_of,
    unit,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


def _record_self_check(session: Session, call: WageCall, cycle: models.Cycle, code: str,
                       report: str, existing: models.SelfCheck | None) -> models.SelfCheck:
    """The district's self-check record: a new revision, late when after the due date."""
    today = call.today()
    late = cycle.self_check_due is not None and today > cycle.self_check_due
    if existing is None:
        existing = models.SelfCheck(cycle_id=cycle_id(cycle), unit_code=code, report=report,
                                    submitted_on=today, late=late, revision=1)
    else:
        existing.report = report or existing.report
        existing.submitted_on, existing.late = today, existing.late or late
        existing.revision += 1
    return repo.save(session, row=existing)


@rpc(access=SUBMITTERS, scope=STORED_ROWS, writes=True)
def submit_self_check(request: pb.SubmitSelfCheckRequest, call: WageCall, session: Session
                      ) -> pb.SubmitSelfCheckResponse:
    """One district's items; the first submission needs the report, later ones revise."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    code = unit(session, call, cycle, request.district)
    domain.require_stage(cycle.year, cycle.stage, ("self_check",), "a self-check")
    scheme = scheme_of(session, cycle)
    found = ViolationCollector()
    items = check_items(scheme, request.items, "items", found)
    existing = repo.self_checks(session, cycle_id=cycle_id(cycle)).get(code)
    if existing is None and not request.report.strip():
        found.add("report", "the first submission needs the self-check report")
    found.raise_if_any("the self-check has invalid fields")
    rows = {r.indicator_id: r for r in repo.item_values(
        session, cycle_id=cycle_id(cycle), unit_code=code)}
    changed = []
    for (indicator_id, item), message in zip(items, request.items, strict=True):
        row = rows.get(indicator_id) or models.ItemValue(
            cycle_id=cycle_id(cycle), unit_code=code, indicator_id=indicator_id)
        before = mapping.self_check_document(row)
        row.self_value, row.self_denominator = item.value, item.denominator
        row.self_sub_points = repo.join_ids(item.sub_points)
        row.evidence = message.evidence
        if before["value"] is not None and before != mapping.self_check_document(row):
            changed.append((indicator_id, before, mapping.self_check_document(row)))
        repo.save(session, row=row)
    if changed:  # items already reported keep their earlier values in their history
        reason = require_reason(request.reason)
        for indicator_id, before, after in changed:
            record_correction(session, call, cycle, code=code, kind="self_check_item",
                              record=indicator_id, action="amend", before=before, after=after,
                              reason=reason)
    existing = _record_self_check(session, call, cycle, code, request.report, existing)
    call.audit(session, action="submit", entity_type="self_check",
               entity_id=f"{cycle.year}/{code}",
               detail={"items": len(items), "late": existing.late,
                       "revision": existing.revision})
    return pb.SubmitSelfCheckResponse(status=mapping.self_check_status(code, existing),
                                      items=len(items))


def _json(values: dict[str, object]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def _changed(reported: dict[tuple[str, str], dict[str, object]],
             rows: list[tuple[str, str, domain.ItemInput]]
             ) -> list[tuple[str, str, dict[str, object], dict[str, object]]]:
    """(unit, indicator, before, after) of the rows that change a reported item."""
    changed = []
    for code, indicator_id, item in rows:
        before = reported.get((code, indicator_id))
        if before is None:
            continue
        after = {**before, "value": item.value, "denominator": item.denominator,
                 "sub_points": repo.join_ids(item.sub_points)}
        if after != before:
            changed.append((code, indicator_id, before, after))
    return changed


@rpc(access=SUBMITTERS, scope=STORED_ROWS, writes=True)
def import_self_checks(request: pb.ImportSelfChecksRequest, call: WageCall, session: Session
                       ) -> pb.ImportSelfChecksResponse:
    """Many districts' items as parallel columns, streamed in chunks; every bad row is named.
    Rows that change an item already reported need the stream's reason and keep the earlier
    values in the item's history."""
    columns = (request.districts, request.indicator_ids, request.values,
               request.denominators, request.sub_points)
    if len({len(c) for c in columns}) != 1:
        raise InvalidArgument("the columns differ in length", [FieldViolation(
            "rows", "districts, indicator_ids, values, denominators and sub_points need "
            "one entry per row")])
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    codes = list(dict.fromkeys(request.districts))
    known = set(repo.unit_codes(session, cycle_id=cycle_id(cycle)))
    for code in codes:
        if code not in known:
            raise NotFound("district", code)
        call.require_district(code)
    domain.require_stage(cycle.year, cycle.stage, ("self_check",), "a self-check")
    indicators = {i.id: i for i in scheme_of(session, cycle).indicators}
    found = ViolationCollector()
    seen: set[tuple[str, str]] = set()
    parsed = []
    for k, (code, indicator_id, value, denominator, subs) in enumerate(zip(*columns,
                                                                             strict=True)):
        if indicator_id not in indicators:
            raise NotFound("indicator", indicator_id)
        if (code, indicator_id) in seen:
            found.add(f"rows[{k}].indicator_id", f"{code} {indicator_id} appears twice")
        seen.add((code, indicator_id))
        item = domain.ItemInput(value, None if denominator == -1 else denominator,
                                repo.split_ids(subs))
        domain.check_item(found, f"rows[{k}]", indicators[indicator_id], item)
        parsed.append((code, indicator_id, item))
    found.raise_if_any("the import has invalid rows")
    changed = _changed(repo.reported_self_values(session, cycle_id=cycle_id(cycle)), parsed)
    if changed:
        reason = require_reason(request.reason)
    repo.store_self_values(session, cycle_id=cycle_id(cycle), rows=parsed)
    if changed:  # rows already reported keep their earlier values in their history
        now = call.now()
        repo.save_all(session, rows=(models.Correction(
            cycle_id=cycle_id(cycle), unit_code=code, kind="self_check_item",
            record=indicator_id, action="amend", before=_json(before), after=_json(after),
            reason=reason, corrected_by=call.principal.name, corrected_at=now)
            for code, indicator_id, before, after in changed))
        call.audit(session, action="amend", entity_type="self_check_item",
                   entity_id=str(cycle.year), detail={"rows": len(changed), "reason": reason})
    records = repo.self_checks(session, cycle_id=cycle_id(cycle))
    late = sum(_record_self_check(session, call, cycle, code, "", records.get(code)).late
               for code in codes)
    call.audit(session, action="import", entity_type="self_check", entity_id=str(cycle.year),
               detail={"rows": len(parsed), "districts": len(codes), "late": late})
    return pb.ImportSelfChecksResponse(rows=len(parsed), districts=len(codes), late=late)
