"""The assessment rules against the worked cases of wage_assessment.md §12.1, §12.2 and §9.4."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from importlib import resources

import pytest

from cityscore.core.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ViolationCollector,
)
from cityscore.services.wage_assessment import domain
from cityscore.services.wage_assessment.domain import FlagInput, IncidentInput, ItemInput

POLICY = domain.policy_for(2018)


def year_of(units: list[domain.UnitInputs]) -> domain.YearInputs:
    return domain.YearInputs.of_units(units)


def sample_scheme() -> domain.SchemeDef:
    """The shipped sample scheme, read the way the CLI sends it (proto JSON names)."""
    text = resources.files("cityscore.services.wage_assessment.data").joinpath(
        "schemes/sample-2018.json").read_text("utf-8")
    raw = json.loads(text)
    kinds = {f"RULE_TYPE_{k.upper()}": k for k in domain.RULE_TYPES}
    return domain.SchemeDef(
        version=raw["version"], year=raw["year"], title=raw["title"],
        categories=tuple(domain.CategoryDef(c["code"], c["name"], c["max_points"])
                         for c in raw["categories"]),
        indicators=tuple(domain.IndicatorDef(
            id=i["id"], category=i["category"], name=i["name"], max_points=i["max_points"],
            rule_type=kinds[i["rule_type"]],
            sub_points=tuple((s["id"], s["points"]) for s in i.get("sub_points", [])),
            step=i.get("step", ""), threshold=i.get("threshold", ""),
            proportional=i.get("ratio_mode") == "RATIO_MODE_PROPORTIONAL",
            ladder=tuple((s["min_ratio"], s["points"]) for s in i.get("ladder", [])),
            vacuous_full=i.get("vacuous_full", False),
            verified_on_site=i.get("verified_on_site", False)) for i in raw["indicators"]))


SCHEME = sample_scheme()


def test_sample_scheme_is_valid_and_sums_to_100() -> None:
    assert domain.scheme_problems(SCHEME, POLICY.base_cents) == []
    assert domain.total_points(SCHEME) == 100_00
    assert len(SCHEME.indicators) == 21


@pytest.mark.parametrize(("indicator", "item", "expected"), [
    ("ENF-2", ItemInput(1), "3.00"),
    ("ENF-2", ItemInput(0), "0.00"),
    ("ORG-1", ItemInput(0, sub_points=("meetings",)), "1.50"),
    ("SYS-4", ItemInput(3), "1.50"),
    ("SYS-4", ItemInput(7), "0.00"),
    ("SYS-1", ItemInput(190, 200), "6.00"),
    ("SYS-1", ItemInput(189, 200), "0.00"),
    ("SYS-2", ItemInput(90, 100), "5.68"),
    ("CAS-1", ItemInput(955, 1000), "8.00"),
    ("CAS-1", ItemInput(96, 100), "12.00"),
    ("CAS-1", ItemInput(79, 100), "0.00"),
    ("CAS-2", ItemInput(0, 0), "6.00"),
    ("ORG-3", ItemInput(0, 0), "2.00"),
    ("ORG-3", ItemInput(0, 4), "0.00"),
])
def test_rule_types_match_the_worked_cases(indicator: str, item: ItemInput,
                                           expected: str) -> None:
    assert domain.format_points(domain.score_one(SCHEME, indicator, item)) == expected


def test_a_missing_item_scores_zero_even_under_a_deduction_rule() -> None:
    _items, totals = domain.score_items(SCHEME, [{}, {"SYS-4": ItemInput(0)}])
    assert totals.tolist() == [0, 300]


def test_scheme_not_summing_to_100_lists_every_problem() -> None:
    broken = dataclasses.replace(SCHEME, categories=(
        dataclasses.replace(SCHEME.categories[0], max_points="11"), *SCHEME.categories[1:]))
    problems = {p.field: p.description for p in domain.scheme_problems(broken, POLICY.base_cents)}
    assert "scheme.categories" in problems and "101.00" in problems["scheme.categories"]
    assert "scheme.categories[0].max_points" in problems


def test_rule_parameters_are_checked() -> None:
    bad = dataclasses.replace(SCHEME.indicators[0], sub_points=(("meetings", "1.5"),))
    ratio = dataclasses.replace(SCHEME.indicators[7], threshold="1.5")
    scheme = dataclasses.replace(SCHEME, indicators=(bad, *SCHEME.indicators[1:7], ratio,
                                                     *SCHEME.indicators[8:]))
    fields = {p.field for p in domain.scheme_problems(scheme, POLICY.base_cents)}
    assert {"scheme.indicators[0].sub_points", "scheme.indicators[7].threshold"} <= fields


def test_item_ranges() -> None:
    found = ViolationCollector()
    domain.check_item(found, "rows[0]", SCHEME.indicator("ENF-2"), ItemInput(2))
    domain.check_item(found, "rows[1]", SCHEME.indicator("SYS-4"), ItemInput(-1))
    domain.check_item(found, "rows[2]", SCHEME.indicator("SYS-1"), ItemInput(201, 200))
    domain.check_item(found, "rows[3]", SCHEME.indicator("SYS-1"), ItemInput(1))
    domain.check_item(found, "rows[4]", SCHEME.indicator("ORG-1"), ItemInput(0, sub_points=("x",)))
    assert [v.field for v in found.violations] == [
        "rows[0].value", "rows[1].value", "rows[2].value", "rows[3].denominator",
        "rows[4].achieved_sub_points"]
    with pytest.raises(NotFound):
        SCHEME.indicator("NOPE-1")


def _unit(code: str, score_cents: int, *, a1: bool | None = None,
          incidents: tuple[IncidentInput, ...] = (), flags: dict[str, bool] | None = None
          ) -> domain.UnitInputs:
    """A unit whose only item is points awarded worth ``score_cents``."""
    all_flags = dict(flags or {})
    if a1 is not None:
        all_flags["a_conditions_met"] = a1
    return domain.UnitInputs(code, {"X": ItemInput(score_cents)}, incidents,
                             {k: FlagInput(v, "review", "office") for k, v in all_flags.items()})


def _points_scheme_units(units: list[domain.UnitInputs]) -> domain.Grading:
    """Grade units whose item X value is a score in hundredths (as binary sub-points)."""
    return domain.grade(_CENT_SCHEME, POLICY, year_of([_as_bits(u) for u in units]))


def _as_bits(unit: domain.UnitInputs) -> domain.UnitInputs:
    return domain.UnitInputs(unit.code, {"X": ItemInput(0, sub_points=_subs_for(
        unit.items["X"].value))}, unit.incidents, unit.flags)


# A scheme whose one item is made of binary sub-points 64, 32, ... 0.01 points, so any score
# in hundredths can be expressed as a set of achieved sub-points.
_BITS = [2 ** k for k in range(14)]
_CENT_SCHEME = domain.SchemeDef("bits", 2018, "bits", (domain.CategoryDef("C", "all", "100"),), (
    domain.IndicatorDef("X", "C", "bits", domain.format_points(sum(_BITS)), "sum_of_subpoints",
                        sub_points=tuple((f"b{b}", domain.format_points(b)) for b in _BITS)),))


def _subs_for(cents: int) -> tuple[str, ...]:
    return tuple(f"b{b}" for b in _BITS if cents & b)


MASS = IncidentInput("mass", 60, False, False)
MASS_GOV = IncidentInput("mass", 60, True, False)


def test_sample_grading_table_of_section_12_2() -> None:
    def m(n: int, people: int = 60, gov: bool = False) -> tuple[IncidentInput, ...]:
        return tuple(IncidentInput("mass", people, gov, False) for _ in range(n))

    units = [
        _unit("pudong", 9550, a1=True), _unit("minhang", 9400, a1=True),
        _unit("xuhui", 9400, incidents=m(2, gov=True)), _unit("jingan", 9250, a1=True),
        _unit("huangpu", 9100, a1=False), _unit("songjiang", 9100, a1=True),
        _unit("jiading", 8950, a1=True), _unit("baoshan", 8800), _unit("qingpu", 8750),
        _unit("yangpu", 8600, incidents=(IncidentInput("extreme", 3, False, True),)),
        _unit("changning", 8500, incidents=m(3) + m(1, gov=True)), _unit("hongkou", 8450),
        _unit("putuo", 8300, incidents=m(5, people=50)), _unit("jinshan", 8200),
        _unit("fengxian", 8050, incidents=m(4) + m(1, gov=True)),
        _unit("chongming", 7900, incidents=m(1, people=49)),
    ]
    grading = _points_scheme_units(units)
    by_code = {o.code: o for o in grading.outcomes}
    assert {c for c, o in by_code.items() if o.grade == "A"} == {
        "jingan", "minhang", "pudong", "songjiang"}
    assert {c for c, o in by_code.items() if o.grade == "C"} == {
        "fengxian", "putuo", "xuhui", "yangpu"}
    assert grading.distribution() == {"A": 4, "B": 8, "C": 4}
    assert [by_code[c].rank for c in ("pudong", "minhang", "xuhui", "huangpu", "songjiang",
                                      "jiading")] == [1, 2, 2, 5, 5, 7]
    assert by_code["xuhui"].decided_by == "C2"
    assert by_code["yangpu"].decided_by == "C3"
    assert by_code["huangpu"].decided_by == "not A1"
    assert by_code["jiading"].decided_by == "not A2"
    assert by_code["baoshan"].decided_by == "not A1/A2"
    assert by_code["pudong"].decided_by == "A1+A2"
    assert len(grading.tie_reports) == 1
    assert "huangpu, songjiang share rank 5" in grading.tie_reports[0]
    assert "6 districts" in grading.tie_reports[0]
    c2 = next(r for r in by_code["changning"].explanation["rules"] if r["rule"] == "C2")
    assert c2["inputs"] == {"count_all": "4", "count_gov": "1"} and c2["result"] is False
    assert "50人以上群体性事件5起及以上" in c2["text"], "the rule as the measures word it"


def _grade_of(units: list[domain.UnitInputs], code: str) -> domain.GradeOutcome:
    return next(o for o in _points_scheme_units(units).outcomes if o.code == code)


def _field(n: int, **overrides: domain.UnitInputs) -> list[domain.UnitInputs]:
    """``n`` districts d0..d(n-1) with falling scores and A1 set, some replaced."""
    units = [_unit(f"d{k}", 9000 - 100 * k, a1=True) for k in range(n)]
    return [overrides.get(u.code, u) for u in units]


def test_rank_5_is_a_and_rank_6_is_b() -> None:
    units = _field(8)
    assert _grade_of(units, "d4").grade == "A"
    assert _grade_of(units, "d5").grade == "B"
    assert _grade_of(units, "d5").decided_by == "not A2"


def test_ties_at_rank_5_all_qualify_and_are_reported() -> None:
    units = _field(8, d5=_unit("d5", 8600, a1=True))
    grading = _points_scheme_units(units)
    assert [o.grade for o in grading.outcomes[:7]] == ["A"] * 6 + ["B"]
    assert grading.tie_reports and "d4, d5 share rank 5" in grading.tie_reports[0]
    units = _field(8, d1=_unit("d1", 9000, a1=True))
    assert _points_scheme_units(units).tie_reports == ()


@pytest.mark.parametrize(("incidents", "grade"), [
    ((MASS,) * 4, "A"), ((MASS,) * 5, "C"),
    ((MASS_GOV,), "A"), ((MASS_GOV,) * 2, "C"),
    ((IncidentInput("mass", 49, True, False),) * 5, "A"),
    ((IncidentInput("mass", 50, True, False),) * 2, "C"),
    ((IncidentInput("extreme", 1, False, True),), "C"),
    ((IncidentInput("extreme", 1, False, False),), "A"),
    ((IncidentInput("information", 500, True, True),) * 6, "A"),
])
def test_incident_boundaries(incidents: tuple[IncidentInput, ...], grade: str) -> None:
    top = _unit("d0", 9000, a1=True, incidents=incidents)
    assert _grade_of(_field(6, d0=top), "d0").grade == grade


@pytest.mark.parametrize(("flags", "grade", "decided_by"), [
    ({"work_ineffective": True}, "C", "C1"),
    ({"serious_adverse_impact": True}, "C", "C4"),
    ({"work_ineffective": False, "serious_adverse_impact": False}, "A", "A1+A2"),
    ({"work_ineffective": True, "serious_adverse_impact": True}, "C", "C1+C4"),
])
def test_qualitative_flags(flags: dict[str, bool], grade: str, decided_by: str) -> None:
    outcome = _grade_of(_field(3, d0=_unit("d0", 9000, a1=True, flags=flags)), "d0")
    assert (outcome.grade, outcome.decided_by) == (grade, decided_by)


def test_top_district_meeting_a_c_condition_is_c() -> None:
    outcome = _grade_of(_field(3, d0=_unit("d0", 9000, a1=True, incidents=(MASS,) * 5)), "d0")
    assert outcome.grade == "C" and outcome.rank == 1
    assert "C overrides A (precedence C > A > B)" in outcome.explanation["notes"]


def test_unset_a1_gives_b_with_explanation() -> None:
    outcome = _grade_of([_unit("d0", 9000)], "d0")
    assert outcome.grade == "B"
    a1 = next(r for r in outcome.explanation["rules"] if r["rule"] == "A1")
    assert a1["inputs"] == {"a_conditions_met": "unset"} and a1["result"] is False


def test_grading_is_reproducible_from_its_document() -> None:
    units = _field(5)
    first = _points_scheme_units(units)
    text = domain.run_inputs_json(_CENT_SCHEME, POLICY, year_of([_as_bits(u) for u in units]))
    assert domain.text_digest(text) == first.input_digest
    assert text == domain.canonical_json(json.loads(text))
    again = domain.grade(_CENT_SCHEME, POLICY,
                         domain.YearInputs.of_documents(json.loads(text)["units"]))
    assert again == first


@pytest.mark.parametrize(("interview", "due"), [
    (dt.date(2019, 6, 10), dt.date(2019, 6, 24)),
    (dt.date(2020, 2, 20), dt.date(2020, 3, 5)),
    (dt.date(2019, 12, 25), dt.date(2020, 1, 8)),
])
def test_rectification_report_due_14_calendar_days_after_interview(
        interview: dt.date, due: dt.date) -> None:
    assert domain.rectification_due(POLICY, interview) == due


def test_stages_go_forward_one_at_a_time() -> None:
    domain.check_advance(2018, "draft", "self_check")
    with pytest.raises(FailedPrecondition) as error:
        domain.check_advance(2018, "draft", "on_site_verification")
    assert error.value.violations[0].description == "current stage is DRAFT"
    with pytest.raises(FailedPrecondition):
        domain.check_advance(2018, "self_check", "draft")
    with pytest.raises(FailedPrecondition):
        domain.check_advance(2018, "published", "draft")


def test_falsification_gap_threshold() -> None:
    sys2 = SCHEME.indicator("SYS-2")
    assert not domain.gap_exceeds(POLICY, sys2, 600, 480)
    assert domain.gap_exceeds(POLICY, sys2, 600, 479)
    crd1 = SCHEME.indicator("CRD-1")  # §7: 0.00 claimed, 4.00 verified: under-reporting
    assert not domain.gap_exceeds(POLICY, crd1, 0, 400)


def test_policy_lookup() -> None:
    assert domain.policy_for(2020).version == "hfb-2018-30"
    with pytest.raises(InvalidArgument):
        domain.policy_for(2024)
    with pytest.raises(NotFound):
        domain.policy_for(2018, "nope")


@pytest.mark.parametrize(("year", "due"), [
    (2018, dt.date(2019, 5, 31)), (2019, dt.date(2020, 5, 31)), (2020, dt.date(2021, 5, 31))])
def test_completion_day_is_the_end_of_may_of_the_next_year(year: int, due: dt.date) -> None:
    """wage_assessment.md §3 table (Art. 7: 次年年初开始,5月底前完成)."""
    policy = domain.policy_for(year)
    assert domain.completion_due(policy, year) == due
    assert not domain.cycle_overdue(policy, year, "comprehensive_review", due)
    assert domain.cycle_overdue(policy, year, "submitted", due + dt.timedelta(days=1))
    assert not domain.cycle_overdue(policy, year, "approved", due + dt.timedelta(days=1))


# --- grade rules as data (§10) ---------------------------------------------------------------

SHIPPED = json.loads(resources.files("cityscore.services.wage_assessment.data").joinpath(
    "grade_rules/hfb-2018-30.json").read_text("utf-8"))


def _rules(**changes: object) -> dict[str, object]:
    """The shipped 2018 document with some fields replaced (a new version)."""
    return {**SHIPPED, "version": "test", **changes}


def test_the_2018_measures_are_a_valid_rules_document() -> None:
    assert domain.policy_problems(SHIPPED) == []
    assert (POLICY.version, POLICY.base_cents, POLICY.precedence) == (
        "hfb-2018-30", 100_00, ("C", "A", "B"))
    assert POLICY.rank_bounds("rank_lte") == [5]


def test_rules_document_problems_are_named_by_path() -> None:
    document = _rules(
        extra=1, completion_month=2, completion_day=30, rectification_report_days=0,
        base_points="x",
        rules=[{"name": "C1", "when": {"flag": "Happy Days"}},
               {"name": "C1", "when": {"count": {"kind": "mass", "color": "red"}}},
               {"name": "A1", "when": {"any_of": []}},
               {"name": "A2", "when": {"not": {"not": {"not": {"not": {"not": {"not": {
                   "not": {"rank_lte": 1}}}}}}}}}],
        grades={"C": {"any_of": ["C1"]}, "A": {"all_of": ["A1", "A3"]},
                "B": {"any_of": ["C1"]}})
    assert [v.field for v in domain.policy_problems(document)] == [
        "extra", "completion_day", "rectification_report_days", "base_points",
        "rules[0].when.flag", "rules[1].name", "rules[1].when.count.color", "rules[1].when.gte",
        "rules[2].when.any_of", "rules[3].when.not.not.not.not.not.not.not",
        "grades.A.all_of[1]", "grades.B"]
    with pytest.raises(InvalidArgument) as error:
        domain.policy_from_text("[1, 2")
    assert error.value.violations[0].field == "document"


def test_nested_conditions_negation_and_the_bottom_boundary() -> None:
    """C: poor work and among the bottom two (Guizhou 2018, §10); A: top 2 and no
    incident at all (a negated count). Districts tied at the bottom boundary all qualify."""
    policy = domain.policy_from_document(_rules(
        rules=[{"name": "C1", "when": {"all_of": [{"flag": "work_ineffective"},
                                                  {"bottom_lte": 2}]}},
               {"name": "A1", "when": {"rank_lte": 2}},
               {"name": "A2", "when": {"not": {"count": {"kind": "mass"}, "gte": 1}}}],
        grades={"C": {"any_of": ["C1"]}, "A": {"all_of": ["A1", "A2"]}}))
    poor = {"work_ineffective": True}
    units = [_unit("d0", 9000), _unit("d1", 8900, incidents=(MASS,)), _unit("d2", 8000),
             _unit("d3", 7000, flags=poor), _unit("d4", 7000, flags=poor),
             _unit("d5", 6000, flags=poor)]
    grading = domain.grade(_CENT_SCHEME, policy, year_of([_as_bits(u) for u in units]))
    by_code = {o.code: o for o in grading.outcomes}
    assert {c: (o.grade, o.decided_by) for c, o in by_code.items()} == {
        "d0": ("A", "A1+A2"), "d1": ("B", "not A2"), "d2": ("B", "not A1"),
        "d3": ("C", "C1"), "d4": ("C", "C1"), "d5": ("C", "C1")}
    c1 = next(r for r in by_code["d4"].explanation["rules"] if r["rule"] == "C1")
    assert c1["inputs"] == {"work_ineffective": "true", "work_ineffective.reason": "review",
                            "work_ineffective.set_by": "office", "bottom_rank": "2"}
    assert c1["threshold"] == "work_ineffective flag and bottom_rank<=2 (1 = lowest score)"
    a2 = next(r for r in by_code["d1"].explanation["rules"] if r["rule"] == "A2")
    assert (a2["inputs"], a2["threshold"], a2["result"]) == (
        {"count": "1"}, "not (count>=1 (mass incidents))", False)
    assert grading.tie_reports == (
        "d3, d4 share bottom rank 2 at the bottom-2 boundary; all qualify, so 3 districts "
        "have bottom_rank <= 2",)
    tied = [_unit("d0", 9000), _unit("d1", 6000, flags=poor), _unit("d2", 6000, flags=poor),
            _unit("d3", 6000)]
    grading = domain.grade(_CENT_SCHEME, policy, year_of([_as_bits(u) for u in tied]))
    assert [o.grade for o in grading.outcomes] == ["A", "C", "C", "A"]
    assert grading.tie_reports == (
        "d1, d2, d3 share rank 2 at the top-2 boundary; all qualify, so 4 districts have "
        "rank <= 2",
        "d1, d2, d3 share bottom rank 1 at the bottom-2 boundary; all qualify, so 3 "
        "districts have bottom_rank <= 2")


def test_runs_graded_before_rules_were_data_have_their_own_rules_and_wording() -> None:
    """A run naming no rules digest was graded by the 2018 measures as the code had them:
    the same grades, the rules named by version only, each flag read as ``flag``, no rule
    text. Only a shipped legacy document may carry that format or wording."""
    legacy = domain.policy_of_run({"policy_version": "hfb-2018-30"}, 2018, {})
    current = domain.policy_of_run({"policy_version": "hfb-2018-30",
                                    "policy_digest": POLICY.digest}, 2018, {})
    assert (legacy.run_format, current) == (1, POLICY)
    with pytest.raises(NotFound):
        domain.policy_of_run({"policy_version": "test"}, 2018, {})
    units = [_as_bits(_unit("d0", 9000, a1=True, flags={"work_ineffective": True})),
             _as_bits(_unit("d1", 8000, incidents=(MASS_GOV, MASS_GOV)))]
    graded = domain.grade(_CENT_SCHEME, legacy, year_of(units))
    now = domain.grade(_CENT_SCHEME, POLICY, year_of(units))
    assert [(o.grade, o.decided_by, o.input_digest) for o in graded.outcomes] == [
        (o.grade, o.decided_by, o.input_digest) for o in now.outcomes] == [
        ("C", "C1", now.outcomes[0].input_digest), ("C", "C2", now.outcomes[1].input_digest)]
    assert graded.rules_version == f"bits@{_CENT_SCHEME.digest[:12]}+hfb-2018-30"
    assert "policy_digest" not in json.loads(graded.inputs_json)
    c1 = graded.outcomes[0].explanation["rules"][0]
    c2 = graded.outcomes[1].explanation["rules"][1]
    assert c1 == {"rule": "C1", "inputs": {"flag": "true", "reason": "review",
                                           "set_by": "office"},
                  "threshold": "work_ineffective flag", "result": True}
    assert (c2["inputs"], c2["threshold"]) == ({"count_all": "2", "count_gov": "2"},
                                               "count_all>=5 or count_gov>=2 (mass "
                                               "incidents of >=50 people)")
    loaded = _rules(run_format=1, rules=[{**SHIPPED["rules"][0], "wording": {"threshold": "x"}},
                                         *SHIPPED["rules"][1:]])
    assert [v.field for v in domain.policy_problems(loaded)] == ["run_format",
                                                                 "rules[0].wording"]
    assert [v.field for v in domain.policy_problems(_rules(), legacy=True)] == ["run_format"]


def test_the_inputs_text_of_a_district_is_the_canonical_json_of_its_document() -> None:
    """The text every stored run's digests cover (ADR 0010): the canonical JSON of
    {code, flags: {name: [value, reason, set_by]}, incidents: sorted [kind, people,
    government_project, serious_consequence], items: {indicator: [value, denominator,
    [sub-points]]}}, written out here by hand; joined from columns it must not change."""
    units = [
        domain.UnitInputs("静安", {"SYS-4": ItemInput(3), "CAS-2": ItemInput(0, 0),
                                 "ORG-1": ItemInput(0, sub_points=("plan", "meetings")),
                                 "B-10": ItemInput(7, 9), "B-9": ItemInput(1)},
                          (MASS_GOV, IncidentInput("extreme", 3, False, True), MASS),
                          {"work_ineffective": FlagInput(False, "整改到位", "team 2"),
                           "a_conditions_met": FlagInput(True, "targets met", "office")}),
        domain.UnitInputs("empty", {}),
        domain.UnitInputs("d2", {"ORG-1": ItemInput(0), "ENF-2": ItemInput(1)}),
    ]
    expected = [
        '{"code":"静安","flags":{"a_conditions_met":[true,"targets met","office"],'
        '"work_ineffective":[false,"整改到位","team 2"]},"incidents":[["extreme",3,false,true],'
        '["mass",60,false,false],["mass",60,true,false]],"items":{"B-10":[7,9,[]],'
        '"B-9":[1,null,[]],"CAS-2":[0,0,[]],"ORG-1":[0,null,["plan","meetings"]],'
        '"SYS-4":[3,null,[]]}}',
        '{"code":"empty","flags":{},"incidents":[],"items":{}}',
        '{"code":"d2","flags":{},"incidents":[],"items":{"ENF-2":[1,null,[]],'
        '"ORG-1":[0,null,[]]}}',
    ]
    assert list(year_of(units).unit_texts()) == expected
    documents = [json.loads(text) for text in expected]
    assert list(domain.YearInputs.of_documents(documents).unit_texts()) == expected
