"""Grade rules as data (wage_assessment.md §10): a second rules document with other shapes —
A on a score of 90 (the transport-sector body), C on poor work *and* the bottom two
(Guizhou), on ≥ 2 incidents of ≥ 50 people or ≥ 1 on a government project (Jiangsu), on a
score below 70, on a public-satisfaction item (国办发〔2023〕33号) and on a flag the 2018
measures do not have ("held accountable by a higher authority", Deyang 2024) — grades a year
through the API with every rule explained per district, and replay reproduces it. Real server,
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from importlib import resources
from pathlib import Path

import grpc
import pytest
from integration.services.wage_assessment.wage_world import (
    Stub,
    advance,
    date,
    failure,
    full_items,
    open_year,
    rid,
    sample_scheme,
)
from support import RunningServer, ServerFactory

from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

RULES_2023 = (Path(__file__).parent / "grade_rules_2023.json").read_text("utf-8")
SHIPPED_2018 = resources.files("cityscore.services.wage_assessment.data").joinpath(
    "grade_rules/hfb-2018-30.json").read_text("utf-8")

#: District: (points short of 100, public satisfaction achieved, cases closed on time (CAS-1,
#: 12 points), A1 flag, work-ineffective flag, mass incidents (people, government project)).
YEAR_2023: dict[str, tuple[int, bool, bool, bool, bool, list[tuple[int, bool]]]] = {
    "pudong": (500, True, True, True, False, []),            # 95.00
    "minhang": (800, True, True, True, False, [(60, True)]),  # 92.00
    "xuhui": (600, False, True, True, False, []),             # 94.00 - 3 = 91.00
    "jingan": (1100, True, True, True, False, []),            # 89.00
    "jiading": (2000, True, True, False, True, []),           # 80.00, bottom rank 3
    "songjiang": (1300, True, False, False, True, []),        # 87.00 - 12 = 75.00, bottom 2
    "huangpu": (2000, True, False, False, False, []),         # 80.00 - 12 = 68.00, bottom 1
}


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=database_url)


def scheme_2023() -> pb.Scheme:
    """The §12 sample for 2023 with ENF-2 (3 points, binary) turned into a satisfaction item."""
    scheme = sample_scheme()
    scheme.version, scheme.year = "sample-2023", 2023
    satisfaction = next(i for i in scheme.indicators if i.id == "ENF-2")
    satisfaction.id, satisfaction.name = "SAT-1", "Public satisfaction (人民群众满意度) at target"
    return scheme


def items_2023(short: int, satisfied: bool, cases_closed: bool) -> list[pb.ItemValue]:
    items = full_items(short)
    for value in items:
        if value.indicator_id == "ENF-2":
            value.indicator_id, value.value = "SAT-1", int(satisfied)
        if value.indicator_id == "CAS-1" and not cases_closed:
            value.value = 79  # 79 % closed on time: below the lowest step, 0 of 12 points
    return items


def test_a_second_rules_file_grades_a_year_and_replays(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    loaded = office.CreateGradeRules(pb.CreateGradeRulesRequest(
        request_id=rid(), document=RULES_2023)).rules
    assert (loaded.version, list(loaded.years), loaded.shipped) == ("example-2023", [2023],
                                                                     False)
    scheme = scheme_2023()
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    cycle = office.CreateCycle(pb.CreateCycleRequest(
        request_id=rid(), year=2023, scheme_version=scheme.version,
        districts=list(YEAR_2023))).cycle
    assert cycle.policy_version == "example-2023", "the rules whose years cover 2023"
    assert cycle.completion_due == date(dt.date(2024, 5, 31))
    advance(office, 2023, pb.STAGE_SELF_CHECK)
    for district, (short, satisfied, closed, *_rest) in YEAR_2023.items():
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2023, district=district, report="report",
            items=items_2023(short, satisfied, closed)))
    advance(office, 2023, pb.STAGE_ON_SITE_VERIFICATION)
    advance(office, 2023, pb.STAGE_COMPREHENSIVE_REVIEW)
    for district, (*_head, a1, ineffective, incidents) in YEAR_2023.items():
        for k, (people, gov) in enumerate(incidents):
            team.RecordIncident(pb.RecordIncidentRequest(request_id=rid(), year=2023,
                                                         incident=pb.Incident(
                district=district, incident_date=date(dt.date(2023, 4, 1 + k)),
                kind=pb.INCIDENT_KIND_MASS, people=people, government_project=gov,
                source_agency=pb.SOURCE_AGENCY_PETITIONS)))
        for flag, value in ((pb.REVIEW_FLAG_A_CONDITIONS_MET, a1),
                            (pb.REVIEW_FLAG_WORK_INEFFECTIVE, ineffective)):
            if value:
                team.SetReviewFlag(pb.SetReviewFlagRequest(
                    request_id=rid(), year=2023, district=district, flag=flag, value=True,
                    reason="review finding"))

    held = team.SetReviewFlag(pb.SetReviewFlagRequest(
        request_id=rid(), year=2023, district="huangpu", flag_name="held_accountable_above",
        value=True, reason="district leader disciplined by the city"))
    assert (held.flag, held.flag_name) == (pb.REVIEW_FLAG_UNSPECIFIED, "held_accountable_above")
    for request, field in (
            (pb.SetReviewFlagRequest(flag=pb.REVIEW_FLAG_SERIOUS_ADVERSE_IMPACT), "flag"),
            (pb.SetReviewFlagRequest(flag_name="not_a_rule"), "flag_name")):
        request.MergeFrom(pb.SetReviewFlagRequest(request_id=rid(), year=2023,
                                                  district="pudong", value=True, reason="r"))
        code, details = failure(partial(team.SetReviewFlag, request))
        assert (code, [v.field for v in details["BadRequest"].field_violations]) == (
            grpc.StatusCode.INVALID_ARGUMENT, [field]), "only flags the 2023 rules read"

    graded = office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2023))
    assert (graded.distribution.a, graded.distribution.b, graded.distribution.c) == (1, 2, 4)
    ranking = office.GetRanking(pb.GetRankingRequest(year=2023))
    by_code = {r.district: r for r in ranking.results}
    assert {c: (r.score, r.rank, r.grade, r.decided_by) for c, r in by_code.items()} == {
        "pudong": ("95.00", 1, pb.GRADE_A, "A1+A2"),
        "minhang": ("92.00", 2, pb.GRADE_C, "C2"),       # one government-project incident
        "xuhui": ("91.00", 3, pb.GRADE_C, "C5"),         # satisfaction not achieved
        "jingan": ("89.00", 4, pb.GRADE_B, "not A2"),    # below 90
        "jiading": ("80.00", 5, pb.GRADE_B, "not A1/A2"),  # poor work, but third from bottom
        "songjiang": ("75.00", 6, pb.GRADE_C, "C1"),     # poor work and second from bottom
        "huangpu": ("68.00", 7, pb.GRADE_C, "C4+C6"),    # below 70; held accountable
    }
    for result in ranking.results:
        assert [r.rule for r in result.rules] == ["C1", "C2", "C3", "C4", "C5", "C6", "A1",
                                                  "A2"]
        assert result.rules_version.endswith(f"+example-2023@{loaded.digest[:12]}")
    rules = {c: {r.rule: r for r in by_code[c].rules} for c in by_code}
    c1 = rules["songjiang"]["C1"]
    assert (dict(c1.inputs), c1.result) == ({
        "work_ineffective": "true", "work_ineffective.reason": "review finding",
        "work_ineffective.set_by": "assessment-team-1", "bottom_rank": "2"}, True)
    assert c1.threshold.startswith("work_ineffective flag and bottom_rank<=2")
    assert (rules["jiading"]["C1"].inputs["bottom_rank"], rules["jiading"]["C1"].result) == (
        "3", False)
    assert (dict(rules["xuhui"]["C5"].inputs), rules["xuhui"]["C5"].threshold) == (
        {"SAT-1": "0.00"}, "SAT-1 score<3.00")
    assert (dict(rules["huangpu"]["C4"].inputs), rules["huangpu"]["C4"].threshold) == (
        {"score": "68.00"}, "score<70.00")
    assert dict(rules["minhang"]["C2"].inputs) == {"count_all": "1", "count_gov": "1"}
    assert "C overrides A (precedence C > A > B)" in by_code["minhang"].notes
    assert (rules["pudong"]["A2"].threshold, rules["pudong"]["A2"].text) == (
        "score>=90.00", "score of 90 or more")
    assert dict(rules["huangpu"]["C6"].inputs) == {
        "held_accountable_above": "true",
        "held_accountable_above.reason": "district leader disciplined by the city",
        "held_accountable_above.set_by": "assessment-team-1"}
    assert dict(rules["pudong"]["C6"].inputs) == {"held_accountable_above": "unset"}

    replay = team.ReplayGrades(pb.ReplayGradesRequest(year=2023))
    assert replay.matches and not replay.differences
    assert replay.stored_digest == replay.recomputed_digest == graded.input_digest


def test_grade_rules_are_checked_and_versioned(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    shipped = office.ValidateGradeRules(pb.ValidateGradeRulesRequest(document=SHIPPED_2018))
    assert shipped.valid and shipped.version == "hfb-2018-30"
    broken = json.loads(RULES_2023)
    broken["version"] = "broken"
    broken["years"] = [2023, 9999]
    broken["rules"][0]["when"]["all_of"][1] = {"bottom_lte": 0}
    broken["rules"][1]["when"]["any_of"][0]["count"]["kind"] = "riot"
    broken["rules"][3]["when"] = {"score_lt": "70", "rank_lte": 3}
    broken["grades"]["A"] = {"all_of": ["A1", "A9"]}
    broken["precedence"] = ["C", "A"]
    expected = ["years[1]", "rules[0].when.all_of[1].bottom_lte",
                "rules[1].when.any_of[0].count.kind", "rules[3].when", "precedence"]
    problems = office.ValidateGradeRules(pb.ValidateGradeRulesRequest(
        document=json.dumps(broken))).problems
    assert [p.field for p in problems] == expected
    code, details = failure(lambda: office.CreateGradeRules(pb.CreateGradeRulesRequest(
        request_id=rid(), document=json.dumps(broken))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations] == expected
    code, details = failure(lambda: office.CreateGradeRules(pb.CreateGradeRulesRequest(
        request_id=rid(), document="{\"version\": ")))
    assert (code, details["BadRequest"].field_violations[0].field) == (
        grpc.StatusCode.INVALID_ARGUMENT, "document")
    code, _ = failure(lambda: Stub(running.channel("pudong-token")).CreateGradeRules(
        pb.CreateGradeRulesRequest(request_id=rid(), document=RULES_2023)))
    assert code is grpc.StatusCode.PERMISSION_DENIED

    first = office.CreateGradeRules(pb.CreateGradeRulesRequest(request_id=rid(),
                                                               document=RULES_2023)).rules
    again = office.CreateGradeRules(pb.CreateGradeRulesRequest(request_id=rid(),
                                                               document=RULES_2023)).rules
    assert again == first, "the same document again is the stored version"
    changed = json.loads(RULES_2023)
    changed["rules"][3]["when"]["score_lt"] = "60"
    code, _ = failure(lambda: office.CreateGradeRules(pb.CreateGradeRulesRequest(
        request_id=rid(), document=json.dumps(changed))))
    assert code is grpc.StatusCode.ALREADY_EXISTS, "a change is a new version"
    listed = office.ListGradeRules(pb.ListGradeRulesRequest()).rules
    assert [(r.version, r.shipped) for r in listed] == [("hfb-2018-30", True),
                                                        ("example-2023", False)]
    assert office.GetGradeRules(pb.GetGradeRulesRequest(version="example-2023")).rules == first

    # The points base is part of the rules: a 2024 version with a 120-point base refuses the
    # 100-point sample scheme for 2024.
    base_120 = json.loads(RULES_2023)
    base_120.update(version="base-120", years=[2024], base_points="120")
    office.CreateGradeRules(pb.CreateGradeRulesRequest(request_id=rid(),
                                                       document=json.dumps(base_120)))
    scheme = sample_scheme()
    scheme.version, scheme.year = "sample-2024", 2024
    code, details = failure(lambda: office.CreateScheme(pb.CreateSchemeRequest(
        request_id=rid(), scheme=scheme)))
    violations = {v.field: v.description for v in details["BadRequest"].field_violations}
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert violations["scheme.categories"].endswith("not the base of 120.00")
    scheme.version, scheme.year = "sample-2030", 2030
    code, details = failure(lambda: office.CreateScheme(pb.CreateSchemeRequest(
        request_id=rid(), scheme=scheme)))
    assert [v.field for v in details["BadRequest"].field_violations] == ["scheme.year"]


def test_a_year_takes_only_rules_that_cover_it(running: RunningServer) -> None:
    """Years are bounded by what the rules cover, so no date arithmetic (31 May of the year
    after, Art. 7) starts from a year the calendar cannot follow."""
    office = Stub(running.channel("city-token"))
    open_year(office)
    cases = [(2023, "hfb-2018-30", "policy_version"), (2031, "", "year"),
             (9999, "", "year"), (9999, "hfb-2018-30", "policy_version")]
    for year, version, field in cases:
        code, details = failure(partial(office.CreateCycle, pb.CreateCycleRequest(
            request_id=rid(), year=year, scheme_version="sample-2018", policy_version=version)))
        assert code is grpc.StatusCode.INVALID_ARGUMENT, (year, version)
        assert [v.field for v in details["BadRequest"].field_violations] == [field]
    code, details = failure(lambda: office.CreateCycle(pb.CreateCycleRequest(
        request_id=rid(), year=2019, scheme_version="sample-2018", policy_version="nope")))
    assert (code, details["ResourceInfo"].resource_type) == (grpc.StatusCode.NOT_FOUND,
                                                             "grade rules")
