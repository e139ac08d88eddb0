"""``cityscore.wage_assessment.v1.WageAssessmentService``: its RPCs, declared one module per
resource under ``rpc/``, and what they share (the service's metrics)."""

from __future__ import annotations

from cityscore.core.grpc.rpc import service_spec
from cityscore.services.wage_assessment.metrics import WageDeps
from cityscore.services.wage_assessment.rpc import (
    consequences,
    corrections,
    cycles,
    grade_rules,
    grading,
    history,
    incidents,
    result_actions,
    schemes,
    self_checks,
    verifications,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

SERVICE = service_spec(
    name="wage_assessment", file=pb.DESCRIPTOR, service="WageAssessmentService",
    modules=[schemes, grade_rules, cycles, self_checks, verifications, incidents, corrections,
             grading, consequences, result_actions, history],
    deps=WageDeps.of, models_module="cityscore.services.wage_assessment.models")
