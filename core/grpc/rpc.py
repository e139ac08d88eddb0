"""Each RPC declares what it is, next to its code (docs/decisions/0007-rpc-declarations.md).

An rpc module of a service holds plain functions, one per RPC, each under :func:`rpc`::

    @rpc(access=CITY, scope=district_field("district"), writes=True)
    def upload_units(request: pb.UploadUnitsRequest, call: Call[BloodDeps],
                     session: Session) -> pb.UploadUnitsResponse:
        ...

The declaration says which roles may call it, how the scope of a scoped caller (a district
office, an LPG enterprise) is found, and whether it writes. :func:`service_spec` collects the
declarations of a service's rpc modules, checks them against the proto service (each method
declared exactly once, no declaration for a method the proto lacks: a mismatch stops the start,
it is never found at call time), builds the access table the auth interceptor enforces, and
registers one handler per method with the gRPC server.

What the handler receives is explicit: the request (a client stream already merged into one
message, so idempotency and validation see the whole batch), a :class:`Call` with the caller's
principal, the service clock, the service's own dependencies and the gRPC context, and, unless
the declaration says ``units=HANDLER``, the session of the one unit of work the call runs in: a
write runs through ``ServiceRuntime.mutate`` (request id claimed, audit and answer stored in the
same transaction), a read in a read-only unit of work.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Generic, TypeVar

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import FileDescriptor, MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message
from sqlmodel import Session

from cityscore.core.clock import Clock
from cityscore.core.db import unit_of_work
from cityscore.core.districts import is_district
from cityscore.core.errors import Cancelled, FieldViolation, InvalidArgument, ViolationCollector
from cityscore.core.grpc.auth import (
    Access,
    Principal,
    Role,
    current_principal,
    require_district,
    require_enterprise,
    require_role,
)
from cityscore.core.service import ServiceRuntime, ServiceSpec

DepsT = TypeVar("DepsT")
ResponseT = TypeVar("ResponseT", bound=Message)
_DECLARATION = "__cityscore_rpc__"


class Units(enum.Enum):
    """Who opens the unit of work a call runs in."""

    #: The declaration: one read-only unit, or ``ServiceRuntime.mutate`` when the call writes.
    ONE = "one"
    #: The handler, through ``call.read()`` / ``call.mutate()``: resumable chunked uploads
    #: (one mutation per chunk), streamed answers read page by page, calls with no database.
    HANDLER = "handler"


ONE = Units.ONE
HANDLER = Units.HANDLER


class DeclarationError(RuntimeError):
    """A service's rpc declarations do not match its proto service; the server does not start."""


@dataclass(frozen=True, slots=True)
class ScopeRule:
    """How the scope of a scoped caller is found in the request.

    ``kind`` is "district" (district offices act for their own district) or "enterprise" (an
    LPG enterprise acts for itself); ``field`` a dotted path in the request. A non-empty value
    outside the caller's scope is PERMISSION_DENIED before the handler runs; an empty value
    is refused for a write and left to the handler for a read, which narrows it to the
    caller's own scope with ``call.own_district`` / ``call.own_enterprise``.
    """

    kind: str
    field: str

    def check(self, principal: Principal, request: Message, writes: bool) -> None:
        value = _field_value(request, self.field)
        if not value and not writes:
            return
        if self.kind == "district":
            if value and not is_district(value):
                raise InvalidArgument(f"{self.field} is not a district", [FieldViolation(
                    self.field, f"{value!r} is not a district code")])
            require_district(principal, value)
        else:
            require_enterprise(principal, value)


def district_field(field: str) -> ScopeRule:
    """The request's ``field`` names the district the call acts for."""
    return ScopeRule("district", field)


def enterprise_field(field: str) -> ScopeRule:
    """The request's ``field`` names the LPG enterprise the call acts for."""
    return ScopeRule("enterprise", field)


@dataclass(frozen=True, slots=True)
class StoredScope:
    """The scope is that of rows as stored: the handler loads them and checks each with
    ``call.require_district`` / ``call.require_enterprise`` (or answers NOT_FOUND for rows
    outside the caller's scope), before it changes anything."""


#: See :class:`StoredScope`.
STORED_ROWS = StoredScope()


def _field_value(message: Message, path: str) -> str:
    value: Any = message
    for part in path.split("."):
        value = getattr(value, part)
    return str(value)


@dataclass(frozen=True)
class Call(Generic[DepsT]):
    """What a handler knows of its call, passed explicitly."""

    rpc: str
    principal: Principal
    clock: Clock
    deps: DepsT
    runtime: ServiceRuntime
    context: grpc.ServicerContext
    _committed: list[Callable[[], None]] = field(default_factory=list)

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` (a counter's increment) once the unit of work running now has
        committed: a write rolled back, or answered again from the request log, counts nothing.
        """
        self._committed.append(action)

    def _run_committed(self) -> None:
        actions, self._committed[:] = list(self._committed), []
        for action in actions:
            action()

    def now(self) -> dt.datetime:
        return self.clock.now()

    def today(self) -> dt.date:
        return self.clock.today()

    def audit(self, session: Session, *, action: str, entity_type: str, entity_id: str,
              detail: Mapping[str, Any] | None = None) -> None:
        """Record who changed what, in the transaction of the change."""
        self.runtime.audit(session, action=action, entity_type=entity_type,
                           entity_id=entity_id, detail=detail)

    def read(self) -> AbstractContextManager[Session]:
        """A read-only unit of work (for ``units=HANDLER``)."""
        return self.runtime.read()

    def mutate(self, request: Any, response_type: type[ResponseT],
               work: Callable[[Session], ResponseT]) -> ResponseT:
        """One idempotent, audited unit of work (for ``units=HANDLER``: one per chunk),
        committed only while the caller still waits for it."""
        self._committed.clear()
        response = self.runtime.mutate(request, response_type,
                                       _while_active(self.context, work))
        self._run_committed()
        return response

    def write(self) -> AbstractContextManager[Session]:
        """A write unit of work outside the request log (for ``units=HANDLER``): what must
        persist although the call fails, such as a refusal kept for the reports."""
        return unit_of_work(self.runtime.engine, write=True)

    def require_district(self, district: str) -> None:
        """A district office acts only for its own district (architecture page §7)."""
        require_district(self.principal, district)

    def require_enterprise(self, enterprise_id: str) -> None:
        """An LPG enterprise acts only for itself (architecture page §7)."""
        require_enterprise(self.principal, enterprise_id)

    def require_role(self, *roles: Role) -> None:
        """A finer role check, for an action only some of the RPC's callers may take."""
        require_role(self.principal, *roles)

    def own_district(self, requested: str) -> str:
        """The district a read is limited to: a district office always reads its own."""
        if self.principal.role is Role.DISTRICT_OFFICE:
            require_district(self.principal, requested or self.principal.scope)
            return self.principal.scope
        return requested

    def own_enterprise(self, requested: str) -> str:
        """The enterprise a read is limited to: an LPG enterprise always reads its own."""
        if self.principal.role is Role.LPG_ENTERPRISE:
            require_enterprise(self.principal, requested or self.principal.scope)
            return self.principal.scope
        return requested


@dataclass(frozen=True)
class Declaration:
    """One RPC as its code declares it."""

    name: str
    access: Access
    scope: ScopeRule | StoredScope | None
    writes: bool | Callable[[Any], bool]
    units: Units
    handler: Callable[..., Any]

    def writes_for(self, request: Any) -> bool:
        return self.writes(request) if callable(self.writes) else self.writes


def rpc(*, access: Access, scope: ScopeRule | StoredScope | None = None,
        writes: bool | Callable[[Any], bool] = False, units: Units = ONE,
        name: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the function below as the handler of one RPC.

    ``access``: the roles allowed. ``scope``: how a scoped caller's scope is found
    (:func:`district_field`, :func:`enterprise_field`, :data:`STORED_ROWS`; None when every
    allowed role may see everything the RPC touches). ``writes``: True, or a predicate of the
    request (a what-if run writes nothing). ``units``: :data:`ONE` or :data:`HANDLER`.
    ``name``: the proto method, by default the function's name in PascalCase.
    """

    def declare(handler: Callable[..., Any]) -> Callable[..., Any]:
        method = name or "".join(part.capitalize() for part in handler.__name__.split("_"))
        setattr(handler, _DECLARATION, Declaration(method, access, scope, writes, units,
                                                   handler))
        return handler

    return declare


def declarations(modules: Iterable[ModuleType]) -> list[Declaration]:
    """Every declared handler in ``modules``, in module order."""
    found: list[Declaration] = []
    for module in modules:
        for _, member in inspect.getmembers(module, inspect.isfunction):
            declaration = getattr(member, _DECLARATION, None)
            if isinstance(declaration, Declaration) and member.__module__ == module.__name__:
                found.append(declaration)
    return found


def _check(service: ServiceDescriptor, found: Sequence[Declaration]) -> dict[str, Declaration]:
    by_name: dict[str, Declaration] = {}
    problems: list[str] = []
    for declaration in found:
        where = f"{declaration.handler.__module__}.{declaration.handler.__name__}"
        if declaration.name in by_name:
            problems.append(f"{declaration.name} is declared twice ({where})")
        elif declaration.name not in service.methods_by_name:
            problems.append(f"{where} declares {declaration.name}, which "
                            f"{service.full_name} does not have")
        by_name[declaration.name] = declaration
    problems += [f"{method} has no declared handler" for method in service.methods_by_name
                 if method not in by_name]
    problems += [f"{d.name} streams its answer, so it cannot write in one unit of work"
                 for d in by_name.values() if d.name in service.methods_by_name
                 and service.methods_by_name[d.name].server_streaming and d.writes is not False
                 and d.units is ONE]
    if problems:
        raise DeclarationError(f"{service.full_name}: " + "; ".join(sorted(problems)))
    return by_name


def _while_active(context: grpc.ServicerContext, work: Callable[[Session], ResponseT]
                  ) -> Callable[[Session], ResponseT]:
    """``work``, refused at its end when the caller has gone (cancelled, or past its deadline):
    the unit of work then rolls back instead of committing what the caller was told failed,
    and the caller's retry with the same request id does it once."""

    def run(session: Session) -> ResponseT:
        response = work(session)
        if not context.is_active():
            raise Cancelled("the caller gave up before the change was committed")
        return response

    return run


def _merged(requests: Iterator[Message], message_type: type[Message]) -> Message:
    """One request from a client stream, so idempotency and validation see the whole batch.

    Repeated fields (the rows) concatenate. A single field that two chunks both set (the
    request id, the year, the owner) must agree: a chunk that says otherwise belongs to another
    upload, and the whole stream is INVALID_ARGUMENT naming it, not silently the last value.
    """
    merged = message_type()
    errors = ViolationCollector()
    single: dict[str, object] = {}
    for index, chunk in enumerate(requests):
        for descriptor, value in chunk.ListFields():
            if descriptor.is_repeated:
                continue
            if single.setdefault(descriptor.name, value) != value:
                errors.add(f"chunks[{index}].{descriptor.name}",
                           "differs from the earlier chunks of this stream")
        merged.MergeFrom(chunk)
    errors.raise_if_any("the chunks of one stream disagree")
    return merged


class _Bound(Generic[DepsT]):
    """The behaviour gRPC calls for one declared method of one running service."""

    def __init__(self, declaration: Declaration, method: MethodDescriptor,
                 runtime: ServiceRuntime, deps: DepsT) -> None:
        self._declaration = declaration
        self._request_type = message_factory.GetMessageClass(method.input_type)
        self._response_type = message_factory.GetMessageClass(method.output_type)
        self._merge = method.client_streaming and declaration.units is ONE
        self._runtime = runtime
        self._deps = deps

    def handler(self, method: MethodDescriptor) -> grpc.RpcMethodHandler[Any, Any]:
        make = {(False, False): grpc.unary_unary_rpc_method_handler,
                (True, False): grpc.stream_unary_rpc_method_handler,
                (False, True): grpc.unary_stream_rpc_method_handler,
                (True, True): grpc.stream_stream_rpc_method_handler}
        factory = make[(method.client_streaming, method.server_streaming)]
        behaviour = self._stream if method.server_streaming else self._unary
        return factory(behaviour,
                       request_deserializer=self._request_type.FromString,
                       response_serializer=self._response_type.SerializeToString)

    def _call(self, context: grpc.ServicerContext) -> Call[DepsT]:
        return Call(rpc=self._declaration.name, principal=current_principal(),
                    clock=self._runtime.clock, deps=self._deps, runtime=self._runtime,
                    context=context)

    def _prepared(self, request: Any, context: grpc.ServicerContext
                  ) -> tuple[Any, Call[DepsT], bool]:
        if self._merge:
            request = _merged(request, self._request_type)
        call = self._call(context)
        declaration = self._declaration
        writes = declaration.writes_for(request)
        if isinstance(declaration.scope, ScopeRule):
            declaration.scope.check(call.principal, request, writes)
        return request, call, writes and declaration.units is ONE

    def _unary(self, request: Any, context: grpc.ServicerContext) -> Any:
        request, call, writes = self._prepared(request, context)
        handler = self._declaration.handler
        if self._declaration.units is HANDLER:
            return handler(request, call)
        if writes:
            return call.mutate(request, self._response_type,
                               lambda session: handler(request, call, session))
        with self._runtime.read() as session:
            return handler(request, call, session)

    def _stream(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
        request, call, _ = self._prepared(request, context)
        handler = self._declaration.handler
        if self._declaration.units is HANDLER:
            yield from handler(request, call)
            return
        with self._runtime.read() as session:
            yield from handler(request, call, session)


_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def service_spec(*, name: str, file: FileDescriptor, service: str,
                 modules: Sequence[ModuleType], deps: Callable[[ServiceRuntime], DepsT],
                 models_module: str) -> ServiceSpec:
    """The :class:`ServiceSpec` of a service whose RPCs are declared in ``modules``.

    ``file`` is the generated ``*_pb2.DESCRIPTOR``, ``service`` the service's short name in
    it, ``deps`` builds the service's own dependencies (metrics, caches) from its runtime once
    per server, ``models_module`` names its tables (its package holds its migrations).
    Raises :class:`DeclarationError` when declarations and proto disagree.
    """
    descriptor = file.services_by_name[service]
    by_name = _check(descriptor, declarations(modules))
    bad = [n for n in by_name if not _PASCAL.match(n)]
    if bad:
        raise DeclarationError(f"{descriptor.full_name}: not PascalCase: {', '.join(bad)}")

    def register(server: grpc.Server, runtime: ServiceRuntime | None) -> None:
        if runtime is None:
            raise DeclarationError(f"{name} needs a database")
        own = deps(runtime)
        handlers = {method: _Bound(by_name[method], descriptor.methods_by_name[method],
                                   runtime, own).handler(descriptor.methods_by_name[method])
                    for method in by_name}
        server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(descriptor.full_name, handlers),))

    return ServiceSpec(name=name, proto_service=descriptor.full_name,
                       access={n: d.access for n, d in by_name.items()}, register=register,
                       models_module=models_module)
