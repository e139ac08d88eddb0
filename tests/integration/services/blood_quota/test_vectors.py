"""Every test vector of blood_quota.md §10, through the gRPC API, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.core.districts import all_districts

#: District codes in byte order, so that entity i's code sorts before entity i+1's (§8.4).
CODES = sorted(d.code for d in all_districts())
PUBLISHED_ORDER = [d.code for d in all_districts()]
PUBLISHED_UNITS = [32650, 22332, 12876, 37661, 11597, 12548, 15480, 16317, 32000, 52878, 18512,
                   13539, 15987, 20955, 11900, 14822]
METHODS = {"hamilton": pb.APPORTIONMENT_METHOD_HAMILTON, "dhondt": pb.APPORTIONMENT_METHOD_DHONDT,
           "webster": pb.APPORTIONMENT_METHOD_WEBSTER,
           "huntington_hill": pb.APPORTIONMENT_METHOD_HUNTINGTON_HILL,
           "adams": pb.APPORTIONMENT_METHOD_ADAMS}


@pytest.fixture
def stub(start_server, database_url: str) -> pb_grpc.BloodQuotaServiceStub:  # type: ignore[no-untyped-def]
    running = start_server(["blood_quota"], database_url=database_url)
    service = pb_grpc.BloodQuotaServiceStub(running.channel("city-token"))
    service.CreatePlan(pb.CreatePlanRequest(request_id=uuid.uuid4().hex,
                                            plan=pb.Plan(year=2017), use_published=True))
    return service


def what_if(stub: pb_grpc.BloodQuotaServiceStub, method: str, weights: Sequence[int], house: int,
            *, lower: Sequence[int] | None = None, upper: Sequence[int | None] | None = None,
            codes: Sequence[str] | None = None) -> pb.Allocation:
    codes = list(codes or CODES[:len(weights)])
    inputs = []
    for i, weight in enumerate(weights):
        row = pb.DistrictInput(district=codes[i], weight=weight,
                               lower_units=0 if lower is None else lower[i])
        cap = None if upper is None else upper[i]
        if cap is not None:
            row.upper_units = cap
        inputs.append(row)
    response = stub.ApportionDistrictQuotas(pb.ApportionDistrictQuotasRequest(
        year=2017, method=METHODS[method], basis=pb.WEIGHT_BASIS_EXPLICIT, inputs=inputs,
        pool_units=house, what_if=True))
    allocation: pb.Allocation = response.allocation
    return allocation


def units(allocation: pb.Allocation) -> list[int]:
    return [r.units for r in allocation.rows]


A_VECTORS = [
    ("A1", [5117, 4400, 162, 161, 160], 100, {
        "hamilton": [51, 44, 2, 2, 1], "dhondt": [52, 45, 1, 1, 1], "webster": [51, 43, 2, 2, 2],
        "huntington_hill": [51, 43, 2, 2, 2], "adams": [51, 43, 2, 2, 2]}),
    ("A2", [9061, 7179, 5259, 3319, 1182], 26, {
        "hamilton": [9, 7, 5, 4, 1], "dhondt": [10, 7, 5, 3, 1], "webster": [9, 8, 5, 3, 1],
        "huntington_hill": [9, 7, 6, 3, 1], "adams": [9, 7, 5, 3, 2]}),
    ("A3", [14, 28, 7, 35], 12, {key: [2, 4, 1, 5] for key in METHODS}),
    ("A4", [0, 14, 28, 0, 0], 6, {key: [0, 2, 4, 0, 0] for key in METHODS}),
    ("A5", [1305956, 903151, 650114, 532193, 319024], 18, {
        "hamilton": [6, 4, 3, 3, 2], "dhondt": [7, 5, 3, 2, 1], "webster": [6, 4, 3, 3, 2],
        "huntington_hill": [6, 4, 3, 3, 2], "adams": [6, 4, 3, 3, 2]}),
    ("A6", [6, 1], 4, {"hamilton": [3, 1], "dhondt": [4, 0], "webster": [3, 1],
                       "huntington_hill": [3, 1], "adams": [3, 1]}),
]


def test_unbounded_vectors_a1_to_a6(stub: pb_grpc.BloodQuotaServiceStub) -> None:
    for name, weights, house, expected in A_VECTORS:
        for method, seats in expected.items():
            allocation = what_if(stub, method, weights, house)
            assert units(allocation) == seats, (name, method)
            assert not allocation.ties, (name, method)
            assert not allocation.summary.saved


def test_three_way_tie_a7_is_broken_by_code_and_reported(
        stub: pb_grpc.BloodQuotaServiceStub) -> None:
    c, a, b = CODES[2], CODES[0], CODES[1]
    for method in METHODS:
        allocation = what_if(stub, method, [11, 11, 11], 4, codes=[c, a, b])
        assert {r.code: r.units for r in allocation.rows} == {a: 2, b: 1, c: 1}, method
        assert len(allocation.ties) == 1
        assert sorted(allocation.ties[0].codes) == sorted([a, b, c])
        assert list(allocation.ties[0].winners) == [a]
        assert allocation.ties[0].contested_units == 1


def test_alabama_paradox_a8_hamilton(stub: pb_grpc.BloodQuotaServiceStub) -> None:
    assert units(what_if(stub, "hamilton", [6, 6, 2], 10)) == [4, 4, 2]
    assert units(what_if(stub, "hamilton", [6, 6, 2], 11)) == [5, 5, 1]


B_VECTORS = [
    ("B1", [500, 300, 150, 50], 1000, [100] * 4, [450, 400, 400, 400], [450, 300, 150, 100]),
    ("B2", [5117, 4400, 162, 161, 160], 100, [5] * 5, [45] * 5, [45, 40, 5, 5, 5]),
    ("B3", [100, 300, 350, 200, 50, 10], 10001, [400] * 6, [2300, 6400, 3200, 1150, 460, 920],
     [1198, 3593, 3200, 1150, 460, 400]),
]


def test_bounded_vectors_b1_to_b3(stub: pb_grpc.BloodQuotaServiceStub) -> None:
    for name, weights, house, lower, upper, expected in B_VECTORS:
        for method in ("hamilton", "webster", "huntington_hill", "dhondt"):
            allocation = what_if(stub, method, weights, house, lower=lower, upper=upper)
            assert units(allocation) == expected, (name, method)
            tied = name == "B3" and method == "dhondt"
            assert bool(allocation.ties) == tied, (name, method)
    b3 = what_if(stub, "dhondt", *B_VECTORS[2][1:3], lower=B_VECTORS[2][3],
                 upper=B_VECTORS[2][4])
    assert sorted(b3.ties[0].codes) == [CODES[0], CODES[1]]
    assert list(b3.ties[0].winners) == [CODES[0]]
    assert [r.at_upper_bound for r in b3.rows] == [False, False, True, True, True, False]
    assert [r.at_lower_bound for r in b3.rows] == [False] * 5 + [True]


C_EMPLOYEES = [30000, 12000, 5000, 8000]
C_RESIDENTS = [40000, 20000, 10000, 12000]


def c_request(house: int, method: str = "webster", employees: Sequence[int] = C_EMPLOYEES,
              residents: Sequence[int] = C_RESIDENTS) -> pb.ApportionDistrictQuotasRequest:
    return pb.ApportionDistrictQuotasRequest(
        year=2017, method=METHODS[method], basis=pb.WEIGHT_BASIS_MOBILISABLE_PERSONS,
        pool_units=house, what_if=True,
        inputs=[pb.DistrictInput(district=CODES[i], employees=e, residents_without_work_unit=r)
                for i, (e, r) in enumerate(zip(employees, residents, strict=True))])


def test_default_weight_basis_c(stub: pb_grpc.BloodQuotaServiceStub) -> None:
    for house, expected in ((3000, [1519, 659, 400, 422]), (5000, [2622, 1138, 511, 729]),
                            (5625, [2950, 1280, 575, 820])):
        for method in ("webster", "hamilton"):
            allocation = stub.ApportionDistrictQuotas(c_request(house, method)).allocation
            assert units(allocation) == expected, (house, method)
            assert [r.weight for r in allocation.rows] == [2950, 1280, 575, 820]
            assert [r.upper_units for r in allocation.rows] == [2950, 1280, 575, 820]
            assert [r.lower_units for r in allocation.rows] == [400] * 4


def precondition(error: grpc.RpcError) -> list[error_details_pb2.PreconditionFailure.Violation]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    found = []
    for detail in status.details:
        if detail.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            failure = error_details_pb2.PreconditionFailure()
            detail.Unpack(failure)
            found.extend(failure.violations)
    return found


@pytest.mark.parametrize(("house", "employees", "residents", "message", "binding"), [
    (5626, C_EMPLOYEES, C_RESIDENTS,
     "sum of upper bounds 5625 is below pool 5626 (shortfall 1)", CODES[:4]),
    (1500, C_EMPLOYEES, C_RESIDENTS,
     "sum of lower bounds 1600 exceeds pool 1500 (excess 100)", CODES[:4]),
    (3000, [*C_EMPLOYEES[:3], 2000], [*C_RESIDENTS[:3], 6000],
     f"{CODES[3]}: lower bound 400 exceeds upper bound 280 (short by 120)", [CODES[3]]),
])
def test_infeasible_bounds_name_the_shortfall_and_binding_rows(
        stub: pb_grpc.BloodQuotaServiceStub, house: int, employees: list[int],
        residents: list[int], message: str, binding: list[str]) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        stub.ApportionDistrictQuotas(c_request(house, employees=employees, residents=residents))
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert raised.value.details() == message
    violations = precondition(raised.value)
    assert violations[0].type == "INFEASIBLE_BOUNDS"
    assert violations[0].description == message
    assert [v.subject for v in violations[1:]] == binding
    assert all(v.type == "BINDING_ROW" for v in violations[1:])


D_WEBSTER = [32645, 22328, 12874, 37655, 11595, 12546, 15478, 16314, 31995, 52870, 18509, 13537,
             15984, 20952, 11898, 14820]
D_DHONDT = [*D_WEBSTER[:1], 22329, *D_WEBSTER[2:6], 15477, *D_WEBSTER[7:]]
D_TIGHT = [34660, 23707, 13669, 30000, 12311, 13320, 16433, 17322, 33970, 45000, 19652, 14373,
           16971, 22245, 12633, 15734]
D_TIGHT_DHONDT = [34661, 23707, 13669, 30000, 12311, 13320, 16433, 17322, 33971, 45000, 19652,
                  14372, 16971, 22245, 12632, 15734]


def saved_d(stub: pb_grpc.BloodQuotaServiceStub, method: str,
            caps: dict[str, int] | None = None) -> pb.Allocation:
    inputs = []
    for code, weight in zip(PUBLISHED_ORDER, PUBLISHED_UNITS, strict=True):
        row = pb.DistrictInput(district=code, weight=weight)
        if caps and code in caps:
            row.upper_units = caps[code]
        inputs.append(row)
    allocation: pb.Allocation = stub.ApportionDistrictQuotas(pb.ApportionDistrictQuotasRequest(
        request_id=uuid.uuid4().hex, year=2017, method=METHODS[method],
        basis=pb.WEIGHT_BASIS_EXPLICIT, inputs=inputs)).allocation
    return allocation


def test_full_scale_d_saved_and_replayed(stub: pb_grpc.BloodQuotaServiceStub) -> None:
    tight = {"jingan": 30000, "pudong": 45000}
    for method, caps, expected in (
            ("webster", None, D_WEBSTER), ("huntington_hill", None, D_WEBSTER),
            ("hamilton", None, D_WEBSTER), ("dhondt", None, D_DHONDT),
            ("webster", tight, D_TIGHT), ("huntington_hill", tight, D_TIGHT),
            ("hamilton", tight, D_TIGHT), ("dhondt", tight, D_TIGHT_DHONDT)):
        allocation = saved_d(stub, method, caps)
        assert units(allocation) == expected, (method, caps)
        assert sum(units(allocation)) == 342000
        assert not allocation.ties
        assert allocation.summary.saved and allocation.summary.pool_units == 342000
        replay = stub.ReplayAllocation(pb.ReplayAllocationRequest(
            allocation_id=allocation.summary.allocation_id))
        assert replay.matches and not replay.differences
        assert replay.recomputed_digest == allocation.summary.input_digest
    # saved, not in force: the last one is adopted explicitly
    stub.AdoptAllocation(pb.AdoptAllocationRequest(
        request_id="adopt", allocation_id=allocation.summary.allocation_id,
        reason="D'Hondt with the tight caps"))
    table = stub.GetAllocationTable(pb.GetAllocationTableRequest(year=2017))
    assert table.source == pb.ALLOCATION_SOURCE_APPORTIONED
    assert table.allocation_id == allocation.summary.allocation_id
    assert [r.units for r in table.rows][:16] == D_TIGHT_DHONDT
    assert table.total_units == 439000
    assert not table.warnings
