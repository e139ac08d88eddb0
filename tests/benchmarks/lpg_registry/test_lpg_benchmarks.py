"""LPG registry benchmarks, each against its baseline in the same run (docs/benchmarks.md).

- delivery checks (``CheckDelivery``: 2 cylinders, user, hazards, staff, vehicle, kernel
  compliance) per call, against a bare hello-world gRPC server;
- bulk registration of users through ``ImportUsers`` (validation, keyed hashes, de-duplication,
  one transaction) against raw ``sqlite3`` ``executemany`` of the rows it stores into a table of
  the same shape;
- finding one user among ``USERS`` by resident ID number (keyed hash, indexed) and by name
  fragment (a scan), against ``GetUser`` by id;
- the compliance sweep of every cylinder: the compiled kernel against its pure-Python twin, and
  the ``RunSweep`` RPC end to end (read, sweep, store inputs for replay) against the same
  columns read with raw ``sqlite3`` plus the kernel pass.

Sizes are small by default; ``CITYSCORE_BENCH_FULL=1`` runs the full sizes (100,000 users,
1,000,000 cylinders).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

import grpc
import numpy as np
import pytest
import sqlalchemy
from integration.services.lpg_registry.lpg_world import Registry, connect, cylinder, rid
from pytest_benchmark.fixture import BenchmarkFixture
from support import hello_world_caller, hello_world_server

from cityscore.core import kernel
from cityscore.core.kernel.types import NO_DATE
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc
from cityscore.services.lpg_registry import domain, models, repository

FULL = os.environ.get("CITYSCORE_BENCH_FULL") == "1"
USERS = 100_000 if FULL else 2_000
CYLINDERS = 1_000_000 if FULL else 20_000
RPC_CYLINDERS = 1_000_000 if FULL else 2_000
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_ids(count: int) -> list[str]:
    """Synthetic, checksum-valid resident ID numbers (GB 11643); no real person's."""
    numbers = []
    for i in range(count):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=i // 1000)
        body = f"310101{born:%Y%m%d}{i % 1000:03d}"
        numbers.append(body + "10X98765432"[sum(int(d) * w for d, w in
                                                zip(body, _WEIGHTS, strict=True)) % 11])
    return numbers


@pytest.fixture
def registry(start_server: Any, sqlite_url: str) -> Registry:
    return connect(start_server(["lpg_registry"], database_url=sqlite_url))


def test_check_delivery_rpc(benchmark: BenchmarkFixture, registry: Registry) -> None:
    registry.register(cylinder("BENCH-1"), cylinder("BENCH-2"))
    registry.fill("BENCH-1")
    request = pb.CheckDeliveryRequest(plan=registry.plan(registry.resident_id,
                                                         ["BENCH-1", "BENCH-2"]))
    response = benchmark(registry.e1.CheckDelivery, request, timeout=10)
    assert [r.code for r in response.refusals] == ["CYL_NOT_FILLED"]


def test_hello_world_rpc_baseline(benchmark: BenchmarkFixture) -> None:
    with hello_world_server() as target, grpc.insecure_channel(target) as channel:
        call = hello_world_caller(channel)
        assert benchmark(call, b"x" * 64) == b"x" * 64


def _users() -> list[pb.User]:
    return [pb.User(user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name=f"User {i}",
                    resident_id=number, phone=f"139{i:08d}", address=f"{i} Long Road",
                    district="pudong", subdistrict="Zhangjiang", grid_cell=f"ZJ-{i % 50:02d}")
            for i, number in enumerate(resident_ids(USERS))]


def test_import_users_rpc(benchmark: BenchmarkFixture, registry: Registry) -> None:
    users = _users()
    request_id = rid()
    # The client's messages are built before the clock starts: what is timed is the call.
    chunks = [pb.ImportUsersRequest(request_id=request_id, users=users[i:i + 2_000])
              for i in range(0, len(users), 2_000)]

    def run() -> pb.ImportUsersResponse:
        response: pb.ImportUsersResponse = registry.e1.ImportUsers(iter(chunks), timeout=600)
        return response

    response = benchmark.pedantic(run, rounds=1, iterations=1)
    assert response.registered == USERS and not response.duplicate_rows


def _stored_user_rows() -> list[tuple[Any, ...]]:
    """The rows ``ImportUsers`` stores for ``_users()``: keyed hashes and masks as the domain
    page §9.3 describes them (HMAC-SHA-256, first 3 and last 4 of the ID number), computed
    here before the clock starts."""
    key = "bench-key"
    today = dt.date.today().isoformat()
    return [(f"rid:{domain.keyed_hash(key, u.resident_id)}", "RESIDENTIAL", "E1", u.name,
             u.resident_id[:3] + "*" * 11 + u.resident_id[-4:], "k1",
             domain.keyed_hash(key, u.phone), u.phone[:3] + "****" + u.phone[-4:], "",
             "", u.address, u.district, u.subdistrict, u.grid_cell, "PENDING", False,
             today, "", None) for u in _users()]


def test_raw_sqlite_executemany_baseline(benchmark: BenchmarkFixture, tmp_path: Path) -> None:
    """The floor of ``ImportUsers``: raw ``sqlite3`` ``executemany`` of the rows it stores,
    into a table of the same shape (columns, unique identity key, indexes) in one
    transaction."""
    rows = _stored_user_rows()
    table = models.User.__table__  # type: ignore[attr-defined]
    names = ", ".join(repository.USER_COLUMNS)
    marks = ", ".join("?" * len(repository.USER_COLUMNS))

    def run() -> int:
        path = tmp_path / f"raw-{rid()}.db"
        engine = sqlalchemy.create_engine(f"sqlite:///{path}")
        table.create(engine)
        engine.dispose()
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode=WAL")
        with connection:
            connection.executemany(
                f"INSERT INTO lpg_registry_user ({names}) VALUES ({marks})", rows)
        count: int = connection.execute("SELECT count(*) FROM lpg_registry_user").fetchone()[0]
        connection.close()
        return count

    assert benchmark.pedantic(run, rounds=1, iterations=1) == USERS


@pytest.mark.parametrize("by", ["resident_id", "name_contains", "get_user_baseline"])
def test_find_a_user_rpc(benchmark: BenchmarkFixture, registry: Registry, by: str) -> None:
    users = _users()
    for i in range(0, len(users), 2_000):
        registry.e1.ImportUsers(iter([pb.ImportUsersRequest(request_id=rid(),
                                                            users=users[i:i + 2_000])]),
                                timeout=600)
    wanted = USERS // 2
    # The seeded registry holds 2 users before the import, so the n-th imported is n + 3.
    if by == "get_user_baseline":
        request: Any = pb.GetUserRequest(user_id=wanted + 3)
        response = benchmark(registry.e1.GetUser, request, timeout=10)
        assert response.user.name == f"User {wanted}"
        return
    search = pb.FindUsersRequest(resident_id=users[wanted].resident_id) if by == "resident_id" \
        else pb.FindUsersRequest(name_contains=f"user {wanted}",
                                 grid_cell=f"ZJ-{wanted % 50:02d}")
    found = benchmark(registry.e1.FindUsers, search, timeout=10)
    assert f"User {wanted}" in [u.name for u in found.users]


def _sweep_inputs(count: int) -> domain.SweepInputs:
    policy = domain.load_policy()
    inputs = domain.SweepInputs(dt.date(2019, 3, 1), policy.version, ["E1", "E2", "E3"])
    for i in range(count):
        made = dt.date(2007, 1, 1) + dt.timedelta(days=i % 4_400)
        last = made + dt.timedelta(days=1_460) if i % 3 else None
        inputs.append(i % 3, made, last, i % 5 != 0, (8, 12))
    return inputs


@pytest.mark.parametrize("implementation", ["cython", "python"])
def test_sweep_kernel(benchmark: BenchmarkFixture, implementation: str) -> None:
    inputs = _sweep_inputs(CYLINDERS)
    before = kernel.implementation()
    kernel.use(implementation)
    try:
        outcome = benchmark.pedantic(domain.run_sweep, (inputs,), rounds=1, iterations=1)
    finally:
        kernel.use(before)
    assert outcome.cylinders == CYLINDERS
    assert sum(sum(counts) for counts in outcome.by_enterprise.values()) == CYLINDERS
    assert outcome.by_enterprise["E1"][3] > 0, "some cylinders are past their service life"


def _import_sweep_cylinders(registry: Registry) -> None:
    # Made under GB 5842-2006, in force from 2007-02-01 (lpg_registry.md §4), as they state.
    start = dt.date(2007, 2, 1).toordinal() - dt.date(1970, 1, 1).toordinal()
    for offset in range(0, RPC_CYLINDERS, 10_000):
        n = min(10_000, RPC_CYLINDERS - offset)
        registry.e1.ImportCylinders(iter([pb.ImportCylindersRequest(
            request_id=rid(), owner_enterprise_id="E1", station_id="E1-S1",
            trace_codes=[f"SW-{offset + i:07d}" for i in range(n)], serials=[""] * n,
            models=["YSP35.5"] * n, standard_versions=[pb.STANDARD_VERSION_GB5842_2006] * n,
            phase_types=[pb.PHASE_TYPE_GAS] * n,
            manufacture_days=[start + (offset + i) % 4_000 for i in range(n)],
            design_life_years=[0] * n, tare_g=[16_400] * n, last_inspection_days=[0] * n,
            last_inspection_passed=[False] * n)]), timeout=600)


def test_run_sweep_rpc(benchmark: BenchmarkFixture, registry: Registry) -> None:
    _import_sweep_cylinders(registry)
    stub: pb_grpc.LpgRegistryServiceStub = registry.city

    def run() -> pb.RunSweepResponse:
        response: pb.RunSweepResponse = stub.RunSweep(pb.RunSweepRequest(request_id=rid()),
                                                      timeout=600)
        return response

    sweep = benchmark.pedantic(run, rounds=1, iterations=1).sweep
    assert sweep.cylinders == RPC_CYLINDERS
    replay = registry.operator.ReplaySweep(pb.ReplaySweepRequest(sweep_id=sweep.sweep_id))
    assert replay.matches


_SWEEP_COLUMNS = (
    "SELECT owner_enterprise_id, CAST(julianday(manufacture_date) - 2440587.5 AS INTEGER), "
    "coalesce(CAST(julianday(last_inspection_date) - 2440587.5 AS INTEGER), ?), "
    "last_inspection_passed, standard, design_life_years FROM lpg_registry_cylinder "
    "WHERE status = 'IN_SERVICE' ORDER BY trace_code")


def test_sweep_column_read_and_kernel_baseline(benchmark: BenchmarkFixture, registry: Registry,
                                               sqlite_url: str) -> None:
    """The floor of ``RunSweep``: the same columns read with raw ``sqlite3`` from the same
    stored cylinders into arrays, and the sweep's kernel pass and counts over them."""
    _import_sweep_cylinders(registry)
    policy = domain.load_policy()

    def run() -> domain.SweepOutcome:
        connection = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
        rows = connection.execute(_SWEEP_COLUMNS, (NO_DATE,)).fetchall()
        connection.close()
        owners, made, last, passed, standards, stamped = zip(*rows, strict=True)
        names = sorted(set(owners))
        index = {name: i for i, name in enumerate(names)}
        inputs = domain.SweepInputs(dt.date.today(), policy.version, names)
        made_day = np.array(made, dtype=np.int32)
        inputs.extend(np.fromiter(map(index.__getitem__, owners), dtype=np.int32),
                      made_day, np.array(last, dtype=np.int32), np.array(passed, dtype=np.int8),
                      domain.life_columns(policy, standards, stamped, made_day))
        return domain.run_sweep(inputs)

    assert benchmark.pedantic(run, rounds=1, iterations=1).cylinders == RPC_CYLINDERS
