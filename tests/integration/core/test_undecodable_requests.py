"""Bytes that are not the method's message are the caller's mistake: INVALID_ARGUMENT with the
request id and one warning line, never INTERNAL with a traceback. The health service's ``List``
answers."""

from __future__ import annotations

import logging

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support import ServerFactory, error_details

BLOOD = "/cityscore.blood_quota.v1.BloodQuotaService"
#: Field 1 as a length-delimited record that claims more bytes than follow.
TRUNCATED = b"\x0a\xff\x01"


def test_undecodable_unary_request(start_server: ServerFactory,
                                   caplog: pytest.LogCaptureFixture) -> None:
    running = start_server(["blood_quota"])
    call = running.channel().unary_unary(f"{BLOOD}/GetPlan", None, None)
    with caplog.at_level(logging.INFO), pytest.raises(grpc.RpcError) as failed:
        call(TRUNCATED, timeout=10, metadata=(("x-request-id", "bad-bytes-1"),))
    assert failed.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    details = error_details(failed.value)
    assert details["RequestInfo"].request_id == "bad-bytes-1"
    assert [v.field for v in details["BadRequest"].field_violations] == ["request"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING
                and "not the method's message" in r.getMessage()]
    assert len(warnings) == 1
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_undecodable_chunk_of_a_client_stream(start_server: ServerFactory) -> None:
    running = start_server(["blood_quota"])
    call = running.channel().stream_unary(f"{BLOOD}/RecordCollections", None, None)
    with pytest.raises(grpc.RpcError) as failed:
        call(iter([b"", TRUNCATED]), timeout=10)
    assert failed.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_health_list_names_every_hosted_service(start_server: ServerFactory) -> None:
    running = start_server(["blood_quota"])
    health = health_pb2_grpc.HealthStub(running.channel(token=None))
    listed = health.List(health_pb2.HealthListRequest(), timeout=10)
    assert set(listed.statuses) >= {"", "cityscore.blood_quota.v1.BloodQuotaService",
                                    "cityscore.common.v1.ReferenceService"}
    assert listed.statuses["cityscore.blood_quota.v1.BloodQuotaService"].status == \
        health_pb2.HealthCheckResponse.SERVING
