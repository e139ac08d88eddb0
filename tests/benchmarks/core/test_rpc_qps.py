"""Calls per second of cheap RPCs through cityscore, against a bare grpcio server in the same run.

One client (one channel, the same call object shape, the same bearer-token metadata, the same
response parsing) drives ``THREADS`` client threads against two servers in this process: the
cityscore server (full call chain: in-flight count, request context and access log, metrics,
errors, auth, the declared scope and the unit of work), and a bare ``grpc.server`` on the same
thread pool size with no interceptors. The rounds alternate bare / cityscore, so load from
elsewhere on the machine falls on both; the ratio of their calls per second is what counts.

What the bare server does:

- reads: answers the very bytes cityscore answered (its handler does nothing else), so the
  ratio is cityscore's whole server-side cost per call against gRPC's own; a second bare
  server first reads the rows the RPC answers from with the driver alone, from the service's
  own SQLite file (one transaction, the same statements): the floor of that read here;
- writes: inserts one row and commits it in its own SQLite file (WAL, ``synchronous=NORMAL``,
  ``BEGIN IMMEDIATE``, as cityscore configures SQLite), then answers the same bytes: the floor of
  a durable write on this disk. The ratio to the no-op bare server is reported too.

The server logs as ``cityscore serve`` does (JSON lines at INFO on stdout, one access line a
call). Ratios go to ``extra_info`` and stdout; no time is asserted. Each call's answer is
checked.
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf.message import Message
from integration.services.wage_assessment.wage_world import open_year
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import make_url, text
from support import RunningServer, ServerFactory

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as blood_pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as blood_grpc
from cityscore.common.v1 import common_pb2, common_pb2_grpc
from cityscore.core.logging import JsonLinesFormatter, configure_logging
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as wage_pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as wage_grpc

#: Calls each round makes, split over the client threads; rounds alternate bare / cityscore.
READ_CALLS = 600
WRITE_CALLS = 200
ROUNDS = 5
TOKEN = "city-token"
METADATA = (("authorization", f"Bearer {TOKEN}"),)


@dataclass(frozen=True)
class Case:
    """One RPC to drive: its path, each round's requests (one per call; a write's are new
    every round, or the request log would answer them), what every answer must be."""

    method: str
    requests: Callable[[], Sequence[bytes]]
    expected: Message


@dataclass(frozen=True)
class Round:
    """One round: calls made, calls per second, and this process's CPU time per call
    (client and server together: with other work on the machine, CPU time per call moves
    less than calls per second)."""

    calls: int
    qps: float
    cpu_us: float


def _drive(channel: grpc.Channel, case: Case, threads: int) -> Round:
    """Send one round of ``case`` from ``threads`` threads. Every answer must equal
    ``case.expected``."""
    call = channel.unary_unary(case.method, request_serializer=None,
                               response_deserializer=type(case.expected).FromString)
    requests = case.requests()
    shares = [requests[i::threads] for i in range(threads)]
    wrong: list[Message] = []
    start = threading.Barrier(threads + 1)

    def client(share: Sequence[bytes]) -> None:
        start.wait()
        for request in share:
            answer = call(request, metadata=METADATA, timeout=30)
            if answer != case.expected:
                wrong.append(answer)

    workers = [threading.Thread(target=client, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    start.wait()
    began, cpu = time.perf_counter(), time.process_time()
    for worker in workers:
        worker.join()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    assert not wrong, f"{len(wrong)} answers differ, e.g. {wrong[0]}"
    return Round(len(requests), len(requests) / elapsed, cpu / len(requests) * 1e6)


@contextmanager
def _bare_server(method: str, answer: bytes, work: Callable[[], None] | None = None
                 ) -> Iterator[grpc.Channel]:
    """A grpcio server with no interceptors answering ``answer`` to ``method`` (after
    ``work``, if given), on as many threads as cityscore's; yields a channel to it."""
    service, _, name = method.lstrip("/").rpartition("/")

    def respond(_request: bytes, _context: grpc.ServicerContext) -> bytes:
        if work is not None:
            work()
        return answer

    handler = grpc.method_handlers_generic_handler(service, {
        name: grpc.unary_unary_rpc_method_handler(respond)})
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield channel
    finally:
        server.stop(0).wait()


def _sqlite_commit(path: Path) -> Callable[[], None]:
    """One row inserted and committed per call, a connection per server thread."""
    local = threading.local()
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE IF NOT EXISTS row (id INTEGER PRIMARY KEY, body BLOB)")

    def commit() -> None:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = sqlite3.connect(path, isolation_level=None,
                                                            timeout=30)
            connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO row (body) VALUES (?)", (uuid.uuid4().bytes,))
        connection.execute("COMMIT")

    return commit


def _sqlite_read(path: Path, statements: Sequence[tuple[str, tuple[Any, ...]]]
                 ) -> Callable[[], None]:
    """The rows a read RPC answers from, read with the driver alone from the service's own
    SQLite file: one transaction, ``statements`` in it, a connection per server thread."""
    local = threading.local()

    def read() -> None:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = sqlite3.connect(path, isolation_level=None,
                                                            check_same_thread=False)
        connection.execute("BEGIN")
        for sql, parameters in statements:
            connection.execute(sql, parameters).fetchall()
        connection.execute("ROLLBACK")

    return read


def _compare(benchmark: BenchmarkFixture, channel: grpc.Channel, case: Case, threads: int,
             floor: Callable[[], None] | None = None) -> int:
    """Alternate rounds of the bare server(s) and cityscore; report calls/s and ratios.
    Returns the calls cityscore answered (one round when benchmarks are disabled)."""
    answer = case.expected.SerializeToString()
    bare: list[Round] = []
    floors: list[Round] = []
    ours: list[Round] = []
    rounds = iter(range(ROUNDS))
    with _bare_server(case.method, answer) as bare_channel, \
            _bare_server(case.method, answer, floor) as floor_channel:

        def measure_bare() -> tuple[tuple[()], dict[str, Any]]:
            next(rounds)
            bare.append(_drive(bare_channel, case, threads))
            if floor is not None:
                floors.append(_drive(floor_channel, case, threads))
            return (), {}

        def measure_ours() -> None:
            ours.append(_drive(channel, case, threads))

        with _served_handlers_only():
            benchmark.pedantic(measure_ours, setup=measure_bare, rounds=ROUNDS, iterations=1)
    info: dict[str, Any] = {"threads": threads, "calls_per_round": ours[0].calls,
                            **_ratios("bare", ours, bare)}
    if floors:
        info.update(_ratios("floor", ours, floors))
    benchmark.extra_info.update(info)
    print(f"\n{case.method} x{threads}: {info}")
    return sum(o.calls for o in ours)


def _ratios(name: str, ours: Sequence[Round], theirs: Sequence[Round]) -> dict[str, Any]:
    """Median calls/s and CPU per call of each side, and cityscore's ratios to ``name`` (calls
    per second, round by round: median and spread; and the inverse ratio of CPU per call)."""
    ratios = sorted(o.qps / t.qps for o, t in zip(ours, theirs, strict=True))
    cpu_ours = statistics.median(o.cpu_us for o in ours)
    cpu_theirs = statistics.median(t.cpu_us for t in theirs)
    return {f"{name}_qps": round(statistics.median(t.qps for t in theirs)),
            "cityscore_qps": round(statistics.median(o.qps for o in ours)),
            f"ratio_to_{name}": round(statistics.median(ratios), 3),
            f"ratio_to_{name}_spread": [round(ratios[0], 3), round(ratios[-1], 3)],
            f"{name}_cpu_us_per_call": round(cpu_theirs),
            "cityscore_cpu_us_per_call": round(cpu_ours),
            f"cpu_ratio_to_{name}": round(cpu_theirs / cpu_ours, 3)}


def _read_case(method: str, request: Message, expected: Message) -> Case:
    requests = [request.SerializeToString()] * READ_CALLS
    return Case(method, lambda: requests, expected)


@pytest.fixture(autouse=True)
def served_logging() -> Iterator[None]:
    """The logging of a server process for the test, then pytest's own again."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    switches = (logging._srcfile, logging.logThreads, logging.logProcesses,
                logging.logMultiprocessing)
    configure_logging("INFO", "json")
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    (logging._srcfile, logging.logThreads, logging.logProcesses,
     logging.logMultiprocessing) = switches


@contextmanager
def _served_handlers_only() -> Iterator[None]:
    """While measuring, only the handler a served process has: pytest adds its own capture
    handlers for each test phase, which would format and keep every access line too."""
    root = logging.getLogger()
    others = [h for h in root.handlers if not isinstance(h.formatter, JsonLinesFormatter)]
    for handler in others:
        root.removeHandler(handler)
    try:
        yield
    finally:
        for handler in others:
            root.addHandler(handler)


THREADS = pytest.mark.parametrize("threads", [1, 4], ids=["1-thread", "4-threads"])


@pytest.fixture
def blood(start_server: ServerFactory, sqlite_url: str) -> RunningServer:
    """blood_quota with the published 2017 plan."""
    running = start_server(["blood_quota"], database_url=sqlite_url)
    blood_grpc.BloodQuotaServiceStub(running.channel(TOKEN)).CreatePlan(blood_pb.CreatePlanRequest(
        request_id="plan", plan=blood_pb.Plan(year=2017), use_published=True))
    return running


@pytest.fixture
def wage(start_server: ServerFactory, sqlite_url: str) -> RunningServer:
    """wage_assessment with 2018 open over the sample scheme."""
    running = start_server(["wage_assessment"], database_url=sqlite_url)
    open_year(wage_grpc.WageAssessmentServiceStub(running.channel(TOKEN)))
    return running


@pytest.mark.benchmark(group="rpc-qps-list-districts")
@THREADS
def test_list_districts_qps(benchmark: BenchmarkFixture, start_server: ServerFactory,
                            threads: int) -> None:
    running = start_server([])
    expected = common_pb2_grpc.ReferenceServiceStub(running.channel(TOKEN)).ListDistricts(
        common_pb2.ListDistrictsRequest())
    # The 16 districts (glossary terms 1–16), in the order of the 2017 allocation table.
    assert len(expected.districts) == 16
    case = _read_case("/cityscore.common.v1.ReferenceService/ListDistricts",
                      common_pb2.ListDistrictsRequest(), expected)
    _compare(benchmark, running.channel(None), case, threads)


@pytest.mark.benchmark(group="rpc-qps-get-plan")
@THREADS
def test_blood_quota_get_plan_qps(benchmark: BenchmarkFixture, blood: RunningServer,
                                  threads: int, sqlite_url: str) -> None:
    stub = blood_grpc.BloodQuotaServiceStub(blood.channel(TOKEN))
    expected = stub.GetPlan(blood_pb.GetPlanRequest(year=2017))
    # The published 2017 plan (blood_quota.md §3): 439,000 units for the city.
    assert expected.plan.city_target_units == 439_000
    case = _read_case("/cityscore.blood_quota.v1.BloodQuotaService/GetPlan",
                      blood_pb.GetPlanRequest(year=2017), expected)
    # The floor: the year's plan and its carve-outs, one statement.
    floor = _sqlite_read(Path(make_url(sqlite_url).database or ""), [(
        "SELECT p.*, c.code, c.name, c.kind, c.units FROM blood_quota_plan p LEFT JOIN "
        "blood_quota_carve_out c ON c.year = p.year WHERE p.year = ? ORDER BY c.position",
        (2017,))])
    _compare(benchmark, blood.channel(None), case, threads, floor)


@pytest.mark.benchmark(group="rpc-qps-get-cycle")
@THREADS
def test_wage_assessment_get_cycle_qps(benchmark: BenchmarkFixture, wage: RunningServer,
                                       threads: int, sqlite_url: str) -> None:
    stub = wage_grpc.WageAssessmentServiceStub(wage.channel(TOKEN))
    expected = stub.GetCycle(wage_pb.GetCycleRequest(year=2018))
    assert (expected.cycle.year, expected.cycle.stage) == (2018, wage_pb.STAGE_SELF_CHECK)
    case = _read_case("/cityscore.wage_assessment.v1.WageAssessmentService/GetCycle",
                      wage_pb.GetCycleRequest(year=2018), expected)
    # The floor: the year's cycle, then its latest run and its units' self-check reports.
    floor = _sqlite_read(Path(make_url(sqlite_url).database or ""), [
        ("SELECT * FROM wage_assessment_cycle WHERE year = ?", (2018,)),
        ("SELECT (SELECT max(r.run_no) FROM wage_assessment_grading_run r "
         "WHERE r.cycle_id = y.id), u.code, s.submitted_on, s.late, s.revision "
         "FROM wage_assessment_cycle y LEFT JOIN wage_assessment_unit u ON u.cycle_id = y.id "
         "LEFT JOIN wage_assessment_self_check s ON s.cycle_id = y.id AND s.unit_code = u.code "
         "WHERE y.year = ? ORDER BY u.position", (2018,))])
    _compare(benchmark, wage.channel(None), case, threads, floor)


@pytest.mark.benchmark(group="rpc-qps-record-collection")
@THREADS
def test_blood_quota_record_collection_qps(benchmark: BenchmarkFixture, blood: RunningServer,
                                           threads: int, tmp_path: Path) -> None:
    ids = itertools.count()

    def fresh() -> list[bytes]:
        return [blood_pb.RecordCollectionRequest(
            request_id=f"collection-{next(ids)}", collection=blood_pb.Collection(
                donation_date=common_pb2.Date(year=2017, month=4, day=1), district="pudong",
                channel=blood_pb.CHANNEL_STREET, volume_ml=200,
                donations=1)).SerializeToString() for _ in range(WRITE_CALLS)]

    # One street collection of 200 ml: one row, 200 ml recorded.
    expected = blood_pb.RecordCollectionResponse(recorded=1, volume_ml=200)
    case = Case("/cityscore.blood_quota.v1.BloodQuotaService/RecordCollection", fresh, expected)
    answered = _compare(benchmark, blood.channel(None), case, threads,
                        _sqlite_commit(tmp_path / "floor.db"))
    with blood.engine("blood_quota").connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM blood_quota_request_log "
                                         "WHERE rpc = 'RecordCollection'")).scalar_one()
    assert stored == answered
