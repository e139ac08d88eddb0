"""``cityscore serve`` as operators run it: a real process, drained by SIGTERM."""

from __future__ import annotations

import json
import os
import queue
import signal
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
