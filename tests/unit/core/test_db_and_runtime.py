"""The database layer and the unit of work, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    bindparam,
    cast,
    exc,
    func,
    insert,
    select,
    text,
)
from sqlmodel import Session

from cityscore.common.v1 import common_pb2
from cityscore.core.clock import FixedClock
from cityscore.core.config import Settings
from cityscore.core.db import (
    DriverStatement,
    bulk_insert,
    make_engine,
    ping,
    support_tables,
    unit_of_work,
)
from cityscore.core.errors import InvalidArgument, NotFound, Unavailable
from cityscore.core.grpc.auth import Principal, Role, principal_scope
from cityscore.core.logging import CallContext, JsonLinesFormatter, call_scope
from cityscore.core.service import ServiceRuntime

SERVICE = "coretest"


@dataclass
class _Request:
    """The shape every mutating request has: a request id and a deterministic serialisation."""

    request_id: str
    payload: str

    def SerializeToString(self, *, deterministic: bool = False) -> bytes:  # noqa: N802
        return f"{self.request_id}|{self.payload}".encode()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    tables = support_tables(SERVICE)
    tables.audit_log.metadata.create_all(engine, tables=[tables.audit_log, tables.request_log])
    yield engine
    engine.dispose()


@pytest.fixture
def runtime(engine: Engine, clock: FixedClock) -> Iterator[ServiceRuntime]:
    principal = Principal(name="city-office", role=Role.CITY_OFFICE)
    with principal_scope(principal), call_scope(CallContext("svc", "SetThing", "req-log-1")):
        yield ServiceRuntime(name=SERVICE, engine=engine, clock=clock,
                             registry=CollectorRegistry(), settings=Settings())


def _count(engine: Engine, table_name: str) -> int:
    with Session(engine) as session:
        return int(session.execute(text(f"SELECT COUNT(*) FROM {table_name}")).scalar_one())


def test_sqlite_engine_uses_wal_and_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_unit_of_work_commits_or_rolls_back_as_a_whole(engine: Engine) -> None:
    log = support_tables(SERVICE).audit_log
    row = {"principal": "p", "role": "r", "rpc": "R", "request_id": "x", "action": "a",
           "entity_type": "t", "entity_id": "1", "detail": "{}"}
    with pytest.raises(NotFound), unit_of_work(engine, write=True) as session:
        session.execute(insert(log).values(**row))
        raise NotFound("thing", "1")
    assert _count(engine, log.name) == 0
    with unit_of_work(engine, write=True) as session:
        session.execute(insert(log).values(**row))
    with unit_of_work(engine, write=False) as session:
        assert session.execute(select(func.count()).select_from(log)).scalar_one() == 1


def test_a_retry_returns_the_first_answer_and_writes_nothing_twice(
        runtime: ServiceRuntime, engine: Engine) -> None:
    calls: list[str] = []

    def work(session: Session) -> common_pb2.WhoAmIResponse:
        calls.append("ran")
        runtime.audit(session, action="set", entity_type="thing", entity_id="42",
                      detail={"value": len(calls)})
        return common_pb2.WhoAmIResponse(principal=common_pb2.Principal(name=f"run {len(calls)}"))

    first = runtime.mutate(_Request("r-1", "a"), common_pb2.WhoAmIResponse, work)
    again = runtime.mutate(_Request("r-1", "a"), common_pb2.WhoAmIResponse, work)
    assert first == again and first.principal.name == "run 1"
    assert calls == ["ran"]
    assert _count(engine, f"{SERVICE}_audit_log") == 1
    with Session(engine) as session:
        audit = session.execute(text(
            f"SELECT principal, rpc, request_id, action, entity_id FROM {SERVICE}_audit_log"
        )).one()
    assert tuple(audit) == ("city-office", "SetThing", "req-log-1", "set", "42")


def test_reusing_a_request_id_for_another_request_is_refused(runtime: ServiceRuntime) -> None:
    def work(_session: Session) -> common_pb2.WhoAmIResponse:
        return common_pb2.WhoAmIResponse()

    runtime.mutate(_Request("r-2", "a"), common_pb2.WhoAmIResponse, work)
    with pytest.raises(InvalidArgument) as caught:
        runtime.mutate(_Request("r-2", "b"), common_pb2.WhoAmIResponse, work)
    assert caught.value.reason == "REQUEST_ID_REUSED"
    assert caught.value.violations[0].field == "request_id"


def test_the_request_log_keeps_no_plain_hash_of_a_request(runtime: ServiceRuntime,
                                                          engine: Engine) -> None:
    """A request may carry a resident ID number: its stored digest is keyed, so hashing
    candidate requests without the server's key cannot find the number."""
    request = _Request("r-5", "310101199001011234")
    runtime.mutate(request, common_pb2.WhoAmIResponse, lambda _s: common_pb2.WhoAmIResponse())
    with Session(engine) as session:
        stored = session.execute(text(
            f"SELECT request_digest FROM {SERVICE}_request_log WHERE request_id = 'r-5'")
        ).scalar_one()
    assert stored != hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()
    assert stored == hmac.new(Settings().pii_hash_key.encode(),
                              request.SerializeToString(deterministic=True),
                              hashlib.sha256).hexdigest()


def test_a_retry_of_a_request_the_previous_release_recorded_is_still_a_retry(
        runtime: ServiceRuntime, engine: Engine, clock: FixedClock) -> None:
    """The previous release kept a plain sha256 of the request: a retry across the upgrade gets
    the stored answer, not "request_id was already used for a different request"."""
    request = _Request("r-6", "a")
    answer = common_pb2.WhoAmIResponse(principal=common_pb2.Principal(name="first"))
    log = support_tables(SERVICE).request_log
    with Session(engine) as session:
        session.execute(insert(log).values(
            rpc="SetThing", request_id="r-6", principal="city-office", recorded_at=clock.now(),
            request_digest=hashlib.sha256(
                request.SerializeToString(deterministic=True)).hexdigest(),
            response=answer.SerializeToString()))
        session.commit()

    def work(_session: Session) -> common_pb2.WhoAmIResponse:
        raise AssertionError("a retry must not run the work again")

    assert runtime.mutate(request, common_pb2.WhoAmIResponse, work) == answer


@pytest.mark.parametrize("request_id", ["", "   ", "x" * 129])
def test_a_request_id_is_required(runtime: ServiceRuntime, request_id: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        runtime.mutate(_Request(request_id, "a"), common_pb2.WhoAmIResponse,
                       lambda _session: common_pb2.WhoAmIResponse())
    assert caught.value.violations[0].field == "request_id"


def test_a_rejected_mutation_leaves_nothing_behind(runtime: ServiceRuntime, engine: Engine
                                                    ) -> None:
    def work(session: Session) -> common_pb2.WhoAmIResponse:
        runtime.audit(session, action="set", entity_type="thing", entity_id="1")
        raise InvalidArgument("bad")

    with pytest.raises(InvalidArgument):
        runtime.mutate(_Request("r-3", "a"), common_pb2.WhoAmIResponse, work)
    assert _count(engine, f"{SERVICE}_audit_log") == 0
    assert _count(engine, f"{SERVICE}_request_log") == 0
    # The same id may be used again once the first attempt was rejected.
    runtime.mutate(_Request("r-3", "a"), common_pb2.WhoAmIResponse,
                   lambda _session: common_pb2.WhoAmIResponse())
    assert _count(engine, f"{SERVICE}_request_log") == 1


def test_concurrent_retries_run_the_work_once(runtime: ServiceRuntime, engine: Engine) -> None:
    started = threading.Barrier(4)
    results: list[str] = []
    ran: list[int] = []

    def work(session: Session) -> common_pb2.WhoAmIResponse:
        ran.append(1)
        runtime.audit(session, action="set", entity_type="thing", entity_id="1")
        return common_pb2.WhoAmIResponse(principal=common_pb2.Principal(name="done"))

    def attempt() -> None:
        with principal_scope(Principal("city-office", Role.CITY_OFFICE)), \
                call_scope(CallContext("svc", "SetThing", "req")):
            started.wait()
            answer = runtime.mutate(_Request("r-4", "a"), common_pb2.WhoAmIResponse, work)
            results.append(answer.principal.name)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == ["done"] * 4
    assert len(ran) == 1
    assert _count(engine, f"{SERVICE}_audit_log") == 1


def test_an_unreachable_database_is_unavailable() -> None:
    engine = make_engine("postgresql+psycopg://nobody:nothing@127.0.0.1:1/none")
    assert not ping(engine)
    with pytest.raises(Unavailable), unit_of_work(engine, write=False) as session:
        session.execute(text("SELECT 1"))
    with pytest.raises(Unavailable), unit_of_work(engine, write=False) as session:
        _FACTS_OF.first(session, {"least": 0})


_FACTS = Table("coretest_fact", MetaData(),
               Column("id", Integer, primary_key=True),
               Column("district", String(64), nullable=False, unique=True),
               Column("counted_on", Date, nullable=True),
               Column("late", Boolean, nullable=False),
               Column("recorded_at", DateTime(timezone=True), nullable=False),
               Column("units", Integer, nullable=False))
_ADD_FACT = DriverStatement(insert(_FACTS).values(
    {name: bindparam(name) for name in ("district", "counted_on", "late", "recorded_at",
                                        "units")}))
_FACTS_OF = DriverStatement(select(
    _FACTS.c.district, _FACTS.c.counted_on, _FACTS.c.late, _FACTS.c.recorded_at,
    (_FACTS.c.units * 2).label("doubled")).where(
    _FACTS.c.units >= bindparam("least"), _FACTS.c.district != "xuhui").order_by(_FACTS.c.id))
_RECORDED = dt.datetime(2017, 4, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def facts(engine: Engine) -> Engine:
    _FACTS.create(engine)
    return engine


def test_a_driver_statement_stores_and_reads_values_as_sqlalchemy_does(facts: Engine) -> None:
    with unit_of_work(facts, write=True) as session:
        assert _ADD_FACT.execute(session, {
            "district": "pudong", "counted_on": dt.date(2017, 3, 1), "late": True,
            "recorded_at": _RECORDED, "units": 200}) == 1
        _ADD_FACT.execute(session, {"district": "huangpu", "counted_on": None, "late": False,
                                    "recorded_at": _RECORDED, "units": 5})
        # Through SQLAlchemy, a row the driver statement wrote.
        session.execute(insert(_FACTS).values(district="xuhui", counted_on=dt.date(2017, 1, 2),
                                              late=True, recorded_at=_RECORDED, units=300))
    with unit_of_work(facts, write=False) as session:
        rows = _FACTS_OF.rows(session, {"least": 5})
        through_sqlalchemy = session.execute(select(_FACTS.c.counted_on, _FACTS.c.late).where(
            _FACTS.c.district == "pudong")).one()
        assert _FACTS_OF.first(session, {"least": 1000}) is None
    assert [(r.district, r.counted_on, r.late, r.doubled) for r in rows] == [
        ("pudong", dt.date(2017, 3, 1), True, 400), ("huangpu", None, False, 10)]
    assert type(rows[0].late) is bool
    recorded = rows[0].recorded_at  # naive on SQLite (stored as UTC), aware on PostgreSQL
    assert (recorded.replace(tzinfo=dt.UTC) if recorded.tzinfo is None else recorded) == _RECORDED
    assert tuple(through_sqlalchemy) == (dt.date(2017, 3, 1), True)


def test_a_driver_statement_clash_is_sqlalchemys_error_without_its_parameters(
        facts: Engine) -> None:
    personal = "310101199001011234"
    with unit_of_work(facts, write=True) as session:
        _ADD_FACT.execute(session, {"district": personal, "counted_on": None, "late": False,
                                    "recorded_at": _RECORDED, "units": 1})
    with pytest.raises(exc.IntegrityError) as raised, \
            unit_of_work(facts, write=True) as session:
        _ADD_FACT.execute(session, {"district": personal, "counted_on": None, "late": False,
                                    "recorded_at": _RECORDED, "units": 2})
    # The database's own message may name the key; the statement's parameters are not added.
    assert "[parameters" not in str(raised.value)
    assert "RETURNING" not in str(raised.value)
    with unit_of_work(facts, write=False) as session:
        assert [r.doubled for r in _FACTS_OF.rows(session, {"least": 0})] == [2]


@pytest.mark.parametrize("driver_first", [False, True], ids=["orm-first", "driver-first"])
def test_a_reading_unit_of_work_sees_one_state_of_the_database(facts: Engine,
                                                              driver_first: bool) -> None:
    """A count and the rows it counted agree although a write commits between them, whichever
    of SQLAlchemy and the driver reads first."""
    row = {"counted_on": None, "late": False, "recorded_at": _RECORDED, "units": 1}
    with unit_of_work(facts, write=True) as session:
        _ADD_FACT.execute(session, {**row, "district": "pudong"})
    count = select(func.count()).select_from(_FACTS)
    with unit_of_work(facts, write=False) as reading:
        first = [r.district for r in _FACTS_OF.rows(reading, {"least": 0})] if driver_first \
            else reading.execute(count).scalar_one()
        with unit_of_work(facts, write=True) as session:
            _ADD_FACT.execute(session, {**row, "district": "huangpu"})
        then = reading.execute(count).scalar_one() if driver_first \
            else [r.district for r in _FACTS_OF.rows(reading, {"least": 0})]
        again = _FACTS_OF.rows(reading, {"least": 0})
    assert (first, then) == ((["pudong"], 1) if driver_first else (1, ["pudong"]))
    assert [r.district for r in again] == ["pudong"]
    with unit_of_work(facts, write=False) as session:
        assert len(_FACTS_OF.rows(session, {"least": 0})) == 2
    assert facts.pool.checkedout() == 0  # type: ignore[attr-defined]  # every connection back


_ISOLATION = select(func.current_setting("transaction_isolation").label("level"),
                    func.current_setting("transaction_read_only").label("read_only"))


@pytest.mark.postgres
def test_each_kind_of_unit_of_work_has_its_isolation_on_postgresql(postgres_url: str) -> None:
    """Reading units: one state, read only (the driver or SQLAlchemy first); writing units and
    connections outside a unit (migrations, probes): the server's READ COMMITTED, also on a
    pooled connection a reading unit used before."""
    engine = make_engine(postgres_url)
    on_the_driver = DriverStatement(_ISOLATION)
    seen = {}
    with unit_of_work(engine, write=False) as session:
        seen["read, driver first"] = tuple(on_the_driver.first(session))
    with unit_of_work(engine, write=False) as session:
        seen["read, SQLAlchemy first"] = tuple(session.execute(_ISOLATION).one())
    with unit_of_work(engine, write=True) as session:
        seen["write"] = tuple(session.execute(_ISOLATION).one())
    with engine.connect() as connection:
        seen["outside a unit"] = tuple(connection.execute(_ISOLATION).one())
    with pytest.raises(exc.InternalError, match="read-only transaction"), \
            unit_of_work(engine, write=False) as session:
        session.execute(text("CREATE TEMPORARY TABLE scratch (n integer)"))
    engine.dispose()
    assert seen == {"read, driver first": ("repeatable read", "on"),
                    "read, SQLAlchemy first": ("repeatable read", "on"),
                    "write": ("read committed", "off"),
                    "outside a unit": ("read committed", "off")}


def test_a_driver_statement_converts_numbers_and_refuses_what_it_would_run_differently(
        facts: Engine) -> None:
    with unit_of_work(facts, write=True) as session:
        _ADD_FACT.execute(session, {"district": "pudong", "counted_on": None, "late": False,
                                    "recorded_at": _RECORDED, "units": 3})
    shares = DriverStatement(select(
        cast(_FACTS.c.units, Numeric(6, 2)).label("share"),
        (cast(_FACTS.c.units, Float) / 2).label("half")))
    noted = Table("coretest_noted", MetaData(), Column("id", Integer, primary_key=True),
                  Column("units", Integer), Column("note", String(20), default="none"))
    refused = {
        "an unnamed column": DriverStatement(select(func.count()).select_from(_FACTS)),
        "two columns of one name": DriverStatement(select(
            _FACTS.c.units, (_FACTS.c.units + 1).label("units"))),
        "a default computed in Python": DriverStatement(insert(noted).values(
            units=bindparam("units"))),
    }
    with unit_of_work(facts, write=False) as session:
        row = shares.first(session)
        for statement in refused.values():
            with pytest.raises(ValueError):
                statement.first(session)
        with pytest.raises(exc.InvalidRequestError, match="least"):
            _FACTS_OF.rows(session, {})
    assert (row.share, row.half) == (Decimal("3.00"), 1.5)


@pytest.mark.postgres
def test_a_logged_database_error_does_not_quote_the_row(postgres_url: str) -> None:
    """PostgreSQL quotes a refused row in its error (DETAIL) and a COPY line (CONTEXT): the
    server's log line of an unexpected error withholds both."""
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE coretest_person (resident_id text NOT NULL, "
                                "phone text NOT NULL)"))
    personal = ("310101199001011234", "13800138000")
    logged = []
    for rows in ([(personal[0], None)], [(personal[0], personal[1], "extra")]):
        with pytest.raises(exc.DBAPIError) as raised, \
                unit_of_work(engine, write=True) as session:
            bulk_insert(session, "coretest_person", ["resident_id", "phone"], rows)
        record = logging.LogRecord("cityscore.rpc", logging.ERROR, "", 0,
                                   "rpc failed unexpectedly", (), (
                                       type(raised.value), raised.value,
                                       raised.value.__traceback__))
        logged.append(JsonLinesFormatter().format(record))
    engine.dispose()
    assert all("withheld from the log" in line for line in logged)
    assert not [line for line in logged if any(p in line for p in personal)]
