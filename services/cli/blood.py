"""``cityscore blood``: the year's blood-donation plan, allocation, splits and collections."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.services.cli.common import (
    csv_int,
    csv_output,
    parse_date,
    request_id,
    show_date,
    stub_for,
)
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.csv_io import chunks, read_rows, with_progress
from cityscore.services.cli.output import render, render_record

app = typer.Typer(no_args_is_help=True, help="Blood-donation targets: plan, apportion, split, "
                                              "record collections and follow progress.")

METHODS = {"webster": pb.APPORTIONMENT_METHOD_WEBSTER, "hamilton": pb.APPORTIONMENT_METHOD_HAMILTON,
           "huntington_hill": pb.APPORTIONMENT_METHOD_HUNTINGTON_HILL,
           "dhondt": pb.APPORTIONMENT_METHOD_DHONDT, "adams": pb.APPORTIONMENT_METHOD_ADAMS}
METHOD_NAMES = {value: name for name, value in METHODS.items()}
KINDS = {"district": pb.ROW_KIND_DISTRICT, "university": pb.ROW_KIND_UNIVERSITY,
         "garrison": pb.ROW_KIND_GARRISON, "increment": pb.ROW_KIND_INCREMENT,
         "work_unit": pb.ROW_KIND_WORK_UNIT, "town": pb.ROW_KIND_TOWN}
KIND_NAMES = {value: name for name, value in KINDS.items()}
UNIT_KINDS = {"work_unit": pb.UNIT_KIND_WORK_UNIT, "town": pb.UNIT_KIND_TOWN}
CHANNELS = {"group": pb.CHANNEL_GROUP, "street": pb.CHANNEL_STREET, "drill": pb.CHANNEL_DRILL,
            "university": pb.CHANNEL_UNIVERSITY, "garrison": pb.CHANNEL_GARRISON}
CHANNEL_NAMES = {value: name for name, value in CHANNELS.items()}
COMPONENTS = {"whole_blood": pb.COMPONENT_WHOLE_BLOOD, "platelets": pb.COMPONENT_PLATELETS}
COMPONENT_NAMES = {value: name for name, value in COMPONENTS.items()}
COMPONENT_NAMES[pb.COMPONENT_UNSPECIFIED] = "whole_blood"
STATUS_NAMES = {pb.COLLECTION_STATUS_IN_FORCE: "in force",
                pb.COLLECTION_STATUS_WITHDRAWN: "withdrawn",
                pb.COLLECTION_STATUS_AMENDED: "amended"}
SOURCE_NAMES = {pb.ALLOCATION_SOURCE_PUBLISHED: "published",
                pb.ALLOCATION_SOURCE_APPORTIONED: "apportioned",
                pb.ALLOCATION_SOURCE_SPLIT: "split"}
#: Rows per streamed chunk: well under the 4 MiB message limit with packed fields.
CHUNK_ROWS = 20_000

Year = Annotated[int, typer.Option(help="Plan year, e.g. 2017.")]
MethodOption = Annotated[str, typer.Option(help=f"One of {', '.join(METHODS)}.")]
WhatIf = Annotated[bool, typer.Option("--what-if", help="Compute and show; save nothing.")]

_stub = stub_for(pb_grpc.BloodQuotaServiceStub)


def _method(name: str) -> pb.ApportionmentMethod:
    if name not in METHODS:
        raise typer.BadParameter(f"unknown method {name!r}; use one of {', '.join(METHODS)}",
                                 param_hint="--method")
    return METHODS[name]


def _warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        stderr.print(f"[yellow]warning[/]: {warning}", highlight=False)


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
        record[f"carve_out.{carve.code}"] = f"{carve.units} ({KIND_NAMES[carve.kind]})"
    return record


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
    carves = []
    for text in carve_out or []:
        code, _, rest = text.partition(":")
        kind, _, units = rest.partition(":")
        if kind not in KINDS or not units.isdigit():
            raise typer.BadParameter(f"{text!r} is not code:kind:units", param_hint="--carve-out")
        carves.append(pb.CarveOut(code=code, name=code, kind=KINDS[kind], units=int(units)))
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
    _warn(response.warnings)
    render_record(_plan_record(response.plan), title=f"Plan {year}", output=state(ctx).output)


@plan_app.command("show")
def plan_show(ctx: typer.Context, year: Year) -> None:
    """Show a year's plan and its validation warnings."""
    response = call(ctx, _stub(ctx).GetPlan, pb.GetPlanRequest(year=year))
    _warn(response.warnings)
    render_record(_plan_record(response.plan), title=f"Plan {year}", output=state(ctx).output)


@app.command("import")
def import_table(
    ctx: typer.Context, year: Year,
    file: Annotated[Path | None, typer.Option(
        dir_okay=False,
        help="CSV row_code,name_zh,kind,units; default: the table published for the year.")
    ] = None,
) -> None:
    """Import a published allocation table exactly as printed (warnings for discrepancies).
    It changes no quota until adopted (``blood adopt``)."""
    rows = []
    if file is not None:
        for line, row in enumerate(read_rows(file, ["row_code", "kind", "units"]), start=2):
            if row["kind"] not in KINDS:
                raise typer.BadParameter(f"line {line}: unknown kind {row['kind']!r}")
            rows.append(pb.AllocationTableRow(code=row["row_code"], name=row.get("name_zh", ""),
                                              kind=KINDS[row["kind"]],
                                              units=csv_int(row, "units", line, 0)))
    response = call(ctx, _stub(ctx).ImportPublishedAllocation,
                    pb.ImportPublishedAllocationRequest(request_id=request_id(ctx), year=year,
                                                        rows=rows))
    _warn(response.warnings)
    _show_summary(ctx, response.allocation)


@app.command()
def adopt(
    ctx: typer.Context,
    allocation_id: Annotated[str, typer.Option("--id", help="The district table to adopt.")],
    reason: Annotated[str, typer.Option(help="Why it is adopted (kept in the audit log).")],
) -> None:
    """Put a saved district table (published or apportioned) in force for its year: progress,
    splits and exports use it from now on; splits of another table become stale."""
    response = call(ctx, _stub(ctx).AdoptAllocation, pb.AdoptAllocationRequest(
        request_id=request_id(ctx), allocation_id=allocation_id, reason=reason))
    stderr.print(f"allocation {response.allocation.allocation_id} is in force for "
                 f"{response.allocation.year}"
                 + (f" (was {response.previous_allocation_id})"
                    if response.previous_allocation_id else ""), highlight=False)
    _warn_stale(response.stale_splits)
    _show_summary(ctx, response.allocation)


def _warn_stale(splits: Sequence[pb.AllocationSummary]) -> None:
    for split in splits:
        stderr.print(f"[yellow]stale[/]: split {split.allocation_id} of {split.district} "
                     f"split allocation {split.split_of_allocation_id}, which is not in force; "
                     f"split again", highlight=False)


def _show_summary(ctx: typer.Context, summary: pb.AllocationSummary) -> None:
    render_record(_summary_record(summary), title="Allocation", output=state(ctx).output)


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


def _show_allocation(ctx: typer.Context, allocation: pb.Allocation) -> None:
    summary = allocation.summary
    stderr.print(", ".join(f"{k}: {v}" for k, v in _summary_record(summary).items()),
                 highlight=False)
    if summary.stale:
        _warn_stale([summary])
    for tie in allocation.ties:
        stderr.print(f"[yellow]tie[/] over {tie.contested_units} unit(s) among "
                     f"{', '.join(tie.codes)}; given by code order to {', '.join(tie.winners)}",
                     highlight=False)
    render([{"code": r.code, "name": r.name, "kind": KIND_NAMES.get(r.kind, ""),
             "weight": r.weight, "lower": r.lower_units, "upper": r.upper_units,
             "units": r.units,
             "bound": "lower" if r.at_lower_bound else "upper" if r.at_upper_bound else ""}
            for r in allocation.rows], title="Allocation", output=state(ctx).output)


@app.command()
def apportion(
    ctx: typer.Context, year: Year,
    inputs: Annotated[Path, typer.Option(
        dir_okay=False,
        help="CSV district[,employees,residents_without_work_unit,weight,lower_units,"
             "upper_units].")],
    method: MethodOption = "webster",
    basis: Annotated[str, typer.Option(help="mobilisable (persons from the caps) or explicit "
                                            "(the weight column).")] = "mobilisable",
    pool: Annotated[int | None, typer.Option(help="Pool to share (what-if only); default "
                                                  "the plan's district pool.")] = None,
    units_per_person: Annotated[str, typer.Option(help="Override the plan's value.")] = "",
    what_if: WhatIf = False,
) -> None:
    """Apportion the district pool over the districts (bounded by drill minimum and caps)."""
    if basis not in ("mobilisable", "explicit"):
        raise typer.BadParameter("use mobilisable or explicit", param_hint="--basis")
    rows = []
    for line, row in enumerate(read_rows(inputs, ["district"]), start=2):
        entry = pb.DistrictInput(
            district=row["district"], employees=csv_int(row, "employees", line, 0),
            residents_without_work_unit=csv_int(row, "residents_without_work_unit", line, 0),
            weight=csv_int(row, "weight", line, 0))
        lower = csv_int(row, "lower_units", line)
        upper = csv_int(row, "upper_units", line)
        if lower is not None:
            entry.lower_units = lower
        if upper is not None:
            entry.upper_units = upper
        rows.append(entry)
    request = pb.ApportionDistrictQuotasRequest(
        request_id=request_id(ctx), year=year, method=_method(method),
        basis=pb.WEIGHT_BASIS_EXPLICIT if basis == "explicit"
        else pb.WEIGHT_BASIS_MOBILISABLE_PERSONS,
        inputs=rows, units_per_person=units_per_person, what_if=what_if)
    if pool is not None:
        request.pool_units = pool
    _show_allocation(ctx, call(ctx, _stub(ctx).ApportionDistrictQuotas, request).allocation)


def _upload_units(ctx: typer.Context, year: int, district: str, file: Path) -> None:
    rows = read_rows(file, ["code", "kind", "headcount"])
    for line, row in enumerate(rows, start=2):
        if row["kind"] not in UNIT_KINDS:
            raise typer.BadParameter(f"line {line}: kind must be work_unit or town")

    def requests() -> Iterator[pb.UploadUnitsRequest]:
        offset = 2
        for part in with_progress(chunks(rows, CHUNK_ROWS), len(rows), "units", len):
            yield pb.UploadUnitsRequest(
                request_id=request_id(ctx), year=year, district=district,
                codes=[r["code"] for r in part], names=[r.get("name", "") for r in part],
                kinds=[UNIT_KINDS[r["kind"]] for r in part],
                headcounts=[csv_int(r, "headcount", offset + i, 0) for i, r in enumerate(part)])
            offset += len(part)

    response = call(ctx, _stub(ctx).UploadUnits, requests())
    stderr.print(f"{district}: {response.work_units} work units and {response.towns} towns "
                 f"registered for {year}", highlight=False)


@app.command()
def split(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="District code, e.g. pudong.")],
    units: Annotated[Path | None, typer.Option(
        dir_okay=False,
        help="CSV code,name,kind(work_unit|town),headcount: replaces the district's roster "
             "first.")] = None,
    method: MethodOption = "webster",
    quota: Annotated[int | None, typer.Option(help="Quota to split (what-if only); default "
                                                   "the district's allocated quota.")] = None,
    units_per_person: Annotated[str, typer.Option(help="Override the plan's value.")] = "",
    what_if: WhatIf = False,
) -> None:
    """Split a district's quota over its work units (6.5 % cap) and towns (2.5 % cap)."""
    if units is not None:
        _upload_units(ctx, year, district, units)
    request = pb.SplitDistrictQuotaRequest(request_id=request_id(ctx), year=year, district=district,
                                           method=_method(method),
                                           units_per_person=units_per_person, what_if=what_if)
    if quota is not None:
        request.quota_units = quota
    response = call(ctx, _stub(ctx).SplitDistrictQuota, request)
    if response.drill_kept_units:
        stderr.print(f"district quota {response.district_quota_units:,}: drill minimum "
                     f"{response.drill_kept_units:,} kept at district level, units share "
                     f"{response.allocation.summary.pool_units:,}", highlight=False)
    _show_allocation(ctx, response.allocation)


@app.command()
def record(
    ctx: typer.Context,
    file: Annotated[Path, typer.Option(
        dir_okay=False,
        help="CSV donation_date(YYYY-MM-DD),district,unit_code,channel,volume_ml,donations"
             "[,site,component,therapeutic_doses]; site for street collections only; "
             "component whole_blood (default) or platelets, whose rows give "
             "therapeutic_doses and volume_ml 0.")],
) -> None:
    """Record collections in bulk; one bad row stores nothing and every bad row is named."""
    rows = read_rows(file, ["donation_date", "district", "channel", "volume_ml"])
    for line, row in enumerate(rows, start=2):
        if row["channel"] not in CHANNELS:
            raise typer.BadParameter(f"line {line}: channel must be one of {', '.join(CHANNELS)}")
        if (row.get("component") or "whole_blood") not in COMPONENTS:
            raise typer.BadParameter(f"line {line}: component must be one of "
                                     f"{', '.join(COMPONENTS)}")
        if len(row["donation_date"]) != 10 or not row["donation_date"].replace("-", "").isdigit():
            raise typer.BadParameter(f"line {line}: donation_date must be YYYY-MM-DD")

    def requests() -> Iterator[pb.RecordCollectionsRequest]:
        offset = 2
        for part in with_progress(chunks(rows, CHUNK_ROWS), len(rows), "collections", len):
            yield pb.RecordCollectionsRequest(
                request_id=request_id(ctx),
                donation_dates=[int(r["donation_date"].replace("-", "")) for r in part],
                districts=[r["district"] for r in part],
                unit_codes=[r.get("unit_code", "") for r in part],
                channels=[CHANNELS[r["channel"]] for r in part],
                volumes_ml=[csv_int(r, "volume_ml", offset + i, 0) for i, r in enumerate(part)],
                donations=[csv_int(r, "donations", offset + i, 1)
                           for i, r in enumerate(part)],
                sites=[r.get("site") or "" for r in part],
                components=[COMPONENTS[r.get("component") or "whole_blood"] for r in part],
                therapeutic_doses=[csv_int(r, "therapeutic_doses", offset + i, 0)
                                   for i, r in enumerate(part)])
            offset += len(part)

    response = call(ctx, _stub(ctx).RecordCollections, requests())
    render_record({"recorded": response.recorded, "volume_ml": response.volume_ml,
                   "units": response.volume_ml / 200}, title="Recorded",
                  output=state(ctx).output)


@app.command("record-one")
def record_one(
    ctx: typer.Context,
    date: Annotated[str, typer.Option(help="Donation date, YYYY-MM-DD.")],
    district: Annotated[str, typer.Option(help="District code.")],
    channel: Annotated[str, typer.Option(help=f"One of {', '.join(CHANNELS)}.")],
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
    if channel not in CHANNELS:
        raise typer.BadParameter(f"use one of {', '.join(CHANNELS)}", param_hint="--channel")
    return pb.Collection(
        donation_date=parse_date(date, "--date"), district=district, unit_code=unit,
        channel=CHANNELS[channel], volume_ml=volume_ml, donations=donations, site=site,
        component=pb.COMPONENT_PLATELETS if platelet_doses else pb.COMPONENT_WHOLE_BLOOD,
        therapeutic_doses=platelet_doses)


def _stored_record(stored: pb.StoredCollection) -> dict[str, Any]:
    row = stored.collection
    return {"collection_id": stored.collection_id, "donation_date": show_date(row.donation_date),
            "district": row.district, "unit_code": row.unit_code,
            "channel": CHANNEL_NAMES.get(row.channel, ""),
            "component": COMPONENT_NAMES.get(row.component, ""), "volume_ml": row.volume_ml,
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


@app.command()
def withdraw(ctx: typer.Context, collection_id: CollectionId, reason: Reason) -> None:
    """Withdraw a collection row: it stays stored, out of force, and counts nowhere."""
    response = call(ctx, _stub(ctx).WithdrawCollection, pb.WithdrawCollectionRequest(
        request_id=request_id(ctx), collection_id=collection_id, reason=reason))
    render_record(_stored_record(response.withdrawn), title="Withdrawn",
                  output=state(ctx).output)


@app.command()
def amend(
    ctx: typer.Context, collection_id: CollectionId, reason: Reason,
    date: Annotated[str, typer.Option(help="Donation date, YYYY-MM-DD.")],
    district: Annotated[str, typer.Option(help="District code.")],
    channel: Annotated[str, typer.Option(help=f"One of {', '.join(CHANNELS)}.")],
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
        request_id=request_id(ctx), collection_id=collection_id, reason=reason,
        collection=collection))
    render([_stored_record(response.amended), _stored_record(response.replacement)],
           title="Amended", output=state(ctx).output)


def _progress_row(row: pb.ProgressRow) -> dict[str, Any]:
    by_channel = {CHANNEL_NAMES[c.channel]: c.volume_ml // 200 for c in row.channels}
    return {"code": row.code, "quota_units": row.quota_units,
            "collected_units": round(row.collected_units, 1),
            "progress_%": round(100 * row.progress_ratio, 2),
            "400ml_%": round(100 * row.share_400ml, 1),
            "drill_units": row.drill_ml / 200,
            "drill_met": "" if not row.drill_min_units else "yes" if row.drill_min_met else "no",
            "projected_units": round(row.projected_units),
            **{f"{name}_units": by_channel.get(name, 0) for name in CHANNELS if name != "drill"},
            "platelet_donations": row.platelets.donations,
            "platelet_doses": row.platelets.therapeutic_doses,
            "platelet_units": round(row.platelets.units, 1)}


def _line_name(line: pb.ChannelProgress) -> str:
    """A target line's channel, with the channels it counts when it counts several (the group
    line counts university collections too)."""
    counted = [CHANNEL_NAMES[c] for c in line.counted_channels]
    name = CHANNEL_NAMES[line.channel]
    return f"{name} ({'+'.join(counted)})" if len(counted) > 1 else name


def _progress(ctx: typer.Context, year: int, district: str, as_of: str) -> list[dict[str, Any]]:
    request = pb.GetProgressRequest(year=year, district=district)
    if as_of:
        request.as_of.CopyFrom(parse_date(as_of, "--as-of"))
    response = call(ctx, _stub(ctx).GetProgress, request)
    stderr.print(f"as of {show_date(response.as_of)}, allocation "
                 f"{response.allocation_id}", highlight=False)
    rows = [_progress_row(r) for r in response.rows]
    if not district:
        rows.append(_progress_row(response.city))
        stderr.print("city against the plan: " + "; ".join(
            f"{_line_name(c)} {c.volume_ml / 200:,.0f} of {c.target_units:,} units"
            for c in response.city.channels if c.target_units), highlight=False)
    platelets = response.city.platelets if not district else (
        response.rows[0].platelets if response.rows else pb.PlateletProgress())
    if platelets.donations:
        conversion = (f"{response.platelet_units_per_dose} units per dose "
                      f"({response.platelet_conversion_source})"
                      if response.platelet_units_per_dose else "no conversion in the plan")
        stderr.print(f"platelets: {platelets.donations:,} donations, "
                     f"{platelets.therapeutic_doses:,} therapeutic doses = "
                     f"{platelets.units:,.1f} units at {conversion}; "
                     + ("counted toward the targets" if response.platelets_counted
                        else "reported, not counted toward the targets"), highlight=False)
    return rows


@app.command()
def progress(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
    as_of: Annotated[str, typer.Option(help="YYYY-MM-DD; default today.")] = "",
) -> None:
    """Progress per district and channel against the quota, with drill and 400 ml figures."""
    render(_progress(ctx, year, district, as_of), title=f"Progress {year}",
           output=state(ctx).output)


def _table_rows(ctx: typer.Context, year: int) -> list[dict[str, Any]]:
    response = call(ctx, _stub(ctx).GetAllocationTable, pb.GetAllocationTableRequest(year=year))
    _warn(response.warnings)
    rows: list[dict[str, Any]] = [
        {"row_code": r.code, "name_zh": r.name, "kind": KIND_NAMES[r.kind], "units": r.units}
        for r in response.rows]
    rows.append({"row_code": "total", "name_zh": "合计", "kind": "", "units":
                 response.total_units})
    return rows


@app.command()
def table(ctx: typer.Context, year: Year) -> None:
    """The year's allocation table, laid out like the published annex."""
    render(_table_rows(ctx, year), title=f"Allocation table {year}", output=state(ctx).output)


@app.command()
def show(
    ctx: typer.Context,
    allocation_id: Annotated[str, typer.Option("--id", help="Allocation id.")] = "",
    year: Annotated[int, typer.Option(help="Year, for the current allocation.")] = 0,
    district: Annotated[str, typer.Option(help="District, for its current split.")] = "",
) -> None:
    """One allocation or split with its rows, bounds and ties."""
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
    """Recompute a stored allocation from its stored inputs; exit 1 if anything differs."""
    response = call(ctx, _stub(ctx).ReplayAllocation,
                    pb.ReplayAllocationRequest(allocation_id=allocation_id))
    render_record({"allocation_id": response.allocation_id, "matches": response.matches,
                   "stored_digest": response.stored_digest,
                   "recomputed_digest": response.recomputed_digest,
                   "differences": "; ".join(response.differences)}, title="Replay",
                  output=state(ctx).output)
    if not response.matches:
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context, year: Year,
    report: Annotated[str, typer.Option(help="table, progress or allocation.")] = "table",
    out: Annotated[Path | None, typer.Option(help="File to write; default stdout.")] = None,
) -> None:
    """Write a report as CSV (the allocation table, progress, or the current allocation)."""
    if report == "table":
        rows = _table_rows(ctx, year)
    elif report == "progress":
        rows = _progress(ctx, year, "", "")
    elif report == "allocation":
        allocation = call(ctx, _stub(ctx).GetAllocation,
                          pb.GetAllocationRequest(year=year)).allocation
        rows = [{"code": r.code, "name": r.name, "kind": KIND_NAMES.get(r.kind, ""),
                 "weight": r.weight, "lower_units": r.lower_units,
                 "upper_units": r.upper_units, "units": r.units} for r in allocation.rows]
    else:
        raise typer.BadParameter("use table, progress or allocation", param_hint="--report")
    with csv_output(out) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else [],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if out:
        stderr.print(f"wrote {len(rows)} rows to {out}", highlight=False)
