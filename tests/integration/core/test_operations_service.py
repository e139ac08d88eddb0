"""``google.longrunning.Operations`` is served once per server and routes each name to the
service that owns it; a name it does not know is refused with the field to fix."""

from __future__ import annotations

import grpc
import pytest
from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from google.longrunning import operations_proto_pb2 as lro
from support import ServerFactory, error_details


def _violations(error: grpc.RpcError) -> dict[str, str]:
    return {v.field: v.description
            for v in error_details(error)["BadRequest"].field_violations}


def _refused(call: object, request: object) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as refused:
        call(request)  # type: ignore[operator]
    return refused.value


def test_names_are_routed_to_the_owning_service(start_server: ServerFactory) -> None:
    running = start_server(["rural_roads", "blood_quota"])
    operations = lro_grpc.OperationsStub(running.channel("city-token"))
    assert not operations.ListOperations(lro.ListOperationsRequest(
        name="operations/rural_roads")).operations
    missing = _refused(operations.GetOperation, lro.GetOperationRequest(
        name="operations/rural_roads/0b1c"))
    assert missing.code() == grpc.StatusCode.NOT_FOUND
    # A service that runs no operations owns no operation.
    missing = _refused(operations.GetOperation, lro.GetOperationRequest(
        name="operations/blood_quota/0b1c"))
    assert missing.code() == grpc.StatusCode.NOT_FOUND
    bad = _refused(operations.GetOperation, lro.GetOperationRequest(name="surveys/2019"))
    assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert _violations(bad) == {
        "name": "operations/<service>/<id>, as the start call answered"}
    bad = _refused(operations.ListOperations, lro.ListOperationsRequest(
        name="operations/blood_quota"))
    assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert _violations(bad) == {
        "name": "operations/<service> of a service that runs operations: "
                "operations/rural_roads"}
    kept = _refused(operations.DeleteOperation, lro.DeleteOperationRequest(
        name="operations/rural_roads/0b1c"))
    assert kept.code() == grpc.StatusCode.UNIMPLEMENTED


def test_operations_need_an_authenticated_caller(start_server: ServerFactory) -> None:
    running = start_server(["rural_roads"])
    operations = lro_grpc.OperationsStub(running.channel(None))
    refused = _refused(operations.ListOperations, lro.ListOperationsRequest(
        name="operations/rural_roads"))
    assert refused.code() == grpc.StatusCode.UNAUTHENTICATED
