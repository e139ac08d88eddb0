"""What the wage_assessment service tells Prometheus: how long grading takes, and gauges of
stored state (years by stage, grades, overdue years, overdue rectification reports and
rectifications, pending interviews), which read the database at scrape time so they are right
after any restart."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import Histogram
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import Session

from cityscore.core.service import ServiceRuntime
from cityscore.services.wage_assessment import domain, queries


@dataclass(frozen=True)
class WageDeps:
    """What the RPCs need besides the database: the service's own metrics."""

    grading_seconds: Histogram

    @classmethod
    def of(cls, runtime: ServiceRuntime) -> WageDeps:
        """Metrics registered once per server, with the stored-state gauges."""
        today = runtime.clock.today
        runtime.export_stored_state(lambda session: state_gauges(session, today=today))
        return cls(grading_seconds=Histogram(
            "cityscore_wage_assessment_grading_seconds",
            "Time to score, rank and grade one assessment year.", registry=runtime.registry))


def state_gauges(session: Session, *, today: Callable[[], dt.date]) -> list[GaugeMetricFamily]:
    """Assessment years by stage, districts by grade, and overdue rectification reports."""
    stages = GaugeMetricFamily("cityscore_wage_assessment_cycles",
                               "Assessment years (cycles) by stage.", labels=["stage"])
    grades = GaugeMetricFamily("cityscore_wage_assessment_grades",
                               "Districts by grade in each year's latest grading.",
                               labels=["year", "grade"])
    district_grade = GaugeMetricFamily(
        "cityscore_wage_assessment_district_grade",
        "1 for each district's grade in each year's latest grading (the grade is a label).",
        labels=["year", "district", "grade"])
    overdue = GaugeMetricFamily("cityscore_wage_assessment_rectification_reports_overdue",
                                "C-grade rectification reports past their due date.")
    by_stage = queries.cycles_by_stage(session)
    for stage in domain.STAGES:
        stages.add_metric([stage], by_stage.get(stage, 0))
    graded = queries.latest_grades(session)
    for (year, grade), count in sorted(Counter((y, g) for y, _, g in graded).items()):
        grades.add_metric([str(year), grade], count)
    for year, district, grade in graded:
        district_grade.add_metric([str(year), district, grade], 1)
    cycles_overdue = GaugeMetricFamily(
        "cityscore_wage_assessment_cycles_overdue",
        "Assessment years still short of APPROVED after their completion day (Art. 7).")
    rectifications_overdue = GaugeMetricFamily(
        "cityscore_wage_assessment_rectifications_overdue",
        "C-grade time-limited rectifications past their deadline, not completed (Art. 10).")
    interviews_pending = GaugeMetricFamily(
        "cityscore_wage_assessment_interviews_pending",
        "C districts of approved years whose interview is not yet recorded (Art. 10).")
    day = today()
    overdue.add_metric([], queries.overdue_rectifications(session, today=day))
    cycles_overdue.add_metric([], queries.overdue_cycles(session, today=day))
    rectifications_overdue.add_metric([], queries.overdue_rectifications_work(session,
                                                                              today=day))
    interviews_pending.add_metric([], len(queries.pending_interviews(session)))
    return [stages, grades, district_grade, overdue, cycles_overdue, rectifications_overdue,
            interviews_pending]
