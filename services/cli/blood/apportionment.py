"""``cityscore blood apportion|split``: sharing a pool by a method, within bounds: the district
pool over the districts, or a district's quota over its work units (6.5 % cap) and towns
(2.5 % cap)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.services.cli.blood.allocations import show_allocation
from cityscore.services.cli.blood.shared import (
    CHUNK_ROWS,
    MethodOption,
    WhatIf,
    Year,
    app,
    apportionment_method,
    stub,
)
from cityscore.services.cli.common import request_id
from cityscore.services.cli.context import call, stderr
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.output import note
from cityscore.services.cli.templates import Column, ImportFile, ImportKind, add_template_command

DISTRICTS = ImportKind("districts", "The districts' inputs of an apportionment", (
    Column.text("district", "District code (cityscore districts)", "pudong"),
    Column.whole("employees", "Employees, migrant workers included (cap base at 6.5 %)",
                 "1200000", unit="people", required=False),
    Column.whole("residents_without_work_unit", "Residents without a work unit, temporary "
                 "residents included (cap base at 2.5 %)", "800000", unit="people",
                 required=False),
    Column.whole("weight", "The weight, with --basis explicit", "0", required=False),
    Column.whole("lower_units", "Lower bound instead of the plan's drill minimum", "400",
                 unit="units", required=False),
    Column.whole("upper_units", "Upper bound instead of the cap rule", "98000", unit="units",
                 required=False),
), notes="A saved apportionment needs all 16 districts; a what-if may take a few.")
UNITS = ImportKind("units", "A district's work units and towns", (
    Column.text("code", "The unit's code", "W1"),
    Column.text("name", "The unit's name", "Pudong Steel", required=False),
    Column.enum("kind", "What the unit is (work units capped at 6.5 %, towns at 2.5 %)",
                "work_unit", pb.UnitKind, "UNIT_KIND_",
                aliases={"单位": "work_unit", "街道": "town", "镇": "town"}),
    Column.whole("headcount", "People counted for the cap", "500000", unit="people"),
))
add_template_command(app, DISTRICTS, UNITS)


@app.command(epilog=DISTRICTS.epilog("blood"))
def apportion(
    ctx: typer.Context, year: Year,
    inputs: Annotated[Path, typer.Option(
        help="The districts' inputs (CSV or .xlsx; - for standard input).")],
    method: MethodOption = "webster",
    basis: Annotated[str, typer.Option(help="mobilisable (persons from the caps) or explicit "
                                            "(the weight column).")] = "mobilisable",
    pool: Annotated[int | None, typer.Option(help="Pool to share (what-if only); default "
                                                  "the plan's district pool.")] = None,
    units_per_person: Annotated[str, typer.Option(help="Override the plan's value.")] = "",
    what_if: WhatIf = False,
) -> None:
    """Apportion the district pool over the districts (bounded by drill minimum and caps).
    Running the same file with the same options again stores nothing twice."""
    if basis not in ("mobilisable", "explicit"):
        raise typer.BadParameter("use mobilisable or explicit", param_hint="--basis")
    if pool is not None and not what_if:
        raise typer.BadParameter("a saved apportionment shares the plan's pool; give --pool "
                                 "only with --what-if", param_hint="--pool")
    read = DISTRICTS.read(inputs)
    rows = []
    for row in read.rows:
        values = row.values
        entry = pb.DistrictInput(district=values["district"],
                                 employees=values["employees"] or 0,
                                 residents_without_work_unit=values[
                                     "residents_without_work_unit"] or 0,
                                 weight=values["weight"] or 0)
        if values["lower_units"] is not None:
            entry.lower_units = values["lower_units"]
        if values["upper_units"] is not None:
            entry.upper_units = values["upper_units"]
        rows.append(entry)
    key = f"{year}-{method}-{basis}-{pool}-{units_per_person}-{'what-if' if what_if else 'save'}"
    request = pb.ApportionDistrictQuotasRequest(
        request_id=read.request_id(ctx, key), year=year, method=apportionment_method(method),
        basis=pb.WEIGHT_BASIS_EXPLICIT if basis == "explicit"
        else pb.WEIGHT_BASIS_MOBILISABLE_PERSONS,
        inputs=rows, units_per_person=units_per_person, what_if=what_if)
    if pool is not None:
        request.pool_units = pool
    response = read.send(ctx, stub(ctx).ApportionDistrictQuotas, request, "inputs")
    show_allocation(ctx, response.allocation)


def _upload_units(ctx: typer.Context, year: int, district: str, read: ImportFile) -> None:
    def requests() -> Iterator[pb.UploadUnitsRequest]:
        rid = read.request_id(ctx, f"{year}-{district}")
        for part in with_progress(chunks(read.rows, CHUNK_ROWS), len(read.rows), "units", len):
            yield pb.UploadUnitsRequest(
                request_id=rid, year=year, district=district,
                codes=[r.values["code"] for r in part],
                names=[r.values["name"] or "" for r in part],
                kinds=[r.values["kind"] for r in part],
                headcounts=[r.values["headcount"] for r in part])

    response = read.send(ctx, stub(ctx).UploadUnits, requests(), "units")
    stderr.print(f"{district}: {response.work_units} work units and {response.towns} towns "
                 f"registered for {year}", highlight=False)
    note("registered", {"work_units": response.work_units, "towns": response.towns})


@app.command(epilog=UNITS.epilog("blood"))
def split(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="District code, e.g. pudong.")],
    units: Annotated[Path | None, typer.Option(
        help="The district's work units and towns (CSV or .xlsx; - for standard input): "
             "replaces its roster first.")] = None,
    method: MethodOption = "webster",
    quota: Annotated[int | None, typer.Option(help="Quota to split (what-if only); default "
                                                   "the district's allocated quota.")] = None,
    units_per_person: Annotated[str, typer.Option(help="Override the plan's value.")] = "",
    what_if: WhatIf = False,
) -> None:
    """Split a district's quota over its work units (6.5 % cap) and towns (2.5 % cap).
    With --units, running the same file with the same options again stores nothing twice."""
    if quota is not None and not what_if:
        raise typer.BadParameter("a saved split uses the district's quota; give --quota only "
                                 "with --what-if", param_hint="--quota")
    request = pb.SplitDistrictQuotaRequest(year=year, district=district,
                                           method=apportionment_method(method),
                                           units_per_person=units_per_person, what_if=what_if)
    if units is None:
        request.request_id = request_id(ctx)
    else:
        read = UNITS.read(units)
        _upload_units(ctx, year, district, read)
        request.request_id = read.request_id(
            ctx, f"{year}-{district}",
            f"split-{method}-{quota}-{units_per_person}-{'what-if' if what_if else 'save'}")
    if quota is not None:
        request.quota_units = quota
    response = call(ctx, stub(ctx).SplitDistrictQuota, request)
    if response.drill_kept_units:
        stderr.print(f"district quota {response.district_quota_units:,}: drill minimum "
                     f"{response.drill_kept_units:,} kept at district level, units share "
                     f"{response.allocation.summary.pool_units:,}", highlight=False)
    note("district_quota_units", response.district_quota_units)
    note("drill_kept_units", response.drill_kept_units)
    show_allocation(ctx, response.allocation)


