"""The reference service through a real server: identity, authentication, metrics."""

from __future__ import annotations

import grpc
import pytest
from support import ServerFactory, error_details, scrape_metrics

from cityscore.common.v1 import common_pb2, common_pb2_grpc


def test_lists_the_sixteen_districts_in_published_order(start_server: ServerFactory) -> None:
    running = start_server([])
    stub = common_pb2_grpc.ReferenceServiceStub(running.channel("operator-token"))
    districts = stub.ListDistricts(common_pb2.ListDistrictsRequest(), timeout=5).districts
    assert [d.code for d in districts][:3] == ["huangpu", "xuhui", "changning"]
    assert len(districts) == 16
    assert districts[9].code == "pudong" and districts[9].name_zh == "浦东新区"
    assert [d.order for d in districts] == list(range(1, 17))


@pytest.mark.parametrize(("token", "name", "role", "scope"), [
    ("city-token", "city-office", common_pb2.ROLE_CITY_OFFICE, ""),
    ("pudong-token", "pudong-office", common_pb2.ROLE_DISTRICT_OFFICE, "pudong"),
    ("lpg-e1-token", "enterprise-e1", common_pb2.ROLE_LPG_ENTERPRISE, "E1"),
    ("operator-token", "ops", common_pb2.ROLE_OPERATOR, ""),
])
def test_whoami_reports_the_principal_of_the_token(
        start_server: ServerFactory, token: str, name: str, role: int, scope: str) -> None:
    running = start_server([])
    stub = common_pb2_grpc.ReferenceServiceStub(running.channel(token))
    principal = stub.WhoAmI(common_pb2.WhoAmIRequest(), timeout=5).principal
    assert (principal.name, principal.role, principal.scope) == (name, role, scope)
    assert not principal.anonymous


@pytest.mark.parametrize(("token", "reason"), [(None, "TOKEN_MISSING"),
                                               ("not-a-token", "TOKEN_INVALID")])
def test_calls_without_a_valid_token_are_unauthenticated_and_counted(
        start_server: ServerFactory, token: str | None, reason: str) -> None:
    running = start_server([])
    stub = common_pb2_grpc.ReferenceServiceStub(running.channel(token))
    with pytest.raises(grpc.RpcError) as caught:
        stub.WhoAmI(common_pb2.WhoAmIRequest(), timeout=5,
                    metadata=[("x-request-id", "req-auth-1")])
    assert caught.value.code() is grpc.StatusCode.UNAUTHENTICATED
    details = error_details(caught.value)
    assert details["ErrorInfo"].reason == reason
    assert details["RequestInfo"].request_id == "req-auth-1"
    text = scrape_metrics(running.server.metrics_port)
    assert ('cityscore_auth_denied_total{grpc_code="UNAUTHENTICATED",'
            f'grpc_service="cityscore.common.v1.ReferenceService",reason="{reason}"}} 1.0') in text
    assert ('grpc_server_handled_total{grpc_code="UNAUTHENTICATED",grpc_method="WhoAmI",'
            'grpc_service="cityscore.common.v1.ReferenceService",grpc_type="unary"} 1.0') in text


def test_anonymous_loopback_mode_answers_as_local_city_office(start_server: ServerFactory) -> None:
    running = start_server([], tokens=False)
    stub = common_pb2_grpc.ReferenceServiceStub(running.channel(None))
    principal = stub.WhoAmI(common_pb2.WhoAmIRequest(), timeout=5).principal
    assert principal.anonymous and principal.role == common_pb2.ROLE_CITY_OFFICE


def test_rpc_metrics_count_started_and_handled_calls(start_server: ServerFactory) -> None:
    running = start_server([])
    stub = common_pb2_grpc.ReferenceServiceStub(running.channel("city-token"))
    for _ in range(3):
        stub.ListDistricts(common_pb2.ListDistrictsRequest(), timeout=5)
    text = scrape_metrics(running.server.metrics_port)
    labels = ('grpc_method="ListDistricts",grpc_service="cityscore.common.v1.ReferenceService",'
              'grpc_type="unary"')
    assert f"grpc_server_started_total{{{labels}}} 3.0" in text
    assert f'grpc_server_handled_total{{grpc_code="OK",{labels}}} 3.0' in text
    assert f"grpc_server_handling_seconds_count{{{labels}}} 3.0" in text
    assert 'cityscore_kernel_implementation_info{implementation="' in text


def test_unknown_method_is_unimplemented(start_server: ServerFactory) -> None:
    running = start_server([])
    call = running.channel("city-token").unary_unary(
        "/cityscore.common.v1.ReferenceService/Nope", request_serializer=bytes,
        response_deserializer=bytes)
    with pytest.raises(grpc.RpcError) as caught:
        call(b"", timeout=5)
    assert caught.value.code() is grpc.StatusCode.UNIMPLEMENTED
