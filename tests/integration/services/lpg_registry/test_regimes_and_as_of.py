"""Legacy cylinders, the standard a manufacture date allows, scrapped cylinders and as-of days.

Expected dates come from the domain page §4: a cylinder made before 2007-02-01 has a 15-year
life (L4: made 2006-05 → service limit 2021-05-01); GB 5842-2006 covers cylinders made from
2007-02-01 to 2023-11-30 and GB 5842-2023 those made from 2023-12-01. The server's clock stands
at 2019-03-01.
"""

from __future__ import annotations

import grpc
from integration.services.lpg_registry.lpg_world import Registry, cylinder, day, refused, rid

from cityscore.common.v1.common_pb2 import Date
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

LEGACY = pb.STANDARD_VERSION_LEGACY
INVALID = grpc.StatusCode.INVALID_ARGUMENT


def fields(details: list[tuple[str, str]]) -> set[str]:
    return {f for f, _ in details}


def test_a_legacy_cylinder_has_fifteen_years(registry: Registry) -> None:
    # L4: made 2006-05 → 2021-05-01. Inspected and passed 2017-05-01, so not overdue today.
    registry.register(cylinder("LEGACY-1", made="2006-05-01", standard=LEGACY,
                               last="2017-05-01", passed=True))
    shown = registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code="LEGACY-1")).cylinder
    assert shown.service_limit == day("2021-05-01")
    assert shown.next_inspection == day("2021-05-01")
    assert shown.compliance == pb.COMPLIANCE_STATUS_OK
    assert shown.standard_version == LEGACY and shown.design_life_years == 15
    assert registry.fill("LEGACY-1").content_g == 14_900


def test_the_standard_must_fit_the_manufacture_date(registry: Registry) -> None:
    def register(c: pb.Cylinder) -> None:
        registry.e1.RegisterCylinder(pb.RegisterCylinderRequest(
            request_id=rid(), cylinder=c, station_id="E1-S1"))

    # Stated GB 5842-2006 for a cylinder made 2006-05: refused, naming the field.
    code, details = refused(lambda: register(cylinder("MISFIT-1", made="2006-05-01")))
    assert code is INVALID and fields(details) == {"cylinder.standard_version"}
    # The boundary: 2007-01-31 is the old regime, 2007-02-01 is GB 5842-2006.
    register(cylinder("OLD-LAST-DAY", made="2007-01-31", standard=LEGACY))
    code, details = refused(lambda: register(cylinder("NEW-FIRST-DAY", made="2007-02-01",
                                                      standard=LEGACY)))
    assert code is INVALID and fields(details) == {"cylinder.standard_version"}
    register(cylinder("NEW-FIRST-DAY", made="2007-02-01"))
    # GB 5842-2023 for a cylinder made in 2016: refused unless confirmed.
    code, details = refused(lambda: register(cylinder(
        "MISFIT-2", made="2016-01-01", standard=pb.STANDARD_VERSION_GB5842_2023, life=8)))
    assert code is INVALID and fields(details) == {"cylinder.standard_version"}

    # Confirmed: registered, and the confirmation is in its history. The old regime still
    # governs a cylinder made before 2007-02-01 whatever is stated (15 years, no extension).
    register(cylinder("MISFIT-1", made="2006-05-01", last="2017-05-01", passed=True,
                      confirm=True))
    got = registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code="MISFIT-1"))
    assert got.cylinder.service_limit == day("2021-05-01")
    assert [h.event for h in got.history] == ["registered", "standard_confirmed"]
    assert "GB5842_2006" in got.history[1].detail and "LEGACY" in got.history[1].detail


def test_imports_name_each_row_whose_standard_does_not_fit(registry: Registry) -> None:
    def columns(confirmed: list[bool]) -> pb.ImportCylindersRequest:
        return pb.ImportCylindersRequest(
            request_id=rid(), owner_enterprise_id="E1", station_id="E1-S1",
            trace_codes=["IMP-1", "IMP-2", "IMP-3"], serials=["", "", ""],
            models=["YSP35.5"] * 3,
            standard_versions=[pb.STANDARD_VERSION_GB5842_2006, pb.STANDARD_VERSION_GB5842_2006,
                               LEGACY],
            phase_types=[pb.PHASE_TYPE_GAS] * 3,
            # 2017-06-01, 2006-05-01, 2010-01-01 as days since 1970-01-01.
            manufacture_days=[17_318, 13_269, 14_610], design_life_years=[0, 0, 0],
            tare_g=[16_400] * 3, last_inspection_days=[0, 0, 0],
            last_inspection_passed=[False] * 3, standard_mismatch_confirmed=confirmed)

    code, details = refused(lambda: registry.e1.ImportCylinders(iter([columns([])])))
    assert code is INVALID and fields(details) == {"rows[1].standard_version",
                                                   "rows[2].standard_version"}
    code, details = refused(lambda: registry.e1.ImportCylinders(iter([columns([True])])))
    assert code is INVALID and fields(details) == {"standard_mismatch_confirmed"}
    done = registry.e1.ImportCylinders(iter([columns([False, True, True])]))
    assert done.registered == 3
    history = registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code="IMP-2")).history
    assert [h.event for h in history] == ["registered", "standard_confirmed"]


def test_a_cylinder_scrapped_by_a_failed_inspection_is_out_of_service(registry: Registry) -> None:
    registry.register(cylinder("FAILS"))
    answer = registry.e1.RecordCylinderInspection(pb.RecordCylinderInspectionRequest(
        request_id=rid(), trace_code="FAILS", inspected_on=day("2019-02-01"), passed=False))
    for shown in (answer.cylinder,
                  registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code="FAILS")).cylinder):
        assert shown.status == pb.CYLINDER_STATUS_SCRAPPED
        assert shown.compliance == pb.COMPLIANCE_STATUS_OUT_OF_SERVICE
        assert not shown.HasField("next_inspection") and not shown.HasField("service_limit")
    registry.register(cylinder("LOSE-ME"))
    lost = registry.e1.ScrapCylinder(pb.ScrapCylinderRequest(
        request_id=rid(), trace_code="LOSE-ME", lost=True)).cylinder
    assert (lost.status, lost.compliance) == (pb.CYLINDER_STATUS_LOST,
                                              pb.COMPLIANCE_STATUS_OUT_OF_SERVICE)


def test_due_lists_and_sweeps_as_of_a_day(registry: Registry) -> None:
    registry.register(cylinder("LEGACY-1", made="2006-05-01", standard=LEGACY,
                               last="2017-05-01", passed=True),
                      cylinder("YOUNG", made="2018-06-01"))

    def due(as_of: str) -> dict[str, tuple[int, Date, int]]:
        answer = registry.e1.ListDueCylinders(pb.ListDueCylindersRequest(
            enterprise_id="E1", as_of=day(as_of)))
        return {c.trace_code: (c.compliance, c.due, c.days_left) for c in answer.cylinders}

    assert due("2019-03-01") == {}
    # 30 days before 2021-05-01 it falls due; on the day it is past its life.
    assert due("2021-04-01") == {"LEGACY-1": (pb.COMPLIANCE_STATUS_DUE_SOON,
                                              day("2021-05-01"), 30)}
    assert due("2021-05-01") == {"LEGACY-1": (pb.COMPLIANCE_STATUS_PAST_SERVICE_LIFE,
                                              day("2021-05-01"), 0)}
    # YOUNG, made 2018-06-01, is due for inspection 2022-06-01.
    assert due("2022-05-15")["YOUNG"] == (pb.COMPLIANCE_STATUS_DUE_SOON, day("2022-06-01"), 17)
    code, details = refused(lambda: registry.e1.ListDueCylinders(pb.ListDueCylindersRequest(
        enterprise_id="E1", as_of=Date(year=2021, month=2, day=30))))
    assert code is INVALID and fields(details) == {"as_of"}

    sweep = registry.city.RunSweep(pb.RunSweepRequest(request_id=rid(),
                                                      as_of=day("2021-05-01"))).sweep
    assert sweep.swept_on == day("2021-05-01")
    [e1] = [c for c in sweep.by_enterprise if c.key == "E1"]
    assert (e1.ok, e1.due_soon, e1.inspection_overdue, e1.past_service_life) == (1, 0, 0, 1)
    replay = registry.operator.ReplaySweep(pb.ReplaySweepRequest(sweep_id=sweep.sweep_id))
    assert replay.matches
    today = registry.city.RunSweep(pb.RunSweepRequest(request_id=rid())).sweep
    assert today.swept_on == day("2019-03-01")
    code, details = refused(lambda: registry.city.RunSweep(pb.RunSweepRequest(
        request_id=rid(), as_of=Date(year=2021, month=13, day=1))))
    assert code is INVALID and fields(details) == {"as_of"}


def test_packed_days_that_name_no_date_are_bad_rows(registry: Registry) -> None:
    columns = pb.ImportCylindersRequest(
        request_id=rid(), owner_enterprise_id="E1", station_id="E1-S1",
        trace_codes=["FAR-1", "FAR-2", "FAR-3"], serials=["", "", ""], models=["YSP35.5"] * 3,
        standard_versions=[pb.STANDARD_VERSION_GB5842_2006] * 3,
        phase_types=[pb.PHASE_TYPE_GAS] * 3,
        manufacture_days=[2_000_000_000, -2_000_000_000, 17_318], design_life_years=[0] * 3,
        tare_g=[16_400] * 3, last_inspection_days=[0, 0, 2_000_000_000],
        last_inspection_passed=[False] * 3)
    code, details = refused(lambda: registry.e1.ImportCylinders(iter([columns])))
    assert code is INVALID and fields(details) == {
        "rows[0].manufacture_days", "rows[1].manufacture_days", "rows[2].last_inspection_days"}
