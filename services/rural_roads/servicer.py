"""gRPC transport of ``cityscore.rural_roads.v1.RuralRoadsService``.

Each RPC maps its request, opens one unit of work, calls the domain rules and the repository,
and maps back. Survey chunks are separate units of work, so a failed chunk leaves the survey
as it was before it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import grpc
import numpy as np
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import and_, or_
from sqlmodel import Session, SQLModel, col

from cityscore.core.districts import all_districts, is_district
from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import Access, Role, current_principal, require_district
from cityscore.core.service import ServiceRuntime, ServiceSpec
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.rural_roads import domain, mapping, models
from cityscore.services.rural_roads import repository as repo

SERVICE_NAME = "rural_roads"
EXPORT_BATCH = 2000
MAX_WORST_UNITS = 1000
MAX_PAGE = 1000
MAX_DIFFERENCES = 20


# --- scope ---------------------------------------------------------------------------------


def _own_district(requested: str, field: str = "district") -> str:
    """The district a read is limited to: a district office's own, whatever it asked for."""
    principal = current_principal()
    if requested and not is_district(requested):
        raise InvalidArgument("unknown district", [FieldViolation(field, f"{requested!r} is "
                                                                         "not a district code")])
    if principal.role is Role.DISTRICT_OFFICE:
        require_district(principal, requested or principal.scope)
        return principal.scope
    return requested


def _require_districts(districts: Iterable[str], what: str) -> None:
    """District offices write only their own district's records (→ PERMISSION_DENIED)."""
    principal = current_principal()
    foreign = sorted({d for d in districts if not principal.may_act_for_district(d)})
    if foreign:
        raise PermissionDenied(f"{principal.name} may not write {what} of {', '.join(foreign)}",
                               reason="OUT_OF_SCOPE", metadata={"district": foreign[0]})


def _digest(message: Any) -> tuple[str, bytes]:
    """sha256 and bytes of a chunk without its request id: its content, nothing else."""
    copy = type(message)()
    copy.CopyFrom(message)
    copy.request_id = ""
    payload: bytes = copy.SerializeToString(deterministic=True)
    return hashlib.sha256(payload).hexdigest(), payload


# --- the servicer --------------------------------------------------------------------------


class RuralRoadsServicer(pb_grpc.RuralRoadsServiceServicer):
    def __init__(self, runtime: ServiceRuntime) -> None:
        self._runtime = runtime
        self._rules = domain.load_rules()
        registry = runtime.registry
        self._units_scored = Counter(
            "cityscore_rural_roads_units_scored", "Evaluation units scored and stored.",
            ("district",), registry=registry)
        self._upload_units = Counter(
            "cityscore_rural_roads_upload_units", "Evaluation units received in upload chunks.",
            registry=registry)
        self._chunk_seconds = Histogram(
            "cityscore_rural_roads_chunk_seconds",
            "Time to validate, score and store one upload chunk.", registry=registry,
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
        runtime.export_stored_state(functools.partial(_survey_gauges, rules=self._rules))

    # --- register ---------------------------------------------------------------------

    def ImportNetwork(self, request: pb.ImportNetworkRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.ImportNetworkResponse:
        return self._runtime.mutate(request, pb.ImportNetworkResponse,
                                    lambda session: self._import_network(session, request))

    def _import_network(self, session: Session, request: pb.ImportNetworkRequest
                        ) -> pb.ImportNetworkResponse:
        bad = ViolationCollector()
        towns = {t.code: t.district for t in request.towns}
        known_towns = repo.districts_of(session=session, model=models.Town, codes=[
            *(v.town for v in request.villages), *(r.town for r in request.roads)])
        known_towns.update(towns)
        roads_in_request = {r.code: known_towns.get(r.town, "") for r in request.roads}
        known_roads = repo.districts_of(session=session, model=models.Road, codes=[
            *(b.road for b in request.bridges), *(h.road for h in request.hazard_sites)])
        known_roads.update(roads_in_request)

        def located(where: str, code: str, parent: str, table: dict[str, str], kind: str
                    ) -> str:
            if not code.strip():
                bad.add(f"{where}.code", "a code is required")
            if parent not in table:
                bad.add(f"{where}.{kind}", f"unknown {kind} {parent!r}")
            return table.get(parent, "")

        town_rows = []
        for i, t in enumerate(request.towns):
            if not t.code.strip():
                bad.add(f"towns[{i}].code", "a code is required")
            if not is_district(t.district):
                bad.add(f"towns[{i}].district", f"{t.district!r} is not a district code")
            town_rows.append({"code": t.code, "district": t.district, "name": t.name})
        village_rows = [{"code": v.code, "town": v.town, "name": v.name,
                         "district": located(f"villages[{i}]", v.code, v.town, known_towns,
                                             "town"),
                         "has_bus_service": v.has_bus_service,
                         "has_two_lane_road": v.has_two_lane_road}
                        for i, v in enumerate(request.villages)]
        road_rows = [self._road_row(i, r, located(f"roads[{i}]", r.code, r.town, known_towns,
                                                  "town"), bad)
                     for i, r in enumerate(request.roads)]
        bridge_rows = [{"code": b.code, "road": b.road, "name": b.name, "dangerous": b.dangerous,
                        "district": located(f"bridges[{i}]", b.code, b.road, known_roads, "road")}
                       for i, b in enumerate(request.bridges)]
        hazard_rows = []
        for i, h in enumerate(request.hazard_sites):
            where = f"hazard_sites[{i}]"
            district = located(where, h.code, h.road, known_roads, "road")
            kind = mapping.HAZARD_KINDS.get(h.kind)
            if kind is None:
                bad.add(f"{where}.kind", "riverside, high_embankment, poor_sight_distance, "
                                         "through_town or flooding_underpass")
            if not 1949 < h.identified_year < 2200:
                bad.add(f"{where}.identified_year", "a year is required")
            if h.remediated_year and h.remediated_year < h.identified_year:
                bad.add(f"{where}.remediated_year", "before the year the site was identified")
            hazard_rows.append({"code": h.code, "road": h.road, "district": district,
                                "kind": kind or "", "identified_year": h.identified_year,
                                "remediated_year": h.remediated_year or None})
        bad.raise_if_any("the network import has invalid records")
        sections: list[tuple[str, type[SQLModel], list[dict[str, Any]]]] = [
            ("towns", models.Town, town_rows), ("villages", models.Village, village_rows),
            ("roads", models.Road, road_rows), ("bridges", models.Bridge, bridge_rows),
            ("hazard_sites", models.HazardSite, hazard_rows)]
        for name, _model, rows in sections:
            _require_districts((r["district"] for r in rows), name)
        response = pb.ImportNetworkResponse()
        for name, model, rows in sections:
            created, updated = repo.upsert_by_code(session=session, model=model, rows=rows)
            getattr(response, name).CopyFrom(pb.ImportCounts(created=created, updated=updated))
        self._runtime.audit(session, action="import_network", entity_type="network",
                            entity_id=",".join(sorted({r["district"] for _, _, rows in sections
                                                       for r in rows})),
                            detail={name: len(rows) for name, _, rows in sections})
        return response

    @staticmethod
    def _road_row(i: int, r: pb.Road, district: str, bad: ViolationCollector
                  ) -> dict[str, Any]:
        where = f"roads[{i}]"
        names = {}
        for field, table, value in (("road_class", mapping.ROAD_CLASSES, r.road_class),
                                    ("technical_grade", mapping.GRADES, r.technical_grade),
                                    ("surface", mapping.SURFACES, r.surface)):
            names[field] = table.get(value, "")
            if not names[field]:
                bad.add(f"{where}.{field}", f"one of {', '.join(table.values())}")
        if not (r.length_m > 0 and math.isfinite(r.length_m)):
            bad.add(f"{where}.length_m", "must be a positive length in metres")
        if not (r.width_m > 0 and math.isfinite(r.width_m)):
            bad.add(f"{where}.width_m", "must be a positive pavement width in metres")
        if r.lanes < 1:
            bad.add(f"{where}.lanes", "at least 1 lane")
        if r.greenable_km < 0 or r.greened_km < 0:
            bad.add(f"{where}.greenable_km", "greening lengths must not be negative")
        elif r.greened_km > r.greenable_km:
            bad.add(f"{where}.greened_km", "more greened than greenable km")
        # Some inventories record greenable "mileage" as an area in m² (rural_roads.md §2.4).
        if r.length_m > 0 and r.greenable_km > 2 * r.length_m / 1000 + 1e-9:
            bad.add(f"{where}.greenable_km", "more than both sides of the road: an area in m² "
                                             "instead of km?")
        return {"code": r.code, "town": r.town, "district": district, "name": r.name,
                "length_m": r.length_m, "width_m": r.width_m, "lanes": r.lanes,
                "greenable_km": r.greenable_km, "greened_km": r.greened_km, **names}

    def RecordWorks(self, request: pb.RecordWorksRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.RecordWorksResponse:
        return self._runtime.mutate(request, pb.RecordWorksResponse,
                                    lambda session: self._record_works(session, request))

    def _record_works(self, session: Session, request: pb.RecordWorksRequest
                      ) -> pb.RecordWorksResponse:
        bad = ViolationCollector()
        projects = []
        for i, p in enumerate(request.upgrade_projects):
            where = f"upgrade_projects[{i}]"
            if not p.code.strip():
                bad.add(f"{where}.code", "a code is required")
            if not is_district(p.district):
                bad.add(f"{where}.district", f"{p.district!r} is not a district code")
            if p.kind not in mapping.PROJECT_KINDS:
                bad.add(f"{where}.kind", "new_build, rebuild or upgrade")
            if not (p.length_km >= 0 and math.isfinite(p.length_km)):
                bad.add(f"{where}.length_km", "must not be negative")
            if not 1949 < p.completed_year < 2200:
                bad.add(f"{where}.completed_year", "a year is required")
            projects.append({"code": p.code, "district": p.district,
                             "kind": mapping.PROJECT_KINDS.get(p.kind, ""),
                             "length_km": p.length_km, "completed_year": p.completed_year,
                             "first_handover_passed": p.first_handover_passed})
        years = []
        for i, d in enumerate(request.district_years):
            where = f"district_years[{i}]"
            if not is_district(d.district):
                bad.add(f"{where}.district", f"{d.district!r} is not a district code")
            if not 1949 < d.year < 2200:
                bad.add(f"{where}.year", "a year is required")
            for name in ("specialists", "major_medium_maintenance_km",
                         "safety_works_identified", "safety_works_remediated", "greenable_km",
                         "greened_km"):
                if getattr(d, name) < 0:
                    bad.add(f"{where}.{name}", "must not be negative")
            if d.safety_works_remediated > d.safety_works_identified:
                bad.add(f"{where}.safety_works_remediated", "more remediated than identified")
            if d.greened_km > d.greenable_km:
                bad.add(f"{where}.greened_km", "more greened than greenable km")
            try:
                years.append(mapping.district_year_from_proto(d, where))
            except InvalidArgument as error:
                bad.violations.extend(error.violations)
        bad.raise_if_any("the works records are invalid")
        _require_districts([r["district"] for r in projects + years], "works")
        created_p, updated_p = repo.upsert_by_code(session=session, model=models.UpgradeProject,
                                                   rows=projects)
        created_y, updated_y = repo.upsert_district_years(session=session, rows=years)
        self._runtime.audit(session, action="record_works", entity_type="works",
                            entity_id=",".join(sorted({r["district"] for r in projects + years})),
                            detail={"upgrade_projects": len(projects),
                                    "district_years": len(years)})
        return pb.RecordWorksResponse(
            upgrade_projects=pb.ImportCounts(created=created_p, updated=updated_p),
            district_years=pb.ImportCounts(created=created_y, updated=updated_y))

    def ListRoads(self, request: pb.ListRoadsRequest,  # noqa: N802
                  context: grpc.ServicerContext) -> pb.ListRoadsResponse:
        district = _own_district(request.district)
        size = min(request.page_size or 100, MAX_PAGE)
        try:
            offset = int(request.page_token or 0)
        except ValueError:
            raise InvalidArgument("bad page token", [FieldViolation(
                "page_token", "use the next_page_token of the previous page")]) from None
        with self._runtime.read() as session:
            roads = [mapping.road_to_proto(r) for r in repo.list_roads(
                session=session, district=district, town=request.town, offset=offset,
                limit=size + 1)]
        return pb.ListRoadsResponse(roads=roads[:size], next_page_token=str(offset + size)
                                    if len(roads) > size else "")

    # --- surveys ----------------------------------------------------------------------

    def _survey(self, session: Session, year: int, *, for_update: bool = False
                ) -> models.Survey:
        found = repo.survey(session=session, year=year, for_update=for_update)
        if found is None:
            raise NotFound("survey", str(year))
        return found

    def CreateSurvey(self, request: pb.CreateSurveyRequest,  # noqa: N802
                     context: grpc.ServicerContext) -> pb.CreateSurveyResponse:
        if not 2000 <= request.year <= 2100:
            raise InvalidArgument("the survey year is out of range", [FieldViolation(
                "year", "a year from 2000 to 2100")])

        def work(session: Session) -> pb.CreateSurveyResponse:
            if repo.survey(session=session, year=request.year) is not None:
                raise AlreadyExists("survey", str(request.year))
            survey = models.Survey(year=request.year, note=request.note)
            session.add(survey)
            session.flush()
            self._runtime.audit(session, action="create_survey", entity_type="survey",
                                entity_id=str(request.year), detail={"note": request.note})
            return pb.CreateSurveyResponse(survey=mapping.survey_to_proto(survey))

        return self._runtime.mutate(request, pb.CreateSurveyResponse, work)

    def GetSurvey(self, request: pb.GetSurveyRequest,  # noqa: N802
                  context: grpc.ServicerContext) -> pb.GetSurveyResponse:
        with self._runtime.read() as session:
            return pb.GetSurveyResponse(survey=mapping.survey_to_proto(
                self._survey(session, request.year)))

    def ListSurveys(self, request: pb.ListSurveysRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.ListSurveysResponse:
        with self._runtime.read() as session:
            return pb.ListSurveysResponse(surveys=[mapping.survey_to_proto(s)
                                                   for s in repo.surveys(session=session)])

    def UploadSurveyUnits(self, request_iterator: Iterator[pb.UploadSurveyUnitsRequest],  # noqa: N802
                          context: grpc.ServicerContext) -> pb.UploadSurveyUnitsResponse:
        stored = skipped = scored = 0
        year: int | None = None
        for chunk in request_iterator:
            if year is not None and chunk.year != year:
                raise InvalidArgument("one upload is for one survey", [FieldViolation(
                    f"chunks[{chunk.chunk_index}].year", f"expected {year}")])
            year = chunk.year
            started = time.perf_counter()
            receipt = self._runtime.mutate(chunk, pb.ChunkReceipt,
                                           functools.partial(self._store_chunk, chunk=chunk))
            self._chunk_seconds.observe(time.perf_counter() - started)
            skipped += receipt.already_stored
            stored += not receipt.already_stored
            scored += receipt.units_scored
        if year is None:
            raise InvalidArgument("the upload has no chunks", [FieldViolation(
                "chunks", "send at least one chunk")])
        with self._runtime.read() as session:
            next_chunk = self._survey(session, year).next_chunk_index
        return pb.UploadSurveyUnitsResponse(chunks_stored=stored, chunks_skipped=skipped,
                                            units_scored=scored, next_chunk_index=next_chunk)

    def _store_chunk(self, session: Session, chunk: pb.UploadSurveyUnitsRequest
                     ) -> pb.ChunkReceipt:
        survey = self._survey(session, chunk.year, for_update=True)
        assert survey.id is not None
        if survey.state == "closed":
            raise FailedPrecondition("the survey is closed", [PreconditionViolation(
                "SURVEY_CLOSED", f"survey {survey.year}", "closed surveys take no more units")])
        where = f"chunks[{chunk.chunk_index}].chunk_index"
        digest, payload = _digest(chunk)
        if chunk.chunk_index < survey.next_chunk_index:
            previous = repo.chunk(session=session, survey_id=survey.id,
                                  chunk_index=chunk.chunk_index)
            if previous is not None and previous.digest == digest:
                return pb.ChunkReceipt(chunk_index=chunk.chunk_index, already_stored=True)
            raise InvalidArgument(f"chunk {chunk.chunk_index} is already stored", [FieldViolation(
                where, f"repeated with different content; the next chunk is "
                       f"{survey.next_chunk_index}")], reason="CHUNK_REPEATED")
        if chunk.chunk_index > survey.next_chunk_index:
            raise InvalidArgument(f"chunk {chunk.chunk_index} is out of order", [FieldViolation(
                where, f"expected chunk {survey.next_chunk_index}")], reason="CHUNK_OUT_OF_ORDER")
        self._upload_units.inc(len(chunk.road_index))
        facts = repo.road_facts(session=session, codes=list(chunk.road_codes))
        _require_districts((facts[c].district for c in chunk.road_codes if c in facts),
                           "survey units")
        units = domain.score_chunk(mapping.chunk_from_proto(chunk), facts, self._rules)
        self._check_duplicates(session, survey.id, chunk.chunk_index, units)
        session.add(models.SurveyChunk(
            survey_id=survey.id, chunk_index=chunk.chunk_index, digest=digest, payload=payload,
            roads_json=json.dumps([f.as_json() for f in units.roads]), units=len(units.road),
            uploaded_by=current_principal().name))
        repo.insert_units(session=session, survey_id=survey.id, chunk_index=chunk.chunk_index,
                          units=units)
        survey.next_chunk_index += 1
        survey.units += len(units.road)
        survey.evaluated_m += float(units.length_m.sum())
        session.add(survey)
        self._runtime.audit(session, action="upload_chunk", entity_type="survey",
                            entity_id=str(survey.year),
                            detail={"chunk_index": chunk.chunk_index, "units": len(units.road),
                                    "digest": digest})
        districts, counts = np.unique(np.array([f.district for f in units.roads])[units.road],
                                      return_counts=True)
        for district, count in zip(districts.tolist(), counts.tolist(), strict=True):
            self._units_scored.labels(district).inc(count)
        return pb.ChunkReceipt(chunk_index=chunk.chunk_index, units_scored=len(units.road))

    @staticmethod
    def _check_duplicates(session: Session, survey_id: int, chunk_index: int,
                          units: domain.ScoredUnits) -> None:
        """A road's chainage is surveyed once per survey: within the chunk and across chunks."""
        pairs = [(units.roads[r].code, s) for r, s in zip(units.road.tolist(),
                                                           units.start_m.tolist(), strict=True)]
        seen: set[tuple[str, float]] = set()
        repeated = []
        for i, pair in enumerate(pairs):
            if pair in seen:
                repeated.append((i, "repeats a unit of this chunk"))
            seen.add(pair)
        already = repo.stored_chainages(session=session, survey_id=survey_id, pairs=pairs)
        repeated += [(i, "already uploaded in an earlier chunk") for i, pair in enumerate(pairs)
                     if pair in already]
        if repeated:
            raise InvalidArgument(f"chunk {chunk_index} repeats {len(repeated)} units", [
                FieldViolation(f"chunks[{chunk_index}].units[{i}].start_m",
                               f"road {pairs[i][0]} at {pairs[i][1]:g} m: {text}")
                for i, text in sorted(repeated)[:domain.MAX_REPORTED_VIOLATIONS]])

    def CloseSurvey(self, request: pb.CloseSurveyRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.CloseSurveyResponse:
        def work(session: Session) -> pb.CloseSurveyResponse:
            survey = self._survey(session, request.year, for_update=True)
            assert survey.id is not None
            if survey.state == "closed":
                raise FailedPrecondition("the survey is already closed", [PreconditionViolation(
                    "SURVEY_CLOSED", f"survey {survey.year}", "it was closed before")])
            if survey.units == 0:
                raise FailedPrecondition("the survey has no units", [PreconditionViolation(
                    "SURVEY_EMPTY", f"survey {survey.year}", "upload units before closing")])
            units, stored = repo.unit_columns(session=session, survey_id=survey.id)
            rows = domain.aggregate(units, self._rules)
            chunk_digests = [c.digest for c in repo.chunks(session=session, survey_id=survey.id)]
            survey.state = "closed"
            survey.closed_at = self._runtime.clock.now()
            survey.rule_version = self._rules.version
            survey.rules_digest = self._rules.digest
            survey.parameter_sets = json.dumps(repo.parameter_sets(session=session,
                                                                   survey_id=survey.id))
            survey.input_digest = domain.input_digest(chunk_digests, self._rules)
            survey.result_digest = domain.result_digest(units.road, stored, rows)
            session.add(survey)
            repo.replace_aggregates(session=session, survey_id=survey.id,
                                    rows=[mapping.aggregate_row_to_record(r) for r in rows])
            self._runtime.audit(session, action="close_survey", entity_type="survey",
                                entity_id=str(survey.year),
                                detail={"units": survey.units,
                                        "result_digest": survey.result_digest})
            city = next(r for r in rows if r.level == "city")
            return pb.CloseSurveyResponse(
                survey=mapping.survey_to_proto(survey),
                provenance=mapping.provenance_to_proto(survey),
                city=mapping.aggregate_to_proto(models.Aggregate(
                    survey_id=survey.id, **mapping.aggregate_row_to_record(city))))

        return self._runtime.mutate(request, pb.CloseSurveyResponse, work)

    def GetSurveyReport(self, request: pb.GetSurveyReportRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> pb.GetSurveyReportResponse:
        level = mapping.enum_name(mapping.LEVELS, request.level, "level")
        district = "" if level == "city" else _own_district(request.district)
        with self._runtime.read() as session:
            survey = self._closed(session, request.year)
            assert survey.id is not None
            rows = repo.aggregates(session=session, survey_id=survey.id, level=level,
                                   district=district)
            return pb.GetSurveyReportResponse(
                aggregates=[mapping.aggregate_to_proto(r) for r in rows],
                provenance=mapping.provenance_to_proto(survey))

    def _closed(self, session: Session, year: int) -> models.Survey:
        survey = self._survey(session, year)
        if survey.state != "closed":
            raise FailedPrecondition("the survey is still open", [PreconditionViolation(
                "SURVEY_OPEN", f"survey {year}", "close the survey to produce its report")])
        return survey

    def ReplaySurveyReport(self, request: pb.ReplaySurveyReportRequest,  # noqa: N802
                           context: grpc.ServicerContext) -> pb.ReplaySurveyReportResponse:
        with self._runtime.read() as session:
            survey = self._closed(session, request.year)
            assert survey.id is not None
            scored, digests = [], []
            for stored_chunk in repo.chunks(session=session, survey_id=survey.id):
                digests.append(hashlib.sha256(stored_chunk.payload).hexdigest())
                chunk = pb.UploadSurveyUnitsRequest.FromString(stored_chunk.payload)
                facts = {f[0]: domain.RoadFacts.from_json(f)
                         for f in json.loads(stored_chunk.roads_json)}
                scored.append(domain.score_chunk(mapping.chunk_from_proto(chunk), facts,
                                                 self._rules))
            _units, stored = repo.unit_columns(session=session, survey_id=survey.id)
            provenance = mapping.provenance_to_proto(survey)
        replay = domain.replay(scored, digests, stored, self._rules)
        recomputed = pb.ReportProvenance(rule_version=self._rules.version,
                                         parameter_sets=replay.parameter_sets,
                                         input_digest=replay.input_digest,
                                         result_digest=replay.result_digest)
        differences = list(replay.differences)
        if replay.input_digest != provenance.input_digest:
            differences.insert(0, "input digest differs (stored chunks or rules changed)")
        if replay.result_digest != provenance.result_digest:
            differences.insert(0, "result digest differs")
        return pb.ReplaySurveyReportResponse(
            matches=not differences, stored=provenance,
            recomputed=recomputed, differences=differences[:MAX_DIFFERENCES])

    def ListWorstUnits(self, request: pb.ListWorstUnitsRequest,  # noqa: N802
                       context: grpc.ServicerContext) -> pb.ListWorstUnitsResponse:
        district = _own_district(request.district)
        limit = min(request.limit or 20, MAX_WORST_UNITS)
        with self._runtime.read() as session:
            survey = self._survey(session, request.year)
            assert survey.id is not None
            if request.road:
                road = repo.districts_of(session=session, model=models.Road,
                                         codes=[request.road])
                if not road:
                    raise NotFound("road", request.road)
                district = _own_district(road[request.road]) if district else ""
            units = repo.worst_units(session=session, survey_id=survey.id, road=request.road,
                                     district=district, limit=limit)
            return pb.ListWorstUnitsResponse(units=[mapping.unit_to_proto(u) for u in units])

    def ExportSurveyUnits(self, request: pb.ExportSurveyUnitsRequest,  # noqa: N802
                          context: grpc.ServicerContext
                          ) -> Iterator[pb.ExportSurveyUnitsResponse]:
        district = _own_district(request.district)
        with self._runtime.read() as session:
            survey = self._survey(session, request.year)
            assert survey.id is not None
            for page in repo.export_units(session=session, survey_id=survey.id,
                                          district=district, batch=EXPORT_BATCH):
                yield pb.ExportSurveyUnitsResponse(units=[mapping.unit_to_proto(u)
                                                          for u in page])

    # --- targets -----------------------------------------------------------------------

    def GetTargetReport(self, request: pb.GetTargetReportRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> pb.GetTargetReportResponse:
        district = _own_district(request.district)
        if not 1949 < request.year < 2200:
            raise InvalidArgument("the year is out of range", [FieldViolation(
                "year", "a year is required")])
        level = "district" if district else "city"
        with self._runtime.read() as session:
            records = _TargetRecords.read(session, self._rules.targets, request.year, district)
            current = _survey_results(session, request.year, level, district)
            previous = _survey_results(session, request.year - 1, level, district)
            facts = records.facts([district] if district else records.districts(),
                                  current.get(district), previous.get(district))
        results = domain.evaluate_targets(facts, self._rules.targets)
        failing = sum(r.status is domain.Status.FAIL for r in results)
        return pb.GetTargetReportResponse(
            year=request.year, district=district, failing=failing,
            targets=[mapping.target_to_proto(r) for r in results],
            rule_version=self._rules.version)


def _survey_results(session: Session, year: int, level: str, district: str
                    ) -> dict[str, models.Aggregate]:
    """The stored results of the year's survey, if closed, by district ("" for the city)."""
    survey = repo.survey(session=session, year=year)
    if survey is None or survey.state != "closed" or survey.id is None:
        return {}
    return {row.district if level == "district" else "": row for row in repo.aggregates(
        session=session, survey_id=survey.id, level=level, district=district)}


@dataclasses.dataclass(frozen=True)
class _TargetRecords:
    """The recorded facts targets T1-T17 read for one year, summed per district in one grouped
    query each, so a district's report, the city's and every district's gauge read alike."""

    year: int
    villages: dict[str, int]
    villages_two_lane: dict[str, int]
    villages_bus: dict[str, int]
    district_years: dict[str, models.DistrictYear]
    district_years_before: dict[str, models.DistrictYear]
    register_greening: dict[str, tuple[float, float]]
    upgrade_km: dict[str, float]
    hazards_remediated: dict[str, int]
    hazards_open: dict[str, int]
    network_m: dict[str, float]
    projects_handed_over: dict[str, int]
    projects_passed: dict[str, int]
    township_village_m: dict[str, float]
    network_districts: set[str]
    plan_approvals: dict[str, Any]
    dangerous_bridges: dict[str, int]
    bridges: dict[str, int]

    @classmethod
    def read(cls, session: Session, policy: domain.TargetPolicy, year: int, district: str
             ) -> _TargetRecords:
        """Every district's records (only ``district``'s when given)."""

        def scoped(model: Any) -> list[Any]:
            return [model.district == district] if district else []

        def count(model: Any, *conditions: Any) -> dict[str, int]:
            return repo.count_by_district(session=session, model=model,
                                          conditions=[*scoped(model), *conditions])

        def total(model: Any, column: Any, *conditions: Any) -> dict[str, float]:
            return repo.sum_by_district(session=session, model=model, column=column,
                                        conditions=[*scoped(model), *conditions])

        def district_years(in_year: int) -> dict[str, models.DistrictYear]:
            return {y.district: y for y in repo.district_years(
                session=session, year=in_year, district=district)}

        p, h, r = models.UpgradeProject, models.HazardSite, models.Road
        village, bridge = models.Village, models.Bridge
        since = policy.cumulative_from_year
        in_period = and_(col(p.completed_year) >= since, col(p.completed_year) <= year)
        return cls(
            year=year, villages=count(village),
            villages_two_lane=count(village, col(village.has_two_lane_road)),
            villages_bus=count(village, col(village.has_bus_service)),
            district_years=district_years(year), district_years_before=district_years(year - 1),
            register_greening=repo.greening_by_district(session=session, district=district),
            upgrade_km=total(p, p.length_km, in_period),
            hazards_remediated=count(h, col(h.remediated_year) >= since,
                                     col(h.remediated_year) <= year),
            hazards_open=count(h, col(h.identified_year) <= year,
                               or_(col(h.remediated_year).is_(None),
                                   col(h.remediated_year) > year)),
            network_m=total(r, r.length_m),
            projects_handed_over=count(p, in_period),
            projects_passed=count(p, in_period, col(p.first_handover_passed)),
            township_village_m=repo.township_village_m(session=session, district=district),
            network_districts=set(repo.districts_with_roads(session=session, district=district)),
            plan_approvals=repo.plan_approvals(session=session, district=district),
            dangerous_bridges=count(bridge, col(bridge.dangerous)), bridges=count(bridge))

    def districts(self) -> list[str]:
        """Every district with a record of any kind."""
        found: set[str] = set(self.network_districts)
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, dict):
                found.update(value)
        return sorted(found)

    def facts(self, keys: Sequence[str], current: models.Aggregate | None,
              previous: models.Aggregate | None) -> domain.TargetFacts:
        """The facts of the districts ``keys`` taken together (one district, or the city) with
        their survey results; greening is the statistics report's where recorded, else (this
        year only) the road register's."""

        def add(table: Mapping[str, float]) -> Any:
            return sum(table.get(k, 0) for k in keys)

        greening = [_reported_greening(self.district_years.get(k))
                    or self.register_greening.get(k, (0.0, 0.0)) for k in keys]
        before = [g for k in keys if (g := _reported_greening(self.district_years_before.get(k)))]
        years = [self.district_years[k] for k in keys if k in self.district_years]
        return domain.TargetFacts(
            year=self.year, villages=add(self.villages),
            villages_two_lane=add(self.villages_two_lane), villages_bus=add(self.villages_bus),
            survey_pqi=None if current is None else current.pqi,
            survey_share=None if current is None else current.share,
            previous_pqi=None if previous is None else previous.pqi,
            greenable_km=sum(g[0] for g in greening), greened_km=sum(g[1] for g in greening),
            previous_greening=sum(b[1] for b in before) / sum(b[0] for b in before)
            if before else None,
            safety_identified=sum(y.safety_works_identified for y in years),
            safety_remediated=sum(y.safety_works_remediated for y in years),
            upgrade_km_cumulative=add(self.upgrade_km),
            hazard_remediated_cumulative=add(self.hazards_remediated),
            hazard_open=add(self.hazards_open),
            major_medium_km=sum(y.major_medium_maintenance_km for y in years) if years else None,
            network_m=add(self.network_m),
            projects_handed_over=add(self.projects_handed_over),
            projects_passed=add(self.projects_passed),
            township_village_m={k: self.township_village_m[k] for k in keys
                                if k in self.township_village_m},
            specialists={y.district: y.specialists for y in years},
            evaluated_m=0.0 if current is None else current.evaluated_km * 1000,
            plan_approvals={k: self.plan_approvals.get(k) for k in keys
                            if k in self.network_districts},
            dangerous_bridges=add(self.dangerous_bridges), bridges=add(self.bridges))


def _reported_greening(year: models.DistrictYear | None) -> tuple[float, float] | None:
    """Greenable and greened km of a statistics report that records them (§2.4, T4)."""
    if year is None or year.greenable_km <= 0:
        return None
    return year.greenable_km, year.greened_km


def _survey_gauges(session: Session, *, rules: domain.Rules) -> list[GaugeMetricFamily]:
    """PQI and excellent-good-fair share of each district in the latest closed survey, and
    the targets each district fails in that year."""
    pqi = GaugeMetricFamily("cityscore_rural_roads_pqi",
                            "Length-weighted PQI per district in the latest closed survey.",
                            labels=["district"])
    share = GaugeMetricFamily(
        "cityscore_rural_roads_excellent_good_fair_ratio",
        "Share of evaluated length with PQI >= 70 per district, latest closed survey.",
        labels=["district"])
    failing = GaugeMetricFamily(
        "cityscore_rural_roads_targets_failing",
        "Targets failing per district in the year of the latest closed survey.",
        labels=["district"])
    closed = [s.year for s in repo.surveys(session=session) if s.state == "closed"]
    if closed:
        year = closed[0]
        current = _survey_results(session, year, "district", "")
        previous = _survey_results(session, year - 1, "district", "")
        records = _TargetRecords.read(session, rules.targets, year, "")
        for row in current.values():
            if row.pqi is not None and row.share is not None:
                pqi.add_metric([row.district], row.pqi)
                share.add_metric([row.district], row.share)
        for district in all_districts():
            code = district.code
            results = domain.evaluate_targets(
                records.facts([code], current.get(code), previous.get(code)), rules.targets)
            failing.add_metric([code], sum(r.status is domain.Status.FAIL for r in results))
    return [pqi, share, failing]


# --- hosting -------------------------------------------------------------------------------

_WRITERS = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
_CITY = Access.of(Role.CITY_OFFICE)
_READERS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.DISTRICT_OFFICE, Role.OPERATOR)


def _register(server: grpc.Server, runtime: ServiceRuntime | None) -> None:
    if runtime is None:
        raise ValueError("rural_roads needs a database runtime")
    pb_grpc.add_RuralRoadsServiceServicer_to_server(RuralRoadsServicer(runtime), server)


SERVICE = ServiceSpec(
    name=SERVICE_NAME,
    proto_service="cityscore.rural_roads.v1.RuralRoadsService",
    access={
        "ImportNetwork": _WRITERS, "RecordWorks": _WRITERS, "ListRoads": _READERS,
        "CreateSurvey": _CITY, "GetSurvey": _READERS, "ListSurveys": _READERS,
        "UploadSurveyUnits": _WRITERS, "CloseSurvey": _CITY, "GetSurveyReport": _READERS,
        "ReplaySurveyReport": _READERS, "ListWorstUnits": _READERS,
        "ExportSurveyUnits": _READERS, "GetTargetReport": _READERS,
    },
    register=_register,
    models_module="cityscore.services.rural_roads.models",
)
