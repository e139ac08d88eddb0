"""Tables of the wage-payment assessment (wage_assessment.md §11), prefixed ``wage_assessment_``.

Schemes and grading runs keep their exact documents as canonical JSON text, so that a grade can
be replayed years later from what was stored (architecture page §6).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from cityscore.core.db import operation_table

#: Grading a year runs as a long-running operation (core/operations.py), kept here.
OPERATIONS = operation_table("wage_assessment")


class Scheme(SQLModel, table=True):
    __tablename__ = "wage_assessment_scheme"

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=64, unique=True)
    year: int
    status: str = Field(max_length=16)
    document: str = Field(sa_column=Column(Text, nullable=False))
    digest: str = Field(max_length=64)
    created_at: dt.datetime
    published_at: dt.datetime | None = None


class Cycle(SQLModel, table=True):
    __tablename__ = "wage_assessment_cycle"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    scheme_version: str = Field(max_length=64)
    policy_version: str = Field(max_length=64)
    stage: str = Field(max_length=32)
    self_check_due: dt.date | None = None
    created_at: dt.datetime
    stage_changed_at: dt.datetime


class Unit(SQLModel, table=True):
    """An assessed unit of a cycle: a district code, in table order."""

    __tablename__ = "wage_assessment_unit"
    __table_args__ = (UniqueConstraint("cycle_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    code: str = Field(max_length=64)
    position: int


class SelfCheck(SQLModel, table=True):
    __tablename__ = "wage_assessment_self_check"
    __table_args__ = (UniqueConstraint("cycle_id", "unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    report: str = Field(sa_column=Column(Text, nullable=False))
    submitted_on: dt.date
    late: bool
    revision: int


class ItemValue(SQLModel, table=True):
    """Self-check and verified values of one item of one district (§11 IndicatorScore)."""

    __tablename__ = "wage_assessment_item_value"
    __table_args__ = (UniqueConstraint("cycle_id", "unit_code", "indicator_id"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    indicator_id: str = Field(max_length=64)
    self_value: int | None = None
    self_denominator: int | None = None
    self_sub_points: str = ""
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    verified: bool = False
    verified_value: int | None = None
    verified_denominator: int | None = None
    verified_sub_points: str = ""
    method: str = Field(default="", max_length=32)
    team: str = Field(default="", max_length=128)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    possible_falsification: bool = False


class Incident(SQLModel, table=True):
    __tablename__ = "wage_assessment_incident"

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    incident_date: dt.date
    kind: str = Field(max_length=16)
    people: int
    government_project: bool
    serious_consequence: bool
    source_agency: str = Field(max_length=32)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recorded_by: str = Field(max_length=128)
    #: Withdrawn by mistake: kept with its history, counted by no rule.
    withdrawn: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, server_default=false()))


class ReviewFlag(SQLModel, table=True):
    __tablename__ = "wage_assessment_review_flag"
    __table_args__ = (UniqueConstraint("cycle_id", "unit_code", "flag"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    flag: str = Field(max_length=32)
    value: bool
    reason: str = Field(sa_column=Column(Text, nullable=False))
    set_by: str = Field(max_length=128)
    set_at: dt.datetime
    withdrawn: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, server_default=false()))


class GradingRun(SQLModel, table=True):
    """One grading of a cycle with its exact inputs (for replay) and their digest."""

    __tablename__ = "wage_assessment_grading_run"
    __table_args__ = (UniqueConstraint("cycle_id", "run_no"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    run_no: int
    rules_version: str = Field(max_length=160)
    inputs: str = Field(sa_column=Column(Text, nullable=False))
    input_digest: str = Field(max_length=64)
    tie_reports: str = Field(sa_column=Column(Text, nullable=False))
    graded_at: dt.datetime
    graded_by: str = Field(max_length=128)


class Grade(SQLModel, table=True):
    __tablename__ = "wage_assessment_grade"
    __table_args__ = (UniqueConstraint("run_id", "unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="wage_assessment_grading_run.id", index=True)
    unit_code: str = Field(max_length=64)
    score_cents: int
    rank: int
    grade: str = Field(max_length=1)
    decided_by: str = Field(max_length=200)
    explanation: str = Field(sa_column=Column(Text, nullable=False))
    input_digest: str = Field(max_length=64)


class Commendation(SQLModel, table=True):
    __tablename__ = "wage_assessment_commendation"
    __table_args__ = (UniqueConstraint("cycle_id", "unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    circular: str = Field(max_length=200)
    issued_on: dt.date


class Rectification(SQLModel, table=True):
    __tablename__ = "wage_assessment_rectification"
    __table_args__ = (UniqueConstraint("cycle_id", "unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    interview_date: dt.date
    report_due: dt.date
    status: str = Field(max_length=16)
    report_received_on: dt.date | None = None
    #: Time-limited rectification (Art. 10): its deadline and the day it was completed; rows
    #: stored before deadlines were tracked have none.
    rectification_deadline: dt.date | None = None
    completed_on: dt.date | None = None


class Falsification(SQLModel, table=True):
    """Confirmed falsification, recorded as circulated criticism (Art. 11)."""

    __tablename__ = "wage_assessment_falsification"

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    indicator_ids: str
    description: str = Field(sa_column=Column(Text, nullable=False))
    circulated_on: dt.date


class GradeRules(SQLModel, table=True):
    """A version of the grade rules loaded through the API, as its canonical document."""

    __tablename__ = "wage_assessment_grade_rules"

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=64, unique=True)
    document: str = Field(sa_column=Column(Text, nullable=False))
    digest: str = Field(max_length=64)
    created_at: dt.datetime
    created_by: str = Field(max_length=128)


class Correction(SQLModel, table=True):
    """An amendment or withdrawal of a record, with its values before and after (JSON)."""

    __tablename__ = "wage_assessment_correction"

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    unit_code: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    record: str = Field(max_length=64)
    action: str = Field(max_length=16)
    before: str = Field(sa_column=Column(Text, nullable=False))
    after: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    corrected_by: str = Field(max_length=128)
    corrected_at: dt.datetime


class ResultAction(SQLModel, table=True):
    """A dated action on a published result (Art. 9, 11): the copy to the Organization
    Department or a referral of accountability leads."""

    __tablename__ = "wage_assessment_result_action"

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="wage_assessment_cycle.id", index=True)
    kind: str = Field(max_length=48)
    unit_code: str = Field(default="", max_length=64)
    action_date: dt.date
    reference: str = Field(max_length=200)
    recipient: str = Field(max_length=200)
    description: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by: str = Field(max_length=128)
    recorded_at: dt.datetime
