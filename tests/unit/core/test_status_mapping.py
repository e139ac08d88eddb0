"""Domain errors become gRPC statuses whose details fit what clients accept."""

from __future__ import annotations

from google.rpc import code_pb2, error_details_pb2

from cityscore.core import errors
from cityscore.core.grpc.status import DETAILS_BUDGET_BYTES, to_rpc_status


def _unpack(status: object, kind: type) -> object:
    for packed in status.details:  # type: ignore[attr-defined]
        if packed.Is(kind.DESCRIPTOR):  # type: ignore[attr-defined]
            found = kind()
            packed.Unpack(found)
            return found
    raise AssertionError(f"no {kind.__name__} in the status")


def test_every_field_violation_is_listed_when_they_fit() -> None:
    error = errors.InvalidArgument("bad rows", [
        errors.FieldViolation(f"rows[{i}].volume_ml", "must be 200, 300 or 400") for i in range(5)])
    status = to_rpc_status(error, "req-1")
    assert status.code == code_pb2.INVALID_ARGUMENT
    bad_request = _unpack(status, error_details_pb2.BadRequest)
    assert [v.field for v in bad_request.field_violations] == [  # type: ignore[attr-defined]
        f"rows[{i}].volume_ml" for i in range(5)]
    info = _unpack(status, error_details_pb2.ErrorInfo)
    assert info.reason == "INVALID_ARGUMENT" and info.domain == "cityscore"  # type: ignore[attr-defined]


def test_thousands_of_violations_are_cut_to_fit_with_a_count_of_the_rest() -> None:
    error = errors.InvalidArgument("bad rows", [
        errors.FieldViolation(f"rows[{i}].volume_ml", "must be 200, 300 or 400")
        for i in range(5000)])
    status = to_rpc_status(error, "req-2")
    assert status.ByteSize() < DETAILS_BUDGET_BYTES + 1024
    violations = _unpack(status, error_details_pb2.BadRequest).field_violations  # type: ignore[attr-defined]
    assert violations[0].field == "rows[0].volume_ml"
    listed = len(violations) - 1
    assert violations[-1].description == f"and {5000 - listed} more invalid fields not listed"


def test_failed_rules_and_missing_resources_carry_their_details() -> None:
    refused = to_rpc_status(errors.FailedPrecondition("refused", [
        errors.PreconditionViolation("CYL_OVERDUE", "C-1", "inspection overdue")]), "r")
    assert refused.code == code_pb2.FAILED_PRECONDITION
    violation = _unpack(refused, error_details_pb2.PreconditionFailure).violations[0]  # type: ignore[attr-defined]
    assert (violation.type, violation.subject) == ("CYL_OVERDUE", "C-1")
    missing = to_rpc_status(errors.NotFound("district", "atlantis"), "r")
    assert missing.code == code_pb2.NOT_FOUND
    resource = _unpack(missing, error_details_pb2.ResourceInfo)
    assert (resource.resource_type, resource.resource_name) == ("district", "atlantis")  # type: ignore[attr-defined]
