"""A survey's evaluation units: uploaded in chunks (each chunk scored and stored in its own
unit of work, so an interrupted upload resumes at the next chunk), listed worst first,
exported page by page."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from collections.abc import Iterator
from functools import partial
from typing import Any

from sqlmodel import Session

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
)
from cityscore.core.grpc import paging
from cityscore.core.grpc.rpc import HANDLER, STORED_ROWS, district_field, rpc
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import domain, mapping, models
from cityscore.services.rural_roads import repository as repo
from cityscore.services.rural_roads.rpc.common import (
    READERS,
    WRITERS,
    RoadsCall,
    own_district,
    require_districts,
    survey,
)

EXPORT_BATCH = 2000
WORST_PAGE_SIZE = 20


@rpc(access=WRITERS, scope=STORED_ROWS, writes=True, units=HANDLER)
def upload_survey_units(request: Iterator[pb.UploadSurveyUnitsRequest], call: RoadsCall
                        ) -> pb.UploadSurveyUnitsResponse:
    """Every chunk of one survey, each stored once: a chunk sent again with the same content
    is skipped, so a client resumes an interrupted upload by sending it all again."""
    stored = skipped = scored = 0
    year: int | None = None
    for chunk in request:
        if year is not None and chunk.year != year:
            raise InvalidArgument("one upload is for one survey", [FieldViolation(
                f"chunks[{chunk.chunk_index}].year", f"expected {year}")])
        year = chunk.year
        started = time.perf_counter()
        receipt = call.mutate(chunk, pb.ChunkReceipt,
                              functools.partial(_store_chunk, call=call, chunk=chunk))
        call.deps.chunk_seconds.observe(time.perf_counter() - started)
        skipped += receipt.already_stored
        stored += not receipt.already_stored
        scored += receipt.units_scored
    if year is None:
        raise InvalidArgument("the upload has no chunks", [FieldViolation(
            "chunks", "send at least one chunk")])
    with call.read() as session:
        next_chunk = survey(session, year).next_chunk_index
    return pb.UploadSurveyUnitsResponse(chunks_stored=stored, chunks_skipped=skipped,
                                        units_scored=scored, next_chunk_index=next_chunk)


def _digest(message: Any) -> tuple[str, bytes]:
    """sha256 and bytes of a chunk without its request id: its content, nothing else."""
    copy = type(message)()
    copy.CopyFrom(message)
    copy.request_id = ""
    payload: bytes = copy.SerializeToString(deterministic=True)
    return hashlib.sha256(payload).hexdigest(), payload


def _store_chunk(session: Session, *, call: RoadsCall, chunk: pb.UploadSurveyUnitsRequest
                 ) -> pb.ChunkReceipt:
    """Validate, score and store one chunk, in order; the same chunk again is a no-op."""
    target = survey(session, chunk.year, for_update=True,
                    field=f"chunks[{chunk.chunk_index}].year")
    assert target.id is not None
    if target.state == "closed":
        raise FailedPrecondition("the survey is closed", [PreconditionViolation(
            "SURVEY_CLOSED", f"survey {target.year}", "closed surveys take no more units")])
    where = f"chunks[{chunk.chunk_index}].chunk_index"
    digest, payload = _digest(chunk)
    if chunk.chunk_index < target.next_chunk_index:
        previous = repo.chunk(session=session, survey_id=target.id,
                              chunk_index=chunk.chunk_index)
        if previous is not None and previous.digest == digest:
            return pb.ChunkReceipt(chunk_index=chunk.chunk_index, already_stored=True)
        raise InvalidArgument(f"chunk {chunk.chunk_index} is already stored", [FieldViolation(
            where, f"repeated with different content; the next chunk is "
                   f"{target.next_chunk_index}")], reason="CHUNK_REPEATED")
    if chunk.chunk_index > target.next_chunk_index:
        raise InvalidArgument(f"chunk {chunk.chunk_index} is out of order", [FieldViolation(
            where, f"expected chunk {target.next_chunk_index}")], reason="CHUNK_OUT_OF_ORDER")
    call.deps.upload_units.inc(len(chunk.road_index))
    # The roads as the register held them at the end of the survey's year.
    facts = repo.road_facts(session=session, codes=list(chunk.road_codes),
                            day=dt.date(target.year, 12, 31))
    require_districts(call, (facts[c].district for c in chunk.road_codes if c in facts),
                      "survey units")
    units = domain.score_chunk(mapping.chunk_from_proto(chunk), facts,
                               domain.rules_for(target.rule_version))
    if units.repeats_a_chainage():
        domain.check_repeats(chunk.chunk_index, units.chainages(), set())
    try:
        repo.store_chunk(session=session, survey=target, chunk_index=chunk.chunk_index,
                         digest=digest, payload=payload, units=units,
                         uploaded_by=call.principal.name)
    except repo.ChainageClash:
        # The unique index refused a unit stored by an earlier chunk: name every such unit.
        pairs = units.chainages()
        domain.check_repeats(chunk.chunk_index, pairs, repo.stored_chainages(
            session=session, survey_id=target.id, pairs=pairs))
        raise
    call.audit(session, action="upload_chunk", entity_type="survey", entity_id=str(target.year),
               detail={"chunk_index": chunk.chunk_index, "units": len(units.road),
                       "digest": digest})
    for district, count in units.units_by_district().items():
        call.after_commit(partial(call.deps.units_scored.labels(district).inc, count))
    return pb.ChunkReceipt(chunk_index=chunk.chunk_index, units_scored=len(units.road))


@rpc(access=READERS, scope=district_field("district"))
def list_worst_units(request: pb.ListWorstUnitsRequest, call: RoadsCall, session: Session
                     ) -> pb.ListWorstUnitsResponse:
    """The lowest-PQI units of a survey, of one road or district, page by page (AIP-158).
    The deprecated ``limit`` is read as the page size when ``page_size`` is 0."""
    district = own_district(call, request.district)
    requested = request.page_size
    if not requested:
        if not 0 <= request.limit <= paging.MAX_PAGE_SIZE:
            raise InvalidArgument("limit is out of range", [FieldViolation(
                "limit", f"from 1 to {paging.MAX_PAGE_SIZE} (0: {WORST_PAGE_SIZE}); "
                         "use page_size")])
        requested = request.limit
    size = paging.page_size(requested, default=WORST_PAGE_SIZE)
    offset = paging.offset_from_token(request.page_token, "worst_units")
    found = survey(session, request.year)
    assert found.id is not None
    if request.road:
        road = repo.districts_of(session=session, model=models.Road, codes=[request.road])
        if not road:
            raise NotFound("road", request.road)
        district = own_district(call, road[request.road]) if district else ""
    units = repo.worst_units(session=session, survey_id=found.id, road=request.road,
                             district=district, offset=offset, limit=size + 1)
    return pb.ListWorstUnitsResponse(
        units=[mapping.unit_to_proto(u) for u in units[:size]],
        next_page_token=paging.next_offset_token("worst_units", offset, size, len(units)))


@rpc(access=READERS, scope=district_field("district"))
def export_survey_units(request: pb.ExportSurveyUnitsRequest, call: RoadsCall,
                        session: Session) -> Iterator[pb.ExportSurveyUnitsResponse]:
    """Every unit of a survey (of one district), streamed in pages."""
    district = own_district(call, request.district)
    found = survey(session, request.year)
    assert found.id is not None
    for page in repo.export_units(session=session, survey_id=found.id, district=district,
                                  batch=EXPORT_BATCH):
        yield pb.ExportSurveyUnitsResponse(units=[mapping.unit_to_proto(u) for u in page])
