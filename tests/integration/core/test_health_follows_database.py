"""A service's health follows its database: NOT_SERVING while it cannot be reached."""

from __future__ import annotations

import time
from pathlib import Path

from grpc_health.v1 import health_pb2, health_pb2_grpc
from support import ServerFactory

SERVICE = "cityscore.wage_assessment.v1.WageAssessmentService"
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def _eventually(check: health_pb2_grpc.HealthStub, service: str, status: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if check.Check(health_pb2.HealthCheckRequest(service=service), timeout=5).status == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"{service or 'overall'} health never became {status}")


def test_health_goes_not_serving_while_the_database_is_gone(start_server: ServerFactory,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    running = start_server(["wage_assessment"], database_url=f"sqlite:///{folder / 'w.db'}")
    health = health_pb2_grpc.HealthStub(running.channel(None))
    _eventually(health, SERVICE, SERVING)

    folder.rename(tmp_path / "moved")
    running.engine("wage_assessment").dispose()
    _eventually(health, SERVICE, NOT_SERVING)
    _eventually(health, "", NOT_SERVING)
    assert health.Check(health_pb2.HealthCheckRequest(
        service="cityscore.common.v1.ReferenceService"), timeout=5).status == SERVING

    (tmp_path / "moved").rename(folder)
    _eventually(health, SERVICE, SERVING)
    _eventually(health, "", SERVING)
