"""``cityscore lpg inspect``, ``hazard rectify``, ``catalogue`` and ``findings``: safety
inspections of users and enterprises, their findings named by catalogue item, rectification."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.cli.common import (
    enum_label,
    optional_date,
    parse_date,
    parse_enum,
    request_id,
    show_date,
    show_report,
)
from cityscore.services.cli.context import PageToken, call, next_page, state
from cityscore.services.cli.lpg.shared import (
    LimitOpt,
    app,
    stub,
)
from cityscore.services.cli.output import Chart, ReportFile, render, render_record

hazard_app = typer.Typer(no_args_is_help=True, help="Findings of safety inspections.")


def _finding(text: str) -> pb.Hazard:
    """``RULE[:SEVERITY[:NOTE]]``: a catalogue item, its severity if not the item's default
    (stop-supply, do-not-connect or warn), and a note."""
    rule_id, _, rest = text.partition(":")
    severity, _, note_text = rest.partition(":")
    return pb.Hazard(rule_id=rule_id.strip(), note=note_text.strip(), severity=parse_enum(
        pb.Severity, "SEVERITY_", severity, "--finding") if severity.strip()
        else pb.SEVERITY_UNSPECIFIED)


HAZARD_COLUMNS = ["hazard_id", "rule", "severity", "rectify_by", "open", "note"]


def _hazard_record(h: pb.Hazard) -> dict[str, Any]:
    return {"hazard_id": h.hazard_id, "rule": h.rule_id,
            "severity": enum_label(pb.Severity, "SEVERITY_", h.severity),
            "rectify_by": show_date(h.rectify_by), "open": h.open, "note": h.note,
            "user_id": h.user_id or None, "enterprise": h.enterprise_id,
            "closed_on": show_date(h.closed_on)}


@app.command("inspect")
def inspect(
    ctx: typer.Context,
    inspector: Annotated[str, typer.Option(help="Who inspected (staff id or office).")],
    on: Annotated[str, typer.Option(help="Inspection day, YYYY-MM-DD.")],
    user_id: Annotated[int, typer.Option("--user", help="The user inspected.")] = 0,
    enterprise: Annotated[str, typer.Option(
        help="The enterprise inspected (gas authorities).")] = "",
    finding: Annotated[list[str] | None, typer.Option(
        help="RULE[:SEVERITY[:NOTE]], e.g. CAT-18 or CAT-05:stop-supply:next to the stove; "
             "repeat for each (see `cityscore lpg catalogue`).")] = None,
) -> None:
    """Record a safety inspection of a user (--user) or an enterprise (--enterprise)."""
    if bool(user_id) == bool(enterprise):
        raise typer.BadParameter("give --user or --enterprise", param_hint="--user")
    subject = pb.INSPECTION_SUBJECT_USER if user_id else pb.INSPECTION_SUBJECT_ENTERPRISE
    response = call(ctx, stub(ctx).RecordSafetyInspection, pb.RecordSafetyInspectionRequest(
        request_id=request_id(ctx), subject=subject, user_id=user_id, enterprise_id=enterprise,
        inspector=inspector, inspected_on=parse_date(on, "--on"),
        hazards=[_finding(f) for f in finding or []]))
    render([_hazard_record(h) for h in response.hazards], columns=HAZARD_COLUMNS,
           title=f"Inspection {response.inspection_id} ({response.catalogue_version})",
           output=state(ctx).output)


@hazard_app.command("rectify")
def hazard_rectify(ctx: typer.Context, hazard_id: Annotated[int, typer.Argument()]) -> None:
    """Close a finding once it is rectified."""
    response = call(ctx, stub(ctx).RectifyHazard, pb.RectifyHazardRequest(
        request_id=request_id(ctx), hazard_id=hazard_id))
    render_record(_hazard_record(response.hazard), title="Hazard", output=state(ctx).output)


@hazard_app.command("list")
def hazard_list(
    ctx: typer.Context,
    user_id: Annotated[int, typer.Option("--user", help="One user's findings.")] = 0,
    enterprise: Annotated[str, typer.Option(
        help="An enterprise's findings and its users'.")] = "",
    include_rectified: Annotated[bool, typer.Option(
        "--all", help="Rectified findings too.")] = False,
    limit: LimitOpt = 100,
    page_token: PageToken = "",
) -> None:
    """Findings of a user or an enterprise, open ones only unless --all."""
    if not user_id and not enterprise:
        raise typer.BadParameter("give --user or --enterprise", param_hint="--user")
    response = call(ctx, stub(ctx).ListHazards, pb.ListHazardsRequest(
        user_id=user_id, enterprise_id=enterprise, include_rectified=include_rectified,
        page_size=limit, page_token=page_token))
    output = state(ctx).output
    render([_hazard_record(h) for h in response.hazards],
           columns=[*HAZARD_COLUMNS, "user_id", "enterprise", "closed_on"], title="Findings",
           output=output)
    next_page(ctx, response.next_page_token)


@app.command("catalogue")
def catalogue(ctx: typer.Context, as_of: Annotated[str, typer.Option(
        "--as-of", help="The catalogue in force on this day, YYYY-MM-DD (default: today).")
        ] = "") -> None:
    """The safety-condition catalogue: what an inspection can find, and its default severity."""
    response = call(ctx, stub(ctx).GetSafetyCatalogue, pb.GetSafetyCatalogueRequest(
        as_of=optional_date(as_of, "--as-of")))
    render([{"rule": i.rule_id,
             "subject": enum_label(pb.InspectionSubject, "INSPECTION_SUBJECT_", i.subject),
             "applies_to": " ".join(enum_label(pb.UserType, "USER_TYPE_", t)
                                    for t in i.applies_to),
             "severity": enum_label(pb.Severity, "SEVERITY_", i.default_severity),
             "enabled": i.enabled, "description": i.description} for i in response.items],
           columns=["rule", "subject", "applies_to", "severity", "enabled", "description"],
           title=f"{response.catalogue_version} (policy {response.policy_version})",
           output=state(ctx).output)


FINDING_COUNTS = ["open", "rectified", "overdue"]


@app.command("findings")
def findings(ctx: typer.Context, out: ReportFile = None) -> None:
    """Findings by catalogue item and severity: open, rectified, open past their day; --out
    writes the report to send up (a workbook charts the counts by catalogue item)."""
    response = call(ctx, stub(ctx).GetFindingReport, pb.GetFindingReportRequest())
    show_report(ctx, [{"rule": c.rule_id,
                       "severity": enum_label(pb.Severity, "SEVERITY_", c.severity),
                       "open": c.open, "rectified": c.rectified, "overdue": c.overdue}
                      for c in response.counts],
                columns=["rule", "severity", *FINDING_COUNTS], title="Findings", out=out,
                key="findings", chart=Chart("Findings by catalogue item", "rule",
                                            FINDING_COUNTS, y_title="findings"))
