"""JSON-lines logging with the call's context (service, rpc, request id) on every line."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import sys
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CallContext:
    """What identifies one RPC in logs, audit records and errors."""

    service: str
    rpc: str
    request_id: str


_current_call: contextvars.ContextVar[CallContext | None] = contextvars.ContextVar(
    "cityscore_call", default=None
)


def current_call() -> CallContext | None:
    return _current_call.get()


class call_scope(AbstractContextManager[None]):  # noqa: N801 (used as a function)
    """Within the block, ``current_call()`` is ``call``.

    A class rather than a generator: it runs on every call, and a generator-based context
    manager costs several times as much to enter and leave.
    """

    __slots__ = ("_call", "_token")

    def __init__(self, call: CallContext) -> None:
        self._call = call

    def __enter__(self) -> None:
        self._token = _current_call.set(self._call)

    def __exit__(self, *_exc: object) -> None:
        _current_call.reset(self._token)


#: ``json.dumps`` with these options would build an encoder for every line.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)))


#: The lines of a PostgreSQL error that quote stored values: a failing row, a key, a COPY line.
_QUOTING_LINES = re.compile(r"^(\s*)(DETAIL|CONTEXT):.*$", re.MULTILINE)


class _WithholdingFormatter(logging.Formatter):
    """Writes an exception without the lines of a database error that quote values.

    PostgreSQL's ``DETAIL`` of a not-null or check violation holds the whole row, a unique
    clash's the key, a ``COPY`` error's ``CONTEXT`` the line sent; any of them may be a
    personal number (architecture page §7), and an unexpected error is logged whole.
    """

    def formatException(self, ei: Any) -> str:  # noqa: N802 (logging's name)
        return _QUOTING_LINES.sub(r"\1\2: (withheld from the log: it may quote stored values)",
                                  super().formatException(ei))


class JsonLinesFormatter(_WithholdingFormatter):
    """One JSON object a line: time, level, logger, message, call context, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        call = current_call()
        if call is not None:
            entry.update(service=call.service, rpc=call.rpc, request_id=call.request_id)
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _ENCODER.encode(entry)


class ConsoleFormatter(_WithholdingFormatter):
    """A readable line for a developer's terminal, with the request id when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        call = current_call()
        return f"{line} [{call.rpc} {call.request_id}]" if call else line


def configure_logging(level: str, log_format: str) -> None:
    """Install one stdout handler on the root logger (called once, by ``__main__``).

    Neither format prints the source line, thread or process of a record, so records are made
    without looking them up: finding the caller walks the stack on every line, the access
    line of every call included.
    """
    logging._srcfile = None  # no caller look-up
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stdout)
    if log_format == "json":
        handler.setFormatter(JsonLinesFormatter())
    else:
        handler.setFormatter(ConsoleFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
