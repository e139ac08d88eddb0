"""``cityscore wage commend``, ``interview``, ``rectification``, ``falsification`` and
``history``: what follows from the grades.

All but the ``rectification`` group are commands of ``cityscore wage`` itself; the package
registers them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

import typer

from cityscore.services.cli.common import (
    enum_label,
    optional_date,
    parse_date,
    request_id,
    show_date,
    show_report,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.output import Chart, ChartKind, ReportFile, render, render_record
from cityscore.services.cli.wage.shared import GRADE_LETTERS, District, Year, points, stub
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

rectification_app = typer.Typer(no_args_is_help=True,
                                help="Written rectification reports of C districts.")


def commend(
    ctx: typer.Context, year: Year,
    circular: Annotated[str, typer.Option(help="Reference of the commendation circular.")],
    issued_on: Annotated[str, typer.Option("--date", help="Date of issue, YYYY-MM-DD.")],
) -> None:
    """Record the circular commending every A district."""
    result = call(ctx, stub(ctx).IssueCommendations, pb.IssueCommendationsRequest(
        request_id=request_id(ctx), year=year, circular=circular,
        issued_on=parse_date(issued_on, "--date")))
    render([{"district": c.district, "circular": c.circular,
             "issued_on": show_date(c.issued_on)} for c in result.commendations],
           columns=["district", "circular", "issued_on"], title="Commendations",
           output=state(ctx).output)


def _rectification_rows(items: Iterable[pb.Rectification]) -> list[dict[str, Any]]:
    return [{"year": r.year, "district": r.district, "interview": show_date(r.interview_date),
             "report_due": show_date(r.report_due),
             "status": enum_label(pb.RectificationStatus, "RECTIFICATION_STATUS_", r.status),
             "received": show_date(r.report_received_on),
             "on_time": r.on_time if r.report_received_on.year else "",
             "overdue": r.overdue, "deadline": show_date(r.rectification_deadline),
             "completed": show_date(r.completed_on),
             "completed_on_time": r.completed_on_time if r.completed_on.year else "",
             "rectification_overdue": r.rectification_overdue} for r in items]


def _show_rectification(ctx: typer.Context, item: pb.Rectification) -> None:
    render_record(_rectification_rows([item])[0], title="Rectification",
                  output=state(ctx).output)


def interview(
    ctx: typer.Context, year: Year, district: District,
    interview_date: Annotated[str, typer.Option("--date", help="Interview date, YYYY-MM-DD.")],
    rectification_deadline: Annotated[str | None, typer.Option(
        "--deadline", help="Rectification deadline set at the interview (限期整改), "
                           "YYYY-MM-DD; required while the grade rules fix no period.")] = None,
) -> None:
    """Record the interview of a C district with its rectification deadline; the written
    report is due 2 weeks after the interview."""
    request = pb.ScheduleInterviewRequest(
        request_id=request_id(ctx), year=year, district=district,
        interview_date=parse_date(interview_date, "--date"),
        rectification_deadline=optional_date(rectification_deadline, "--deadline"))
    _show_rectification(ctx, call(ctx, stub(ctx).ScheduleInterview, request).rectification)


@rectification_app.command("receive")
def rectification_receive(
    ctx: typer.Context, year: Year, district: District,
    received_on: Annotated[str | None, typer.Option(
        "--date", help="Day received (default today).")] = None,
) -> None:
    """Record receipt of a C district's written rectification report."""
    request = pb.RecordRectificationReportRequest(
        request_id=request_id(ctx), year=year, district=district,
        received_on=optional_date(received_on, "--date"))
    _show_rectification(ctx, call(ctx, stub(ctx).RecordRectificationReport,
                                  request).rectification)


@rectification_app.command("accept")
def rectification_accept(ctx: typer.Context, year: Year, district: District) -> None:
    """Accept a received rectification report."""
    _show_rectification(ctx, call(ctx, stub(ctx).AcceptRectificationReport,
                                  pb.AcceptRectificationReportRequest(
                                      request_id=request_id(ctx), year=year,
                                      district=district)).rectification)


@rectification_app.command("complete")
def rectification_complete(
    ctx: typer.Context, year: Year, district: District,
    completed_on: Annotated[str | None, typer.Option(
        "--date", help="Day completed (default today).")] = None,
) -> None:
    """Record that a C district completed its time-limited rectification."""
    request = pb.RecordRectificationCompletionRequest(
        request_id=request_id(ctx), year=year, district=district,
        completed_on=optional_date(completed_on, "--date"))
    _show_rectification(ctx, call(ctx, stub(ctx).RecordRectificationCompletion,
                                  request).rectification)


@rectification_app.command("list")
def rectification_list(
    ctx: typer.Context,
    year: Annotated[int, typer.Option(help="Only this year (0: all).")] = 0,
    overdue: Annotated[bool, typer.Option(
        help="Only reports or rectifications past their deadline.")] = False,
) -> None:
    """C districts' follow-up: interviews pending, reports and rectification deadlines."""
    request = pb.ListRectificationsRequest(overdue_only=overdue)
    if year:
        request.year = year
    result = call(ctx, stub(ctx).ListRectifications, request)
    render(_rectification_rows(result.rectifications),
           columns=["year", "district", "status", "interview", "report_due", "received",
                    "on_time", "overdue", "deadline", "completed", "completed_on_time",
                    "rectification_overdue"],
           title="Rectification", output=state(ctx).output)


def falsification(
    ctx: typer.Context, year: Year, district: District,
    description: Annotated[str, typer.Option(help="What was falsified.")],
    circulated_on: Annotated[str, typer.Option(
        "--date", help="Date of the circulated criticism, YYYY-MM-DD.")],
    indicator: Annotated[list[str] | None, typer.Option(help="Indicator (repeat).")] = None,
) -> None:
    """Record confirmed falsification as circulated criticism."""
    result = call(ctx, stub(ctx).RecordFalsification, pb.RecordFalsificationRequest(
        request_id=request_id(ctx), year=year, district=district, indicator_ids=indicator or [],
        description=description, circulated_on=parse_date(circulated_on, "--date")))
    render_record({"id": result.id, "district": district}, title="Falsification",
                  output=state(ctx).output)


def history(ctx: typer.Context, district: District, out: ReportFile = None) -> None:
    """A district's score, rank and grade over the years.

    --out writes it with a chart of the scores by year.
    """
    result = call(ctx, stub(ctx).GetDistrictHistory,
                  pb.GetDistrictHistoryRequest(district=district))
    show_report(ctx, [{"year": y.year, "stage": enum_label(pb.Stage, "STAGE_", y.stage),
                       "score": points(y.score), "rank": y.rank or None, "of": y.units,
                       "grade": GRADE_LETTERS[y.grade]} for y in result.years],
                columns=["year", "stage", "score", "rank", "of", "grade"],
                title=f"{district} over the years", out=out, key="years",
                chart=Chart(f"{district}: score by year", "year", ["score"],
                            kind=ChartKind.LINE, y_title="points"),
                decimals={"score": 2})


