"""``cityscore equipment company ...``: maintenance companies: registered, their yearly
indicators, the year's ranking and the public blacklist."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cityscore.services.cli.common import parse_date, request_id, show_date, show_report
from cityscore.services.cli.context import call, every_page, state, stderr
from cityscore.services.cli.equipment.shared import ImportFilePath, Year, rate_value, stub
from cityscore.services.cli.output import Chart, OutputFormat, ReportFile, note, render_record
from cityscore.services.cli.templates import Column, ImportKind
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

company_app = typer.Typer(no_args_is_help=True, help="Maintenance companies.")

INDICATORS = ImportKind("indicators", "Maintenance companies' yearly indicators", (
    Column.text("company_id", "A registered maintenance company", "C1"),
    Column.text("indicator", "Indicator code of the year's ranking rules, e.g. "
                "inspection_pass_rate, rescue_on_time_rate, complaint_rate, fault_rate",
                "inspection_pass_rate"),
    Column.whole("per_mille", "The rate the indicator measures", "950", unit="‰ (0 to 1000)"),
))




@company_app.command("add")
def company_add(
    ctx: typer.Context, company_id: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="Company name.")],
    credit_code: Annotated[str, typer.Option(help="Unified social credit code.")] = "",
) -> None:
    """Register a maintenance company."""
    response = call(ctx, stub(ctx).RegisterMaintenanceCompany,
                    pb.RegisterMaintenanceCompanyRequest(
                        request_id=request_id(ctx), company=pb.MaintenanceCompany(
                            company_id=company_id, name=name, credit_code=credit_code)))
    render_record({"company_id": response.company.company_id, "name": response.company.name},
                  title="Company", output=state(ctx).output)


@company_app.command("indicators", epilog=INDICATORS.epilog("equipment"))
def company_indicators(ctx: typer.Context, year: Year, path: ImportFilePath) -> None:
    """Record a year's indicator values from a file, all or nothing."""
    read = INDICATORS.read(path)
    values = [pb.IndicatorValue(company_id=row.values["company_id"],
                                indicator=row.values["indicator"],
                                per_mille=row.values["per_mille"]) for row in read.rows]
    response = read.send(ctx, stub(ctx).RecordCompanyIndicators,
                         pb.RecordCompanyIndicatorsRequest(
                             request_id=read.request_id(ctx, str(year)), year=year,
                             values=values), "values")
    render_record({"recorded": response.recorded}, title="Indicators",
                  output=state(ctx).output)


@company_app.command("rank")
def company_rank(ctx: typer.Context, year: Year, out: ReportFile = None) -> None:
    """The year's quality and credit ranking (blacklisted companies left out)."""
    r = call(ctx, stub(ctx).GetCompanyRanking, pb.GetCompanyRankingRequest(year=year))
    note("rule_version", r.rule_version)
    note("blacklisted", list(r.blacklisted))
    shared: dict[int, list[pb.RankedCompany]] = {}
    for c in r.ranking:
        shared.setdefault(c.rank, []).append(c)
    ties: list[dict[str, Any]] = [
        {"rank": rank, "score": rate_value(tied[0].score),
         "companies": [c.company_id for c in tied]}
        for rank, tied in shared.items() if len(tied) > 1]
    note("ties", ties)
    if state(ctx).output is not OutputFormat.JSON:
        for tie in ties:
            stderr.print(f"tie at rank {tie['rank']} ({tie['score']} points): "
                         f"{', '.join(tie['companies'])}", highlight=False)
    show_report(ctx, [{"rank": c.rank, "company_id": c.company_id, "name": c.name,
                       "score": rate_value(c.score)} for c in r.ranking],
                columns=["rank", "company_id", "name", "score"], key="ranking", out=out,
                decimals={"score": 2},
                title=f"Ranking {year} (rules {r.rule_version}; left out: "
                      f"{', '.join(r.blacklisted) or 'none'})",
                chart=Chart(f"Maintenance companies {year}", "company_id", ["score"],
                            y_title="points"))


@company_app.command("blacklist")
def company_blacklist(
    ctx: typer.Context, company_id: Annotated[str, typer.Argument()],
    on: Annotated[str, typer.Option(help="Listing date, YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option(help="Why it is listed (published).")],
) -> None:
    """Put a company on the public blacklist."""
    entry = call(ctx, stub(ctx).BlacklistCompany, pb.BlacklistCompanyRequest(
        request_id=request_id(ctx), company_id=company_id, listed_on=parse_date(on, "--on"),
        reason=reason)).entry
    render_record({"company_id": entry.company_id, "listed_on": show_date(entry.listed_on),
                   "reason": entry.reason}, title="Blacklisted", output=state(ctx).output)


@company_app.command("blacklisted")
def company_blacklisted(ctx: typer.Context, out: ReportFile = None) -> None:
    """The public blacklist."""
    entries = list(every_page(ctx, stub(ctx).ListBlacklist, pb.ListBlacklistRequest(),
                              "entries"))
    show_report(ctx, [{"company_id": e.company_id, "name": e.name,
                       "listed_on": show_date(e.listed_on), "reason": e.reason}
                      for e in entries], columns=["company_id", "name", "listed_on", "reason"],
                key="blacklist", out=out, title="Blacklist")
