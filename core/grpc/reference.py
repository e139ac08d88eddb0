"""``cityscore.common.v1.ReferenceService``: the districts and the caller's identity."""

from __future__ import annotations

import grpc

from cityscore.common.v1 import common_pb2, common_pb2_grpc
from cityscore.core.districts import all_districts
from cityscore.core.grpc.auth import READ_ANY, Principal, Role, current_principal
from cityscore.core.service import ServiceRuntime, ServiceSpec

_ROLE_TO_PROTO = {
    Role.CITY_OFFICE: common_pb2.ROLE_CITY_OFFICE,
    Role.ASSESSOR: common_pb2.ROLE_ASSESSOR,
    Role.DISTRICT_OFFICE: common_pb2.ROLE_DISTRICT_OFFICE,
    Role.LPG_ENTERPRISE: common_pb2.ROLE_LPG_ENTERPRISE,
    Role.OPERATOR: common_pb2.ROLE_OPERATOR,
}


def principal_to_proto(principal: Principal) -> common_pb2.Principal:
    return common_pb2.Principal(name=principal.name, role=_ROLE_TO_PROTO[principal.role],
                                scope=principal.scope, anonymous=principal.anonymous)


class ReferenceServicer(common_pb2_grpc.ReferenceServiceServicer):
    def __init__(self) -> None:
        # The districts are fixed data shipped with the release: the answer is built once.
        self._districts = common_pb2.ListDistrictsResponse(districts=[
            common_pb2.District(code=d.code, name_zh=d.name_zh, name_en=d.name_en, order=d.order)
            for d in all_districts()])

    def ListDistricts(self, request: common_pb2.ListDistrictsRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> common_pb2.ListDistrictsResponse:
        return self._districts

    def WhoAmI(self, request: common_pb2.WhoAmIRequest,  # noqa: N802
               context: grpc.ServicerContext) -> common_pb2.WhoAmIResponse:
        return common_pb2.WhoAmIResponse(principal=principal_to_proto(current_principal()))


def _register(server: grpc.Server, _runtime: ServiceRuntime | None) -> None:
    common_pb2_grpc.add_ReferenceServiceServicer_to_server(ReferenceServicer(), server)


REFERENCE_SERVICE = ServiceSpec(
    name="reference",
    proto_service="cityscore.common.v1.ReferenceService",
    access={"ListDistricts": READ_ANY, "WhoAmI": READ_ANY},
    register=_register,
    uses_database=False,
)
