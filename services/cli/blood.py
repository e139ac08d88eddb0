"""``cityscore blood``: the year's blood-donation plan, allocation, splits and collections.

Its files: the published allocation table (``blood import``), the districts' inputs of an
apportionment (``blood apportion``), a district's work units and towns (``blood split``) and
collection rows (``blood record``); ``cityscore blood template <kind>`` writes each empty. The
allocation table exported (``blood export --report table``) is the file ``blood import``
reads: it has no total row (the import adds the rows up itself); the total is printed with it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.services.cli.channel import EXIT_REPLAY_DIFFERS
from cityscore.services.cli.common import (
    enum_label,
    parse_date,
    request_id,
    show_date,
    show_report,
    stub_for,
)
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.imports import file_request_id
from cityscore.services.cli.output import (
    Chart,
    OutputFormat,
    ReportFile,
    export_rows,
    note,
    render,
    render_record,
    warn,
)
from cityscore.services.cli.templates import (
    Column,
    ImportFile,
    ImportKind,
    add_template_command,
)

app = typer.Typer(no_args_is_help=True, help="Blood-donation targets: plan, apportion, split, "
                                              "record collections and follow progress.")

METHODS = {"webster": pb.APPORTIONMENT_METHOD_WEBSTER, "hamilton": pb.APPORTIONMENT_METHOD_HAMILTON,
           "huntington_hill": pb.APPORTIONMENT_METHOD_HUNTINGTON_HILL,
           "dhondt": pb.APPORTIONMENT_METHOD_DHONDT, "adams": pb.APPORTIONMENT_METHOD_ADAMS}
METHOD_NAMES = {value: name for name, value in METHODS.items()}
CARVE_KINDS = {"university": pb.ROW_KIND_UNIVERSITY, "garrison": pb.ROW_KIND_GARRISON,
               "increment": pb.ROW_KIND_INCREMENT}
STATUS_NAMES = {pb.COLLECTION_STATUS_IN_FORCE: "in force",
                pb.COLLECTION_STATUS_WITHDRAWN: "withdrawn",
                pb.COLLECTION_STATUS_AMENDED: "amended"}
SOURCE_NAMES = {pb.ALLOCATION_SOURCE_PUBLISHED: "published",
                pb.ALLOCATION_SOURCE_APPORTIONED: "apportioned",
                pb.ALLOCATION_SOURCE_SPLIT: "split"}
#: Rows per streamed chunk: well under the 4 MiB message limit with packed fields.
CHUNK_ROWS = 20_000
#: A replay that finds the stored result differs from the recomputed one (README's table).

TABLE = ImportKind("table", "A published allocation table, row by row as printed", (
    Column.text("row_code", "District code, or the carve-out's code", "pudong"),
    Column.text("name_zh", "The row's name as printed", "浦东新区", required=False),
    Column.enum("kind", "What the row is", "district", pb.RowKind, "ROW_KIND_",
                aliases={"区": "district", "高校": "university", "驻沪部队": "garrison"}),
    Column.whole("units", "The row's quota", "52878", unit="units of 200 ml"),
), notes="No total row: the import adds the rows up and warns when they differ from the plan.",
    fields={"code": "row_code", "name": "name_zh"})
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
CHANNEL = Column.enum("channel", "Collection channel", "group", pb.Channel, "CHANNEL_",
                      aliases={"团体": "group", "街头": "street", "演练": "drill"})
COLLECTIONS = ImportKind("collections", "Collection rows: donations of one volume on one day", (
    Column.date("donation_date", "Donation date", "2017-02-01"),
    Column.text("district", "District code", "pudong"),
    Column.text("unit_code", "Work unit or town code (registered with blood split --units)",
                "W1", required=False),
    CHANNEL,
    Column.whole("volume_ml", "Volume per donation: 200, 300 or 400 (0 for platelets)", "400",
                 unit="ml"),
    Column.whole("donations", "How many donations of this volume (blank: 1)", "3",
                 required=False),
    Column.text("site", "Street collection site (street collections only)", "",
                required=False),
    Column.enum("component", "whole_blood (blank) or platelets", "whole_blood", pb.Component,
                "COMPONENT_", required=False),
    Column.whole("therapeutic_doses", "Platelets: therapeutic doses per donation (1 or 2)", "0",
                 required=False),
))
add_template_command(app, TABLE, DISTRICTS, UNITS, COLLECTIONS)

Year = Annotated[int, typer.Option(help="Plan year, e.g. 2017.")]
MethodOption = Annotated[str, typer.Option(help=f"One of {', '.join(METHODS)}.")]
WhatIf = Annotated[bool, typer.Option("--what-if", help="Compute and show; save nothing.")]
FileIn = Annotated[Path, typer.Option("--file", help="CSV or .xlsx; - for standard input.")]

_stub = stub_for(pb_grpc.BloodQuotaServiceStub)


def _method(name: str) -> pb.ApportionmentMethod:
    if name not in METHODS:
        raise typer.BadParameter(f"unknown method {name!r}; use one of {', '.join(METHODS)}",
                                 param_hint="--method")
    return METHODS[name]


def _kind(value: int) -> str:
    return enum_label(pb.RowKind, "ROW_KIND_", value) if value else ""


def _channel(value: int) -> str:
    return enum_label(pb.Channel, "CHANNEL_", value)


def _plan_record(plan: pb.Plan) -> dict[str, Any]:
    record: dict[str, Any] = {
        "year": plan.year, "city_target_units": plan.city_target_units,
        "group_target_units": plan.group_target_units,
        "street_target_units": plan.street_target_units, "reserve_units": plan.reserve_units,
        "drill_min_city_units": plan.drill_min_city_units,
        "drill_min_per_district_units": plan.drill_min_per_district_units,
        "units_per_person": plan.units_per_person,
        "district_pool_units": plan.district_pool_units, "rule_version": plan.rule_version,
        "garrison_counts_toward_group": plan.garrison_counts_toward_group,
        "increment_sites": ", ".join(plan.increment_sites),
        "platelet_units_per_dose": plan.platelet_units_per_dose,
        "platelet_conversion_source": plan.platelet_conversion_source,
        "platelets_count_toward_targets": plan.platelets_count_toward_targets}
    for carve in plan.carve_outs:
        record[f"carve_out.{carve.code}"] = f"{carve.units} ({_kind(carve.kind)})"
    return record


def _show_plan(ctx: typer.Context, plan: pb.Plan, warnings: Sequence[str]) -> None:
    render_record(_plan_record(plan), title=f"Plan {plan.year}", output=state(ctx).output,
                  key="plan", warnings=list(warnings))


plan_app = typer.Typer(no_args_is_help=True, help="Create and show a year's plan.")
app.add_typer(plan_app, name="plan")


@plan_app.command("create")
def plan_create(
    ctx: typer.Context, year: Year,
    published: Annotated[bool, typer.Option(help="Use the published plan of the year.")] = False,
    city_target: Annotated[int, typer.Option(help="City target, units.")] = 0,
    group_target: Annotated[int, typer.Option(help="Group donation target, units.")] = 0,
    street_target: Annotated[int, typer.Option(help="Street donation target, units.")] = 0,
    reserve: Annotated[int, typer.Option(help="Emergency reserve, units.")] = 0,
    drill_min_city: Annotated[int, typer.Option(help="Citywide drill minimum, units.")] = 0,
    drill_min_district: Annotated[int, typer.Option(help="Drill minimum per district.")] = 400,
    carve_out: Annotated[list[str] | None, typer.Option(
        help="code:kind:units, kind university, garrison or increment; repeat.")] = None,
    units_per_person: Annotated[str, typer.Option(help="Units per mobilised person.")] = "1.0",
    garrison_in_group: Annotated[bool, typer.Option(
        help="Count garrison collections toward the group target too.")] = False,
    increment_site: Annotated[list[str] | None, typer.Option(
        help="A new or moved street site feeding the increment row; repeat.")] = None,
    platelet_units_per_dose: Annotated[str, typer.Option(
        help="Units counted per therapeutic dose of apheresis platelets (e.g. 10); with "
             "--published, replaces the shipped conversion.")] = "",
    platelet_source: Annotated[str, typer.Option(
        help="Where the platelet conversion comes from (required with a conversion).")] = "",
    count_platelets: Annotated[bool, typer.Option(
        help="Count platelet donations toward the whole-blood targets (default: recorded and "
             "reported only).")] = False,
) -> None:
    """Create the plan of a year (or load the published one with --published)."""
    if platelet_units_per_dose and not platelet_source:
        raise typer.BadParameter("say where the conversion comes from",
                                 param_hint="--platelet-source")
    carves = []
    for text in carve_out or []:
        code, _, rest = text.partition(":")
        kind, _, units = rest.partition(":")
        if kind not in CARVE_KINDS or not units.isdigit():
            raise typer.BadParameter(f"{text!r} is not code:kind:units with kind one of "
                                     f"{', '.join(CARVE_KINDS)}", param_hint="--carve-out")
        carves.append(pb.CarveOut(code=code, name=code, kind=CARVE_KINDS[kind], units=int(units)))
    plan = pb.Plan(year=year, city_target_units=city_target, group_target_units=group_target,
                   street_target_units=street_target, reserve_units=reserve,
                   drill_min_city_units=drill_min_city,
                   drill_min_per_district_units=drill_min_district, carve_outs=carves,
                   units_per_person=units_per_person,
                   garrison_counts_toward_group=garrison_in_group,
                   increment_sites=increment_site or [],
                   platelet_units_per_dose=platelet_units_per_dose,
                   platelet_conversion_source=platelet_source,
                   platelets_count_toward_targets=count_platelets)
    response = call(ctx, _stub(ctx).CreatePlan, pb.CreatePlanRequest(
        request_id=request_id(ctx), plan=plan, use_published=published))
    _show_plan(ctx, response.plan, response.warnings)


@plan_app.command("show")
def plan_show(ctx: typer.Context, year: Year) -> None:
    """Show a year's plan and its validation warnings."""
    response = call(ctx, _stub(ctx).GetPlan, pb.GetPlanRequest(year=year))
    _show_plan(ctx, response.plan, response.warnings)


@app.command("import", epilog=TABLE.epilog("blood"))
def import_table(
    ctx: typer.Context, year: Year,
    file: Annotated[Path | None, typer.Option(
        "--file", help="The table as printed (CSV or .xlsx; - for standard input); default: "
                       "the table published for the year.")] = None,
) -> None:
    """Import a published allocation table exactly as printed (warnings for discrepancies).
    It changes no quota until adopted (``blood adopt``). Running the same file again stores
    nothing twice."""
    request = pb.ImportPublishedAllocationRequest(year=year)
    if file is None:
        # The table the server ships for the year: the same request every time, so running it
        # again is a retry and stores the table once.
        request.request_id = file_request_id(ctx, "published-table", str(year),
                                             request.SerializeToString(deterministic=True))
        response = call(ctx, _stub(ctx).ImportPublishedAllocation, request)
    else:
        read = TABLE.read(file)
        request.request_id = read.request_id(ctx, str(year))
        request.rows.extend(pb.AllocationTableRow(
            code=r.values["row_code"], name=r.values["name_zh"] or "", kind=r.values["kind"],
            units=r.values["units"]) for r in read.rows)
        response = read.send(ctx, _stub(ctx).ImportPublishedAllocation, request, "rows")
    _show_summary(ctx, response.allocation, response.warnings)


@app.command()
def adopt(
    ctx: typer.Context,
    allocation_id: Annotated[str, typer.Option("--id", help="The district table to adopt.")],
    reason: Annotated[str, typer.Option(help="Why it is adopted (kept in the audit log).")],
) -> None:
    """Put a saved district table (published or apportioned) in force for its year: progress,
    splits and exports use it from now on; splits of another table become stale."""
    if not reason.strip():
        raise typer.BadParameter("say why this table is adopted", param_hint="--reason")
    response = call(ctx, _stub(ctx).AdoptAllocation, pb.AdoptAllocationRequest(
        request_id=request_id(ctx), allocation_id=allocation_id, reason=reason))
    stderr.print(f"allocation {response.allocation.allocation_id} is in force for "
                 f"{response.allocation.year}"
                 + (f" (was {response.previous_allocation_id})"
                    if response.previous_allocation_id else ""), highlight=False)
    note("previous_allocation_id", response.previous_allocation_id)
    _show_summary(ctx, response.allocation, [_stale(s) for s in response.stale_splits])


def _stale(split: pb.AllocationSummary) -> str:
    return (f"stale: split {split.allocation_id} of {split.district} split allocation "
            f"{split.split_of_allocation_id}, which is not in force; split again")


def _show_summary(ctx: typer.Context, summary: pb.AllocationSummary,
                  warnings: Sequence[str]) -> None:
    render_record(_summary_record(summary), title="Allocation", output=state(ctx).output,
                  key="allocation", warnings=list(warnings))


def _summary_record(summary: pb.AllocationSummary) -> dict[str, Any]:
    is_split = summary.source == pb.ALLOCATION_SOURCE_SPLIT
    status = ("" if not summary.saved else ("stale" if summary.stale else "current") if is_split
              else "in force" if summary.in_force else "")
    return {"allocation_id": summary.allocation_id or "(what-if, not saved)",
            "year": summary.year, "source": SOURCE_NAMES.get(summary.source, ""),
            "district": summary.district,
            "method": METHOD_NAMES.get(summary.method, "published"),
            "pool_units": summary.pool_units, "rows": summary.row_count,
            "status": status, "split_of": summary.split_of_allocation_id,
            "rule_version": summary.rule_version, "input_digest": summary.input_digest}


def _allocation_rows(allocation: pb.Allocation) -> list[dict[str, Any]]:
    return [{"code": r.code, "name": r.name, "kind": _kind(r.kind), "weight": r.weight,
             "lower_units": r.lower_units, "upper_units": r.upper_units, "units": r.units,
             "bound": "lower" if r.at_lower_bound else "upper" if r.at_upper_bound else ""}
            for r in allocation.rows]


def _show_allocation(ctx: typer.Context, allocation: pb.Allocation) -> None:
    """The rows, with the summary and the ties in the JSON document (on stderr for people)."""
    summary = _summary_record(allocation.summary)
    note("allocation", summary)
    ties = [{"contested_units": t.contested_units, "codes": list(t.codes),
             "winners": list(t.winners)} for t in allocation.ties]
    note("ties", ties)
    if state(ctx).output is not OutputFormat.JSON:
        stderr.print(", ".join(f"{k}: {v}" for k, v in summary.items()), highlight=False)
        for tie in allocation.ties:
            stderr.print(f"tie over {tie.contested_units} unit(s) among "
                         f"{', '.join(tie.codes)}; given by code order to "
                         f"{', '.join(tie.winners)}", highlight=False)
    render(_allocation_rows(allocation), title="Allocation", output=state(ctx).output,
           warnings=[_stale(allocation.summary)] if allocation.summary.stale else [])


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
        request_id=read.request_id(ctx, key), year=year, method=_method(method),
        basis=pb.WEIGHT_BASIS_EXPLICIT if basis == "explicit"
        else pb.WEIGHT_BASIS_MOBILISABLE_PERSONS,
        inputs=rows, units_per_person=units_per_person, what_if=what_if)
    if pool is not None:
        request.pool_units = pool
    response = read.send(ctx, _stub(ctx).ApportionDistrictQuotas, request, "inputs")
    _show_allocation(ctx, response.allocation)


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

    response = read.send(ctx, _stub(ctx).UploadUnits, requests(), "units")
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
                                           method=_method(method),
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
    response = call(ctx, _stub(ctx).SplitDistrictQuota, request)
    if response.drill_kept_units:
        stderr.print(f"district quota {response.district_quota_units:,}: drill minimum "
                     f"{response.drill_kept_units:,} kept at district level, units share "
                     f"{response.allocation.summary.pool_units:,}", highlight=False)
    note("district_quota_units", response.district_quota_units)
    note("drill_kept_units", response.drill_kept_units)
    _show_allocation(ctx, response.allocation)


def _yyyymmdd(values: dict[str, Any]) -> int:
    day = values["donation_date"]
    return int(day.year * 10_000 + day.month * 100 + day.day)


@app.command(epilog=COLLECTIONS.epilog("blood"))
def record(ctx: typer.Context, file: FileIn) -> None:
    """Record collections in bulk; one bad row stores nothing and every bad row is named.
    Running the same file again stores nothing twice."""
    read = COLLECTIONS.read(file)
    rid = read.request_id(ctx, "record")

    def requests() -> Iterator[pb.RecordCollectionsRequest]:
        for part in with_progress(chunks(read.rows, CHUNK_ROWS), len(read.rows), "collections",
                                  len):
            rows = [r.values for r in part]
            yield pb.RecordCollectionsRequest(
                request_id=rid, donation_dates=[_yyyymmdd(r) for r in rows],
                districts=[r["district"] for r in rows],
                unit_codes=[r["unit_code"] or "" for r in rows],
                channels=[r["channel"] for r in rows], volumes_ml=[r["volume_ml"] for r in rows],
                donations=[1 if r["donations"] is None else r["donations"] for r in rows],
                sites=[r["site"] or "" for r in rows],
                components=[r["component"] or pb.COMPONENT_WHOLE_BLOOD for r in rows],
                therapeutic_doses=[r["therapeutic_doses"] or 0 for r in rows])

    response = read.send(ctx, _stub(ctx).RecordCollections, requests(), "rows")
    render_record({"recorded": response.recorded, "volume_ml": response.volume_ml,
                   "units": response.volume_ml / 200}, title="Recorded",
                  output=state(ctx).output)


Channel = Annotated[str, typer.Option(
    help=f"One of {', '.join(CHANNEL.allowed)}.")]


@app.command("record-one")
def record_one(
    ctx: typer.Context,
    date: Annotated[str, typer.Option(help="Donation date, YYYY-MM-DD.")],
    district: Annotated[str, typer.Option(help="District code.")],
    channel: Channel,
    volume_ml: Annotated[int, typer.Option(help="200, 300 or 400 (0 for platelets).")] = 0,
    donations: Annotated[int, typer.Option(help="How many donations of this volume.")] = 1,
    unit: Annotated[str, typer.Option(help="Work unit or town code.")] = "",
    site: Annotated[str, typer.Option(help="Street site (street collections only).")] = "",
    platelet_doses: Annotated[int, typer.Option(
        help="Apheresis platelets: therapeutic doses per donation (1 or 2); no volume.")] = 0,
) -> None:
    """Record one collection row (whole blood, or apheresis platelets with --platelet-doses)."""
    collection = _collection(date, district, channel, volume_ml, donations, unit, site,
                             platelet_doses)
    response = call(ctx, _stub(ctx).RecordCollection,
                    pb.RecordCollectionRequest(request_id=request_id(ctx), collection=collection))
    render_record({"recorded": response.recorded, "volume_ml": response.volume_ml},
                  title="Recorded", output=state(ctx).output)


def _collection(date: str, district: str, channel: str, volume_ml: int, donations: int,
                unit: str, site: str, platelet_doses: int) -> pb.Collection:
    try:
        channel_value = CHANNEL.read(channel)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--channel") from None
    return pb.Collection(
        donation_date=parse_date(date, "--date"), district=district, unit_code=unit,
        channel=channel_value, volume_ml=volume_ml, donations=donations, site=site,
        component=pb.COMPONENT_PLATELETS if platelet_doses else pb.COMPONENT_WHOLE_BLOOD,
        therapeutic_doses=platelet_doses)


def _stored_record(stored: pb.StoredCollection) -> dict[str, Any]:
    row = stored.collection
    return {"collection_id": stored.collection_id, "donation_date": show_date(row.donation_date),
            "district": row.district, "unit_code": row.unit_code,
            "channel": _channel(row.channel),
            "component": enum_label(pb.Component, "COMPONENT_",
                                    row.component or pb.COMPONENT_WHOLE_BLOOD),
            "volume_ml": row.volume_ml,
            "therapeutic_doses": row.therapeutic_doses, "donations": row.donations,
            "site": row.site, "status": STATUS_NAMES.get(stored.status, ""),
            "amends": stored.amends_collection_id, "amended_by": stored.amended_by_collection_id,
            "reason": stored.correction_reason, "corrected_by": stored.corrected_by}


@app.command("collections")
def list_collections(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
    from_date: Annotated[str, typer.Option("--from", help="YYYY-MM-DD, first donation date.")
                         ] = "",
    to_date: Annotated[str, typer.Option("--to", help="YYYY-MM-DD, last donation date.")] = "",
    corrected: Annotated[bool, typer.Option(
        "--all", help="Also list withdrawn and amended rows.")] = False,
) -> None:
    """The stored collection rows of a year with their ids (to withdraw or amend one)."""
    request = pb.ListCollectionsRequest(year=year, district=district,
                                        include_corrected=corrected)
    if from_date:
        request.from_date.CopyFrom(parse_date(from_date, "--from"))
    if to_date:
        request.to_date.CopyFrom(parse_date(to_date, "--to"))
    rows: list[dict[str, Any]] = []
    while True:
        response = call(ctx, _stub(ctx).ListCollections, request)
        rows += [_stored_record(r) for r in response.collections]
        if not response.next_page_token:
            break
        request.page_token = response.next_page_token
    render(rows, title=f"Collections {year}", output=state(ctx).output)


Reason = Annotated[str, typer.Option(help="Why (kept with the row and in the audit log).")]
CollectionId = Annotated[str, typer.Option("--id", help="The collection row's id.")]


def _said(reason: str) -> str:
    if not reason.strip():
        raise typer.BadParameter("say why the row is corrected", param_hint="--reason")
    return reason


@app.command()
def withdraw(ctx: typer.Context, collection_id: CollectionId, reason: Reason) -> None:
    """Withdraw a collection row: it stays stored, out of force, and counts nowhere."""
    response = call(ctx, _stub(ctx).WithdrawCollection, pb.WithdrawCollectionRequest(
        request_id=request_id(ctx), collection_id=collection_id, reason=_said(reason)))
    render_record(_stored_record(response.withdrawn), title="Withdrawn",
                  output=state(ctx).output)


@app.command()
def amend(
    ctx: typer.Context, collection_id: CollectionId, reason: Reason,
    date: Annotated[str, typer.Option(help="Donation date, YYYY-MM-DD.")],
    district: Annotated[str, typer.Option(help="District code.")],
    channel: Channel,
    volume_ml: Annotated[int, typer.Option(help="200, 300 or 400 (0 for platelets).")] = 0,
    donations: Annotated[int, typer.Option(help="How many donations.")] = 1,
    unit: Annotated[str, typer.Option(help="Work unit or town code.")] = "",
    site: Annotated[str, typer.Option(help="Street site (street collections only).")] = "",
    platelet_doses: Annotated[int, typer.Option(
        help="Apheresis platelets: therapeutic doses per donation; no volume.")] = 0,
) -> None:
    """Amend a collection row: the row as it should have been replaces it; the old row stays
    stored, out of force."""
    collection = _collection(date, district, channel, volume_ml, donations, unit, site,
                             platelet_doses)
    response = call(ctx, _stub(ctx).AmendCollection, pb.AmendCollectionRequest(
        request_id=request_id(ctx), collection_id=collection_id, reason=_said(reason),
        collection=collection))
    render([_stored_record(response.amended), _stored_record(response.replacement)],
           title="Amended", output=state(ctx).output)


def _progress_row(row: pb.ProgressRow) -> dict[str, Any]:
    by_channel = {_channel(c.channel): c.volume_ml // 200 for c in row.channels}
    return {"code": row.code, "quota_units": row.quota_units,
            "collected_units": round(row.collected_units, 1),
            "progress_%": round(100 * row.progress_ratio, 2),
            "400ml_%": round(100 * row.share_400ml, 1),
            "drill_units": row.drill_ml / 200,
            "drill_met": "" if not row.drill_min_units else "yes" if row.drill_min_met else "no",
            "projected_units": round(row.projected_units),
            **{f"{name}_units": by_channel.get(name, 0)
               for name in CHANNEL.allowed if name != "drill"},
            "platelet_donations": row.platelets.donations,
            "platelet_doses": row.platelets.therapeutic_doses,
            "platelet_units": round(row.platelets.units, 1)}


def _line_name(line: pb.ChannelProgress) -> str:
    """A target line's channel, with the channels it counts when it counts several (the group
    line counts university collections too)."""
    counted = [_channel(c) for c in line.counted_channels]
    name = _channel(line.channel)
    return f"{name} ({'+'.join(counted)})" if len(counted) > 1 else name


def _progress(ctx: typer.Context, year: int, district: str, as_of: str) -> list[dict[str, Any]]:
    """The progress rows (the city's last when no district is asked for); the date, the table
    in force, the city's target lines and platelets go into the JSON document as well."""
    request = pb.GetProgressRequest(year=year, district=district)
    if as_of:
        request.as_of.CopyFrom(parse_date(as_of, "--as-of"))
    response = call(ctx, _stub(ctx).GetProgress, request)
    stderr.print(f"as of {show_date(response.as_of)}, allocation "
                 f"{response.allocation_id}", highlight=False)
    note("as_of", show_date(response.as_of))
    note("allocation_id", response.allocation_id)
    rows = [_progress_row(r) for r in response.rows]
    if not district:
        rows.append(_progress_row(response.city))
        lines = [{"line": _line_name(c), "collected_units": c.volume_ml / 200,
                  "target_units": c.target_units}
                 for c in response.city.channels if c.target_units]
        note("city_targets", lines)
        stderr.print("city against the plan: " + "; ".join(
            f"{line['line']} {line['collected_units']:,.0f} of {line['target_units']:,} units"
            for line in lines), highlight=False)
    platelets = response.city.platelets if not district else (
        response.rows[0].platelets if response.rows else pb.PlateletProgress())
    if platelets.donations:
        conversion = (f"{response.platelet_units_per_dose} units per dose "
                      f"({response.platelet_conversion_source})"
                      if response.platelet_units_per_dose else "no conversion in the plan")
        note("platelets", {"donations": platelets.donations,
                           "therapeutic_doses": platelets.therapeutic_doses,
                           "units": platelets.units,
                           "units_per_dose": response.platelet_units_per_dose,
                           "counted": response.platelets_counted})
        stderr.print(f"platelets: {platelets.donations:,} donations, "
                     f"{platelets.therapeutic_doses:,} therapeutic doses = "
                     f"{platelets.units:,.1f} units at {conversion}; "
                     + ("counted toward the targets" if response.platelets_counted
                        else "reported, not counted toward the targets"), highlight=False)
    return rows


def _progress_chart(year: int) -> Chart:
    return Chart(f"Progress {year}", "code", ["progress_%"], y_title="% of quota collected")


@app.command()
def progress(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
    as_of: Annotated[str, typer.Option(help="YYYY-MM-DD; default today.")] = "",
    out: ReportFile = None,
) -> None:
    """Progress per district and channel against the quota, with drill and 400 ml figures;
    --out progress.xlsx writes it with a chart comparing the districts."""
    show_report(ctx, _progress(ctx, year, district, as_of), title=f"Progress {year}", out=out,
                chart=_progress_chart(year))


def _table(ctx: typer.Context, year: int) -> tuple[list[dict[str, Any]], int, list[str]]:
    """The table in force as the import reads it (no total row), its total and warnings."""
    response = call(ctx, _stub(ctx).GetAllocationTable, pb.GetAllocationTableRequest(year=year))
    rows = [{"row_code": r.code, "name_zh": r.name, "kind": _kind(r.kind), "units": r.units}
            for r in response.rows]
    return rows, response.total_units, list(response.warnings)


@app.command()
def table(ctx: typer.Context, year: Year) -> None:
    """The year's allocation table, laid out like the published annex (its total last; -o json
    and -o csv give the rows as the import reads them, the total as total_units in JSON)."""
    rows, total, warnings = _table(ctx, year)
    output = state(ctx).output
    note("total_units", total)
    shown = rows if output is not OutputFormat.TABLE else [
        *rows, {"row_code": "total", "name_zh": "合计", "kind": "", "units": total}]
    render(shown, title=f"Allocation table {year}", output=output, warnings=warnings)


@app.command()
def show(
    ctx: typer.Context,
    allocation_id: Annotated[str, typer.Option("--id", help="Allocation id.")] = "",
    year: Annotated[int, typer.Option(help="Year, for the current allocation.")] = 0,
    district: Annotated[str, typer.Option(help="District, for its current split.")] = "",
) -> None:
    """One allocation or split with its rows, bounds and ties: by --id, or the one in force of
    --year (with --district, the district's newest split)."""
    if not allocation_id and not year:
        raise typer.BadParameter("give --id, or --year (with --district for a split)",
                                 param_hint="--id")
    response = call(ctx, _stub(ctx).GetAllocation, pb.GetAllocationRequest(
        allocation_id=allocation_id, year=year, district=district))
    _show_allocation(ctx, response.allocation)


@app.command("list")
def list_allocations(ctx: typer.Context, year: Year) -> None:
    """The saved allocations and splits of a year, newest first."""
    response = call(ctx, _stub(ctx).ListAllocations, pb.ListAllocationsRequest(year=year))
    render([_summary_record(s) for s in response.allocations], title=f"Allocations {year}",
           output=state(ctx).output)


@app.command()
def replay(ctx: typer.Context, allocation_id: Annotated[str, typer.Argument()]) -> None:
    """Recompute a stored allocation from its stored inputs; exit 9 if anything differs."""
    response = call(ctx, _stub(ctx).ReplayAllocation,
                    pb.ReplayAllocationRequest(allocation_id=allocation_id))
    render_record({"allocation_id": response.allocation_id, "matches": response.matches,
                   "stored_digest": response.stored_digest,
                   "recomputed_digest": response.recomputed_digest,
                   "differences": list(response.differences)}, title="Replay",
                  output=state(ctx).output)
    if not response.matches:
        raise typer.Exit(EXIT_REPLAY_DIFFERS)


class Report(enum.StrEnum):
    TABLE = "table"
    PROGRESS = "progress"
    ALLOCATION = "allocation"


@app.command()
def export(
    ctx: typer.Context, year: Year,
    report: Annotated[Report, typer.Option(
        help="table: the table in force as `blood import --file` reads it back (no total "
             "row; the total is printed with it); progress: progress per district; "
             "allocation: the table in force with weights and bounds.")] = Report.TABLE,
    out: Annotated[Path | None, typer.Option(
        "--out", dir_okay=False,
        help="File to write: .xlsx for a workbook (progress and allocation with a chart "
             "comparing the districts), else CSV (--bom for Excel); default standard output "
             "(CSV, or the JSON document with -o json).")] = None,
) -> None:
    """Write a report of the year to a file."""
    total: int | None = None
    warnings: list[str] = []
    chart: Chart | None = None
    if report is Report.TABLE:
        rows, total, warnings = _table(ctx, year)
        note("total_units", total)
    elif report is Report.PROGRESS:
        rows, chart = _progress(ctx, year, "", ""), _progress_chart(year)
    else:
        allocation = call(ctx, _stub(ctx).GetAllocation,
                          pb.GetAllocationRequest(year=year)).allocation
        rows = _allocation_rows(allocation)
        chart = Chart(f"Allocation {year}", "code", ["units"], y_title="units")
    if out is None and state(ctx).output is OutputFormat.JSON:
        render(rows, output=OutputFormat.JSON, warnings=warnings)
        return
    if report is Report.TABLE:
        TABLE.export(out, rows)
    else:
        export_rows(out, rows, title=f"{report.value} {year}", chart=chart)
    if total is not None:
        stderr.print(f"total {total:,} units (not a row of the file: the import adds the rows "
                     "up)", highlight=False)
    if out is not None:
        stderr.print(f"wrote {len(rows)} rows to {out}", highlight=False)
    if out is not None and state(ctx).output is OutputFormat.JSON:
        render_record({"file": str(out), "rows": len(rows)}, output=OutputFormat.JSON,
                      key="written", warnings=warnings)
    else:
        for message in warnings:
            warn(message)
