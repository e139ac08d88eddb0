"""The registration campaign (domain page §2.2, seed ¶三)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def progress_permille(registered: int, estimate: int) -> int:
    """Registered users per thousand surveyed (0 with no estimate)."""
    return registered * 1000 // estimate if estimate > 0 else 0


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    """Registrations of one district against its surveyed estimate and deadline."""

    district: str
    surveyed_estimate: int
    deadline: dt.date
    registered_by_deadline: int
    registered_after_deadline: int
    reviewed: int

    @property
    def permille(self) -> int:
        return progress_permille(self.registered_by_deadline + self.registered_after_deadline,
                                 self.surveyed_estimate)
