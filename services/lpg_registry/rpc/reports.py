"""The registration campaign and the refusal report."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.districts import all_districts, is_district
from cityscore.core.errors import ViolationCollector
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.rpc import STORED_ROWS, district_field, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import mapping, models, queries, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import AUTHORITY, policy_today


@rpc(access=AUTHORITY, scope=district_field("district"), writes=True)
def set_campaign(request: pb.SetCampaignRequest, call: LpgCall, session: Session
                 ) -> pb.SetCampaignResponse:
    collector = ViolationCollector()
    if not is_district(request.district):
        collector.add("district", "unknown district code")
    if request.surveyed_estimate < 0:
        collector.add("surveyed_estimate", "must not be negative")
    deadline = date_field(request.deadline, "deadline", collector)
    collector.raise_if_any()
    assert deadline is not None
    row = repository.get(session, model=models.Campaign, key=request.district) \
        or models.Campaign(district=request.district, surveyed_estimate=0, deadline=deadline)
    row.surveyed_estimate, row.deadline = request.surveyed_estimate, deadline
    repository.add(session, row=row)
    call.audit(session, action="set_campaign", entity_type="campaign",
               entity_id=request.district,
               detail={"surveyed_estimate": request.surveyed_estimate, "deadline": deadline})
    [progress] = queries.campaign_progress(
        session, districts=[request.district],
        default_deadline=policy_today(call).registration_deadline)
    return pb.SetCampaignResponse(progress=mapping.progress_to_proto(progress))


@rpc(access=READ_ANY, scope=STORED_ROWS)
def get_campaign_progress(request: pb.GetCampaignProgressRequest, call: LpgCall,
                          session: Session) -> pb.GetCampaignProgressResponse:
    """Every district the caller may act for."""
    codes = [d.code for d in all_districts() if call.principal.may_act_for_district(d.code)]
    return pb.GetCampaignProgressResponse(districts=[
        mapping.progress_to_proto(p) for p in queries.campaign_progress(
            session, districts=codes, default_deadline=policy_today(call).registration_deadline)])


@rpc(access=READ_ANY)
def get_refusal_report(request: pb.GetRefusalReportRequest, call: LpgCall, session: Session
                       ) -> pb.GetRefusalReportResponse:
    """Refusals by kind and reason, in the caller's own scope."""
    counts = queries.refusal_counts(session, enterprise_id=call.own_enterprise("") or None,
                                    district=call.own_district("") or None)
    return pb.GetRefusalReportResponse(counts=[
        pb.RefusalCount(kind=mapping.RECORD_KIND.label(kind), code=code, count=n)
        for kind, code, n in counts])


@rpc(access=READ_ANY)
def get_upload_report(request: pb.GetUploadReportRequest, call: LpgCall, session: Session
                      ) -> pb.GetUploadReportResponse:
    """Fills and deliveries by enterprise in the caller's scope, and how many came late."""
    counts = queries.upload_counts(session, enterprise_id=call.own_enterprise("") or None,
                                   district=call.own_district("") or None)
    return pb.GetUploadReportResponse(counts=[
        pb.UploadCount(kind=mapping.RECORD_KIND.label(kind), enterprise_id=owner,
                       records=tally.records, late=tally.late,
                       max_days_late=tally.max_days_late)
        for (kind, owner), tally in counts])
