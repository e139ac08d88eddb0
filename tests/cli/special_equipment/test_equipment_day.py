"""A day of elevator-safety work through ``cityscore equipment`` against a real server
(CLI → gRPC → database → metrics): import a district's elevators, report the 2020 targets for
the district and the city, track the annex with an overdue task, sweep due inspections,
compute the 2014 death rate with both figures (seed 004: 19 deaths on 537,690 units → 0.3534;
official 0.40 ≤ 0.42), and rank maintenance companies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support import scrape_metrics
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()

HEADER = ("registration_code,location_category,address,in_use_date,maintenance_company_id,"
          "remote_monitoring,liability_insurance,geolocation,assessed_on,assessment_result,"
          "renovated_on,last_inspection_date\n")
PUDONG_CSV = HEADER + """\
PD-001,mall,1 Century Ave,2012-03-01,C1,yes,yes,yes,,,,2020-02-10
PD-002,hospital,2 Century Ave,2013-05-01,C1,yes,yes,no,,,,2019-12-01
PD-003,school,3 Century Ave,2014-09-01,C2,no,yes,yes,,,,2020-06-01
PD-004,rail_transit,4 Century Ave,2010-07-01,C2,yes,yes,yes,,,,2020-03-01
PD-005,residential,5 Lane 1,2003-05-01,C3,yes,no,no,2019-06-01,hazardous,2020-08-01,2020-09-01
PD-006,residential,6 Lane 1,2004-02-29,C3,no,no,no,,,,2020-05-01
"""
XUHUI_CSV = HEADER + """\
XH-001,mall,1 Huaihai Rd,2015-01-01,C1,yes,yes,yes,,,,2020-10-01
XH-002,residential,2 Lane 9,2000-01-01,C1,yes,no,no,2018-11-01,safe,,2020-10-02
"""
INDICATORS_CSV = "company_id,indicator,per_mille\n" + "\n".join(
    f"{c},{name},{v}" for c, row in {"C1": (950, 900, 50, 100), "C2": (900, 1000, 100, 0),
                                     "C3": (1000, 900, 100, 100)}.items()
    for name, v in zip(("inspection_pass_rate", "rescue_on_time_rate", "complaint_rate",
                        "fault_rate"), row, strict=True)) + "\n"


def _first_document(text: str) -> Any:
    return json.JSONDecoder().raw_decode(text.strip())[0]


def test_a_day_of_elevator_safety_work(start_server: Any, sqlite_url: str,
                                        tmp_path: Path) -> None:
    running = start_server(["special_equipment"], database_url=sqlite_url)

    def run(token: str, *args: str, code: int = 0) -> Any:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o", "json",
                                     "equipment", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return _first_document(result.stdout) if code == 0 and result.stdout.strip() \
            else result

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "PD-009,mall,x,2030-01-01,,,,,,,,\n", "utf-8")
    refused = run("pudong-token", "elevator", "import", str(bad), "--district", "pudong",
                  code=3)
    assert "line 2" in refused.stderr and "in_use_date" in refused.stderr
    (tmp_path / "pudong.csv").write_text(PUDONG_CSV, "utf-8")
    imported = run("pudong-token", "elevator", "import", str(tmp_path / "pudong.csv"),
                   "--district", "pudong")
    assert (imported["registered"], imported["amended"]) == (6, 0)
    again = run("pudong-token", "elevator", "import", str(tmp_path / "pudong.csv"),
                "--district", "pudong")
    assert again == imported
    first = run("operator-token", "elevator", "list", "--district", "pudong", "--page-size", "4")
    assert [e["registration_code"] for e in first["rows"]] == [f"PD-00{i}" for i in range(1, 5)]
    rest = run("operator-token", "elevator", "list", "--district", "pudong", "--page-token",
               first["next_page_token"])
    assert [e["registration_code"] for e in rest] == ["PD-005", "PD-006"]
    (tmp_path / "xuhui.csv").write_text(XUHUI_CSV, "utf-8")
    run("xuhui-token", "elevator", "import", str(tmp_path / "xuhui.csv"), "--district", "xuhui")
    run("pudong-token", "elevator", "import", str(tmp_path / "xuhui.csv"), "--district",
        "xuhui", code=6)

    district = {r["target"]: r for r in run("pudong-token", "targets", "report", "--year",
                                             "2020", "--district", "pudong")}
    assert district["public_monitoring"]["rate_percent"] == "75.00"
    assert district["public_insurance"]["met"] == "yes"
    assert district["residential_assessment"]["rate_percent"] == "50.00"
    shown = run("pudong-token", "targets", "show", "--year", "2020")
    assert {r["target"]: r["rate_percent"] for r in shown["rows"]}["public_monitoring"] \
        == "75.00"
    assert {t["target"]: t["2020"] for t in shown["trend"]}["public_monitoring"] == "75.00"
    report = run("city-token", "targets", "report", "--year", "2020")
    city = {r["target"]: r for r in report if r["scope"] == "city"}
    assert {r["scope"] for r in report} == {"city", "pudong", "xuhui"}
    assert (city["public_monitoring"]["numerator"], city["public_monitoring"]["denominator"],
            city["public_monitoring"]["rate_percent"]) == (4, 5, "80.00")
    assert city["residential_aged_monitoring"]["rate_percent"] == "66.67"

    for number in (19, 20, 30):
        run("city-token", "annex", "update", str(number), "--status", "done", "--evidence",
            "delivered", "--reason", "closing 2018 tasks")
    overdue = run("operator-token", "annex", "list", "--overdue", "--as-of", "2019-03-01")
    assert [t["number"] for t in overdue] == [41]
    assert "小组" in overdue[0]["variants"]

    sweep = {r["district"]: r for r in run("city-token", "inspection", "sweep")}
    assert (sweep["pudong"]["due_soon"], sweep["pudong"]["overdue"]) == (1, 1)
    due = run("pudong-token", "inspection", "due")
    assert [(d["registration_code"], d["days_left"]) for d in due] == [("PD-002", -45),
                                                                        ("PD-001", 26)]

    run("city-token", "rate", "record", "--year", "2014", "--units", "537690", "--deaths",
        "19", "--accidents", "23", "--injuries", "18", "--official", "0.40", "--source",
        "2014年特种设备安全工作总结", "--period", "2014年以来")
    rate = {r["figure"]: r for r in run("operator-token", "rate", "show", "--year", "2014")}
    assert (rate["computed"]["rate"], rate["computed"]["display"]) == ("0.3534", "0.35")
    assert (rate["computed"]["numerator"], rate["computed"]["denominator"]) == (19, 537690)
    assert rate["official"]["display"] == "0.40"
    assert rate["official"]["within_ceiling"] == rate["computed"]["within_ceiling"] == "yes"

    for company in ("C1", "C2", "C3", "C4"):
        run("city-token", "company", "add", company, "--name", f"{company} 电梯维保")
    (tmp_path / "indicators.csv").write_text(INDICATORS_CSV, "utf-8")
    assert run("city-token", "company", "indicators", "--year", "2014",
               str(tmp_path / "indicators.csv")) == {"recorded": 12}
    run("city-token", "company", "blacklist", "C4", "--on", "2014-12-01", "--reason",
        "维保质量严重失信")
    ranking = run("operator-token", "company", "rank", "--year", "2014")
    assert [(r["rank"], r["company_id"], r["score"]) for r in ranking] == [
        (1, "C2", "94.00"), (1, "C3", "94.00"), (3, "C1", "93.00")]
    assert [e["company_id"] for e in run("pudong-token", "company", "blacklisted")] == ["C4"]

    text = scrape_metrics(running.server.metrics_port)
    assert 'cityscore_special_equipment_elevators{district="pudong"} 6.0' in text
    assert "cityscore_special_equipment_annex_tasks_overdue 42.0" in text
    assert ('cityscore_special_equipment_target_rate_percent{district="city",'
            'target="public_monitoring"} 80.0') in text
