"""The quota gauges are read from the database at scrape time: a restarted server and every
replica on the same database report the same per-district values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from integration.services.blood_quota.test_workflow import (
    collections_request,
    import_and_adopt,
    stub_for,
)
from prometheus_client.parser import text_string_to_metric_families
from support import scrape_metrics

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.common.v1 import common_pb2
from cityscore.core.clock import FixedClock

GAUGES = ("cityscore_blood_quota_quota_units", "cityscore_blood_quota_collected_units",
          "cityscore_blood_quota_progress_ratio", "cityscore_blood_quota_donations_400ml_ratio")


@pytest.fixture
def clock() -> FixedClock:
    """Mid-2017, so the published 2017 plan is the current year's."""
    return FixedClock(dt.datetime(2017, 6, 30, 4, 0, tzinfo=dt.UTC))


def gauges(running: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The quota gauges of a server's scrape, by name and labels."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(
                scrape_metrics(running.server.metrics_port))
            if family.name in GAUGES for s in family.samples}


def value(found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str,
          **labels: str) -> float:
    return found[(f"cityscore_blood_quota_{name}", tuple(sorted(labels.items())))]


def test_progress_gauges_survive_a_restart_and_agree_across_replicas(
        start_server: Any, sqlite_url: str) -> None:
    first = start_server(["blood_quota"], database_url=sqlite_url)
    stub = stub_for(first)
    stub.CreatePlan(pb.CreatePlanRequest(request_id="plan", plan=pb.Plan(year=2017),
                                         use_published=True))
    import_and_adopt(stub)
    stub.RecordCollections(iter([collections_request("c", [
        (20170301, "pudong", "", pb.CHANNEL_GROUP, 400, 10),
        (20170302, "pudong", "", pb.CHANNEL_STREET, 200, 30),
        (20170303, "xuhui", "", pb.CHANNEL_DRILL, 200, 5),
        (20170304, "xuhui", "", pb.CHANNEL_UNIVERSITY, 200, 4)])]))
    before = gauges(first)
    first.server.stop(grace=0)

    restarted = start_server(["blood_quota"], database_url=sqlite_url)
    after = gauges(restarted)
    assert after == before
    assert value(after, "quota_units", year="2017", row="pudong") == 52878
    assert value(after, "collected_units", year="2017", row="pudong") == 50  # 4000 + 6000 ml
    assert value(after, "progress_ratio", year="2017", row="pudong") == pytest.approx(
        10_000 / (52878 * 200))
    assert value(after, "collected_units", year="2017", row="xuhui") == 5
    assert value(after, "collected_units", year="2017", row="universities") == 4
    assert value(after, "collected_units", year="2017", row="jingan") == 0
    assert value(after, "donations_400ml_ratio", year="2017") == pytest.approx(10 / 49)
    assert sum(1 for name, _ in after if name.endswith("_quota_units")) == 19  # printed rows

    # A second replica on the same database sees what the first one records, and vice versa.
    replica = start_server(["blood_quota"], database_url=sqlite_url)
    stub_for(replica, "pudong-token").RecordCollection(pb.RecordCollectionRequest(
        request_id="one", collection=pb.Collection(
            donation_date=common_pb2.Date(year=2017, month=6, day=30), district="pudong",
            channel=pb.CHANNEL_STREET, volume_ml=400, donations=1)))
    assert gauges(restarted) == gauges(replica)
    assert value(gauges(restarted), "collected_units", year="2017", row="pudong") == 52

