"""Who is calling, and may they (architecture page §7).

Bearer tokens arrive in the ``authorization`` metadata. The tokens file holds only their sha256
hashes, each mapped to a principal with a role and a scope; it is re-read when it changes, so a
rotation needs no restart. See ``docs/decisions/0003-tokens-file.md`` for the format.
"""

from __future__ import annotations

import contextvars
import enum
import hashlib
import json
import os
import threading
import time
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from cityscore.core.errors import PermissionDenied, Unauthenticated


class Role(enum.StrEnum):
    CITY_OFFICE = "city_office"
    ASSESSOR = "assessor"
    DISTRICT_OFFICE = "district_office"
    LPG_ENTERPRISE = "lpg_enterprise"
    OPERATOR = "operator"


SCOPED_ROLES = frozenset({Role.DISTRICT_OFFICE, Role.LPG_ENTERPRISE})


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller. ``scope`` is a district code or an LPG enterprise id."""

    name: str
    role: Role
    scope: str = ""
    anonymous: bool = False

    def may_act_for_district(self, district: str) -> bool:
        """District offices act for their own district only; wider roles for any."""
        return self.role is not Role.DISTRICT_OFFICE or self.scope == district


ANONYMOUS_LOCAL = Principal(name="anonymous", role=Role.CITY_OFFICE, anonymous=True)


@dataclass(frozen=True, slots=True)
class Access:
    """Which roles may call an RPC. Scope checks are the servicer's, since they need the data."""

    roles: frozenset[Role]

    @classmethod
    def of(cls, *roles: Role) -> Access:
        return cls(frozenset(roles))


#: Reads open to every authenticated role (scoped roles still see only their scope).
READ_ANY = Access(frozenset(Role))
#: Only the health service may be called without a principal (Kubernetes probes).
PUBLIC_METHOD_PREFIXES = ("/grpc.health.v1.Health/",)
#: Reflection is available to any authenticated caller.
ANY_PRINCIPAL_PREFIXES = ("/grpc.reflection.v1alpha.ServerReflection/",
                          "/grpc.reflection.v1.ServerReflection/")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokensFileError(ValueError):
    """The tokens file is unreadable or malformed; the server refuses to start with it."""


def parse_tokens(text: str, source: str = "tokens file") -> dict[str, Principal]:
    """Parse the JSON tokens file into ``{sha256 hex: Principal}``."""
    try:
        document = json.loads(text)
        entries = document["tokens"]
    except (ValueError, KeyError, TypeError) as exc:
        raise TokensFileError(f"{source}: expected a JSON object with a 'tokens' list") from exc
    table: dict[str, Principal] = {}
    for index, entry in enumerate(entries):
        where = f"{source}: tokens[{index}]"
        try:
            digest = str(entry["sha256"]).lower()
            role = Role(entry["role"])
            principal = Principal(name=str(entry["principal"]), role=role,
                                  scope=str(entry.get("scope", "")))
        except (KeyError, ValueError, TypeError) as exc:
            raise TokensFileError(f"{where}: needs sha256, principal and a known role") from exc
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise TokensFileError(f"{where}: sha256 must be 64 hex digits")
        if (role in SCOPED_ROLES) != bool(principal.scope):
            needs = "needs a" if role in SCOPED_ROLES else "takes no"
            raise TokensFileError(f"{where}: role {role} {needs} scope")
        if digest in table:
            raise TokensFileError(f"{where}: duplicate token hash")
        table[digest] = principal
    return table


class TokenStore:
    """The tokens file, re-read when its modification time or size changes.

    The file is looked at no more than once every ``recheck_seconds`` (a change takes effect
    within that time): a ``stat`` on every call cost a cheap call's server a sixth of its time.
    """

    def __init__(self, path: Path, recheck_seconds: float = 1.0) -> None:
        self._path = path
        self._recheck_seconds = recheck_seconds
        self._next_check = 0.0
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._table: Mapping[str, Principal] = {}
        self._reload_if_changed()

    def _reload_if_changed(self) -> None:
        stat = os.stat(self._path)
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp != self._stamp:
                self._table = parse_tokens(self._path.read_text("utf-8"), str(self._path))
                self._stamp = stamp

    def resolve(self, token: str) -> Principal | None:
        now = time.monotonic()
        if now >= self._next_check:
            self._next_check = now + self._recheck_seconds
            self._reload_if_changed()
        return self._table.get(hash_token(token))


class Authenticator:
    """Turns call metadata into a principal: a token store, or anonymous loopback mode."""

    def __init__(self, store: TokenStore | None) -> None:
        self._store = store

    @property
    def anonymous_mode(self) -> bool:
        return self._store is None

    def authenticate(self, metadata: Mapping[str, str]) -> Principal:
        if self._store is None:
            return ANONYMOUS_LOCAL
        header = metadata.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("a bearer token is required", reason="TOKEN_MISSING")
        principal = self._store.resolve(token.strip())
        if principal is None:
            raise Unauthenticated("the token is not valid", reason="TOKEN_INVALID")
        return principal


def authorize(principal: Principal, access: Access | None, method: str) -> None:
    """Role check for one RPC; no declared access means nobody may call it (fail closed)."""
    if access is None or principal.role not in access.roles:
        raise PermissionDenied(f"role {principal.role} may not call {method.rsplit('/', 1)[-1]}",
                               reason="ROLE_NOT_ALLOWED")


_current_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "cityscore_principal", default=None
)


def current_principal() -> Principal:
    """The caller of the RPC being served; set by the auth interceptor."""
    principal = _current_principal.get()
    if principal is None:
        raise Unauthenticated("no authenticated caller")
    return principal


class principal_scope(AbstractContextManager[None]):  # noqa: N801 (used as a function)
    """Within the block, ``current_principal()`` is ``principal`` (entered on every call: a
    class, cheaper than a generator-based context manager)."""

    __slots__ = ("_principal", "_token")

    def __init__(self, principal: Principal) -> None:
        self._principal = principal

    def __enter__(self) -> None:
        self._token = _current_principal.set(self._principal)

    def __exit__(self, *_exc: object) -> None:
        _current_principal.reset(self._token)


def require_district(principal: Principal, district: str) -> None:
    """A district office may read and write only its own district (architecture page §7)."""
    if not principal.may_act_for_district(district):
        raise PermissionDenied(f"{principal.name} may act only for district {principal.scope}",
                               reason="OUT_OF_SCOPE", metadata={"district": district})


def require_enterprise(principal: Principal, enterprise_id: str) -> None:
    """An LPG enterprise sees and writes only its own data (architecture page §7)."""
    if principal.role is Role.LPG_ENTERPRISE and principal.scope != enterprise_id:
        raise PermissionDenied(f"{principal.name} may act only for enterprise {principal.scope}",
                               reason="OUT_OF_SCOPE", metadata={"enterprise": enterprise_id})


def require_role(principal: Principal, *roles: Role) -> None:
    """A finer role check inside an RPC, for actions only some of its callers may take."""
    if principal.role not in roles:
        raise PermissionDenied(f"role {principal.role} may not do this", reason="ROLE_NOT_ALLOWED")
