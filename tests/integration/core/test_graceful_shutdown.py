"""``cityscore serve`` as operators run it: a real process, drained by SIGTERM."""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as blood_pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as blood_grpc


def _log_lines(process: subprocess.Popen[str], into: queue.Queue[dict[str, object]]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("{"):
            into.put(json.loads(line))


def _wait_for(lines: queue.Queue[dict[str, object]], message: str,
              process: subprocess.Popen[str] | None = None) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            entry = lines.get(timeout=1)
        except queue.Empty:
            if process is not None and process.poll() is not None:
                raise AssertionError(f"the server exited with {process.returncode}") from None
            continue
        if entry.get("message") == message:
            return entry
    raise AssertionError(f"the server never logged {message!r}")


SERVE_COMMAND = ("-m", "cityscore", "serve")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str,
                                             queue.Queue[dict[str, object]]]]:
    env = {**os.environ, "CITYSCORE_GRPC_ADDRESS": "127.0.0.1:0", "CITYSCORE_METRICS_ADDRESS": "",
           "CITYSCORE_DATA_DIR": str(tmp_path / "var"), "CITYSCORE_SHUTDOWN_GRACE_SECONDS": "10",
           "CITYSCORE_LOG_FORMAT": "json"}
    env.pop("CITYSCORE_TOKENS_FILE", None)
    process = subprocess.Popen([sys.executable, *SERVE_COMMAND], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[dict[str, object]] = queue.Queue()
    threading.Thread(target=_log_lines, args=(process, lines), daemon=True).start()
    try:
        serving = _wait_for(lines, "serving", process)
        yield process, str(serving["address"]), lines
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)


def test_sigterm_drains_the_call_in_flight_and_exits_zero(
        served: tuple[subprocess.Popen[str], str, queue.Queue[dict[str, object]]]) -> None:
    process, target, lines = served
    with grpc.insecure_channel(target) as channel:
        watch = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(),
                                                          timeout=30)
        assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
        # A reflection stream stays open between our requests: a call in flight.
        outgoing: queue.Queue[reflection_pb2.ServerReflectionRequest | None] = queue.Queue()
        stream = reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(
            iter(outgoing.get, None), timeout=30)
        outgoing.put(reflection_pb2.ServerReflectionRequest(list_services=""))
        first = next(stream)
        assert "cityscore.common.v1.ReferenceService" in {
            s.name for s in first.list_services_response.service}

        process.send_signal(signal.SIGTERM)
        assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
        watch.cancel()
        _wait_for(lines, "shutting down")
        with pytest.raises(grpc.RpcError):  # new calls are refused while draining
            health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)

        outgoing.put(reflection_pb2.ServerReflectionRequest(
            file_containing_symbol="cityscore.common.v1.ReferenceService"))
        second = next(stream)
        assert second.file_descriptor_response.file_descriptor_proto
        outgoing.put(None)
        assert list(stream) == []
    assert process.wait(30) == 0
    _wait_for(lines, "stopped")


def _serve_blood(tmp_path: Path, grace_seconds: float
                 ) -> tuple[subprocess.Popen[str], str, queue.Queue[dict[str, object]]]:
    env = {**os.environ, "CITYSCORE_GRPC_ADDRESS": "127.0.0.1:0", "CITYSCORE_METRICS_ADDRESS": "",
           "CITYSCORE_DATA_DIR": str(tmp_path / "var"),
           "CITYSCORE_SHUTDOWN_GRACE_SECONDS": str(grace_seconds), "CITYSCORE_LOG_FORMAT": "json"}
    env.pop("CITYSCORE_TOKENS_FILE", None)
    process = subprocess.Popen([sys.executable, *SERVE_COMMAND, "blood_quota"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[dict[str, object]] = queue.Queue()
    threading.Thread(target=_log_lines, args=(process, lines), daemon=True).start()
    serving = _wait_for(lines, "serving", process)
    return process, str(serving["address"]), lines


def _collections(request_id: str, rows: int) -> blood_pb.RecordCollectionsRequest:
    return blood_pb.RecordCollectionsRequest(
        request_id=request_id, donation_dates=[20170301] * rows, districts=["pudong"] * rows,
        unit_codes=[""] * rows, channels=[blood_pb.CHANNEL_STREET] * rows,
        volumes_ml=[200] * rows, donations=[1] * rows)


def _with_plan(channel: grpc.Channel) -> blood_grpc.BloodQuotaServiceStub:
    stub = blood_grpc.BloodQuotaServiceStub(channel)
    stub.CreatePlan(blood_pb.CreatePlanRequest(request_id="p", plan=blood_pb.Plan(year=2017),
                                               use_published=True), timeout=30)
    stub.ImportPublishedAllocation(blood_pb.ImportPublishedAllocationRequest(
        request_id="t", year=2017), timeout=30)
    return stub


def _stored_collections(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "var" / "blood_quota.db") as connection:
        return int(connection.execute("SELECT count(*) FROM blood_quota_collection")
                   .fetchone()[0])


@pytest.mark.slow
def test_sigterm_with_calls_in_flight_finishes_every_one_and_exits_within_the_grace(
        tmp_path: Path) -> None:
    grace = 20.0
    calls, rows = 12, 20_000
    process, target, _ = _serve_blood(tmp_path, grace)
    try:
        with grpc.insecure_channel(target) as channel:
            stub = _with_plan(channel)
            # A probe's watch never ends by itself; the drain must not wait for it.
            watch = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(),
                                                              timeout=60)
            assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
            outcomes: dict[int, str] = {}

            def record(index: int) -> None:
                try:
                    stub.RecordCollections(iter([_collections(f"c{index}", rows)]), timeout=120)
                    outcomes[index] = "OK"
                except grpc.RpcError as error:
                    outcomes[index] = error.code().name

            senders = [threading.Thread(target=record, args=(i,)) for i in range(calls)]
            for sender in senders:
                sender.start()
            time.sleep(0.5)
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            for sender in senders:
                sender.join(120)
            assert process.wait(60) == 0
            exited_after = time.monotonic() - signalled
            watch.cancel()
        assert outcomes == dict.fromkeys(range(calls), "OK")
        assert exited_after < grace
        assert _stored_collections(tmp_path) == calls * rows
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.slow
def test_a_call_outlasting_the_grace_does_not_hold_the_process_and_stores_nothing(
        tmp_path: Path) -> None:
    grace = 1.0
    process, target, _ = _serve_blood(tmp_path, grace)
    try:
        with grpc.insecure_channel(target) as channel:
            stub = _with_plan(channel)
            outcome: list[grpc.StatusCode] = []

            def record() -> None:
                try:
                    stub.RecordCollections(iter([_collections("long", 400_000)]), timeout=120)
                    outcome.append(grpc.StatusCode.OK)
                except grpc.RpcError as error:
                    outcome.append(error.code())

            sender = threading.Thread(target=record)
            sender.start()
            time.sleep(0.5)
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            assert process.wait(60) == 0
            exited_after = time.monotonic() - signalled
            sender.join(60)
        assert outcome and outcome[0] is not grpc.StatusCode.OK
        # Within the grace and the moment it takes to cancel and close, never the work's end.
        assert exited_after < grace + 2.0
        assert _stored_collections(tmp_path) == 0
    finally:
        if process.poll() is None:
            process.kill()
