"""Long-running operations (AIP-151): a job that can outlast a call runs in the server.

A service's start RPC answers at once with an operation, named
``operations/<service>/<id>``, and the job runs in a worker of the server process; the caller
follows it with ``google.longrunning.Operations`` (served once per server, each name routed to
the service that owns it), whichever replica answers and however often its connection is
recycled. Operations live in the owning service's ``<service>_operation`` table
(:func:`cityscore.core.db.operation_table`): the job's progress (a message of the service's,
packed as the operation's ``metadata``), and at the end the start RPC's real answer
(``response``) or the ``google.rpc.Status`` the synchronous RPC would have failed with
(``error``).

* Start is idempotent by ``request_id`` (``ServiceRuntime.mutate``): a retry answers with the
  same operation and starts nothing.
* Cancel sets a flag the job reads between its steps; the job's writes are one unit of work
  that commits only while the flag is unset, so a cancelled job stores nothing.
* A job reports its liveness (a heartbeat) while it runs. An operation whose heartbeat has
  stopped, because the server running it was stopped or killed, reads as failed (ABORTED: start
  it again), and a server starting marks such operations so in the database.
* Who may read or cancel an operation: the principal who started it, the city office and the
  operators.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any, TypeVar

import grpc
from google.longrunning import operations_pb2_grpc  # type: ignore[import-untyped]
from google.longrunning import operations_proto_pb2 as lro
from google.protobuf import any_pb2, empty_pb2
from google.protobuf.message import Message
from google.rpc import code_pb2, status_pb2
from sqlalchemy import Table, insert, select, update
from sqlmodel import Session, SQLModel

from cityscore.core.db import operation_table, unit_of_work
from cityscore.core.errors import (
    Cancelled,
    CityscoreError,
    FieldViolation,
    InvalidArgument,
    NotFound,
)
from cityscore.core.grpc import paging
from cityscore.core.grpc.auth import READ_ANY, Access, Principal, Role, current_principal
from cityscore.core.grpc.rpc import Call
from cityscore.core.grpc.status import internal_status, to_rpc_status
from cityscore.core.logging import current_call
from cityscore.core.service import ServiceRuntime

log = logging.getLogger("cityscore.operations")

SERVICE_NAME = "google.longrunning.Operations"
PREFIX = "operations"
#: How often a running job's server says it is still running it.
HEARTBEAT_SECONDS = 5.0
#: A job silent this long is no longer running (its server stopped or died).
STALE_AFTER = dt.timedelta(seconds=60)
#: What the caller of a job the server stopped running reads.
ABORTED_MESSAGE = "the server stopped while it ran; start it again"
CANCELLED_MESSAGE = "the operation was cancelled; nothing was stored"
#: How often WaitOperation looks at the stored operation.
WAIT_POLL_SECONDS = 0.2
#: The longest WaitOperation waits (the caller asks again).
MAX_WAIT_SECONDS = 30.0
#: Roles that read and cancel every operation, besides the principal who started one.
OVERSEERS = frozenset({Role.CITY_OFFICE, Role.OPERATOR})

ResponseT = TypeVar("ResponseT", bound=Message)


#: The work of an operation: runs in a worker, returns the start RPC's real answer.
Job = Callable[["JobProgress"], Message]


def _utc_now() -> dt.datetime:
    """Wall time, for liveness only (the service clock may be fixed in tests)."""
    return dt.datetime.now(dt.UTC)


def _pack(message: Message) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def _aborted() -> status_pb2.Status:
    return status_pb2.Status(code=code_pb2.ABORTED, message=ABORTED_MESSAGE)


@dataclass
class JobProgress:
    """What a running job sees of its operation."""

    store: OperationStore
    operation_id: str

    def report(self, metadata: Message) -> None:
        """Store the job's progress; raises :class:`Cancelled` when the operation was
        cancelled or the server is stopping (the job then stops, having stored nothing)."""
        self.check()
        table = self.store.table
        with unit_of_work(self.store.runtime.engine, write=True) as session:
            session.execute(update(table).where(table.c.id == self.operation_id,
                                                table.c.done.is_(False))
                            .values(operation_metadata=_pack(metadata).SerializeToString(),
                                    heartbeat_at=_utc_now()))

    def check(self) -> None:
        """Raise :class:`Cancelled` if the job must stop here."""
        if self.store.stopping.is_set():
            raise Cancelled(ABORTED_MESSAGE)
        table = self.store.table
        with unit_of_work(self.store.runtime.engine, write=False) as session:
            cancelled = session.execute(select(table.c.cancel_requested).where(
                table.c.id == self.operation_id)).scalar_one()
        if cancelled:
            raise Cancelled(CANCELLED_MESSAGE)

    def complete(self, session: Session, response: Message, metadata: Message) -> None:
        """Record ``response`` and the final progress in the job's own unit of work
        (``session``), as its last write: when the operation was cancelled or given up
        meanwhile, everything rolls back."""
        table = self.store.table
        result = session.execute(update(table).where(
            table.c.id == self.operation_id, table.c.done.is_(False),
            table.c.cancel_requested.is_(False)).values(
            done=True, response=_pack(response).SerializeToString(),
            operation_metadata=_pack(metadata).SerializeToString(), heartbeat_at=_utc_now()))
        if result.rowcount != 1 or self.store.stopping.is_set():  # type: ignore[attr-defined]
            raise Cancelled(CANCELLED_MESSAGE)


@dataclass
class OperationStore:
    """The operations of one service in one server: its table and its job workers."""

    runtime: ServiceRuntime
    table: Table
    workers: futures.ThreadPoolExecutor
    stopping: threading.Event = field(default_factory=threading.Event)
    running: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, runtime: ServiceRuntime) -> OperationStore:
        store = cls(runtime, operation_table(runtime.name), futures.ThreadPoolExecutor(
            max_workers=2, thread_name_prefix=f"{runtime.name}-operation"))
        store.give_up_stale()
        return store

    def give_up_stale(self) -> None:
        """Mark failed the operations no server runs any more (their heartbeat stopped)."""
        table = self.table
        with unit_of_work(self.runtime.engine, write=True) as session:
            session.execute(update(table).where(
                table.c.done.is_(False), table.c.heartbeat_at < _utc_now() - STALE_AFTER)
                .values(done=True, error=_aborted().SerializeToString()))

    def create(self, session: Session, call: Call[Any], metadata: Message) -> lro.Operation:
        """Insert a new running operation in ``session`` (the start call's unit of work)."""
        operation_id = str(uuid.uuid4())
        packed = _pack(metadata)
        now = _utc_now()
        context = current_call()
        session.execute(insert(self.table).values(
            id=operation_id, rpc=call.rpc, request_id=context.request_id if context else "",
            principal=call.principal.name, done=False, cancel_requested=False,
            operation_metadata=packed.SerializeToString(), created_at=now, heartbeat_at=now))
        return lro.Operation(name=self.name_of(operation_id), metadata=packed, done=False)

    def name_of(self, operation_id: str) -> str:
        return f"{PREFIX}/{self.runtime.name}/{operation_id}"

    def launch(self, operation_id: str, job: Job) -> None:
        """Run ``job`` in a worker, with the start call's principal and log context."""
        context = contextvars.copy_context()
        with self._lock:
            self.running.add(operation_id)
        self.workers.submit(context.run, self._run, operation_id, job)

    def _run(self, operation_id: str, job: Job) -> None:
        try:
            job(JobProgress(self, operation_id))
        except CityscoreError as error:
            self._fail(operation_id, error)
        except Exception:
            log.exception("operation failed", extra={"operation": operation_id})
            context = current_call()
            self._record_error(operation_id, internal_status(
                context.request_id if context else operation_id))
        finally:
            with self._lock:
                self.running.discard(operation_id)

    def _fail(self, operation_id: str, error: CityscoreError) -> None:
        if self.stopping.is_set():
            status = _aborted()
        else:
            context = current_call()
            status = to_rpc_status(error, context.request_id if context else "")
        self._record_error(operation_id, status)

    def _record_error(self, operation_id: str, status: status_pb2.Status) -> None:
        table = self.table
        with unit_of_work(self.runtime.engine, write=True) as session:
            session.execute(update(table).where(table.c.id == operation_id,
                                                table.c.done.is_(False))
                            .values(done=True, error=status.SerializeToString(),
                                    heartbeat_at=_utc_now()))

    def beat(self) -> None:
        """Say that this server still runs its jobs."""
        with self._lock:
            running = list(self.running)
        if not running:
            return
        table = self.table
        try:
            with unit_of_work(self.runtime.engine, write=True) as session:
                session.execute(update(table).where(table.c.id.in_(running),
                                                    table.c.done.is_(False))
                                .values(heartbeat_at=_utc_now()))
        except CityscoreError:
            log.warning("could not record the heartbeat of running operations")

    def stop(self) -> None:
        """Stop the jobs (each at its next step) and mark their operations failed."""
        self.stopping.set()
        with self._lock:
            running = list(self.running)
        if running:
            table = self.table
            try:
                with unit_of_work(self.runtime.engine, write=True) as session:
                    session.execute(update(table).where(table.c.id.in_(running),
                                                        table.c.done.is_(False))
                                    .values(done=True, error=_aborted().SerializeToString()))
            except CityscoreError:
                log.warning("could not mark the running operations failed")
        self.workers.shutdown(wait=False, cancel_futures=True)

    def get(self, operation_id: str, principal: Principal) -> lro.Operation:
        with unit_of_work(self.runtime.engine, write=False) as session:
            row = session.execute(select(self.table).where(
                self.table.c.id == operation_id)).first()
        if row is None or not _may_see(principal, row.principal):
            raise NotFound("operation", self.name_of(operation_id))
        return self._to_proto(row)

    def _to_proto(self, row: Any) -> lro.Operation:
        operation = lro.Operation(name=self.name_of(row.id), done=bool(row.done))
        operation.metadata.ParseFromString(row.operation_metadata)
        if row.response is not None:
            operation.response.ParseFromString(row.response)
        elif row.error is not None:
            operation.error.ParseFromString(row.error)
        elif _as_utc(row.heartbeat_at) < _utc_now() - STALE_AFTER:
            operation.done = True
            operation.error.CopyFrom(_aborted())
        return operation

    def list(self, principal: Principal, size: int, offset: int) -> list[lro.Operation]:
        """Newest first; ``size + 1`` rows read to tell whether more follow."""
        query = select(self.table).order_by(self.table.c.created_at.desc(),
                                            self.table.c.id)
        if principal.role not in OVERSEERS:
            query = query.where(self.table.c.principal == principal.name)
        with unit_of_work(self.runtime.engine, write=False) as session:
            rows = session.execute(query.offset(offset).limit(size + 1)).all()
        return [self._to_proto(row) for row in rows]

    def cancel(self, operation_id: str, principal: Principal) -> None:
        self.get(operation_id, principal)
        table = self.table
        with unit_of_work(self.runtime.engine, write=True) as session:
            session.execute(update(table).where(table.c.id == operation_id,
                                                table.c.done.is_(False))
                            .values(cancel_requested=True))


def _as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes for what was stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _may_see(principal: Principal, started_by: str) -> bool:
    return principal.role in OVERSEERS or principal.name == started_by


_STORES: dict[int, OperationStore] = {}


def start(call: Call[Any], request: Any, response_type: type[ResponseT], metadata: Message,
          job: Job, *, refuse_now: Callable[[Session], object] | None = None) -> ResponseT:
    """Start ``job`` as an operation, idempotently by ``request.request_id``.

    ``response_type`` is the start RPC's answer: ``google.longrunning.Operation`` or a message
    of the service's with the same field numbers (name 1, metadata 2, done 3). ``metadata``
    is the progress at the start. ``refuse_now`` raises the refusal that can be known at once
    (no such year, already closed); it runs only for a first call, so a retry answers as the
    first call did (the same operation, even once its job has closed the year) and starts
    nothing.
    """
    store = _STORES.get(id(call.runtime))
    if store is None:
        raise RuntimeError(f"{call.runtime.name} does not serve operations")

    def work(session: Session) -> ResponseT:
        if refuse_now is not None:
            refuse_now(session)
        operation = store.create(session, call, metadata)
        operation_id = operation.name.rpartition("/")[2]
        call.after_commit(lambda: store.launch(operation_id, job))
        return response_type.FromString(operation.SerializeToString())

    return call.mutate(request, response_type, work)


def operations_served(runtime: ServiceRuntime) -> bool:
    """Whether the service keeps operations (its models declare the table)."""
    return f"{runtime.name}_operation" in SQLModel.metadata.tables


#: Every caller may use the Operations service; each operation is checked against its starter.
METHOD_ACCESS: Mapping[str, Access] = {
    f"/{SERVICE_NAME}/{method}": READ_ANY
    for method in ("GetOperation", "ListOperations", "CancelOperation", "WaitOperation",
                   "DeleteOperation")}


class OperationsService:
    """``google.longrunning.Operations`` for every service of the server that keeps operations.
    """

    def __init__(self, stores: Mapping[str, OperationStore], max_wait_seconds: float) -> None:
        self._stores = stores
        self._max_wait = max_wait_seconds
        self._stopping = threading.Event()
        self._beating = threading.Thread(target=self._beat, name="operations-heartbeat",
                                         daemon=True)
        self._beating.start()

    def _beat(self) -> None:
        while not self._stopping.wait(HEARTBEAT_SECONDS):
            for store in self._stores.values():
                store.beat()

    def stop(self) -> None:
        self._stopping.set()
        for store in self._stores.values():
            store.stop()
            _STORES.pop(id(store.runtime), None)

    def _owner(self, name: str, field_name: str = "name") -> tuple[OperationStore, str]:
        parts = name.split("/")
        if len(parts) != 3 or parts[0] != PREFIX or not parts[2]:
            raise InvalidArgument("not an operation name", [FieldViolation(
                field_name, "operations/<service>/<id>, as the start call answered")])
        store = self._stores.get(parts[1])
        if store is None:
            raise NotFound("operation", name)
        return store, parts[2]

    def GetOperation(self, request: lro.GetOperationRequest,  # noqa: N802 (gRPC API)
                     context: grpc.ServicerContext) -> lro.Operation:
        store, operation_id = self._owner(request.name)
        return store.get(operation_id, current_principal())

    def ListOperations(self, request: lro.ListOperationsRequest,  # noqa: N802
                       context: grpc.ServicerContext) -> lro.ListOperationsResponse:
        """The operations of one service (name ``operations/<service>``), newest first; the
        caller's own unless it is the city office or an operator."""
        if request.filter:
            raise InvalidArgument("filters are not supported", [FieldViolation(
                "filter", "leave it empty")])
        prefix, _, service = request.name.partition("/")
        store = self._stores.get(service) if prefix == PREFIX else None
        if store is None:
            raise InvalidArgument("not a collection of operations", [FieldViolation(
                "name", "operations/<service> of a service that runs operations: "
                        + ", ".join(f"{PREFIX}/{name}" for name in sorted(self._stores)))])
        size = paging.page_size(request.page_size)
        offset = paging.offset_from_token(request.page_token, f"operations/{service}")
        found = store.list(current_principal(), size, offset)
        return lro.ListOperationsResponse(
            operations=found[:size],
            next_page_token=paging.next_offset_token(f"operations/{service}", offset, size,
                                                     len(found)))

    def CancelOperation(self, request: lro.CancelOperationRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> empty_pb2.Empty:
        store, operation_id = self._owner(request.name)
        store.cancel(operation_id, current_principal())
        return empty_pb2.Empty()

    def DeleteOperation(self, request: lro.DeleteOperationRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> empty_pb2.Empty:
        """Operations are kept as the record of what ran; none is deleted."""
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "operations are kept; none is deleted")

    def WaitOperation(self, request: lro.WaitOperationRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> lro.Operation:
        """The operation once done, or as it stands when the wait ends (the request's
        timeout, at most the server's limit, which stays within a connection's grace)."""
        store, operation_id = self._owner(request.name)
        principal = current_principal()
        requested = request.timeout.ToTimedelta().total_seconds() \
            if request.HasField("timeout") else self._max_wait
        deadline = time.monotonic() + max(0.0, min(requested, self._max_wait))
        while True:
            operation = store.get(operation_id, principal)
            if operation.done or not context.is_active() or time.monotonic() >= deadline:
                return operation
            time.sleep(WAIT_POLL_SECONDS)


def serve(server: grpc.Server, runtimes: Mapping[str, ServiceRuntime], *,
          max_wait_seconds: float = MAX_WAIT_SECONDS) -> OperationsService:
    """Register ``google.longrunning.Operations`` once on ``server`` for the services that
    keep operations, giving up those no server runs any more."""
    stores = {name: OperationStore.open(runtime) for name, runtime in runtimes.items()
              if operations_served(runtime)}
    for store in stores.values():
        _STORES[id(store.runtime)] = store
    service = OperationsService(stores, max_wait_seconds)
    operations_pb2_grpc.add_OperationsServicer_to_server(service, server)
    return service

