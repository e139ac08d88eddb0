"""Conversions every service's ``mapping.py`` needs between protobuf and Python values."""

from __future__ import annotations

import datetime as dt

from cityscore.common.v1 import common_pb2
from cityscore.core.errors import FieldViolation, InvalidArgument


def date_to_proto(value: dt.date) -> common_pb2.Date:
    return common_pb2.Date(year=value.year, month=value.month, day=value.day)


def date_from_proto(value: common_pb2.Date, field: str) -> dt.date:
    """A calendar date, or INVALID_ARGUMENT naming ``field`` when it is unset or impossible."""
    try:
        return dt.date(value.year, value.month, value.day)
    except ValueError:
        raise InvalidArgument(f"{field} is not a valid date", [FieldViolation(
            field, f"{value.year:04d}-{value.month:02d}-{value.day:02d} is not a calendar date")]
        ) from None


def optional_date_from_proto(holder: object, name: str, field: str) -> dt.date | None:
    """For ``optional Date`` / message fields: None when unset, else a validated date."""
    if not holder.HasField(name):  # type: ignore[attr-defined]
        return None
    return date_from_proto(getattr(holder, name), field)
