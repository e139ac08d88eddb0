"""The district gauges are read from the database at scrape time: a restarted server and every
replica on the same database report the latest closed survey's results and target failures."""

from __future__ import annotations

from typing import Any

from integration.services.rural_roads import roads_world as worked
from prometheus_client.parser import text_string_to_metric_families
from support import scrape_metrics

from cityscore.core.districts import all_districts
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc

GAUGES = ("cityscore_rural_roads_pqi", "cityscore_rural_roads_excellent_good_fair_ratio",
          "cityscore_rural_roads_targets_failing")


def gauges(running: Any) -> dict[tuple[str, str], float]:
    """The district gauges of a server's scrape, by name and district."""
    return {(s.name, s.labels["district"]): s.value
            for family in text_string_to_metric_families(
                scrape_metrics(running.server.metrics_port))
            if family.name in GAUGES for s in family.samples}


def stub_for(running: Any) -> Any:
    return pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))


def failing(stub: Any, year: int, district: str) -> int:
    report = stub.GetTargetReport(pb.GetTargetReportRequest(year=year, district=district))
    return int(report.failing)


def test_district_gauges_survive_a_restart_and_agree_across_replicas(
        start_server: Any, sqlite_url: str) -> None:
    first = start_server(["rural_roads"], database_url=sqlite_url)
    stub = stub_for(first)
    worked.network(stub)
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s-2019", year=2019))
    assert gauges(first) == {}  # nothing closed yet
    stub.UploadSurveyUnits(iter([worked.chunk(0, [("RA", 0, 1000), ("RX", 0, 1000)],
                                              iri=[2.0, 12.0])]))
    stub.CloseSurvey(pb.CloseSurveyRequest(request_id="c-2019", year=2019))
    before = gauges(first)
    first.server.stop(grace=0)

    restarted = start_server(["rural_roads"], database_url=sqlite_url)
    after = gauges(restarted)
    assert after == before
    # Only IRI was measured: no PCI, so PQI = RQI (rural_roads.md §6.3 corrected, §7.4).
    assert after[("cityscore_rural_roads_pqi", "pudong")] == 94.43
    assert after[("cityscore_rural_roads_excellent_good_fair_ratio", "pudong")] == 1.0
    assert after[("cityscore_rural_roads_pqi", "xuhui")] == 4.88  # RQI at IRI 12 m/km
    assert after[("cityscore_rural_roads_excellent_good_fair_ratio", "xuhui")] == 0.0
    # Every district's failures in the survey year, as its own target report counts them.
    stub = stub_for(restarted)
    assert {d for name, d in after if name.endswith("targets_failing")} == {
        d.code for d in all_districts()}
    for district, count in (("pudong", 3), ("xuhui", 3), ("jingan", 0)):
        assert after[("cityscore_rural_roads_targets_failing", district)] == count == failing(
            stub, 2019, district)

    # A replica on the same database closes a newer survey; both servers report it.
    replica = start_server(["rural_roads"], database_url=sqlite_url)
    other = stub_for(replica)
    other.CreateSurvey(pb.CreateSurveyRequest(request_id="s-2020", year=2020))
    other.UploadSurveyUnits(iter([worked.chunk(0, [("RA", 0, 1000)], year=2020, iri=[6.0])]))
    other.CloseSurvey(pb.CloseSurveyRequest(request_id="c-2020", year=2020))
    newest = gauges(restarted)
    assert newest == gauges(replica)
    assert newest[("cityscore_rural_roads_pqi", "pudong")] == 62.48  # RQI at IRI 6 (§7.4)
    assert ("cityscore_rural_roads_pqi", "xuhui") not in newest  # not surveyed in 2020
    assert newest[("cityscore_rural_roads_targets_failing", "pudong")] == failing(
        stub, 2020, "pudong")
