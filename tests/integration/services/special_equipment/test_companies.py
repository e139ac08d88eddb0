"""Maintenance companies: weighted indicators (data/ranking.json), competition ranks ("1224")
through the kernel, the blacklisted left out, and the public blacklist."""

from __future__ import annotations

import grpc
from integration.services.special_equipment.equipment_world import (
    Equipment,
    L,
    day,
    elevator,
    refused,
    rid,
)

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

INDICATORS = ("inspection_pass_rate", "rescue_on_time_rate", "complaint_rate", "fault_rate")


def test_ranking_ties_share_a_rank_and_the_blacklist_is_public(equipment: Equipment) -> None:
    values = {"C1": (950, 900, 50, 100), "C2": (900, 1000, 100, 0),
              "C3": (1000, 900, 100, 100), "C4": (1000, 1000, 0, 0),
              "C5": (1000, 1000, 0, 0)}
    for company in values:
        equipment.city.RegisterMaintenanceCompany(pb.RegisterMaintenanceCompanyRequest(
            request_id=rid(), company=pb.MaintenanceCompany(company_id=company,
                                                            name=f"{company} 电梯维保")))
    equipment.city.RecordCompanyIndicators(pb.RecordCompanyIndicatorsRequest(
        request_id=rid(), year=2014, values=[
            pb.IndicatorValue(company_id=c, indicator=name, per_mille=v)
            for c, row in values.items() for name, v in zip(INDICATORS, row, strict=True)]))
    equipment.city.BlacklistCompany(pb.BlacklistCompanyRequest(
        request_id=rid(), company_id="C4", listed_on=day("2014-12-01"),
        reason="维保质量严重失信"))
    # C5 is listed on 2015-01-01, after 2014 ended: it is ranked for 2014.
    equipment.city.BlacklistCompany(pb.BlacklistCompanyRequest(
        request_id=rid(), company_id="C5", listed_on=day("2015-01-01"),
        reason="维保质量严重失信"))
    ranking = equipment.operator.GetCompanyRanking(
        pb.GetCompanyRankingRequest(year=2014))
    # C1: 40×0.95 + 30×0.90 + 20×0.95 + 10×0.90 = 93; C2: 36 + 30 + 18 + 10 = 94;
    # C3: 40 + 27 + 18 + 9 = 94; C5: 40 + 30 + 20 + 10 = 100.
    assert [(r.rank, r.company_id, r.score) for r in ranking.ranking] == [
        (1, "C5", "100.00"), (2, "C2", "94.00"), (2, "C3", "94.00"), (4, "C1", "93.00")]
    assert list(ranking.blacklisted) == ["C4"]
    public = equipment.pudong.ListBlacklist(pb.ListBlacklistRequest())
    assert [(e.company_id, e.listed_on, e.reason) for e in public.entries] == [
        ("C4", day("2014-12-01"), "维保质量严重失信"),
        ("C5", day("2015-01-01"), "维保质量严重失信")]
    assert not public.next_page_token
    first = equipment.pudong.ListBlacklist(pb.ListBlacklistRequest(page_size=1))
    assert [e.company_id for e in first.entries] == ["C4"] and first.next_page_token
    last = equipment.pudong.ListBlacklist(pb.ListBlacklistRequest(
        page_size=1, page_token=first.next_page_token))
    assert [e.company_id for e in last.entries] == ["C5"] and not last.next_page_token


def test_an_elevator_names_only_a_registered_maintenance_company(
        equipment: Equipment) -> None:
    equipment.city.RegisterMaintenanceCompany(pb.RegisterMaintenanceCompanyRequest(
        request_id=rid(), company=pb.MaintenanceCompany(company_id="C1", name="C1 电梯维保")))
    rows = [elevator("PD-001", L.LOCATION_CATEGORY_MALL, "2012-03-01", company="C1"),
            elevator("PD-002", L.LOCATION_CATEGORY_MALL, "2012-03-01", company="C9")]
    code, violations = refused(lambda: equipment.import_district(equipment.pudong, "pudong",
                                                                 rows))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert violations == [("elevators[1].maintenance_company_id",
                           "is not a registered maintenance company")]
    assert equipment.import_district(equipment.pudong, "pudong", rows[:1]).registered == 1
