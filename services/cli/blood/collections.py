"""``cityscore blood record|record-one|collections|withdraw|amend``: the collection rows, the
donations counted against the quotas, recorded in bulk or one at a time and corrected by
withdrawing or amending with a reason, never by deleting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.services.cli.blood.shared import (
    CHANNEL,
    CHUNK_ROWS,
    FileIn,
    Year,
    app,
    channel_name,
    stub,
)
from cityscore.services.cli.common import (
    enum_label,
    optional_date,
    parse_date,
    request_id,
    show_date,
)
from cityscore.services.cli.context import call, every_page, state
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.templates import Column, ImportKind, add_template_command

STATUS_NAMES = {pb.COLLECTION_STATUS_IN_FORCE: "in force",
                pb.COLLECTION_STATUS_WITHDRAWN: "withdrawn",
                pb.COLLECTION_STATUS_AMENDED: "amended"}

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
add_template_command(app, COLLECTIONS)


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

    response = read.send(ctx, stub(ctx).RecordCollections, requests(), "rows")
    render_record({"recorded": response.recorded, "volume_ml": response.volume_ml,
                   "units": response.volume_ml / 200}, title="Recorded",
                  output=state(ctx).output)


# The options of one collection row, as recorded and as amended.
DonationDate = Annotated[str, typer.Option("--date", help="Donation date, YYYY-MM-DD.")]
District = Annotated[str, typer.Option(help="District code.")]
Channel = Annotated[str, typer.Option(
    help=f"One of {', '.join(CHANNEL.allowed)}.")]
VolumeMl = Annotated[int, typer.Option(help="200, 300 or 400 (0 for platelets).")]
Donations = Annotated[int, typer.Option(help="How many donations of this volume.")]
Unit = Annotated[str, typer.Option(help="Work unit or town code.")]
Site = Annotated[str, typer.Option(help="Street site (street collections only).")]
PlateletDoses = Annotated[int, typer.Option(
    help="Apheresis platelets: therapeutic doses per donation (1 or 2); no volume.")]


@app.command("record-one")
def record_one(
    ctx: typer.Context,
    date: DonationDate, district: District, channel: Channel, volume_ml: VolumeMl = 0,
    donations: Donations = 1, unit: Unit = "", site: Site = "", platelet_doses: PlateletDoses = 0,
) -> None:
    """Record one collection row (whole blood, or apheresis platelets with --platelet-doses)."""
    collection = _collection(date, district, channel, volume_ml, donations, unit, site,
                             platelet_doses)
    response = call(ctx, stub(ctx).RecordCollection,
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
            "channel": channel_name(row.channel),
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
                                        include_corrected=corrected,
                                        from_date=optional_date(from_date, "--from"),
                                        to_date=optional_date(to_date, "--to"))
    rows = [_stored_record(r)
            for r in every_page(ctx, stub(ctx).ListCollections, request, "collections")]
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
    response = call(ctx, stub(ctx).WithdrawCollection, pb.WithdrawCollectionRequest(
        request_id=request_id(ctx), collection_id=collection_id, reason=_said(reason)))
    render_record(_stored_record(response.withdrawn), title="Withdrawn",
                  output=state(ctx).output)


@app.command()
def amend(
    ctx: typer.Context, collection_id: CollectionId, reason: Reason,
    date: DonationDate, district: District, channel: Channel, volume_ml: VolumeMl = 0,
    donations: Donations = 1, unit: Unit = "", site: Site = "", platelet_doses: PlateletDoses = 0,
) -> None:
    """Amend a collection row: the row as it should have been replaces it; the old row stays
    stored, out of force."""
    collection = _collection(date, district, channel, volume_ml, donations, unit, site,
                             platelet_doses)
    response = call(ctx, stub(ctx).AmendCollection, pb.AmendCollectionRequest(
        request_id=request_id(ctx), collection_id=collection_id, reason=_said(reason),
        collection=collection))
    render([_stored_record(response.amended), _stored_record(response.replacement)],
           title="Amended", output=state(ctx).output)


