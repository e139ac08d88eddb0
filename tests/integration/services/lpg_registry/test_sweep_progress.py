"""The sweep operation's progress while the registry keeps changing under it.

The sweep counts the cylinders in service, then reads them, in one reading unit of work: one
state of the registry, so cylinders registered meanwhile are neither counted nor read (under
PostgreSQL's default, read committed, they were read without having been counted). A clerk
who registers a cylinder at each moment the sweep reports progress is played here by a
trigger on the operation's row: a real registration in its own committed transaction, at
exactly that moment, whatever the timing of the run."""

from __future__ import annotations

from typing import Any

from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from google.protobuf import any_pb2
from integration.services.lpg_registry.lpg_world import connect, cylinder, day, rid
from sqlalchemy import create_engine, text
from support import operation_metadata, operation_response, wait_operation

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

#: A copy of cylinder PR-1 registered (in service) each time the sweep's progress is stored,
#: and every progress stored, in order.
REGISTER_AT_EACH_PROGRESS = """
CREATE TABLE progress_seen (id serial PRIMARY KEY, metadata bytea NOT NULL);
CREATE FUNCTION register_one_meanwhile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO progress_seen (metadata) VALUES (NEW.operation_metadata);
    INSERT INTO lpg_registry_cylinder (
        trace_code, serial, model, standard, phase, manufacture_date, design_life_years,
        tare_g, last_inspection_date, last_inspection_passed, owner_enterprise_id, status,
        location_kind, location_id, filled, version)
    SELECT 'LATE-' || currval('progress_seen_id_seq'), serial, model, standard, phase,
           manufacture_date, design_life_years, tare_g, last_inspection_date,
           last_inspection_passed, owner_enterprise_id, status, location_kind, location_id,
           filled, version
    FROM lpg_registry_cylinder WHERE trace_code = 'PR-1';
    RETURN NEW;
END $$;
CREATE TRIGGER register_one_meanwhile AFTER UPDATE OF operation_metadata
    ON lpg_registry_operation FOR EACH ROW EXECUTE FUNCTION register_one_meanwhile();
"""


def _progress_seen(url: str) -> list[pb.RunSweepProgress]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(text(
                "SELECT metadata FROM progress_seen ORDER BY id")).scalars().all()
            late = connection.execute(text(
                "SELECT count(*) FROM lpg_registry_cylinder WHERE trace_code LIKE 'LATE-%'"
            )).scalar_one()
    finally:
        engine.dispose()
    assert late == len(stored)  # one cylinder registered at each progress stored
    seen = []
    for raw in stored:
        packed = any_pb2.Any.FromString(raw)
        progress = pb.RunSweepProgress()
        assert packed.Unpack(progress)
        seen.append(progress)
    return seen


def test_a_sweep_never_reports_more_cylinders_read_than_in_all(start_server: Any,
                                                                 postgres_url: str) -> None:
    """Three cylinders in service when the sweep counts them, one more registered before it
    reads them: every progress stored says at most as many read as there are in all, and
    the last says all were read, as many as the sweep stored."""
    running = start_server(["lpg_registry"], database_url=postgres_url)
    registry = connect(running)
    registry.register(cylinder("PR-1"), cylinder("PR-2", made="2015-03-15"),
                      cylinder("PR-3", made="2011-01-01"))
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(REGISTER_AT_EACH_PROGRESS)
    finally:
        engine.dispose()
    operations = lro_grpc.OperationsStub(running.channel("city-token"))
    started = registry.city.StartRunSweep(pb.StartRunSweepRequest(request_id=rid(),
                                                                  as_of=day("2019-03-01")))
    done = wait_operation(operations, started.name)
    swept = operation_response(done, pb.RunSweepResponse).sweep
    final = operation_metadata(done, pb.RunSweepProgress)

    seen = _progress_seen(postgres_url)
    assert [p.note for p in seen] == ["reading the cylinders", "reading the cylinders",
                                      "storing the sweep", "stored"]
    assert seen[0].total == 3 and seen[0].done == 0
    assert [p for p in seen if p.done > p.total] == []
    assert seen[-1] == final
    assert final.done == final.total == swept.cylinders
    # One state of the registry: the cylinders registered while it read are not swept.
    assert swept.cylinders == 3
