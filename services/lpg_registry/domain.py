"""The rules of the bottled-LPG registry, as pure functions over plain values.

Source: 沪府办规〔2018〕25号 (seed 000, ¶一-五) and the cylinder standards and practice that
`lpg_registry.md` (the domain page) fills its gaps with. Policy numbers come from the versioned
``data/policy.json``; the date arithmetic of the compliance rule runs in the shared kernel.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import json
import re
import struct
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from cityscore.core.errors import PreconditionViolation, ViolationCollector
from cityscore.core.kernel import api
from cityscore.core.kernel.types import NO_DATE, CompliancePolicy, ComplianceStatus

STANDARD_2006 = "GB5842_2006"
STANDARD_2023 = "GB5842_2023"
PHASES = ("GAS", "LIQUID", "TWO_PHASE_LEGACY")
IN_SERVICE, SCRAPPED, LOST = "IN_SERVICE", "SCRAPPED", "LOST"
AT_STATION, ON_VEHICLE, AT_USER = "STATION", "VEHICLE", "USER"
RESIDENTIAL, CATERING, COMMERCIAL = "RESIDENTIAL", "CATERING", "COMMERCIAL"
REVIEWED = "REVIEWED"
STOP_SUPPLY, DO_NOT_CONNECT, WARN = "STOP_SUPPLY", "DO_NOT_CONNECT", "WARN"
HASH_KEY_VERSION = "k1"


# --------------------------------------------------------------------------------------------
# Versioned policy data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StandardLife:
    """Design life and extended life of one cylinder standard (domain page §4)."""

    design_life_years: int | None
    extended_life_years: int


@dataclass(frozen=True, slots=True)
class Policy:
    """One version of the registry's rule numbers, from ``data/policy.json``."""

    version: str
    inspection_interval_years: int
    warning_days: int
    standards: Mapping[str, StandardLife]
    max_fill_g: Mapping[str, int]
    underfill_tolerance_g: int
    reweigh_tolerance_g: int
    registration_deadline: dt.date

    @property
    def kernel_policy(self) -> CompliancePolicy:
        return CompliancePolicy(self.inspection_interval_years, self.warning_days)


@cache
def load_policy(version: str | None = None) -> Policy:
    """The policy ``version`` (default: the current one); versions are never edited in place."""
    text = resources.files("cityscore.services.lpg_registry.data").joinpath(
        "policy.json").read_text("utf-8")
    document = json.loads(text)
    name = version or document["current"]
    raw = document["versions"][name]
    return Policy(
        version=name,
        inspection_interval_years=int(raw["inspection_interval_years"]),
        warning_days=int(raw["warning_days"]),
        standards={k: StandardLife(v["design_life_years"], int(v["extended_life_years"]))
                   for k, v in raw["standards"].items()},
        max_fill_g={k: int(v) for k, v in raw["models_max_fill_g"].items()},
        underfill_tolerance_g=int(raw["underfill_tolerance_g"]),
        reweigh_tolerance_g=int(raw["reweigh_tolerance_g"]),
        registration_deadline=dt.date.fromisoformat(raw["registration_deadline"]),
    )


# --------------------------------------------------------------------------------------------
# Identifiers: check characters, keyed hashes, masks (domain page §9)
# --------------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_PHONE = re.compile(r"^\+?[0-9][0-9-]{6,19}$")


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
    return None if _PHONE.match(raw.strip()) else "must be 7 to 20 digits (hyphens allowed)"


def keyed_hash(key: str, value: str) -> str:
    """HMAC-SHA-256 for exact-match look-up without storing the value (§9.3)."""
    return hmac.digest(key.encode("utf-8"), value.encode("utf-8"), "sha256").hex()


def mask_resident_id(number: str) -> str:
    """First 3 and last 4 characters with 11 ``*`` between (§9.3)."""
    return number[:3] + "*" * 11 + number[-4:]


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    return digits[:3] + "*" * max(len(digits) - 7, 0) + digits[-4:]


# --------------------------------------------------------------------------------------------
# Cylinders: registration checks and compliance
# --------------------------------------------------------------------------------------------

_TRACE_CODE = re.compile(r"^[A-Za-z0-9-]{4,64}$")


@dataclass(frozen=True, slots=True)
class CylinderSpec:
    """What registering a cylinder states, from its stamp and electronic mark."""

    trace_code: str
    model: str
    standard: str
    phase: str
    manufacture_date: dt.date
    design_life_years: int
    tare_g: int
    last_inspection_date: dt.date | None
    last_inspection_passed: bool


def cylinder_problems(policy: Policy, spec: CylinderSpec, today: dt.date,
                      prefix: str = "") -> list[tuple[str, str]]:
    """Field problems of one cylinder (§3, §4): model, standard, dates and masses."""
    found: list[tuple[str, str]] = []
    if not _TRACE_CODE.match(spec.trace_code):
        found.append((f"{prefix}trace_code", "4 to 64 letters, digits or hyphens"))
    if spec.model not in policy.max_fill_g:
        found.append((f"{prefix}model", f"unknown model; expected one of "
                                        f"{', '.join(policy.max_fill_g)}"))
    if spec.standard not in policy.standards:
        found.append((f"{prefix}standard_version", "GB 5842-2006 or GB 5842-2023 is required"))
    elif spec.standard == STANDARD_2023 and spec.phase == "TWO_PHASE_LEGACY":
        found.append((f"{prefix}phase_type", "GB 5842-2023 bans gas-liquid two-phase cylinders"))
    elif spec.standard == STANDARD_2023 and not 1 <= spec.design_life_years <= 50:
        found.append((f"{prefix}design_life_years",
                      "GB 5842-2023 cylinders need the stamped design life (1-50 years)"))
    elif spec.standard == STANDARD_2006 and spec.design_life_years not in (0, 8):
        found.append((f"{prefix}design_life_years", "GB 5842-2006 cylinders have 8 years"))
    if spec.phase not in PHASES:
        found.append((f"{prefix}phase_type", "gas, liquid or two-phase legacy is required"))
    if spec.manufacture_date > today:
        found.append((f"{prefix}manufacture_date", "is in the future"))
    if spec.tare_g <= 0:
        found.append((f"{prefix}tare_g", "must be a positive mass in grams"))
    if spec.last_inspection_date is not None:
        if spec.last_inspection_date < spec.manufacture_date:
            found.append((f"{prefix}last_inspection_date", "is before the manufacture date"))
        elif spec.last_inspection_date > today:
            found.append((f"{prefix}last_inspection_date", "is in the future"))
    return found


def life_years(policy: Policy, standard: str, stamped: int) -> tuple[int, int]:
    """(design life, extended life) in years; extended 0 means no extension (§4 decisions).

    GB 5842-2006: 8 years, up to 12 after a passed periodic inspection; GB 5842-2023: the
    stamped design life, no extension.
    """
    rule = policy.standards[standard]
    design = rule.design_life_years if rule.design_life_years is not None else stamped
    return design, rule.extended_life_years


@dataclass(frozen=True, slots=True)
class CylinderState:
    """A registered cylinder as the fill and delivery rules see it."""

    trace_code: str
    owner_enterprise_id: str
    model: str
    standard: str
    manufacture_date: dt.date
    design_life_years: int
    tare_g: int
    last_inspection_date: dt.date | None
    last_inspection_passed: bool
    status: str
    location_kind: str
    location_id: str
    filled: bool


@dataclass(frozen=True, slots=True)
class Compliance:
    status: ComplianceStatus
    days_left: int
    next_inspection: dt.date
    service_limit: dt.date


def _day(value: dt.date | None) -> int:
    return NO_DATE if value is None else api.day_number(value)


def compliance(policy: Policy, cylinders: Sequence[CylinderState], today: dt.date
               ) -> list[Compliance]:
    """Inspection and service-life status of each cylinder on ``today`` (§4 computation).

    next inspection = (last periodic inspection, else manufacture) + 4 years; service limit =
    manufacture + 12 years for a GB 5842-2006 cylinder whose last inspection passed, else the
    design life; warning 30 days before the earlier. Computed by the kernel's sweep.
    """
    lives = [life_years(policy, c.standard, c.design_life_years) for c in cylinders]
    result = api.compliance_sweep(
        today=api.day_number(today),
        manufacture_day=array("i", (api.day_number(c.manufacture_date) for c in cylinders)),
        last_inspection_day=array("i", (_day(c.last_inspection_date) for c in cylinders)),
        last_inspection_passed=array("b", (int(c.last_inspection_passed) for c in cylinders)),
        design_life_years=array("i", (life[0] for life in lives)),
        extended_life_years=array("i", (life[1] for life in lives)),
        policy=policy.kernel_policy)
    return [Compliance(ComplianceStatus(int(s)), int(d), api.from_day_number(int(n)),
                       api.from_day_number(int(lim)))
            for s, d, n, lim in zip(result.status, result.days_left, result.next_inspection,
                                    result.service_limit, strict=True)]


def due_cylinders(policy: Policy, cylinders: Sequence[CylinderState], today: dt.date
                  ) -> list[tuple[CylinderState, Compliance]]:
    """Cylinders to act on, soonest first: due within 30 days, overdue, past life (§4).

    The supplier notifies the user within 30 days before a due date (domain page §4).
    """
    states = compliance(policy, cylinders, today) if cylinders else []
    due = [(c, s) for c, s in zip(cylinders, states, strict=True)
           if s.status is not ComplianceStatus.OK]
    return sorted(due, key=lambda pair: (pair[1].days_left, pair[0].trace_code))


def years_reached_key(day: dt.date) -> int:
    """``day`` as yyyymmdd, for "base + n years ≤ day" in SQL: ``key(base) + n·10000 ≤`` this.

    "+ n years" keeps month and day and turns 29 February into 28 February of a common year
    (§4), so on 28 February of a common year a 29 February base has arrived too.
    """
    key = day.year * 10000 + day.month * 100 + day.day
    return key + 1 if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year) else key


@dataclass(frozen=True, slots=True)
class ComplianceCutoffs:
    """The §4 rule's numbers for counting cylinders by status in SQL on one day."""

    inspection_interval_years: int
    lives: Mapping[str, StandardLife]
    today_key: int
    warning_key: int


def compliance_cutoffs(policy: Policy, today: dt.date) -> ComplianceCutoffs:
    """Status on ``today`` by date comparisons: overdue once ``today`` reaches a due date, due
    soon once ``today + warning_days`` does (the kernel's rule, see ``compliance``)."""
    return ComplianceCutoffs(
        policy.inspection_interval_years, policy.standards, years_reached_key(today),
        years_reached_key(today + dt.timedelta(days=policy.warning_days)))


def cylinder_refusals(cylinder: CylinderState, state: Compliance, enterprise_id: str,
                      today: dt.date) -> list[PreconditionViolation]:
    """The §7 cylinder rules shared by fills and deliveries; every failed one is listed.

    CYL_NOT_OWN (城镇燃气管理条例 Art. 18), CYL_SCRAPPED (scrapped, lost, or today ≥ service
    limit), CYL_OVERDUE (today ≥ next periodic inspection).
    """
    code = cylinder.trace_code
    found: list[PreconditionViolation] = []
    if cylinder.owner_enterprise_id != enterprise_id:
        found.append(PreconditionViolation("CYL_NOT_OWN", code,
                                           "not a cylinder registered to this enterprise"))
    if cylinder.status in (SCRAPPED, LOST):
        found.append(PreconditionViolation("CYL_SCRAPPED", code,
                                           f"the cylinder is {cylinder.status.lower()}"))
        return found
    if today >= state.service_limit:
        found.append(PreconditionViolation(
            "CYL_SCRAPPED", code, f"past its service limit {state.service_limit.isoformat()}"))
    if today >= state.next_inspection:
        found.append(PreconditionViolation(
            "CYL_OVERDUE", code,
            f"periodic inspection was due {state.next_inspection.isoformat()}"))
    return found


# --------------------------------------------------------------------------------------------
# Fills (domain page §6-§7; E6, E7)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffState:
    staff_id: str
    enterprise_id: str
    role: str
    certificate_valid_until: dt.date


@dataclass(frozen=True, slots=True)
class EnterpriseState:
    enterprise_id: str
    status: str
    licence_valid_until: dt.date


@dataclass(frozen=True, slots=True)
class FillRequest:
    enterprise_id: str
    station_id: str
    filler: StaffState | None
    rechecker: StaffState | None
    pre_check_passed: bool
    post_check_passed: bool
    empty_gross_g: int
    full_gross_g: int
    reweigh_gross_g: int


@dataclass(frozen=True, slots=True)
class FillOutcome:
    refusals: list[PreconditionViolation]
    content_g: int
    residual_g: int
    flags: list[str] = field(default_factory=list)


def enterprise_refusals(enterprise: EnterpriseState, today: dt.date
                        ) -> list[PreconditionViolation]:
    """No operating without a valid licence (seed ¶一, general prohibition)."""
    if enterprise.status != "ACTIVE" or today > enterprise.licence_valid_until:
        return [PreconditionViolation("ENTERPRISE_SUSPENDED", enterprise.enterprise_id,
                                      "the enterprise's licence is expired or suspended")]
    return []


def _staff_refusal(staff: StaffState | None, enterprise_id: str, role: str | None, code: str,
                   subject: str, today: dt.date) -> list[PreconditionViolation]:
    if staff is None or staff.enterprise_id != enterprise_id:
        return [PreconditionViolation(code, subject, "not registered staff of this enterprise")]
    if role is not None and staff.role != role:
        return [PreconditionViolation(code, subject, f"is not registered as {role.lower()}")]
    if today > staff.certificate_valid_until:
        return [PreconditionViolation(code, subject, "certificate expired "
                                      f"{staff.certificate_valid_until.isoformat()}")]
    return []


def check_fill(policy: Policy, enterprise: EnterpriseState, cylinder: CylinderState,
               state: Compliance, request: FillRequest, today: dt.date) -> FillOutcome:
    """Every rule a fill must pass (E6 no non-compliant cylinders, E7 no decanting; §6-§7).

    Refusals: the licence, the §7 cylinder rules, a cylinder not at one of the enterprise's
    stations (filling happens at the station's plant only, never cylinder to cylinder),
    pre-fill and post-fill checks, a certified filler and a different re-checker, and
    overfill (content = full gross − tare > the model's maximum). Flags that do not block:
    underfill beyond the tolerance, a re-weigh differing beyond its tolerance, due soon.
    """
    refusals = enterprise_refusals(enterprise, today)
    refusals += cylinder_refusals(cylinder, state, request.enterprise_id, today)
    if cylinder.location_kind != AT_STATION or cylinder.location_id != request.station_id:
        refusals.append(PreconditionViolation(
            "CYL_NOT_AT_STATION", cylinder.trace_code,
            "fills happen only at the station holding the cylinder; no decanting (E7)"))
    if not request.pre_check_passed:
        refusals.append(PreconditionViolation("PRE_CHECK_FAILED", cylinder.trace_code,
                                              "the pre-fill check did not pass"))
    if not request.post_check_passed:
        refusals.append(PreconditionViolation("POST_CHECK_FAILED", cylinder.trace_code,
                                              "the post-fill check did not pass"))
    refusals += _staff_refusal(request.filler, request.enterprise_id, "FILLER",
                               "FILLER_NOT_CERTIFIED", "filler", today)
    refusals += _staff_refusal(request.rechecker, request.enterprise_id, None,
                               "RECHECKER_INVALID", "rechecker", today)
    if request.filler is not None and request.rechecker is not None \
            and request.filler.staff_id == request.rechecker.staff_id:
        refusals.append(PreconditionViolation("RECHECKER_INVALID", "rechecker",
                                              "the re-checker must not be the filler"))
    max_fill = policy.max_fill_g[cylinder.model]
    content = request.full_gross_g - cylinder.tare_g
    residual = request.empty_gross_g - cylinder.tare_g
    if content > max_fill:
        refusals.append(PreconditionViolation(
            "OVERFILL", cylinder.trace_code,
            f"content {content} g exceeds the {cylinder.model} maximum of {max_fill} g"))
    flags: list[str] = []
    if content < max_fill - policy.underfill_tolerance_g:
        flags.append("UNDERFILL")
    if request.reweigh_gross_g and \
            abs(request.reweigh_gross_g - request.full_gross_g) > policy.reweigh_tolerance_g:
        flags.append("REWEIGH_MISMATCH")
    if state.status is ComplianceStatus.DUE_SOON:
        flags.append("DUE_SOON")
    return FillOutcome(refusals, content, residual, flags)


def fill_mass_problems(request: FillRequest, tare_g: int) -> list[tuple[str, str]]:
    """Masses that are data errors rather than rule refusals (§6 numeric checks)."""
    found: list[tuple[str, str]] = []
    for name in ("empty_gross_g", "full_gross_g", "reweigh_gross_g"):
        if getattr(request, name) < 0:
            found.append((name, "must not be negative"))
    if request.empty_gross_g < tare_g and request.empty_gross_g >= 0:
        found.append(("empty_gross_g", f"below the stamped tare {tare_g} g (negative residual)"))
    if request.full_gross_g < tare_g and request.full_gross_g >= 0:
        found.append(("full_gross_g", f"below the stamped tare {tare_g} g"))
    return found


# --------------------------------------------------------------------------------------------
# Deliveries (real-name sale; §7, §8.1)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserState:
    user_id: int
    enterprise_id: str
    user_type: str
    review_status: str
    safety_verified: bool
    held: frozenset[str]


@dataclass(frozen=True, slots=True)
class HazardState:
    hazard_id: int
    severity: str
    deliveries_since: int


@dataclass(frozen=True, slots=True)
class VehicleState:
    plate: str
    enterprise_id: str
    permit_valid_until: dt.date


@dataclass(frozen=True, slots=True)
class DeliveryFacts:
    """Everything the delivery rules read, gathered by the servicer in one transaction."""

    enterprise: EnterpriseState
    enterprise_id: str
    user: UserState | None
    open_hazards: Sequence[HazardState]
    staff: StaffState | None
    vehicle: VehicleState | None
    cylinders_out: Sequence[str]
    empties_back: Sequence[str]
    cylinders: Mapping[str, tuple[CylinderState, Compliance]]


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    refusals: list[PreconditionViolation]
    connected: bool
    escalate_hazards: list[int]


def check_delivery(facts: DeliveryFacts, today: dt.date) -> DeliveryOutcome:
    """Every rule a real-name delivery must pass (E2 real-name sale, E3; §7, §8.1).

    USER_UNREGISTERED (no record with this enterprise), USER_UNREVIEWED, USER_STOP_SUPPLY
    (an open stop-supply hazard, or a do-not-connect hazard still open at the next delivery),
    USER_SAFETY_UNVERIFIED (catering and commercial users, ¶四), staff and vehicle of the
    enterprise with valid certificate and permit, and for each full cylinder the §7 rules plus
    a passing fill since its last return and not being at a user; each empty must be held by
    this user. A first open do-not-connect hazard lets the delivery through as not connected.
    """
    refusals = enterprise_refusals(facts.enterprise, today)
    user = facts.user
    escalate: list[int] = []
    connected = True
    if user is None or user.enterprise_id != facts.enterprise_id:
        refusals.append(PreconditionViolation("USER_UNREGISTERED", "user",
                                              "no real-name registration with this enterprise"))
    else:
        subject = f"user {user.user_id}"
        if user.review_status != REVIEWED:
            refusals.append(PreconditionViolation("USER_UNREVIEWED", subject,
                                                  "the registration has not been reviewed"))
        if user.user_type in (CATERING, COMMERCIAL) and not user.safety_verified:
            refusals.append(PreconditionViolation(
                "USER_SAFETY_UNVERIFIED", subject,
                "safe-use conditions of this catering or commercial site are not verified"))
        stopping = [h for h in facts.open_hazards if h.severity == STOP_SUPPLY
                    or (h.severity == DO_NOT_CONNECT and h.deliveries_since > 0)]
        if stopping:
            refusals.append(PreconditionViolation(
                "USER_STOP_SUPPLY", subject, "open stop-supply hazard(s) "
                + ", ".join(str(h.hazard_id) for h in stopping)))
        else:
            escalate = [h.hazard_id for h in facts.open_hazards if h.severity == DO_NOT_CONNECT]
            connected = not escalate
    refusals += _staff_refusal(facts.staff, facts.enterprise_id, None, "STAFF_INVALID",
                               "staff", today)
    vehicle = facts.vehicle
    if vehicle is None or vehicle.enterprise_id != facts.enterprise_id:
        refusals.append(PreconditionViolation("VEHICLE_INVALID", "vehicle",
                                              "not a registered vehicle of this enterprise"))
    elif today > vehicle.permit_valid_until:
        refusals.append(PreconditionViolation("VEHICLE_INVALID", vehicle.plate,
                                              "hazardous-goods permit expired"))
    for code in facts.cylinders_out:
        found = facts.cylinders.get(code)
        if found is None:
            refusals.append(PreconditionViolation("CYL_UNKNOWN", code, "no such trace code"))
            continue
        cylinder, state = found
        refusals += cylinder_refusals(cylinder, state, facts.enterprise_id, today)
        if cylinder.location_kind == AT_USER:
            refusals.append(PreconditionViolation("CYL_NOT_AVAILABLE", code,
                                                  "the cylinder is already at a user"))
        elif not cylinder.filled:
            refusals.append(PreconditionViolation("CYL_NOT_FILLED", code,
                                                  "no passing fill record since its return"))
    held = user.held if user is not None else frozenset()
    for code in facts.empties_back:
        if code not in held:
            refusals.append(PreconditionViolation("EMPTY_NOT_HELD", code,
                                                  "this user does not hold that cylinder"))
    return DeliveryOutcome(refusals, connected, escalate if not refusals else [])


def delivery_shape_problems(out: Sequence[str], back: Sequence[str]) -> list[tuple[str, str]]:
    """A delivery moves at least one cylinder, each once."""
    found: list[tuple[str, str]] = []
    if not out and not back:
        found.append(("plan.cylinders_out", "a delivery moves at least one cylinder"))
    everything = [*out, *back]
    if len(set(everything)) != len(everything):
        found.append(("plan.cylinders_out", "a cylinder may appear only once in a delivery"))
    return found


# --------------------------------------------------------------------------------------------
# Registration campaign (§2.2, ¶三)
# --------------------------------------------------------------------------------------------


def progress_permille(registered: int, estimate: int) -> int:
    """Registered users per thousand surveyed (0 with no estimate)."""
    return registered * 1000 // estimate if estimate > 0 else 0


# --------------------------------------------------------------------------------------------
# Sweep with provenance (architecture page §6)
# --------------------------------------------------------------------------------------------


@dataclass
class SweepInputs:
    """Column arrays of every cylinder in service, and the enterprise of each (as an index)."""

    today: dt.date
    policy_version: str
    enterprises: list[str]
    enterprise_index: array[int] = field(default_factory=lambda: array("i"))
    manufacture_day: array[int] = field(default_factory=lambda: array("i"))
    last_inspection_day: array[int] = field(default_factory=lambda: array("i"))
    last_inspection_passed: array[int] = field(default_factory=lambda: array("b"))
    design_life_years: array[int] = field(default_factory=lambda: array("i"))
    extended_life_years: array[int] = field(default_factory=lambda: array("i"))

    def _columns(self) -> tuple[array[int], ...]:
        return (self.enterprise_index, self.manufacture_day, self.last_inspection_day,
                self.last_inspection_passed, self.design_life_years, self.extended_life_years)

    def encode_plain(self) -> bytes:
        """A self-describing snapshot: header length, JSON header, the columns' bytes."""
        header = json.dumps({"today": self.today.isoformat(), "policy": self.policy_version,
                             "enterprises": self.enterprises,
                             "n": len(self.manufacture_day)}, sort_keys=True).encode()
        body = b"".join(column.tobytes() for column in self._columns())
        return struct.pack("<I", len(header)) + header + body

    def encode(self) -> bytes:
        """The snapshot compressed, as stored with the sweep for replay."""
        return zlib.compress(self.encode_plain(), 6)

    @classmethod
    def decode(cls, blob: bytes) -> SweepInputs:
        raw = zlib.decompress(blob)
        (size,) = struct.unpack_from("<I", raw)
        header = json.loads(raw[4:4 + size])
        inputs = cls(dt.date.fromisoformat(header["today"]), header["policy"],
                     list(header["enterprises"]))
        offset = 4 + size
        for column in inputs._columns():
            width = column.itemsize * int(header["n"])
            column.frombytes(raw[offset:offset + width])
            offset += width
        return inputs

    def digest(self) -> str:
        return hashlib.sha256(self.encode_plain()).hexdigest()

    def append(self, enterprise_index: int, manufacture: dt.date, last: dt.date | None,
               passed: bool, lives: tuple[int, int]) -> None:
        self.enterprise_index.append(enterprise_index)
        self.manufacture_day.append(api.day_number(manufacture))
        self.last_inspection_day.append(_day(last))
        self.last_inspection_passed.append(int(passed))
        self.design_life_years.append(lives[0])
        self.extended_life_years.append(lives[1])


StatusCounts = dict[str, list[int]]


@dataclass(frozen=True)
class SweepOutcome:
    """Counts per enterprise and status, and a digest of the per-cylinder result."""

    by_enterprise: StatusCounts
    result_digest: str
    cylinders: int


def run_sweep(inputs: SweepInputs) -> SweepOutcome:
    """Due within 30 days, overdue, past service life — every cylinder, one kernel pass (§4).

    Counts per enterprise come from the kernel's grouped aggregation: the cylinders at or above
    each status level, differenced.
    """
    policy = load_policy(inputs.policy_version)
    result = api.compliance_sweep(
        today=api.day_number(inputs.today), manufacture_day=inputs.manufacture_day,
        last_inspection_day=inputs.last_inspection_day,
        last_inspection_passed=inputs.last_inspection_passed,
        design_life_years=inputs.design_life_years,
        extended_life_years=inputs.extended_life_years, policy=policy.kernel_policy)
    digest = hashlib.sha256()
    for column in (result.status, result.days_left, result.next_inspection,
                   result.service_limit):
        digest.update(column.tobytes())
    n = len(inputs.manufacture_day)
    ones = array("d", [1.0]) * n
    total = [0.0] * len(inputs.enterprises)
    at_least: list[list[float]] = []
    for level in range(1, len(ComplianceStatus)):
        grouped = api.grouped_length_weighted(
            result.status, ones, inputs.enterprise_index, n_groups=len(inputs.enterprises),
            threshold=float(level))
        total = grouped.total_length.tolist()
        at_least.append(grouped.length_at_or_above.tolist())
    bounds = [total, *at_least, [0.0] * len(total)]
    counts: StatusCounts = {
        name: [int(bounds[k][e] - bounds[k + 1][e]) for k in range(len(ComplianceStatus))]
        for e, name in enumerate(inputs.enterprises)}
    return SweepOutcome(counts, digest.hexdigest(), len(inputs.manufacture_day))


def roll_up(by_enterprise: StatusCounts, district_of: Mapping[str, str]) -> StatusCounts:
    """District counts as the sum of their enterprises' counts."""
    totals: StatusCounts = {}
    for enterprise, counts in by_enterprise.items():
        row = totals.setdefault(district_of.get(enterprise, ""), [0] * len(counts))
        for i, value in enumerate(counts):
            row[i] += value
    return dict(sorted(totals.items()))


def count_differences(stored: StatusCounts, replayed: StatusCounts) -> list[str]:
    keys: Iterable[str] = sorted(set(stored) | set(replayed))
    return [k for k in keys if stored.get(k) != replayed.get(k)]


def collect(found: Iterable[tuple[str, str]], collector: ViolationCollector) -> None:
    for path, description in found:
        collector.add(path, description)
