"""The compliance sweep as a long-running operation (google.longrunning.Operations, AIP-151)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from integration.services.lpg_registry.lpg_world import Registry, day, rid
from support import wait_operation

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc

#: Cylinders per group below: 120,000 in all, a sweep that outlives 2-second connections.
GROUP = 30_000
AS_OF = "2019-03-01"
#: GB 5842-2006 cylinders, never inspected: 4-year inspection interval, 8-year life, 30 days'
#: warning (lpg_registry.md §4). Their state on 2019-03-01 by manufacture day:
#: 2017-06-01 next inspection 2021-06-01, ok; 2015-03-15 next 2019-03-15, due within 30 days;
#: 2014-06-01 next 2018-06-01, overdue; 2011-01-01 life ended 2019-01-01, past service life.
MADE = ("2017-06-01", "2015-03-15", "2014-06-01", "2011-01-01")


def _day_number(text: str) -> int:
    return (dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days


def import_groups(registry: Registry) -> None:
    for g, made in enumerate(MADE):
        registry.e1.ImportCylinders(iter([pb.ImportCylindersRequest(
            request_id=rid(), owner_enterprise_id="E1", station_id="E1-S1",
            trace_codes=[f"OP-{g}-{i:06d}" for i in range(GROUP)], serials=[""] * GROUP,
            models=["YSP35.5"] * GROUP,
            standard_versions=[pb.STANDARD_VERSION_GB5842_2006] * GROUP,
            phase_types=[pb.PHASE_TYPE_GAS] * GROUP,
            manufacture_days=[_day_number(made)] * GROUP, design_life_years=[0] * GROUP,
            tare_g=[16_400] * GROUP, last_inspection_days=[0] * GROUP,
            last_inspection_passed=[False] * GROUP)]), timeout=600)


def connect_city(running: Any) -> pb_grpc.LpgRegistryServiceStub:
    return pb_grpc.LpgRegistryServiceStub(running.channel("city-token"))




def test_a_sweep_completes_across_connection_ages(registry: Registry, start_server: Any,
                                                  database_url: str) -> None:
    """The registry is filled through a replica that keeps its connections; the sweep runs
    on one whose connections live 2 s, and its operation outlives them."""
    import_groups(registry)
    short_lived = start_server(["lpg_registry"], database_url=database_url,
                               max_connection_age_seconds=2)
    city = connect_city(short_lived)
    operations = lro_grpc.OperationsStub(short_lived.channel("city-token"))
    started = city.StartRunSweep(pb.StartRunSweepRequest(request_id="sweep-op",
                                                         as_of=day(AS_OF)))
    assert started.name.startswith("operations/lpg_registry/") and not started.done
    again = city.StartRunSweep(pb.StartRunSweepRequest(request_id="sweep-op",
                                                       as_of=day(AS_OF)))
    assert again.name == started.name
    done = wait_operation(operations, started.name)
    assert done.WhichOneof("result") == "response", done.error
    swept = pb.RunSweepResponse()
    assert done.response.Unpack(swept)
    progress = pb.RunSweepProgress()
    assert done.metadata.Unpack(progress)
    assert (progress.done, progress.total) == (4 * GROUP, 4 * GROUP)
    sweep = swept.sweep
    assert sweep.cylinders == 4 * GROUP
    [e1] = [c for c in sweep.by_enterprise if c.key == "E1"]
    assert (e1.ok, e1.due_soon, e1.inspection_overdue, e1.past_service_life) == \
        (GROUP, GROUP, GROUP, GROUP)
    synchronous = registry.city.RunSweep(pb.RunSweepRequest(request_id=rid(), as_of=day(AS_OF)),
                                         timeout=600).sweep
    assert synchronous.result_digest == sweep.result_digest
    assert registry.operator.ReplaySweep(pb.ReplaySweepRequest(sweep_id=sweep.sweep_id)).matches


def test_due_cylinders_page_by_token(registry: Registry) -> None:
    """Three past-life cylinders (made 2011-01-01: life ended 2019-01-01, §4), two a page."""
    registry.e1.ImportCylinders(iter([pb.ImportCylindersRequest(
        request_id=rid(), owner_enterprise_id="E1", station_id="E1-S1",
        trace_codes=["PG-1", "PG-2", "PG-3"], serials=[""] * 3, models=["YSP35.5"] * 3,
        standard_versions=[pb.STANDARD_VERSION_GB5842_2006] * 3,
        phase_types=[pb.PHASE_TYPE_GAS] * 3, manufacture_days=[_day_number("2011-01-01")] * 3,
        design_life_years=[0] * 3, tare_g=[16_400] * 3, last_inspection_days=[0] * 3,
        last_inspection_passed=[False] * 3)]))
    request = pb.ListDueCylindersRequest(enterprise_id="E1", page_size=2, as_of=day(AS_OF))
    first = registry.e1.ListDueCylinders(request)
    assert (len(first.cylinders), first.total) == (2, 3) and first.next_page_token
    request.page_token = first.next_page_token
    second = registry.e1.ListDueCylinders(request)
    assert len(second.cylinders) == 1 and not second.next_page_token
    codes = sorted(c.trace_code for c in [*first.cylinders, *second.cylinders])
    assert codes == ["PG-1", "PG-2", "PG-3"]
    assert {c.compliance for c in [*first.cylinders, *second.cylinders]} == \
        {pb.COMPLIANCE_STATUS_PAST_SERVICE_LIFE}
