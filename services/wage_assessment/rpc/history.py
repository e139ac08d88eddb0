"""A district's history across assessment years: its stage, and its score, rank and grade
where the caller may see them (§5)."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.districts import is_district
from cityscore.core.errors import NotFound
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, queries
from cityscore.services.wage_assessment.rpc.common import READERS, WageCall, sees_results
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


@rpc(access=READERS, scope=STORED_ROWS)
def get_district_history(request: pb.GetDistrictHistoryRequest, call: WageCall,
                         session: Session) -> pb.GetDistrictHistoryResponse:
    """Every year the district took part in; grades only where results are visible."""
    history = queries.history(session, unit_code=request.district)
    if not history and not is_district(request.district):
        raise NotFound("district", request.district)
    call.require_district(request.district)
    years = []
    for cycle, grade, units in history:
        entry = pb.DistrictYear(year=cycle.year, units=units,
                                stage=mapping.STAGE.label(cycle.stage))
        if grade is not None and sees_results(call.principal, cycle):
            entry.MergeFrom(pb.DistrictYear(
                score=domain.format_points(grade.score_cents), rank=grade.rank,
                grade=mapping.GRADE.label(grade.grade)))
        years.append(entry)
    return pb.GetDistrictHistoryResponse(district=request.district, years=years)
