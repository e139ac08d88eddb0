"""What every service's servicer stands on: its runtime (engine, clock, metrics) and its spec.

``ServiceRuntime.mutate`` is the one place where a mutating RPC becomes a unit of work: the
request id is claimed first (a retry returns the first answer and writes nothing twice), the
work runs, and the audit record and the stored answer commit with it, or nothing does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import grpc
from google.protobuf.message import Message
from prometheus_client import CollectorRegistry
from prometheus_client.metrics_core import Metric
from sqlalchemy import Engine, bindparam, exc, insert, select, update
from sqlmodel import Session

from cityscore.core.clock import Clock
from cityscore.core.config import Settings
from cityscore.core.db import DriverStatement, SupportTables, support_tables, unit_of_work
from cityscore.core.errors import FieldViolation, InvalidArgument
from cityscore.core.grpc.auth import Access, current_principal
from cityscore.core.logging import current_call
from cityscore.core.metrics import StoredStateMetrics

ResponseT = TypeVar("ResponseT", bound=Message)
MAX_REQUEST_ID_LENGTH = 128


class _HasRequestId(Protocol):
    request_id: str

    def SerializeToString(self, *, deterministic: bool = ...) -> bytes: ...  # noqa: N802


_CLAIM_COLUMNS = ("rpc", "request_id", "request_digest", "principal", "recorded_at")
_AUDIT_COLUMNS = ("recorded_at", "principal", "role", "rpc", "request_id", "action",
                  "entity_type", "entity_id", "detail")


@dataclass(frozen=True)
class _Statements:
    """The request-log and audit statements of one service, built once and run on the driver
    (``DriverStatement``): through SQLAlchemy's statement machinery, they cost every write
    more than the database's own work for them."""

    claim: DriverStatement
    answer: DriverStatement
    stored: DriverStatement
    audit: DriverStatement

    @classmethod
    def of(cls, tables: SupportTables) -> _Statements:
        log = tables.request_log
        return cls(
            claim=DriverStatement(insert(log).values(
                {name: bindparam(name) for name in _CLAIM_COLUMNS})),
            answer=DriverStatement(update(log).where(
                log.c.rpc == bindparam("claimed_rpc"),
                log.c.request_id == bindparam("claimed_request_id"))
                .values(response=bindparam("response"))),
            stored=DriverStatement(select(log.c.request_digest, log.c.response).where(
                log.c.rpc == bindparam("rpc"), log.c.request_id == bindparam("request_id"))),
            audit=DriverStatement(insert(tables.audit_log).values(
                {name: bindparam(name) for name in _AUDIT_COLUMNS})))


@dataclass
class ServiceRuntime:
    """The dependencies of one service, passed in so tests can build it with fresh ones."""

    name: str
    engine: Engine
    clock: Clock
    registry: CollectorRegistry
    settings: Settings
    tables: SupportTables = field(init=False)
    _statements: _Statements = field(init=False, repr=False)
    _digest_key: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.tables = support_tables(self.name)
        self._statements = _Statements.of(self.tables)
        self._digest_key = self.settings.pii_hash_key.encode("utf-8")

    def read(self) -> AbstractContextManager[Session]:
        """A read-only unit of work."""
        return unit_of_work(self.engine, write=False)

    def export_stored_state(self, families: Callable[[Session], Iterable[Metric]]) -> None:
        """Serve the gauges ``families`` reads from the database, fresh at every scrape."""
        self.registry.register(StoredStateMetrics(self.name, self.read, families))

    def mutate(self, request: _HasRequestId, response_type: type[ResponseT],
               work: Callable[[Session], ResponseT]) -> ResponseT:
        """Run ``work`` once per ``request.request_id``; a retry gets the stored answer."""
        request_id = request.request_id.strip()
        if not request_id or len(request_id) > MAX_REQUEST_ID_LENGTH:
            raise InvalidArgument("request_id is required (1 to 128 characters)", [
                FieldViolation("request_id", "set a client-chosen id, reused only for retries")])
        call = current_call()
        rpc = call.rpc if call else "unknown"
        serialised = request.SerializeToString(deterministic=True)
        digest = self._request_digest(serialised)
        statements = self._statements
        try:
            with unit_of_work(self.engine, write=True) as session:
                # The claim comes first: a retry's hits the unique key, and the retry is then
                # answered below from what the first call stored (no look-up on every write).
                statements.claim.execute(session, {
                    "rpc": rpc, "request_id": request_id, "request_digest": digest,
                    "principal": current_principal().name, "recorded_at": self.clock.now()})
                response = work(session)
                statements.answer.execute(session, {
                    "claimed_rpc": rpc, "claimed_request_id": request_id,
                    "response": response.SerializeToString()})
                return response
        except exc.IntegrityError:
            # The request id was claimed before (a retry), or by a concurrent call that
            # committed first: answer as that call did.
            with unit_of_work(self.engine, write=False) as session:
                stored = self._stored_answer(session, rpc, request_id, digest, serialised,
                                             response_type)
            if stored is None:
                raise
            return stored

    def _request_digest(self, serialised: bytes) -> str:
        """What tells a retry from another request under the same id: a keyed hash (the
        server's PII hash key) of the request's deterministic bytes. Requests carry personal
        numbers (a resident ID, a phone); a plain hash of a request whose other fields are
        known could be matched against every possible ID number."""
        return hmac.new(self._digest_key, serialised, hashlib.sha256).hexdigest()

    def _stored_answer(self, session: Session, rpc: str, request_id: str, digest: str,
                       serialised: bytes, response_type: type[ResponseT]) -> ResponseT | None:
        row = self._statements.stored.first(session, {"rpc": rpc, "request_id": request_id})
        if row is None:
            return None
        # A retry of a request the previous release recorded, under a plain hash, is still a
        # retry; it is compared, never stored.
        if row.request_digest != digest and \
                row.request_digest != hashlib.sha256(serialised).hexdigest():
            raise InvalidArgument("request_id was already used for a different request", [
                FieldViolation("request_id", "choose a new id for a new request")],
                reason="REQUEST_ID_REUSED")
        return response_type.FromString(row.response or b"")

    def audit(self, session: Session, *, action: str, entity_type: str, entity_id: str,
              detail: Mapping[str, Any] | None = None) -> None:
        """Record who changed what, in the same transaction as the change."""
        principal = current_principal()
        call = current_call()
        self._statements.audit.execute(session, {
            "recorded_at": self.clock.now(), "principal": principal.name,
            "role": str(principal.role), "rpc": call.rpc if call else "",
            "request_id": call.request_id if call else "", "action": action,
            "entity_type": entity_type, "entity_id": entity_id,
            "detail": json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True,
                                 default=str)})


@dataclass(frozen=True)
class ServiceSpec:
    """How the server hosts one service.

    ``name`` is the code name ("wage_assessment"), ``proto_service`` the full gRPC service name,
    ``access`` the roles allowed per RPC name (an RPC without an entry is refused to everyone),
    ``register`` adds the servicer built from a runtime to the server. Services without a
    database (the reference service) leave ``uses_database`` False; the others name their
    ``models_module``, whose package holds their migrations.
    """

    name: str
    proto_service: str
    access: Mapping[str, Access]
    register: Callable[[grpc.Server, ServiceRuntime | None], None]
    uses_database: bool = True
    models_module: str | None = None

    @property
    def package(self) -> str:
        """The service's Python package (its models' parent), home of its migrations."""
        if self.models_module is None:
            raise ValueError(f"{self.name} keeps no tables")
        return self.models_module.rpartition(".")[0]

    def method_access(self) -> dict[str, Access]:
        return {f"/{self.proto_service}/{rpc}": access for rpc, access in self.access.items()}
