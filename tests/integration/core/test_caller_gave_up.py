"""A caller that gave up is told it failed, so nothing it sent may be committed after it left:
the unit of work checks that the call is still active before it commits, and rolls back if not.
The caller's retry with the same request id then stores the batch once.

The write is held back deterministically: another connection holds SQLite's write lock while
the caller's deadline passes, then lets go, and the handler does its work for nobody.
"""

from __future__ import annotations

import logging
import sqlite3
import time

import grpc
import pytest
from sqlalchemy import Engine, text
from support import ServerFactory, scrape_metrics

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc

ROWS = 1_000
DEADLINE_SECONDS = 0.5


def _collections(request_id: str) -> pb.RecordCollectionsRequest:
    return pb.RecordCollectionsRequest(
        request_id=request_id, donation_dates=[20170301 + i % 28 for i in range(ROWS)],
        districts=["pudong"] * ROWS, unit_codes=[""] * ROWS,
        channels=[pb.CHANNEL_STREET] * ROWS, volumes_ml=[200] * ROWS, donations=[1] * ROWS)


def _stored(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM blood_quota_collection"))
                   .scalar_one())


def _handler_finished(caplog: pytest.LogCaptureFixture, within: float = 120.0) -> str:
    """The gRPC code the server logged when the abandoned call's handler ended (it goes on
    after the caller's deadline)."""
    waited = time.monotonic() + within
    while time.monotonic() < waited:
        for record in caplog.records:
            if record.getMessage() == "rpc finished":
                return str(getattr(record, "grpc_code", ""))
        time.sleep(0.05)
    raise AssertionError("the handler did not finish")


def test_a_write_whose_caller_left_is_rolled_back_and_its_retry_stores_once(
        start_server: ServerFactory, caplog: pytest.LogCaptureFixture) -> None:
    running = start_server(["blood_quota"])
    stub = pb_grpc.BloodQuotaServiceStub(running.channel())
    stub.CreatePlan(pb.CreatePlanRequest(request_id="p", plan=pb.Plan(year=2017),
                                         use_published=True))
    stub.ImportPublishedAllocation(pb.ImportPublishedAllocationRequest(request_id="t",
                                                                       year=2017))
    batch = _collections("collections-march")
    database = running.engine("blood_quota").url.database
    assert database is not None
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the handler's unit of work waits for this lock
    try:
        with caplog.at_level(logging.INFO), pytest.raises(grpc.RpcError) as gave_up:
            stub.RecordCollections(iter([batch]), timeout=DEADLINE_SECONDS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert gave_up.value.code() is grpc.StatusCode.DEADLINE_EXCEEDED
    with caplog.at_level(logging.INFO):
        code = _handler_finished(caplog)
    assert code == "CANCELLED"
    assert _stored(running.engine("blood_quota")) == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    handled = [line for line in scrape_metrics(running.server.metrics_port).splitlines()
               if line.startswith("grpc_server_handled_total")
               and 'grpc_method="RecordCollections"' in line]
    assert handled and all('grpc_code="CANCELLED"' in line for line in handled), handled

    retried = stub.RecordCollections(iter([batch]), timeout=300)
    assert retried.recorded == ROWS
    assert stub.RecordCollections(iter([batch]), timeout=300) == retried
    assert _stored(running.engine("blood_quota")) == ROWS
