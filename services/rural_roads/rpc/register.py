"""Reading the register: towns, villages, roads, bridges, hazard sites and upgrade projects as
they stood on a day, by district, page by page; and one record with all its versions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, col

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound
from cityscore.core.grpc.convert import optional_date_from_proto
from cityscore.core.grpc.paging import next_offset_token, offset_from_token, page_size
from cityscore.core.grpc.rpc import district_field, rpc
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import mapping, models
from cityscore.services.rural_roads import repository as repo
from cityscore.services.rural_roads.rpc.common import READERS, RoadsCall, own_district

ModelT = TypeVar("ModelT", bound=SQLModel)


def _page(call: RoadsCall, session: Session, request: Any, model: type[ModelT],
          where: Sequence[Any] = ()) -> tuple[list[ModelT], str]:
    """One page of ``model`` in code order, as the register stood on the request's ``as_of``
    (today when unset), limited to the caller's district; with the next page's token
    (AIP-158: a negative size is bad input, a size above the maximum gets the maximum)."""
    size = page_size(request.page_size)
    kind = str(model.__tablename__)
    offset = offset_from_token(request.page_token, kind)
    day = optional_date_from_proto(request, "as_of", "as_of") or call.clock.today()
    district = own_district(call, request.district)
    conditions = [*where, *([col(model.district) == district]  # type: ignore[attr-defined]
                            if district else [])]
    rows = repo.register_page(session=session, model=model, day=day, where=conditions,
                              offset=offset, limit=size + 1)
    return rows[:size], next_offset_token(kind, offset, size, len(rows))


@rpc(access=READERS, scope=district_field("district"))
def list_roads(request: pb.ListRoadsRequest, call: RoadsCall, session: Session
               ) -> pb.ListRoadsResponse:
    """A page of the register's roads, in code order."""
    where = [col(models.Road.town) == request.town] if request.town else []
    rows, token = _page(call, session, request, models.Road, where)
    return pb.ListRoadsResponse(roads=[mapping.road_to_proto(r) for r in rows],
                                next_page_token=token)


@rpc(access=READERS, scope=district_field("district"))
def list_towns(request: pb.ListTownsRequest, call: RoadsCall, session: Session
               ) -> pb.ListTownsResponse:
    """A page of the register's towns."""
    rows, token = _page(call, session, request, models.Town)
    return pb.ListTownsResponse(towns=[mapping.town_to_proto(r) for r in rows],
                                next_page_token=token)


@rpc(access=READERS, scope=district_field("district"))
def list_villages(request: pb.ListVillagesRequest, call: RoadsCall, session: Session
                  ) -> pb.ListVillagesResponse:
    """A page of the administrative villages with their T1 and T6 facts."""
    rows, token = _page(call, session, request, models.Village)
    return pb.ListVillagesResponse(villages=[mapping.village_to_proto(r) for r in rows],
                                   next_page_token=token)


@rpc(access=READERS, scope=district_field("district"))
def list_bridges(request: pb.ListBridgesRequest, call: RoadsCall, session: Session
                 ) -> pb.ListBridgesResponse:
    """A page of the bridges, dangerous ones flagged."""
    rows, token = _page(call, session, request, models.Bridge)
    return pb.ListBridgesResponse(bridges=[mapping.bridge_to_proto(r) for r in rows],
                                  next_page_token=token)


@rpc(access=READERS, scope=district_field("district"))
def list_hazard_sites(request: pb.ListHazardSitesRequest, call: RoadsCall, session: Session
                      ) -> pb.ListHazardSitesResponse:
    """A page of the hazard sites with the years identified and remediated."""
    rows, token = _page(call, session, request, models.HazardSite)
    return pb.ListHazardSitesResponse(
        hazard_sites=[mapping.hazard_site_to_proto(r) for r in rows], next_page_token=token)


@rpc(access=READERS, scope=district_field("district"))
def list_upgrade_projects(request: pb.ListUpgradeProjectsRequest, call: RoadsCall,
                          session: Session) -> pb.ListUpgradeProjectsResponse:
    """A page of the new-build, rebuild and upgrade projects."""
    rows, token = _page(call, session, request, models.UpgradeProject)
    return pb.ListUpgradeProjectsResponse(
        upgrade_projects=[mapping.project_to_proto(r) for r in rows], next_page_token=token)


_KINDS: dict[int, tuple[type[Any], str, Callable[[Any], Any]]] = {
    pb.REGISTER_KIND_TOWN: (models.Town, "town", mapping.town_to_proto),
    pb.REGISTER_KIND_VILLAGE: (models.Village, "village", mapping.village_to_proto),
    pb.REGISTER_KIND_ROAD: (models.Road, "road", mapping.road_to_proto),
    pb.REGISTER_KIND_BRIDGE: (models.Bridge, "bridge", mapping.bridge_to_proto),
    pb.REGISTER_KIND_HAZARD_SITE: (models.HazardSite, "hazard_site",
                                   mapping.hazard_site_to_proto),
    pb.REGISTER_KIND_UPGRADE_PROJECT: (models.UpgradeProject, "upgrade_project",
                                       mapping.project_to_proto),
}


@rpc(access=READERS)
def show_register_record(request: pb.ShowRegisterRecordRequest, call: RoadsCall,
                         session: Session) -> pb.ShowRegisterRecordResponse:
    """Every version of one record, oldest first, with the days each held; a district office
    sees only records whose latest version is in its district."""
    if request.kind not in _KINDS:
        raise InvalidArgument("kind must be set", [FieldViolation(
            "kind", "town, village, road, bridge, hazard_site or upgrade_project")])
    if not request.code.strip():
        raise InvalidArgument("code is required", [FieldViolation("code", "must be set")])
    model, field, to_proto = _KINDS[request.kind]
    found = repo.versions(session=session, model=model, code=request.code)
    if not found or not call.principal.may_act_for_district(found[-1].district):
        raise NotFound(field, request.code)
    return pb.ShowRegisterRecordResponse(versions=[
        pb.RecordVersion(valid_from=mapping.day_to_proto(v.valid_from),
                         valid_to=mapping.day_to_proto(v.valid_to),
                         recorded_by=v.recorded_by, **{field: to_proto(v)})
        for v in found])
