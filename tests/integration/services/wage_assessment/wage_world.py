"""What the wage_assessment service tests share: request ids, dates, and failed calls."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import grpc
import pytest
from support import error_details

from cityscore.common.v1 import common_pb2


def rid() -> str:
    return uuid.uuid4().hex


def date(value: dt.date) -> common_pb2.Date:
    return common_pb2.Date(year=value.year, month=value.month, day=value.day)


def failure(call: Callable[[], Any]) -> tuple[grpc.StatusCode, dict[str, Any]]:
    """Run a call expected to fail; return its code and google.rpc details by name."""
    with pytest.raises(grpc.RpcError) as caught:
        call()
    code: grpc.StatusCode = caught.value.code()
    return code, error_details(caught.value)
