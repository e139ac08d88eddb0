"""On-site verification of self-checked items, and one district's assessment item by item:
claimed and verified values, scores, and possible falsification (Art. 11)."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import ViolationCollector
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, models
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    OFFICE_TEAMS,
    READERS,
    WageCall,
    check_items,
    cycle_id,
    record_correction,
    require_reason,
    scheme_of,
    unit,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


@rpc(access=OFFICE_TEAMS, writes=True)
def record_verifications(request: pb.RecordVerificationsRequest, call: WageCall,
                         session: Session) -> pb.RecordVerificationsResponse:
    """Verified values of on-site items; a gap to the self-check beyond the policy's share of
    the item's points flags possible falsification."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    code = unit(session, call, cycle, request.district)
    domain.require_stage(cycle.year, cycle.stage, ("on_site_verification",),
                         "on-site verification")
    scheme = scheme_of(session, cycle)
    policy = repo.policy(session, year=cycle.year, version=cycle.policy_version)
    found = ViolationCollector()
    items = check_items(scheme, [v.value for v in request.verifications], "verifications",
                        found)
    for k, verification in enumerate(request.verifications):
        if not scheme.indicator(verification.value.indicator_id).verified_on_site:
            found.add(f"verifications[{k}].value.indicator_id",
                      "the scheme does not verify this item on site")
        if verification.method == pb.VERIFICATION_METHOD_UNSPECIFIED:
            found.add(f"verifications[{k}].method", "must be set")
    found.raise_if_any("the verifications have invalid fields")
    rows = {r.indicator_id: r for r in repo.item_values(
        session, cycle_id=cycle_id(cycle), unit_code=code)}
    flagged = []
    for (indicator_id, item), verification in zip(items, request.verifications, strict=True):
        row = rows.get(indicator_id) or models.ItemValue(
            cycle_id=cycle_id(cycle), unit_code=code, indicator_id=indicator_id)
        before = mapping.verification_document(row) if row.verified else None
        row.verified, row.verified_value = True, item.value
        row.verified_denominator = item.denominator
        row.verified_sub_points = repo.join_ids(item.sub_points)
        row.method = mapping.VERIFICATION_METHOD.name(verification.method, "method")
        row.team, row.note = verification.team, verification.note
        claimed = repo.stored_self_check(row)
        row.possible_falsification = claimed is not None and domain.gap_exceeds(
            policy, scheme.indicator(indicator_id),
            domain.score_one(scheme, indicator_id, claimed),
            domain.score_one(scheme, indicator_id, item))
        if row.possible_falsification:
            flagged.append(indicator_id)
        repo.save(session, row=row)
        if before is not None and before != mapping.verification_document(row):
            record_correction(session, call, cycle, code=code, kind="verification",
                              record=indicator_id, action="amend", before=before,
                              after=mapping.verification_document(row),
                              reason=require_reason(request.reason))
    call.audit(session, action="verify", entity_type="item_values",
               entity_id=f"{cycle.year}/{code}",
               detail={"items": [i for i, _ in items], "possible_falsification": flagged})
    return pb.RecordVerificationsResponse(recorded=len(items), possible_falsification=flagged)


def _item_assessment(indicator: domain.IndicatorDef, self_cents: int, final_cents: int,
                     row: models.ItemValue | None) -> pb.ItemAssessment:
    message = pb.ItemAssessment(
        indicator_id=indicator.id, max_points=indicator.max_points,
        self_check_score=domain.format_points(self_cents),
        final_score=domain.format_points(final_cents))
    if row is not None:
        own, checked = repo.stored_self_check(row), repo.stored_verified(row)
        if own is not None:
            message.self_check.CopyFrom(mapping.item_to_proto(indicator.id, own, row.evidence))
        if checked is not None:
            message.verification.CopyFrom(pb.Verification(
                value=mapping.item_to_proto(indicator.id, checked),
                method=mapping.VERIFICATION_METHOD.label(row.method),
                team=row.team, note=row.note))
        message.possible_falsification = row.possible_falsification
    return message


@rpc(access=READERS, scope=STORED_ROWS)
def get_district_assessment(request: pb.GetDistrictAssessmentRequest, call: WageCall,
                            session: Session) -> pb.GetDistrictAssessmentResponse:
    """Every item of the scheme with the district's claimed and final (verified where
    present) values and scores, its self-check and any falsification circulated."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    code = unit(session, call, cycle, request.district)
    scheme = scheme_of(session, cycle)
    rows = {r.indicator_id: r for r in repo.item_values(
        session, cycle_id=cycle_id(cycle), unit_code=code)}
    claimed: dict[str, domain.ItemInput] = {}
    final: dict[str, domain.ItemInput] = {}
    for indicator_id, row in rows.items():
        own, checked = repo.stored_self_check(row), repo.stored_verified(row)
        if own is not None:
            claimed[indicator_id] = own
        chosen = checked or own
        if chosen is not None:
            final[indicator_id] = chosen
    scores, _totals = domain.score_items(scheme, [claimed, final])
    items = [_item_assessment(indicator, int(scores[0, j]), int(scores[1, j]),
                              rows.get(indicator.id))
             for j, indicator in enumerate(scheme.indicators)]
    check = repo.self_checks(session, cycle_id=cycle_id(cycle)).get(code)
    return pb.GetDistrictAssessmentResponse(
        district=code, items=items, self_check=mapping.self_check_status(code, check),
        report=check.report if check is not None else "",
        falsifications=[mapping.falsification_to_proto(f) for f in repo.falsifications(
            session, cycle_id=cycle_id(cycle), unit_code=code)])
