"""Domain gauges read from the database at scrape time: while the database is gone the scrape
still answers with the RPC and kernel metrics, leaves those gauges out and logs why."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from support import ServerFactory, scrape_metrics

#: One gauge of each service that is computed from its database.
STORED_GAUGES = {
    "wage_assessment": "cityscore_wage_assessment_cycles",
    "blood_quota": "cityscore_blood_quota_quota_units",
    "rural_roads": "cityscore_rural_roads_targets_failing",
    "lpg_registry": "cityscore_lpg_registry_campaign_registered_users",
    "special_equipment": "cityscore_special_equipment_annex_tasks_overdue",
}


@pytest.mark.parametrize("service", sorted(STORED_GAUGES))
def test_scrape_answers_without_the_database(start_server: ServerFactory, tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture,
                                             service: str) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    running = start_server([service], database_url=f"sqlite:///{folder / 'state.db'}")
    scrape_metrics(running.server.metrics_port)
    folder.rename(tmp_path / "moved")
    running.engine(service).dispose()

    with caplog.at_level(logging.WARNING, logger="cityscore.metrics"):
        exposition = scrape_metrics(running.server.metrics_port)
    families = {f.name: f for f in text_string_to_metric_families(exposition)}
    assert families["cityscore_kernel_implementation_info"].samples
    assert STORED_GAUGES[service] not in families
    assert any(service in r.getMessage() and "not answering" in r.getMessage()
               for r in caplog.records)
