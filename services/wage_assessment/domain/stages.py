"""The stage machine of an assessment year (§5): stages go forward one at a time, and each
action is open only in some stages."""

from __future__ import annotations

from collections.abc import Sequence

from cityscore.core.errors import FailedPrecondition, PreconditionViolation

STAGES = ("draft", "self_check", "on_site_verification", "comprehensive_review", "submitted",
          "approved", "published")
#: Stages in which districts may see grades, ranks and other districts' scores (§5 decision).
RESULTS_VISIBLE = ("approved", "published")
INCIDENT_STAGES = ("self_check", "on_site_verification", "comprehensive_review")
FALSIFICATION_STAGES = ("comprehensive_review", "submitted", "approved", "published")



def stage_error(year: int, current: str, message: str) -> FailedPrecondition:
    """FAILED_PRECONDITION naming the cycle's current stage (§5)."""
    return FailedPrecondition(message, [PreconditionViolation(
        "STAGE", f"cycle {year}", f"current stage is {current.upper()}")],
        reason="WRONG_STAGE", metadata={"current_stage": current})


def require_stage(year: int, current: str, allowed: Sequence[str], action: str) -> None:
    """An action allowed only in some stages (§5 table)."""
    if current not in allowed:
        raise stage_error(year, current, f"{action} is possible only in stage "
                          f"{' or '.join(s.upper() for s in allowed)}")


def check_advance(year: int, current: str, target: str) -> None:
    """Stages go forward one at a time (§5: transitions go forward only)."""
    index = STAGES.index(current)
    if index + 1 >= len(STAGES) or STAGES[index + 1] != target:
        raise stage_error(year, current, f"cannot move from {current.upper()} to "
                          f"{target.upper()}; stages go forward one at a time")

