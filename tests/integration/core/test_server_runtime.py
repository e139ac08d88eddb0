"""Server start-up rules, health, reflection and the metrics exposition."""

from __future__ import annotations

import json
import subprocess
import time
from importlib import metadata
from pathlib import Path

import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from support import ServerFactory, require_tool, scrape_metrics

from cityscore.core.config import Settings
from cityscore.core.grpc.auth import TokensFileError, parse_tokens
from cityscore.core.grpc.server import StartupError, build_server, is_loopback


@pytest.mark.parametrize(("address", "loopback"), [
    ("127.0.0.1:50051", True), ("localhost:1", True), ("[::1]:50051", True),
    ("0.0.0.0:50051", False), ("10.1.2.3:50051", False), ("[::]:50051", False)])
def test_loopback_addresses(address: str, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def test_refuses_to_serve_beyond_loopback_without_tokens(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="without authentication"):
        build_server(Settings(grpc_address="0.0.0.0:0", metrics_address="",
                              data_dir=tmp_path), [])


@pytest.mark.parametrize(("document", "message"), [
    ("not json", "JSON object"),
    ('{"tokens": [{"sha256": "ab", "principal": "p", "role": "operator"}]}', "64 hex"),
    ('{"tokens": [{"sha256": "' + "a" * 64 + '", "principal": "p", "role": "king"}]}',
     "known role"),
    ('{"tokens": [{"sha256": "' + "a" * 64 + '", "principal": "p", '
     '"role": "district_office"}]}', "needs a scope"),
])
def test_malformed_tokens_files_are_refused(document: str, message: str) -> None:
    with pytest.raises(TokensFileError, match=message):
        parse_tokens(document)


def test_tokens_file_changes_take_effect_without_restart(start_server: ServerFactory,
                                                        tmp_path: Path) -> None:
    """A revoked token is refused within the store's recheck second, with no restart."""
    from cityscore.common.v1 import common_pb2, common_pb2_grpc
    running = start_server([])
    stub = common_pb2_grpc.ReferenceServiceStub(running.channel("operator-token"))
    assert stub.WhoAmI(common_pb2.WhoAmIRequest(), timeout=5).principal.name == "ops"
    tokens_path = tmp_path / "tokens.json"
    document = json.loads(tokens_path.read_text())
    document["tokens"] = [t for t in document["tokens"] if t["principal"] != "ops"]
    tokens_path.write_text(json.dumps(document) + "\n")
    deadline = time.monotonic() + 3.0
    while True:
        try:
            stub.WhoAmI(common_pb2.WhoAmIRequest(), timeout=5)
        except grpc.RpcError as refused:
            assert refused.code() is grpc.StatusCode.UNAUTHENTICATED
            break
        assert time.monotonic() < deadline, "the revoked token is still accepted after 3 s"
        time.sleep(0.05)


def test_health_is_public_and_goes_not_serving_on_shutdown(start_server: ServerFactory) -> None:
    running = start_server([])
    health = health_pb2_grpc.HealthStub(running.channel(None))
    check = health.Check(health_pb2.HealthCheckRequest(
        service="cityscore.common.v1.ReferenceService"), timeout=5)
    assert check.status == health_pb2.HealthCheckResponse.SERVING
    watch = health.Watch(health_pb2.HealthCheckRequest(service=""), timeout=10)
    assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
    running.server.health.enter_graceful_shutdown()
    assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
    watch.cancel()


def test_reflection_lists_the_services(start_server: ServerFactory) -> None:
    running = start_server([])
    stub = reflection_pb2_grpc.ServerReflectionStub(running.channel("operator-token"))
    answers = stub.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5)
    names = {s.name for s in next(answers).list_services_response.service}
    assert {"cityscore.common.v1.ReferenceService", "grpc.health.v1.Health",
            "grpc.reflection.v1alpha.ServerReflection"} <= names


def test_reflection_describes_a_method(start_server: ServerFactory) -> None:
    """What ``grpcurl describe Service.Method`` asks: the file that holds the method's symbol."""
    running = start_server([])
    stub = reflection_pb2_grpc.ServerReflectionStub(running.channel("operator-token"))
    answers = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(
        file_containing_symbol="cityscore.common.v1.ReferenceService.ListDistricts")]), timeout=5)
    answer = next(answers)
    assert answer.WhichOneof("message_response") == "file_descriptor_response", answer
    files = [descriptor_pb2.FileDescriptorProto.FromString(raw)
             for raw in answer.file_descriptor_response.file_descriptor_proto]
    methods = {method.name for file in files for service in file.service
               for method in service.method}
    assert "ListDistricts" in methods


def test_build_info_and_no_created_series(start_server: ServerFactory) -> None:
    running = start_server([], build_revision="0123abc")
    exposition = scrape_metrics(running.server.metrics_port)
    package_version = metadata.version("cityscore")
    assert (f'cityscore_build_info{{revision="0123abc",version="{package_version}"}} 1.0'
            in exposition)
    assert "_created" not in exposition


def test_metrics_exposition_passes_promtool(start_server: ServerFactory) -> None:
    promtool = require_tool("promtool")
    from cityscore.common.v1 import common_pb2, common_pb2_grpc
    running = start_server([])
    common_pb2_grpc.ReferenceServiceStub(running.channel("city-token")).ListDistricts(
        common_pb2.ListDistrictsRequest(), timeout=5)
    exposition = scrape_metrics(running.server.metrics_port)
    result = subprocess.run([promtool, "check", "metrics"], input=exposition,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
