"""The elevator register: a district's import is all or nothing, idempotent by request id,
amends only with a reason, and never touches another district's rows."""

from __future__ import annotations

import grpc
from integration.services.special_equipment.equipment_world import (
    PUDONG,
    XUHUI,
    Equipment,
    L,
    day,
    elevator,
    refused,
    rid,
)

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def test_a_district_imports_its_elevators_once_per_request_id(equipment: Equipment) -> None:
    key = rid()
    first = equipment.import_district(equipment.pudong, "pudong", PUDONG, request_id=key)
    again = equipment.import_district(equipment.pudong, "pudong", PUDONG, request_id=key)
    assert (first.registered, first.amended, first.unchanged) == (8, 0, 0)
    assert again == first
    page = equipment.pudong.ListElevators(pb.ListElevatorsRequest(page_size=5))
    assert [e.registration_code for e in page.elevators] == [f"PD-00{i}" for i in range(1, 6)]
    rest = equipment.pudong.ListElevators(pb.ListElevatorsRequest(
        page_size=5, page_token=page.next_page_token))
    assert [e.registration_code for e in rest.elevators] == ["PD-006", "PD-007", "PD-008"]
    assert rest.next_page_token == ""


def test_a_bad_row_stores_nothing_and_is_named(equipment: Equipment) -> None:
    rows = [*PUDONG[:2], elevator("PD-009", L.LOCATION_CATEGORY_UNSPECIFIED, "2015-01-01"),
            elevator("PD-001", L.LOCATION_CATEGORY_MALL, "2015-01-01"),
            elevator("PD-010", L.LOCATION_CATEGORY_MALL, "2015-01-01", assessed="2016-01-01")]
    code, violations = refused(lambda: equipment.import_district(equipment.pudong, "pudong",
                                                                 rows))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert {f for f, _ in violations} == {"elevators[2].location_category",
                                          "elevators[3].registration_code",
                                          "elevators[4].assessment_result"}
    listed = equipment.city.ListElevators(pb.ListElevatorsRequest())
    assert list(listed.elevators) == []


def test_a_district_neither_writes_nor_reads_another_districts_elevators(
        equipment: Equipment) -> None:
    equipment.import_district(equipment.xuhui, "xuhui", XUHUI)
    code, _ = refused(lambda: equipment.import_district(equipment.pudong, "xuhui", PUDONG))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    # The same code under pudong's own name: the row as stored is xuhui's, so it is refused
    # as out of pudong's scope, and so are reading it and recording its inspection.
    code, _ = refused(lambda: equipment.import_district(
        equipment.pudong, "pudong", [XUHUI[0]], reason="moved"))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    code, _ = refused(lambda: equipment.pudong.GetElevator(pb.GetElevatorRequest(
        registration_code="XH-001")))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    code, _ = refused(lambda: equipment.pudong.RecordInspection(pb.RecordInspectionRequest(
        request_id=rid(), registration_code="XH-001", inspected_on=day("2021-01-10"),
        passed=True)))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    # The city office may act for both, but an import for pudong does not move it either.
    code, violations = refused(lambda: equipment.import_district(
        equipment.city, "pudong", [XUHUI[0]], reason="moved"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert violations == [("elevators[0].registration_code",
                           "is registered in xuhui; amend it there")]
    code, _ = refused(lambda: equipment.pudong.GetElevator(pb.GetElevatorRequest(
        registration_code="XH-404")))
    assert code == grpc.StatusCode.NOT_FOUND
    # The owner still has it, as it registered it.
    kept = equipment.xuhui.GetElevator(pb.GetElevatorRequest(registration_code="XH-001"))
    assert (kept.elevator.district, kept.elevator.version, kept.elevator.last_inspection_date) \
        == ("xuhui", 1, day("2020-10-01"))
    code, _ = refused(lambda: equipment.operator.ImportElevators(iter([
        pb.ImportElevatorsRequest(request_id=rid(), district="xuhui", elevators=XUHUI)])))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    own = equipment.pudong.ListElevators(pb.ListElevatorsRequest())
    assert list(own.elevators) == []
    assert [e.registration_code for e in equipment.operator.ListElevators(
        pb.ListElevatorsRequest()).elevators] == ["XH-001", "XH-002"]


def test_amending_needs_a_reason_and_counts_only_changed_rows(equipment: Equipment) -> None:
    equipment.import_district(equipment.xuhui, "xuhui", XUHUI)
    changed = [elevator("XH-001", L.LOCATION_CATEGORY_MALL, "2015-01-01", monitoring=True,
                        insurance=True, geolocation=True, inspected="2020-10-01"), XUHUI[1]]
    changed[0].address = XUHUI[0].address
    changed.append(elevator("XH-003", L.LOCATION_CATEGORY_HOTEL, "2016-01-01"))
    changed[1] = elevator("XH-002", L.LOCATION_CATEGORY_RESIDENTIAL, "2000-01-01",
                          monitoring=False, assessed="2018-11-01", result=XUHUI[1]
                          .assessment_result, inspected="2020-10-02")
    code, violations = refused(lambda: equipment.import_district(equipment.xuhui, "xuhui",
                                                                 changed))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in violations] == ["reason"]
    done = equipment.import_district(equipment.xuhui, "xuhui", changed,
                                     reason="monitoring device removed")
    assert (done.registered, done.amended, done.unchanged) == (1, 1, 1)
    amended = equipment.xuhui.GetElevator(pb.GetElevatorRequest(registration_code="XH-002"))
    assert (amended.elevator.remote_monitoring, amended.elevator.version) == (False, 2)


def test_an_inspection_moves_the_next_due_date_a_year_on(equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    before = equipment.pudong.GetElevator(pb.GetElevatorRequest(registration_code="PD-002"))
    assert before.elevator.next_inspection == day("2020-12-01")
    assert before.elevator.inspection_status == pb.INSPECTION_STATUS_OVERDUE
    after = equipment.pudong.RecordInspection(pb.RecordInspectionRequest(
        request_id=rid(), registration_code="PD-002", inspected_on=day("2021-01-12"),
        passed=True))
    assert after.elevator.next_inspection == day("2022-01-12")
    assert after.elevator.inspection_status == pb.INSPECTION_STATUS_OK


def test_after_a_failed_inspection_the_elevator_is_overdue_until_it_passes(
        equipment: Equipment) -> None:
    """特种设备安全法 Art. 40: an elevator that failed its periodic inspection may not be used."""
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    failed = equipment.pudong.RecordInspection(pb.RecordInspectionRequest(
        request_id=rid(), registration_code="PD-003", inspected_on=day("2021-01-10"),
        passed=False)).elevator
    assert (failed.inspection_status, failed.next_inspection, failed.last_inspection_failed) \
        == (pb.INSPECTION_STATUS_OVERDUE, day("2021-01-10"), True)
    due = equipment.pudong.ListDueInspections(pb.ListDueInspectionsRequest())
    assert [(d.registration_code, d.days_left) for d in due.due] == [
        ("PD-002", -45), ("PD-003", -5), ("PD-001", 26)]
    passed = equipment.pudong.RecordInspection(pb.RecordInspectionRequest(
        request_id=rid(), registration_code="PD-003", inspected_on=day("2021-01-14"),
        passed=True)).elevator
    assert (passed.inspection_status, passed.next_inspection) == (
        pb.INSPECTION_STATUS_OK, day("2022-01-14"))
    code, violations = refused(lambda: equipment.import_district(equipment.pudong, "pudong", [
        pb.Elevator(registration_code="PD-100", location_category=L.LOCATION_CATEGORY_MALL,
                    in_use_date=day("2015-01-01"), last_inspection_failed=True)]))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in violations] == ["elevators[0].last_inspection_failed"]
