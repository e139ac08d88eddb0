"""Conversions every service's ``mapping.py`` needs between protobuf and Python values:
dates (single fields and batch rows) and proto enums ⇄ the domain's names."""

from __future__ import annotations

import datetime as dt

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from cityscore.common.v1 import common_pb2
from cityscore.core.errors import FieldViolation, InvalidArgument, ViolationCollector


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


def year_from_proto(value: int, field: str = "year") -> int:
    """A calendar year from a request, or INVALID_ARGUMENT naming ``field``: 0 is what a
    request that left it out sends, and no date arithmetic may start from it."""
    if value == 0:
        raise InvalidArgument(f"{field} is required", [FieldViolation(field, "must be set")])
    if not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise InvalidArgument(f"{field} is not a calendar year", [FieldViolation(
            field, f"{value} is not between {dt.MINYEAR} and {dt.MAXYEAR}")])
    return value


def date_field(value: common_pb2.Date, path: str, collector: ViolationCollector, *,
               required: bool = True) -> dt.date | None:
    """A date of one row of a batch: a violation named ``path`` is collected (and None
    returned) when it is unset but required, or not a calendar date, so one answer names
    every bad row."""
    if value.year == 0 and value.month == 0 and value.day == 0:
        if required:
            collector.add(path, "is required")
        return None
    try:
        return dt.date(value.year, value.month, value.day)
    except ValueError:
        collector.add(path, f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
                            "is not a calendar date")
        return None


class ProtoEnum:
    """A proto enum and the names the domain keeps for its values.

    Buf's style prefixes every value with the enum's name (``ROAD_CLASS_COUNTY``); the domain
    and the database keep the rest (``county``, or ``COUNTY`` with ``lower=False``). The zero
    value ``*_UNSPECIFIED`` has no domain name: a request that leaves it unset is told so.
    """

    def __init__(self, enum: EnumTypeWrapper, prefix: str, *, lower: bool = True) -> None:
        self._enum = enum
        self._prefix = prefix
        self._lower = lower
        self._names = {number: self._domain(label) for label, number in enum.items()
                       if not label.endswith("_UNSPECIFIED")}
        self._numbers = {name: number for number, name in self._names.items()}

    def _domain(self, label: str) -> str:
        name = label.removeprefix(self._prefix)
        return name.lower() if self._lower else name

    @property
    def names(self) -> list[str]:
        """The domain names, in proto order."""
        return list(self._names.values())

    def name(self, number: int, field: str) -> str:
        """The domain name of a request's value; unset or unknown is INVALID_ARGUMENT."""
        try:
            return self._names[number]
        except KeyError:
            raise InvalidArgument(f"{field} must be set", [FieldViolation(
                field, f"one of {', '.join(self.names)}")]) from None

    def collect(self, number: int, field: str, collector: ViolationCollector) -> str | None:
        """The domain name, or None with a violation collected (batch rows)."""
        found = self._names.get(number)
        if found is None:
            collector.add(field, f"one of {', '.join(self.names)}")
        return found

    def name_or(self, number: int, default: str) -> str:
        """The domain name, or ``default`` for unset and unknown values (stored data)."""
        return self._names.get(number, default)

    def number(self, name: str) -> int:
        """The proto value of a domain name (stored names are always known)."""
        return self._numbers[name]

    def label(self, name: str) -> str:
        """The proto value's label of a domain name (``ROAD_CLASS_COUNTY``): what message
        constructors are typed to take."""
        return self._enum.Name(self._numbers[name])
