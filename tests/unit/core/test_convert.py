"""Field conversions every service shares: years, dates, proto enums."""

from __future__ import annotations

import pytest

from cityscore.common.v1 import common_pb2
from cityscore.core.errors import InvalidArgument, ViolationCollector
from cityscore.core.grpc.convert import ProtoEnum, date_field, year_from_proto
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as roads_pb


def test_a_year_left_out_is_required_not_an_internal_error() -> None:
    with pytest.raises(InvalidArgument) as refused:
        year_from_proto(0)
    assert [(v.field, v.description) for v in refused.value.violations] == [
        ("year", "must be set")]


@pytest.mark.parametrize("year", [-1, 10_000])
def test_a_year_outside_the_calendar_is_refused(year: int) -> None:
    with pytest.raises(InvalidArgument):
        year_from_proto(year, "plan.year")


def test_a_year_passes_through() -> None:
    assert year_from_proto(2018) == 2018


def test_batch_dates_collect_every_bad_row() -> None:
    errors = ViolationCollector()
    assert date_field(common_pb2.Date(), "rows[0].date", errors) is None
    assert date_field(common_pb2.Date(year=2019, month=2, day=29), "rows[1].date",
                      errors) is None
    assert date_field(common_pb2.Date(), "rows[2].date", errors, required=False) is None
    assert [v.field for v in errors.violations] == ["rows[0].date", "rows[1].date"]


def test_proto_enum_names_by_the_buf_prefix() -> None:
    classes = ProtoEnum(roads_pb.RoadClass, "ROAD_CLASS_")
    county = roads_pb.RoadClass.Value("ROAD_CLASS_COUNTY")
    assert classes.name(county, "road.road_class") == "county"
    assert classes.number("county") == county
    with pytest.raises(InvalidArgument, match=r"road\.road_class must be set"):
        classes.name(0, "road.road_class")
