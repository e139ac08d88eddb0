"""``cityscore lpg fill``, ``deliver``, ``sweep`` and the reports: the day's work and its checks."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from google.protobuf.timestamp_pb2 import Timestamp

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.cli import operations
from cityscore.services.cli.common import (
    compared_results,
    enum_label,
    optional_date,
    request_id,
    show_date,
    show_replay,
    show_report,
)
from cityscore.services.cli.context import PageToken, call, next_page, state
from cityscore.services.cli.lpg.shared import app, stub
from cityscore.services.cli.output import Chart, ReportFile, note, render, render_record

#: ``cityscore lpg replay``'s exit code when the recomputed sweep differs from the stored one
#: (README's exit-code table): a finding to act on, not a failure of the server.

OccurredOpt = Annotated[str, typer.Option(
    "--occurred-at", help="When it happened, from the scale or device: YYYY-MM-DDTHH:MM[:SS]"
                          "[+08:00] (this computer's local time unless an offset is given); "
                          "default: now.")]


def _occurred(text: str) -> Timestamp | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a time (YYYY-MM-DDTHH:MM)",
                                 param_hint="--occurred-at") from None
    stamp = Timestamp()
    stamp.FromDatetime(moment if moment.tzinfo else moment.astimezone())
    return stamp


def _late(occurred_on: Any, days_late: int) -> dict[str, Any]:
    return {"occurred_on": show_date(occurred_on), "days_late": days_late}


@app.command("fill")
def fill(
    ctx: typer.Context,
    trace_code: Annotated[str, typer.Argument()],
    enterprise: Annotated[str, typer.Option(help="Filling enterprise id.")],
    station: Annotated[str, typer.Option(help="Station id.")],
    filler: Annotated[str, typer.Option(help="Filler's staff id.")],
    rechecker: Annotated[str, typer.Option(help="Re-checker's staff id.")],
    empty_g: Annotated[int, typer.Option(help="Gross mass before filling, grams.")],
    full_g: Annotated[int, typer.Option(help="Gross mass after filling, grams.")],
    reweigh_g: Annotated[int, typer.Option(help="Re-weighed gross mass, grams.")] = 0,
    pre_check_failed: Annotated[bool, typer.Option(help="The pre-fill check failed.")] = False,
    post_check_failed: Annotated[bool, typer.Option(help="The post-fill check failed.")] = False,
    occurred_at: OccurredOpt = "",
) -> None:
    """Record a fill (also one uploaded late); a refusal lists every failed rule."""
    response = call(ctx, stub(ctx).RecordFill, pb.RecordFillRequest(
        request_id=request_id(ctx), enterprise_id=enterprise, station_id=station,
        trace_code=trace_code, filler_staff_id=filler, rechecker_staff_id=rechecker,
        pre_check_passed=not pre_check_failed, post_check_passed=not post_check_failed,
        empty_gross_g=empty_g, full_gross_g=full_g, reweigh_gross_g=reweigh_g,
        occurred_at=_occurred(occurred_at)))
    render_record({"fill_id": response.fill_id, "content_g": response.content_g,
                   "residual_g": response.residual_g, "flags": list(response.flags),
                   **_late(response.occurred_on, response.days_late)},
                  title="Fill", output=state(ctx).output)


def _plan(enterprise: str, user_id: int, staff: str, vehicle: str, out: list[str] | None,
          back: list[str] | None) -> pb.DeliveryPlan:
    return pb.DeliveryPlan(enterprise_id=enterprise, user_id=user_id, staff_id=staff,
                           vehicle_plate=vehicle, cylinders_out=out or [],
                           empties_back=back or [])


EnterpriseOpt = Annotated[str, typer.Option(help="Delivering enterprise id.")]
UserOpt = Annotated[int, typer.Option("--user", help="User id.")]
StaffOpt = Annotated[str, typer.Option(help="Delivery worker's staff id.")]
VehicleOpt = Annotated[str, typer.Option(help="Vehicle plate.")]
OutOpt = Annotated[list[str] | None, typer.Option("--out", help="Full cylinder handed over.")]
BackOpt = Annotated[list[str] | None, typer.Option("--back", help="Empty cylinder taken back.")]


@app.command("deliver")
def deliver(ctx: typer.Context, enterprise: EnterpriseOpt, user_id: UserOpt, staff: StaffOpt,
            vehicle: VehicleOpt, out: OutOpt = None, back: BackOpt = None,
            occurred_at: OccurredOpt = "") -> None:
    """Record a real-name delivery: full cylinders out, empties back."""
    response = call(ctx, stub(ctx).RecordDelivery, pb.RecordDeliveryRequest(
        request_id=request_id(ctx), plan=_plan(enterprise, user_id, staff, vehicle, out, back),
        occurred_at=_occurred(occurred_at)))
    render_record({"delivery_id": response.delivery_id, "connected": response.connected,
                   "user_holds": list(response.held_cylinders),
                   **_late(response.occurred_on, response.days_late)}, title="Delivery",
                  output=state(ctx).output)


@app.command("check-delivery")
def check_delivery(ctx: typer.Context, enterprise: EnterpriseOpt, user_id: UserOpt,
                   staff: StaffOpt, vehicle: VehicleOpt, out: OutOpt = None,
                   back: BackOpt = None) -> None:
    """Check a delivery before making it: every rule that would refuse it (exit 5 if any)."""
    response = call(ctx, stub(ctx).CheckDelivery, pb.CheckDeliveryRequest(
        plan=_plan(enterprise, user_id, staff, vehicle, out, back)))
    note("allowed", response.allowed)
    render([{"code": r.code, "subject": r.subject, "description": r.description}
            for r in response.refusals], columns=["code", "subject", "description"],
           title="allowed" if response.allowed else "refused", output=state(ctx).output,
           key="refusals")
    if not response.allowed:
        raise typer.Exit(5)


STATUSES = ["ok", "due_soon", "inspection_overdue", "past_service_life"]


class SweepBy(enum.StrEnum):
    """Which breakdown of a sweep the report file (``--out``) holds."""

    DISTRICT = "district"
    ENTERPRISE = "enterprise"


def _counts(rows: Sequence[pb.StatusCount], key: str) -> list[dict[str, Any]]:
    return [{key: c.key, "ok": c.ok, "due_soon": c.due_soon,
             "inspection_overdue": c.inspection_overdue,
             "past_service_life": c.past_service_life} for c in rows]


def _show_sweep(ctx: typer.Context, result: pb.Sweep, out: Any, by: SweepBy) -> None:
    """The sweep's record and its two breakdowns; ``out`` gets the ``by`` breakdown as a
    report (a workbook with a chart comparing the districts or enterprises)."""
    output = state(ctx).output
    render_record({"sweep_id": result.sweep_id, "swept_on": show_date(result.swept_on),
                   "cylinders": result.cylinders, "policy": result.policy_version,
                   "input_digest": result.input_digest, "result_digest": result.result_digest},
                  title="Sweep", output=output, key="sweep")
    parts = {SweepBy.ENTERPRISE: result.by_enterprise, SweepBy.DISTRICT: result.by_district}
    for part, counts in parts.items():
        rows = _counts(counts, part.value)
        title = f"Sweep {show_date(result.swept_on)} by {part.value}"
        if part is by:
            show_report(ctx, rows, title=title, out=out, key=f"by_{part.value}",
                        columns=[part.value, *STATUSES],
                        chart=Chart(f"Cylinders by compliance, {show_date(result.swept_on)}",
                                    part.value, STATUSES, y_title="cylinders"))
        else:
            render(rows, columns=[part.value, *STATUSES], title=title, output=output,
                   key=f"by_{part.value}")


SweepByOpt = Annotated[SweepBy, typer.Option(
    "--by", help="The breakdown --out writes: district or enterprise.")]


AsOfOpt = Annotated[str, typer.Option(
    "--as-of", help="Compute for this day, YYYY-MM-DD (default: today).")]


@app.command("sweep")
def sweep(ctx: typer.Context, as_of: AsOfOpt = "", out: ReportFile = None,
          by: SweepByOpt = SweepBy.DISTRICT, no_wait: operations.NoWait = False) -> None:
    """Sweep every cylinder: due within 30 days, overdue, past service life; --out writes
    the compliance report by district (or --by enterprise) to send up. The server runs it as
    an operation, waited for with a progress bar (cylinders read)."""
    swept = operations.start(ctx, stub(ctx).StartRunSweep, pb.StartRunSweepRequest(
        request_id=request_id(ctx), as_of=optional_date(as_of, "--as-of")),
        pb.RunSweepResponse, label="sweeping cylinders", no_wait=no_wait)
    if swept is not None:
        _show_sweep(ctx, swept.sweep, out, by)


@app.command("sweep-show")
def sweep_show(ctx: typer.Context, sweep_id: Annotated[int, typer.Argument(
        help="Sweep id; the latest when left out.")] = 0, out: ReportFile = None,
        by: SweepByOpt = SweepBy.DISTRICT) -> None:
    """A stored sweep: your enterprise's or district's part of it; --out writes the
    compliance report by district (or --by enterprise) to send up."""
    _show_sweep(ctx, call(ctx, stub(ctx).GetSweep, pb.GetSweepRequest(sweep_id=sweep_id)).sweep,
                out, by)


@app.command("due")
def due(
    ctx: typer.Context,
    enterprise: Annotated[str, typer.Option(help="Enterprise id.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many a page.")] = 100,
    as_of: AsOfOpt = "",
    out: ReportFile = None,
    page_token: PageToken = "",
) -> None:
    """Cylinders due within 30 days, overdue or past their life, soonest first (on --as-of),
    a page at a time (the next with --page-token, asked with the same --as-of)."""
    response = call(ctx, stub(ctx).ListDueCylinders, pb.ListDueCylindersRequest(
        enterprise_id=enterprise, page_size=limit, as_of=optional_date(as_of, "--as-of"),
        page_token=page_token))
    show_report(ctx, [{
        "trace_code": c.trace_code,
        "compliance": enum_label(pb.ComplianceStatus, "COMPLIANCE_STATUS_", c.compliance),
        "due": show_date(c.due), "days_left": c.days_left,
        "where": f"{enum_label(pb.LocationKind, 'LOCATION_KIND_', c.location_kind)} "
                 f"{c.location_id}"} for c in response.cylinders],
        columns=["trace_code", "compliance", "due", "days_left", "where"],
        title=f"{len(response.cylinders)} of {response.total} cylinders to act on", out=out)
    next_page(ctx, response.next_page_token)


@app.command("replay")
def replay(ctx: typer.Context, sweep_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored sweep from its stored inputs; exit 9 if anything differs (each
    difference listed)."""
    show_replay(ctx, compared_results(call(ctx, stub(ctx).ReplaySweep,
                                           pb.ReplaySweepRequest(sweep_id=sweep_id))))


@app.command("refusals")
def refusals(ctx: typer.Context, out: ReportFile = None) -> None:
    """Refused fills and deliveries, by reason; --out writes the report to a file."""
    response = call(ctx, stub(ctx).GetRefusalReport, pb.GetRefusalReportRequest())
    show_report(ctx, [{"kind": enum_label(pb.RecordKind, "RECORD_KIND_", c.kind),
                       "reason": c.code, "count": c.count} for c in response.counts],
                columns=["kind", "reason", "count"], title="Refusals", out=out)


@app.command("uploads")
def uploads(ctx: typer.Context, out: ReportFile = None) -> None:
    """Fills and deliveries by enterprise, and how many were uploaded on a later day; --out
    writes the report to a file."""
    response = call(ctx, stub(ctx).GetUploadReport, pb.GetUploadReportRequest())
    show_report(ctx, [{"kind": enum_label(pb.RecordKind, "RECORD_KIND_", c.kind),
                       "enterprise": c.enterprise_id, "records": c.records, "late": c.late,
                       "max_days_late": c.max_days_late} for c in response.counts],
                columns=["kind", "enterprise", "records", "late", "max_days_late"],
                title="Uploads", out=out)
