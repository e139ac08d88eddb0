"""Per-RPC declarations (core.grpc.rpc): a service whose declarations and proto disagree does
not start, and a declared scope is checked before the handler runs."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import pytest
from google.protobuf.message import Message

from cityscore.common.v1 import common_pb2
from cityscore.core.errors import InvalidArgument, PermissionDenied
from cityscore.core.grpc.auth import READ_ANY, Principal, Role
from cityscore.core.grpc.rpc import (
    DeclarationError,
    ScopeRule,
    _merged,
    district_field,
    enterprise_field,
    rpc,
    service_spec,
)
from cityscore.core.service import ServiceRuntime, ServiceSpec
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as lpg_pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as roads_pb

PUDONG = Principal("pudong-office", Role.DISTRICT_OFFICE, "pudong")
ENTERPRISE = Principal("enterprise-e1", Role.LPG_ENTERPRISE, "E1")
CITY = Principal("city-office", Role.CITY_OFFICE)


def _module(*handlers: Callable[..., Any]) -> types.ModuleType:
    module = types.ModuleType("declared_for_test")
    for handler in handlers:
        handler.__module__ = module.__name__
        setattr(module, handler.__name__, handler)
    return module


def _deps(runtime: ServiceRuntime) -> None:
    return None


def _reference_spec(*handlers: Callable[..., Any]) -> ServiceSpec:
    return service_spec(name="reference_test", file=common_pb2.DESCRIPTOR,
                        service="ReferenceService", modules=[_module(*handlers)], deps=_deps,
                        models_module="cityscore.core.models_for_test")


def list_districts(request: Any, call: Any, session: Any) -> Any:
    raise AssertionError("not called")


def who_am_i(request: Any, call: Any, session: Any) -> Any:
    raise AssertionError("not called")


def test_every_method_declared_once_gives_the_access_table() -> None:
    spec = _reference_spec(rpc(access=READ_ANY)(list_districts),
                           rpc(access=READ_ANY, name="WhoAmI")(who_am_i))
    assert spec.access == {"ListDistricts": READ_ANY, "WhoAmI": READ_ANY}
    assert spec.proto_service == "cityscore.common.v1.ReferenceService"


def test_a_method_without_a_declaration_stops_the_start() -> None:
    with pytest.raises(DeclarationError, match="WhoAmI has no declared handler"):
        _reference_spec(rpc(access=READ_ANY)(list_districts))


def test_a_declaration_for_a_method_the_proto_lacks_stops_the_start() -> None:
    def who_is_it(request: Any, call: Any, session: Any) -> Any:
        raise AssertionError("not called")

    with pytest.raises(DeclarationError, match=r"declares WhoIsIt, which .* does not have"):
        _reference_spec(rpc(access=READ_ANY)(list_districts),
                        rpc(access=READ_ANY, name="WhoAmI")(who_am_i),
                        rpc(access=READ_ANY)(who_is_it))


def test_a_method_declared_twice_stops_the_start() -> None:
    def districts_again(request: Any, call: Any, session: Any) -> Any:
        raise AssertionError("not called")

    with pytest.raises(DeclarationError, match="ListDistricts is declared twice"):
        _reference_spec(rpc(access=READ_ANY)(list_districts),
                        rpc(access=READ_ANY, name="WhoAmI")(who_am_i),
                        rpc(access=READ_ANY, name="ListDistricts")(districts_again))


def test_a_streamed_answer_cannot_be_declared_as_one_write() -> None:
    def export_survey_units(request: Any, call: Any, session: Any) -> Any:
        raise AssertionError("not called")

    with pytest.raises(DeclarationError, match="ExportSurveyUnits streams its answer"):
        service_spec(name="roads_test", file=roads_pb.DESCRIPTOR, service="RuralRoadsService",
                     modules=[_module(rpc(access=READ_ANY, writes=True)(export_survey_units))],
                     deps=_deps, models_module="cityscore.core.models_for_test")


def _allows(rule: ScopeRule, principal: Principal, request: Message, writes: bool) -> bool:
    try:
        rule.check(principal, request, writes)
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize(("principal", "district", "writes", "allowed"), [
    (PUDONG, "pudong", True, True),
    (PUDONG, "xuhui", True, False),
    (PUDONG, "xuhui", False, False),
    (PUDONG, "", False, True),    # a read with no district is narrowed to its own later
    (PUDONG, "", True, False),    # a write must name the district it writes for
    (CITY, "xuhui", True, True),
    (ENTERPRISE, "xuhui", True, True),  # district scope does not bind an enterprise
])
def test_district_scope(principal: Principal, district: str, writes: bool,
                        allowed: bool) -> None:
    request = roads_pb.ListRoadsRequest(district=district)
    assert _allows(district_field("district"), principal, request, writes) is allowed


@pytest.mark.parametrize("principal", [PUDONG, CITY])
def test_a_district_that_does_not_exist_is_bad_input_not_a_denial(principal: Principal) -> None:
    request = roads_pb.ListRoadsRequest(district="atlantis")
    with pytest.raises(InvalidArgument) as refused:
        district_field("district").check(principal, request, False)
    assert [v.field for v in refused.value.violations] == ["district"]


@pytest.mark.parametrize(("principal", "enterprise", "writes", "allowed"), [
    (ENTERPRISE, "E1", True, True),
    (ENTERPRISE, "E2", False, False),
    (ENTERPRISE, "", True, False),
    (ENTERPRISE, "", False, True),
    (PUDONG, "E2", True, True),   # a district office's reach is checked on the stored rows
])
def test_enterprise_scope(principal: Principal, enterprise: str, writes: bool,
                          allowed: bool) -> None:
    request = common_pb2.Principal(scope=enterprise)
    assert _allows(enterprise_field("scope"), principal, request, writes) is allowed


def test_a_client_stream_is_one_request_whose_chunks_agree() -> None:
    chunks = [lpg_pb.ImportCylindersRequest(request_id="r1", owner_enterprise_id="E1",
                                            trace_codes=["A"]),
              lpg_pb.ImportCylindersRequest(request_id="r1", trace_codes=["B", "C"])]
    merged = _merged(iter(chunks), lpg_pb.ImportCylindersRequest)
    assert list(merged.trace_codes) == ["A", "B", "C"]  # type: ignore[attr-defined]
    assert merged.owner_enterprise_id == "E1"  # type: ignore[attr-defined]


def test_a_chunk_from_another_upload_is_refused() -> None:
    chunks = [lpg_pb.ImportCylindersRequest(request_id="r1", owner_enterprise_id="E1"),
              lpg_pb.ImportCylindersRequest(request_id="r1", trace_codes=["B"]),
              lpg_pb.ImportCylindersRequest(request_id="r2", owner_enterprise_id="E2")]
    with pytest.raises(InvalidArgument) as refused:
        _merged(iter(chunks), lpg_pb.ImportCylindersRequest)
    assert [v.field for v in refused.value.violations] == [
        "chunks[2].request_id", "chunks[2].owner_enterprise_id"]
