"""The RPCs of ``cityscore.wage_assessment.v1.WageAssessmentService``, one module per resource:
schemes, assessment years (cycles), self-checks, verifications, incidents and review flags,
grading, consequences, and a district's history."""
