"""Identifiers: check characters, keyed hashes, masks (domain page §9)."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_PHONE = re.compile(r"^\+?[0-9][0-9 -]*$")
_PHONE_DIGITS = (7, 20)
_MAINLAND_PREFIXES = ("+86", "0086")


def normalise_resident_id(raw: str) -> str:
    return raw.strip().upper()


def resident_id_problem(raw: str, today: dt.date) -> str | None:
    """Why a resident ID number is invalid, or None (GB 11643-1999, ISO 7064 MOD 11-2; §9.1).

    17 digits plus a digit or X, a real birth date not after today, and the check character.
    """
    number = normalise_resident_id(raw)
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return "must be 17 digits and a check character (digit or X)"
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "the birth date in the number is not a calendar date"
    if born > today:
        return "the birth date in the number is in the future"
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        return "wrong check character"
    return None


def credit_code_problem(raw: str, *, strict: bool = False) -> str | None:
    """Why a unified social credit code is invalid, or None (GB 32100-2015; §9.2).

    ``strict`` also checks the embedded organisation code (GB 11714).
    """
    code = raw.strip().upper()
    if len(code) != 18:
        return "must be 18 characters"
    if any(c not in _USCC_CHARS for c in code):
        return "contains a character outside the GB 32100 set (no I, O, S, V, Z)"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    if _USCC_CHARS[check] != code[17]:
        return "wrong check character"
    if strict:
        body = code[8:16]
        org_total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
        c9 = 11 - org_total % 11
        expected = "X" if c9 == 10 else "0" if c9 == 11 else str(c9)
        if code[16] != expected:
            return "wrong organisation-code check character (GB 11714)"
    return None


def phone_problem(raw: str) -> str | None:
    """Why a phone number cannot be registered or searched for, or None: digits, spaces and
    hyphens, a leading ``+`` for a country code, and 7 to 20 digits once written canonically
    (:func:`normalise_phone`)."""
    low, high = _PHONE_DIGITS
    if _PHONE.match(raw.strip()) and low <= len(normalise_phone(raw).lstrip("+")) <= high:
        return None
    return f"must be {low} to {high} digits (spaces, hyphens and a leading + allowed)"


def normalise_phone(raw: str) -> str:
    """One spelling per phone number, which is what is hashed and masked, so that
    ``021-5555-1234``, ``02155551234`` and ``+86 21 5555 1234`` are one key.

    The domain page lists phones among a user's fields (§6.1) but sets no form for them; the
    registry decides [assumed]: spaces and hyphens are dropped; a mainland number written with
    its country code (``+86`` or ``0086``) loses it, and a landline's area code gets back the
    trunk ``0`` the international form leaves out (``+86 21`` is ``021``), while a mobile
    number (starting with 1) stays as it is; another country's number keeps its ``+``. A
    number typed without its area code stays without it (``5555-1234`` is not
    ``021-5555-1234``): the registry does not guess the city.
    """
    text = "".join(c for c in raw.strip() if c not in " -")
    for prefix in _MAINLAND_PREFIXES:
        if text.startswith(prefix):
            national = text[len(prefix):]
            return national if national[:1] in ("0", "1", "") else "0" + national
    return text


def keyed_hash(key: str, value: str) -> str:
    """HMAC-SHA-256 for exact-match look-up without storing the value (§9.3)."""
    return hmac.digest(key.encode("utf-8"), value.encode("utf-8"), "sha256").hex()


def mask_resident_id(number: str) -> str:
    """First 3 and last 4 characters with 11 ``*`` between (§9.3)."""
    return number[:3] + "*" * 11 + number[-4:]


def mask_phone(phone: str) -> str:
    """The last 4 characters of the canonical form (:func:`normalise_phone`), and the first 3
    only when at least 4 remain hidden between (``138****8000``, ``****1234``)."""
    text = normalise_phone(phone)
    head = max(0, min(3, len(text) - 8))
    return text[:head] + "*" * (len(text) - head - 4) + text[-4:]


def resident_ids_pass(numbers: Sequence[str], today: dt.date) -> npt.NDArray[np.bool_]:
    """Per number (already normalised, :func:`normalise_resident_id`): whether
    :func:`resident_id_problem` finds nothing, checked a column at a time (GB 11643-1999: 17
    digits and a digit or X, a calendar birth date not after ``today``, ISO 7064 MOD 11-2).

    Used for imports of many rows; a number that fails here is told why by
    :func:`resident_id_problem` itself.
    """
    n = len(numbers)
    passed = np.zeros(n, dtype=np.bool_)
    lengths = np.fromiter(map(len, numbers), dtype=np.int64, count=n)
    rows = np.flatnonzero(lengths == 18)
    if not len(rows):
        return passed
    text = "".join(numbers[i] for i in rows.tolist()) if len(rows) < n else "".join(numbers)
    chars = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8).reshape(-1, 18)
    digits = chars[:, :17].astype(np.int64) - ord("0")
    last = chars[:, 17]
    ok = ((digits >= 0) & (digits <= 9)).all(axis=1)
    ok &= ((last >= ord("0")) & (last <= ord("9"))) | (last == ord("X"))
    year = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
    month = digits[:, 10] * 10 + digits[:, 11]
    day = digits[:, 12] * 10 + digits[:, 13]
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0])
    days_in_month = month_days[np.clip(month, 0, 13)] + (leap & (month == 2))
    ok &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
    ok &= year * 10_000 + month * 100 + day <= today.year * 10_000 + today.month * 100 + today.day
    check = np.frombuffer(_ID_CHECK.encode("ascii"), dtype=np.uint8)[
        (digits @ np.array(_ID_WEIGHTS)) % 11]
    ok &= check == last
    passed[rows] = ok
    return passed
