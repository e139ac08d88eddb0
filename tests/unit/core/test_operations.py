"""Long-running operations in core: a job's writes are one unit that a cancellation rolls back,
its error is the status the call would have had, a job no server runs any more reads as
failed, and an operation shows only to its starter, the city office and operators."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from google.longrunning import operations_proto_pb2 as lro  # type: ignore[import-untyped]
from google.protobuf import any_pb2, wrappers_pb2
from google.rpc import code_pb2
from prometheus_client import CollectorRegistry
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert, select
from sqlmodel import Session

from cityscore.core.clock import FixedClock
from cityscore.core.config import Settings
from cityscore.core.db import make_engine, operation_table, unit_of_work
from cityscore.core.errors import FailedPrecondition, NotFound, PreconditionViolation
from cityscore.core.grpc.auth import Principal, Role, principal_scope
from cityscore.core.logging import CallContext, call_scope
from cityscore.core.operations import ABORTED_MESSAGE, JobProgress, OperationStore
from cityscore.core.service import ServiceRuntime

SERVICE = "coreops"
STARTER = Principal(name="city-office-2", role=Role.CITY_OFFICE)
THINGS = Table("coreops_thing", MetaData(), Column("id", Integer, primary_key=True),
               Column("label", String(20), nullable=False))


@pytest.fixture
def store(database_url: str, clock: FixedClock) -> Iterator[OperationStore]:
    engine = make_engine(database_url)
    table = operation_table(SERVICE)
    table.metadata.create_all(engine, tables=[table])
    THINGS.metadata.create_all(engine)
    runtime = ServiceRuntime(name=SERVICE, engine=engine, clock=clock,
                             registry=CollectorRegistry(), settings=Settings())
    opened = OperationStore.open(runtime)
    yield opened
    opened.stop()
    engine.dispose()


def _running(store: OperationStore, operation_id: str, *,
             heartbeat: dt.datetime | None = None) -> None:
    now = heartbeat or dt.datetime.now(dt.UTC)
    packed = any_pb2.Any()
    packed.Pack(wrappers_pb2.StringValue(value="queued"))
    with unit_of_work(store.runtime.engine, write=True) as session:
        session.execute(insert(store.table).values(
            id=operation_id, rpc="Demo", request_id="r", principal=STARTER.name, done=False,
            cancel_requested=False, operation_metadata=packed.SerializeToString(),
            created_at=now, heartbeat_at=now))


def _finished(store: OperationStore, operation_id: str) -> lro.Operation:
    for _ in range(5_000):
        found: lro.Operation = store.get(operation_id, STARTER)
        if found.done:
            return found
        time.sleep(0.01)
    raise AssertionError(f"{operation_id} never finished")


def _labels(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.execute(select(THINGS.c.label)).scalars())


def _launch(store: OperationStore, operation_id: str, job: object) -> None:
    with principal_scope(STARTER), call_scope(CallContext(SERVICE, "Demo", "req-1")):
        store.launch(operation_id, job)  # type: ignore[arg-type]


def test_a_job_stores_its_writes_and_its_answer_together(store: OperationStore) -> None:
    _running(store, "a")

    def job(progress: JobProgress) -> wrappers_pb2.StringValue:
        progress.report(wrappers_pb2.StringValue(value="writing"))
        with unit_of_work(store.runtime.engine, write=True) as session:
            session.execute(insert(THINGS).values(label="written"))
            answer = wrappers_pb2.StringValue(value="done")
            progress.complete(session, answer, wrappers_pb2.StringValue(value="1/1"))
        return answer

    _launch(store, "a", job)
    found = _finished(store, "a")
    answer = wrappers_pb2.StringValue()
    assert found.response.Unpack(answer) and answer.value == "done"
    metadata = wrappers_pb2.StringValue()
    assert found.metadata.Unpack(metadata) and metadata.value == "1/1"
    assert found.name == "operations/coreops/a"
    assert _labels(store.runtime.engine) == ["written"]


def test_a_cancelled_job_stores_nothing(store: OperationStore) -> None:
    _running(store, "b")
    store.cancel("b", STARTER)

    def job(progress: JobProgress) -> wrappers_pb2.StringValue:
        with unit_of_work(store.runtime.engine, write=True) as session:
            session.execute(insert(THINGS).values(label="never"))
            answer = wrappers_pb2.StringValue(value="done")
            progress.complete(session, answer, answer)
        return answer

    _launch(store, "b", job)
    found = _finished(store, "b")
    assert found.WhichOneof("result") == "error"
    assert found.error.code == code_pb2.CANCELLED
    assert _labels(store.runtime.engine) == []


def test_a_refused_job_holds_the_status_of_the_refusal(store: OperationStore) -> None:
    _running(store, "c")

    def job(progress: JobProgress) -> wrappers_pb2.StringValue:
        raise FailedPrecondition("the survey is already closed", [PreconditionViolation(
            "SURVEY_CLOSED", "survey 2019", "it was closed before")])

    _launch(store, "c", job)
    found = _finished(store, "c")
    assert (found.error.code, found.error.message) == (code_pb2.FAILED_PRECONDITION,
                                                       "the survey is already closed")
    assert len(found.error.details) == 3  # ErrorInfo, RequestInfo, PreconditionFailure


def test_a_job_no_server_runs_reads_failed_and_is_marked_so(store: OperationStore) -> None:
    _running(store, "d", heartbeat=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    found = store.get("d", STARTER)
    assert found.done and (found.error.code, found.error.message) == (code_pb2.ABORTED,
                                                                      ABORTED_MESSAGE)
    store.give_up_stale()
    with Session(store.runtime.engine) as session:
        assert session.execute(select(store.table.c.done).where(
            store.table.c.id == "d")).scalar_one()
    # A job whose server beats is left alone.
    _running(store, "e")
    store.give_up_stale()
    assert not store.get("e", STARTER).done


def test_only_the_starter_the_city_office_and_operators_see_an_operation(
        store: OperationStore) -> None:
    _running(store, "f")
    for principal in (STARTER, Principal(name="ops", role=Role.OPERATOR),
                      Principal(name="city-office", role=Role.CITY_OFFICE)):
        assert store.get("f", principal).name == "operations/coreops/f"
    for stranger in (Principal(name="xuhui-office", role=Role.DISTRICT_OFFICE, scope="xuhui"),
                     Principal(name="assessment-team-1", role=Role.ASSESSOR)):
        with pytest.raises(NotFound):
            store.get("f", stranger)
        with pytest.raises(NotFound):
            store.cancel("f", stranger)
        assert store.list(stranger, 10, 0) == []
    with Session(store.runtime.engine) as session:
        assert not session.execute(select(store.table.c.cancel_requested).where(
            store.table.c.id == "f")).scalar_one()


def test_a_stopping_server_gives_up_its_running_jobs(store: OperationStore) -> None:
    _running(store, "g")
    store.running.add("g")  # as launch records a job it runs
    store.stop()
    found = store.get("g", STARTER)
    assert found.done and found.error.message == ABORTED_MESSAGE
