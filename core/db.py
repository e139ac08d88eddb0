"""Engines, units of work, and the audit and request-log tables every service owns.

SQLite (the local default) gets WAL, foreign keys, a busy timeout and ``BEGIN IMMEDIATE`` for
writing units of work, so concurrent writers queue instead of failing half-way; PostgreSQL gets
``pool_pre_ping`` (architecture page §8).
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import keyword
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Delete,
    Engine,
    Executable,
    Insert,
    Integer,
    LargeBinary,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    Update,
    cast,
    create_engine,
    event,
    exc,
    func,
    literal_column,
    text,
)
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.sql import ClauseElement, ColumnElement
from sqlmodel import Session, SQLModel

from cityscore.core import tracing
from cityscore.core.errors import AlreadyExists, Unavailable

SQLITE_BUSY_TIMEOUT_MS = 30_000
#: The execution option naming the kind of unit of work a connection serves.
_UNIT_OPTION = "cityscore_unit"
_WRITING = {_UNIT_OPTION: "write"}
_READING = {_UNIT_OPTION: "read"}


def make_engine(url: str) -> Engine:
    """An engine for ``url``: ``sqlite:///path`` or ``postgresql+psycopg://...``. Its errors
    never quote a statement's parameters: they may be personal numbers, and errors are logged.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, hide_parameters=True,
                               connect_args={"check_same_thread": False,
                                             "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _tune_sqlite(engine, in_memory=database in ("", ":memory:"))
        _begin_on_the_driver(engine)
        return engine
    engine = create_engine(url, hide_parameters=True, pool_pre_ping=True, pool_size=10,
                           max_overflow=10)
    _begin_on_the_driver(engine)
    return engine


def _begin_at_driver(dialect: Dialect, driver: Any, unit: str | None) -> None:
    """Begin a transaction on the driver for a ``"read"`` or ``"write"`` unit of work (or for
    a connection outside one: migrations, probes), unless one is open there already (a reading
    unit whose first statement ran on the driver, which SQLAlchemy now joins).

    SQLite: ``BEGIN``, ``BEGIN IMMEDIATE`` for writing, so writers queue for the lock instead
    of failing half-way. PostgreSQL: psycopg begins with the first statement, at the level set
    here: ``REPEATABLE READ READ ONLY`` for reading, so all its statements see one state of the
    database, as on SQLite (psycopg puts it in its ``BEGIN``: no round trip of its own), and a
    write in a reading unit is refused at once; the server's defaults (``READ COMMITTED``) for
    writing, whose row locks order writers, and for the rest. Sent straight to the driver:
    through SQLAlchemy's statement machinery, the ``BEGIN`` of a one-row read cost as much as
    the read.
    """
    if dialect.name == "postgresql":
        idle, repeatable_read = _psycopg_states()
        if driver.info.transaction_status == idle:
            reading = unit == "read"
            driver.isolation_level = repeatable_read if reading else None
            driver.read_only = True if reading else None
        return
    if not driver.in_transaction:
        driver.execute("BEGIN IMMEDIATE" if unit == "write" else "BEGIN")


@functools.cache
def _psycopg_states() -> tuple[Any, Any]:
    """psycopg's "no transaction open" status and its REPEATABLE READ level (imported only
    for a PostgreSQL engine)."""
    from psycopg import IsolationLevel
    from psycopg.pq import TransactionStatus

    return TransactionStatus.IDLE, IsolationLevel.REPEATABLE_READ


def _begin_on_the_driver(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        link = _OnTheDriver.of(connection)
        with link.errors("BEGIN"):
            _begin_at_driver(link.dialect, link.driver,
                             connection.get_execution_options().get(_UNIT_OPTION))


def _tune_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # BEGIN is ours: _begin_at_driver
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()


def is_postgresql(bind: Engine | Connection) -> bool:
    """Whether ``bind`` (an engine, or a session's connection or bind) is PostgreSQL."""
    return bind.dialect.name == "postgresql"


@contextmanager
def unit_of_work(engine: Engine, *, write: bool) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error.

    A writing unit takes its connection (and on SQLite the write lock, ``BEGIN IMMEDIATE``)
    at once; a reading one only when it first reads (see ``_ReadSession``). A database that
    does not answer becomes ``Unavailable`` (gRPC UNAVAILABLE).
    """
    attributes: dict[str, str | bool] = {"db.system": engine.dialect.name,
                                         "cityscore.writes": write}
    with tracing.span("db.transaction", **attributes):
        session = Session(bind=engine, expire_on_commit=False, autoflush=False) if write \
            else _ReadSession(engine)
        try:
            if write:
                session.connection(execution_options=_WRITING)
            yield session
            if write:
                with tracing.span("db.commit"):
                    session.commit()
        except exc.OperationalError as error:
            session.rollback()
            raise Unavailable("the database is not answering; try again shortly") from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


class _ReadSession(Session):
    """A reading unit of work's session, whose statements may start on the driver.

    A ``DriverStatement`` run first takes a pool connection and begins it at the driver,
    without SQLAlchemy's connection and session transaction around it: they were half of a
    one-row read (docs/decisions/0026). An ORM statement after it joins that same connection
    (``get_bind``), and driver statements after an ORM one run on SQLAlchemy's, so the unit
    reads one state of the database whichever runs first. The pool's reset on return rolls
    the transaction back.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__(bind=engine, expire_on_commit=False, autoflush=False,
                         execution_options=_READING)
        self._engine = engine
        self._pooled: Any = None
        self._joined: Connection | None = None

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        if self._pooled is None:
            return super().get_bind(*args, **kwargs)
        if self._joined is None:
            self._joined = Connection(self._engine, connection=self._pooled)
        return self._joined

    def on_the_driver(self) -> _OnTheDriver:
        """The driver connection this unit reads on, begun."""
        if self.in_transaction():
            return _OnTheDriver.of(self.connection())
        dialect = self._engine.dialect
        if self._pooled is None:
            dbapi = dialect.loaded_dbapi
            try:
                pooled = self._engine.raw_connection()
            except dbapi.Error as error:
                raise exc.DBAPIError.instance("connect", None, error, dbapi.Error,
                                              hide_parameters=True) from error
            link = _OnTheDriver(dialect, pooled.driver_connection, pooled.invalidate)
            try:
                with link.errors("BEGIN"):
                    _begin_at_driver(dialect, link.driver, "read")
            except BaseException:
                pooled.close()
                raise
            self._pooled = pooled
            return link
        return _OnTheDriver(dialect, self._pooled.driver_connection, self._pooled.invalidate)

    def close(self) -> None:
        try:
            super().close()
        finally:
            joined, pooled, self._joined, self._pooled = self._joined, self._pooled, None, None
            if joined is not None:
                joined.close()
            elif pooled is not None:
                pooled.close()


IN_CHUNK = 900
"""Keys per ``IN (...)`` look-up: below SQLite's bound-parameter limit, fine for PostgreSQL."""


def add(session: Session, *, row: Any) -> Any:
    """Insert (or update) one row and flush, so generated keys and constraint errors show up
    now, inside the caller's unit of work."""
    session.add(row)
    session.flush()
    return row


def add_unique(session: Session, *, row: Any, kind: str, name: str) -> Any:
    """Insert ``row``; a unique-key clash (even with a concurrent call) is ALREADY_EXISTS for
    ``kind`` ``name``, and the rest of the unit of work stands."""
    try:
        with session.begin_nested():
            return add(session, row=row)
    except exc.IntegrityError:
        raise AlreadyExists(kind, name) from None


def bulk_insert(session: Session, table: str, columns: Sequence[str],
                rows: Iterable[tuple[Any, ...]], *, date_columns: Sequence[int] = ()) -> None:
    """Insert many rows straight through the driver, in the session's transaction.

    The ORM's per-row parameter processing costs more than the database's own work at 10⁵–10⁶
    rows (architecture page §8, "bulk writes batch"): ``COPY`` on PostgreSQL, ``executemany``
    on SQLite, where a date column (``date_columns``, by position) is written as ISO text, the
    way SQLAlchemy stores dates there. A unique or foreign-key clash is SQLAlchemy's
    ``IntegrityError``, as from the ORM; on PostgreSQL it leaves the transaction aborted, so a
    caller that wants to go on wraps the insert in ``session.begin_nested()``.
    """
    if isinstance(rows, Sequence) and not rows:
        return
    names = ", ".join(columns)
    connection = session.connection()
    driver = _driver(connection)
    with _OnTheDriver.of(connection).errors(f"bulk insert into {table}"):
        if is_postgresql(connection.engine):
            with driver.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if date_columns:
            rows = (tuple(value.isoformat() if position in date_columns and value is not None
                          else value for position, value in enumerate(row)) for row in rows)
        marks = ", ".join("?" * len(columns))
        driver.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


ColumnValues = npt.NDArray[Any] | Sequence[Any]


def insert_columns(session: Session, table: str, columns: Mapping[str, ColumnValues]) -> None:
    """Insert rows given column by column (NumPy arrays or lists of equal length), straight
    through the driver, in the session's transaction; NaN in a float array is NULL.

    No Python object is made per row: on SQLite the columns are zipped into ``executemany``
    (which binds NaN as NULL); on PostgreSQL each column is turned into COPY text at once
    (floats by ``repr``, which reads back to the same bits) and the rows are joined into one
    buffer, several times faster than ``COPY … write_row`` per row. Errors as ``bulk_insert``.
    """
    names = list(columns)
    connection = session.connection()
    if not is_postgresql(connection.engine):
        lists = [values.tolist() if isinstance(values, np.ndarray) else values
                 for values in columns.values()]
        bulk_insert(session, table, names, zip(*lists, strict=True))
        return
    texts = [_copy_text(values) for values in columns.values()]
    if not texts or not len(texts[0]):
        return
    payload = ("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n").encode()
    driver = _driver(connection)
    copy_sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
    with _OnTheDriver.of(connection).errors(copy_sql), driver.cursor() as cursor, \
            cursor.copy(copy_sql) as copy:
        for start in range(0, len(payload), _COPY_BLOCK):
            copy.write(payload[start:start + _COPY_BLOCK])


_COPY_BLOCK = 1 << 20
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(values: ColumnValues) -> list[str]:
    """One column as PostgreSQL COPY text values: NULL for None and NaN, escaped strings."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "f":
            texts = np.array(list(map(repr, values.tolist())), dtype=object)
            texts[np.isnan(values)] = "\\N"
            return list(texts)
        if values.dtype.kind in "iu":
            return list(map(str, values.tolist()))
        values = values.tolist()
    return ["\\N" if v is None else _copy_value(v) for v in values]


def _copy_value(value: Any) -> str:
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        return "\\N" if math.isnan(value) else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _driver(connection: Connection) -> Any:
    """The driver's own connection under a SQLAlchemy connection (sqlite3's or psycopg's)."""
    driver = connection.connection.driver_connection
    assert driver is not None, "a checked-out connection always has a driver connection"
    return driver


@dataclass(frozen=True, slots=True)
class _OnTheDriver:
    """A driver connection inside a unit of work, with what telling its errors needs."""

    dialect: Dialect
    driver: Any
    invalidate: Callable[[BaseException], None]

    @classmethod
    def of(cls, connection: Connection) -> _OnTheDriver:
        return cls(connection.dialect, _driver(connection), connection.invalidate)

    @contextmanager
    def errors(self, statement: str) -> Iterator[None]:
        """The driver's errors as SQLAlchemy's own types (``IntegrityError``,
        ``OperationalError``…), so callers catch one family whichever path ran the
        statement; the parameters are never in the message (they may be personal numbers),
        and a connection the database dropped is not given back to the pool."""
        dbapi = self.dialect.loaded_dbapi
        try:
            yield
        except dbapi.Error as error:
            if self.dialect.is_disconnect(error, self.driver, None):
                self.invalidate(error)
            raise exc.DBAPIError.instance(statement, None, error, dbapi.Error,
                                          hide_parameters=True) from error


def day_number(session: Session, column: Any) -> ColumnElement[int]:
    """A date column as the kernel's day number (days since 1970-01-01), computed by the
    database, so a whole-registry read needs no date object per row."""
    if is_postgresql(session.get_bind()):
        return cast(column - literal_column("DATE '1970-01-01'"), Integer)
    return cast(func.julianday(column) - 2440587.5, Integer)


@contextmanager
def driver_rows(session: Session, query: ClauseElement, *, name: str, chunk: int
                ) -> Iterator[Iterator[Sequence[Sequence[Any]]]]:
    """The rows of ``query`` (its parameters literal numbers or texts) as the driver's plain
    tuples, ``chunk`` at a time, through its own cursor (server-side on PostgreSQL, named
    ``name``, so memory stays bounded by a chunk): at millions of rows SQLAlchemy's row
    objects cost more than the read itself. The cursor closes when the block ends, however
    it ends, while the session still holds its connection."""
    connection = session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    driver = _driver(connection)
    cursor = driver.cursor(name) if is_postgresql(connection.engine) else driver.cursor()
    try:
        cursor.execute(sql)
        yield iter(lambda: cursor.fetchmany(chunk), [])
    finally:
        cursor.close()


def _row_type(names: Sequence[str]) -> Callable[[Iterable[Any]], Any]:
    """Rows with named columns (as SQLAlchemy's rows have), or plain tuples without a select."""
    if not names:
        return tuple
    row: Any = collections.namedtuple("Row", names)  # type: ignore[misc]
    make: Callable[[Iterable[Any]], Any] = row._make
    return make


class DriverStatement:
    """A statement an RPC runs on every call, compiled once per database and executed on the
    driver's own cursor in the caller's unit of work.

    For a one-row read or write, SQLAlchemy's work per execution (cache key, execution
    context, result metadata, row objects) cost several times the database's own
    (docs/decisions/0026). This keeps what that work gives such a statement: the dialect's
    conversions of parameters and results (dates as ISO text on SQLite, booleans), rows with
    named columns, and errors as SQLAlchemy's types. It has no ``IN`` lists and no
    Python-side column defaults: the caller passes every value the statement names.
    """

    def __init__(self, statement: Executable) -> None:
        self._statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def rows(self, session: Session, parameters: Mapping[str, Any] | None = None
             ) -> list[Any]:
        """Every row, as named tuples."""
        rows: list[Any] = self._run(session, parameters, fetch=True)
        return rows

    def first(self, session: Session, parameters: Mapping[str, Any] | None = None) -> Any:
        """The first row, or None."""
        rows = self._run(session, parameters, fetch=True)
        return rows[0] if rows else None

    def execute(self, session: Session, parameters: Mapping[str, Any] | None = None) -> int:
        """Run a write; the number of rows it changed."""
        count: int = self._run(session, parameters, fetch=False)
        return count

    def _run(self, session: Session, parameters: Mapping[str, Any] | None, *,
             fetch: bool) -> Any:
        link = session.on_the_driver() if isinstance(session, _ReadSession) else \
            _OnTheDriver.of(session.connection())
        dialect = link.dialect
        compiled = self._by_dialect.get(dialect.name)
        if compiled is None:
            compiled = self._by_dialect[dialect.name] = _Compiled.of(self._statement, dialect)
        values = compiled.bind(parameters or {})
        with link.errors(compiled.sql):
            cursor = link.driver.cursor()
            try:
                cursor.execute(compiled.sql, values)
                if not fetch:
                    return cursor.rowcount
                return compiled.rows(cursor.fetchall(), cursor.description)
            finally:
                cursor.close()


@dataclass
class _Compiled:
    """One statement as one dialect runs it."""

    sql: str
    order: tuple[str, ...] | None  # parameter names in order, for positional drivers
    literals: Mapping[str, Any]  # values written into the statement itself
    required: frozenset[str]  # parameters the caller must give
    to_driver: tuple[tuple[str, Callable[[Any], Any]], ...]
    row: Callable[[Iterable[Any]], Any]
    result_types: tuple[Any, ...]  # the dialect's types of the selected columns
    dialect: Dialect
    # The result conversions, made at the first execution from the driver's column type codes
    # (psycopg's numeric conversions depend on them).
    from_driver: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None

    @classmethod
    def of(cls, statement: Executable, dialect: Dialect) -> _Compiled:
        """Compiled for ``dialect``; what it would run differently from SQLAlchemy (a column
        default computed in Python, ``RETURNING``, a column without a name of its own) is
        refused here, at its first use, with what to change."""
        if isinstance(statement, Insert):
            statement = statement.inline()  # no generated key fetched (RETURNING) per row
        if not isinstance(statement, Select | Insert | Update | Delete):
            raise TypeError("a DriverStatement is a select, insert, update or delete")
        compiled = statement.compile(dialect=dialect)
        defaulted = [c.name for c in (*compiled.insert_prefetch, *compiled.update_prefetch)]
        if defaulted or compiled.effective_returning:
            raise ValueError(f"{compiled.string}: give every value ({', '.join(defaulted)} "
                             "would take a default computed in Python) and return no rows")
        selected = list(statement.selected_columns) if isinstance(statement, Select) else []
        names = [str(c.key) for c in selected if c.key is not None]
        if len(names) < len(selected) or len(set(names)) < len(names) or any(
                not n.isidentifier() or n.startswith("_") or keyword.iskeyword(n)
                for n in names):
            raise ValueError(f"{compiled.string}: label every selected column with a name of "
                             "its own")
        binds = compiled.binds
        to_driver = [(name, bind.type.dialect_impl(dialect).bind_processor(dialect))
                     for name, bind in binds.items()]
        return cls(
            sql=compiled.string,
            order=tuple(compiled.positiontup or ()) if compiled.positional else None,
            literals={name: bind.value for name, bind in binds.items() if not bind.required},
            required=frozenset(name for name, bind in binds.items() if bind.required),
            to_driver=tuple((n, p) for n, p in to_driver if p is not None),
            row=_row_type(names),
            result_types=tuple(c.type.dialect_impl(dialect) for c in selected),
            dialect=dialect)

    def bind(self, parameters: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        """The driver's parameters: the statement's own values, the caller's, converted."""
        missing = self.required - parameters.keys()
        if missing:
            raise exc.InvalidRequestError(
                f"a value is required for the parameters {', '.join(sorted(missing))}")
        values = {**self.literals, **parameters}
        for name, convert in self.to_driver:
            values[name] = convert(values[name])
        return values if self.order is None else [values[name] for name in self.order]

    def rows(self, fetched: list[Any], description: Sequence[Sequence[Any]]) -> list[Any]:
        convert = self.from_driver
        if convert is None:
            made = [kind.result_processor(self.dialect, column[1])
                    for kind, column in zip(self.result_types, description, strict=True)]
            convert = self.from_driver = tuple((i, p) for i, p in enumerate(made)
                                               if p is not None)
        if convert:
            fetched = [list(row) for row in fetched]
            for row in fetched:
                for position, processor in convert:
                    row[position] = processor(row[position])
        return list(map(self.row, fetched))


def ping(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except exc.SQLAlchemyError:
        return False


@dataclass(frozen=True)
class SupportTables:
    """The audit log and the request log (idempotency keys) of one service."""

    audit_log: Table
    request_log: Table


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def support_tables(service: str) -> SupportTables:
    """Declare (once) ``<service>_audit_log`` and ``<service>_request_log`` on SQLModel.metadata."""
    metadata = SQLModel.metadata
    audit_name, request_name = f"{service}_audit_log", f"{service}_request_log"
    if audit_name in metadata.tables:
        return SupportTables(metadata.tables[audit_name], metadata.tables[request_name])
    audit = Table(
        audit_name, metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("recorded_at", DateTime(timezone=True), nullable=False, default=_utc_now),
        Column("principal", String(200), nullable=False),
        Column("role", String(40), nullable=False),
        Column("rpc", String(200), nullable=False),
        Column("request_id", String(128), nullable=False),
        Column("action", String(100), nullable=False),
        Column("entity_type", String(100), nullable=False),
        Column("entity_id", String(200), nullable=False),
        Column("detail", Text, nullable=False, default="{}"),
    )
    request_log = Table(
        request_name, metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("rpc", String(200), nullable=False),
        Column("request_id", String(128), nullable=False),
        Column("principal", String(200), nullable=False),
        Column("request_digest", String(64), nullable=False),
        Column("response", LargeBinary, nullable=True),
        Column("recorded_at", DateTime(timezone=True), nullable=False, default=_utc_now),
        UniqueConstraint("rpc", "request_id", name=f"uq_{request_name}_rpc_request_id"),
    )
    return SupportTables(audit, request_log)


def operation_table(service: str) -> Table:
    """Declare (once) ``<service>_operation``: the long-running operations of a service that
    runs some (core/operations.py), kept in its database so every replica answers for them.
    A service declares it in its models and creates it in its migrations."""
    metadata = SQLModel.metadata
    name = f"{service}_operation"
    if name in metadata.tables:
        return metadata.tables[name]
    return Table(
        name, metadata,
        Column("id", String(36), primary_key=True),
        Column("rpc", String(200), nullable=False),
        Column("request_id", String(128), nullable=False),
        Column("principal", String(200), nullable=False),
        Column("done", Boolean, nullable=False, index=True),
        Column("cancel_requested", Boolean, nullable=False),
        Column("operation_metadata", LargeBinary, nullable=False),
        Column("response", LargeBinary, nullable=True),
        Column("error", LargeBinary, nullable=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("heartbeat_at", DateTime(timezone=True), nullable=False),
    )
