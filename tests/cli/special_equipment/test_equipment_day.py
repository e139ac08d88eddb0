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


def test_a_day_of_elevator_safety_work(start_server: Any, sqlite_url: str,
                                        tmp_path: Path) -> None:
    running = start_server(["special_equipment"], database_url=sqlite_url)

    def run(token: str, *args: str, code: int = 0) -> Any:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o", "json",
                                     "equipment", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 and result.stdout.strip() else result

    for company in ("C1", "C2", "C3", "C4"):
        run("city-token", "company", "add", company, "--name", f"{company} 电梯维保")
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
    assert [e["registration_code"] for e in first["elevators"]] == [f"PD-00{i}"
                                                                   for i in range(1, 5)]
    # A table shows the rows; how to get the next page is said on stderr.
    table = runner.invoke(cli, ["--target", running.target, "--token", "operator-token",
                                "equipment", "elevator", "list", "--district", "pudong",
                                "--page-size", "4"])
    assert table.exit_code == 0, table.output
    assert f"--page-token {first['next_page_token']}" in table.stderr
    assert "--page-token" not in table.stdout
    rest = run("operator-token", "elevator", "list", "--district", "pudong", "--page-token",
               first["next_page_token"])
    assert [e["registration_code"] for e in rest["elevators"]] == ["PD-005", "PD-006"]
    assert rest["next_page_token"] == ""
    (tmp_path / "xuhui.csv").write_text(XUHUI_CSV, "utf-8")
    run("xuhui-token", "elevator", "import", str(tmp_path / "xuhui.csv"), "--district", "xuhui")
    run("pudong-token", "elevator", "import", str(tmp_path / "xuhui.csv"), "--district",
        "xuhui", code=6)

    district = {r["target"]: r for r in run("pudong-token", "targets", "report", "--year",
                                             "2020", "--district", "pudong")["rates"]}
    assert district["public_monitoring"]["rate_percent"] == 75.0
    assert district["public_insurance"]["met"] is True
    assert district["residential_assessment"]["rate_percent"] == 50.0
    shown = run("pudong-token", "targets", "show", "--year", "2020")
    assert {r["target"]: r["rate_percent"] for r in shown["rates"]}["public_monitoring"] == 75.0
    assert shown["report"]["scope"] == "pudong"
    assert [(t["year"], t["public_monitoring"]) for t in shown["trend"]] == [(2020, 75.0)]
    report = run("city-token", "targets", "report", "--year", "2020")
    city = {r["target"]: r for r in report["rates"]}
    assert {r["scope"] for r in report["districts"]} == {"pudong", "xuhui"}
    assert (city["public_monitoring"]["numerator"], city["public_monitoring"]["denominator"],
            city["public_monitoring"]["rate_percent"]) == (4, 5, 80.0)
    assert (city["public_monitoring"]["pudong"], city["public_monitoring"]["xuhui"]) \
        == (75.0, 100.0)
    assert city["residential_aged_monitoring"]["rate_percent"] == 66.67
    assert run("city-token", "targets", "replay", str(report["report"]["report_id"]))[
        "matches"] is True

    # PD-003 gets remote monitoring from 2021-01-10: the 2020 report stays as it was.
    (tmp_path / "fitted.csv").write_text(HEADER + PUDONG_CSV.splitlines()[3].replace(
        "school,3 Century Ave,2014-09-01,C2,no", "school,3 Century Ave,2014-09-01,C2,yes")
        + "\n", "utf-8")
    fitted = run("pudong-token", "elevator", "import", str(tmp_path / "fitted.csv"),
                 "--district", "pudong", "--effective-from", "2021-01-10", "--reason",
                 "monitoring device fitted")
    assert (fitted["amended"], fitted["unchanged"]) == (1, 0)
    again_2020 = {r["target"]: r for r in run("pudong-token", "targets", "report", "--year",
                                              "2020", "--district", "pudong")["rates"]}
    assert again_2020["public_monitoring"]["rate_percent"] == 75.0

    run("city-token", "annex", "update", "41", "--status", "in_progress", "--evidence",
        "draft charter", "--reason", "committee being set up", "--on", "2018-06-01")
    for number in (19, 20, 30):
        run("city-token", "annex", "update", str(number), "--status", "done", "--evidence",
            "delivered", "--reason", "closing 2018 tasks")
    # Done on the service's today (2021-01-15): on 2019-03-01 the annex's four 2018 tasks
    # (#19, #20, #30, #41, due by 2018-12-31) were all still open, so all four were overdue.
    overdue = run("operator-token", "annex", "list", "--overdue", "--as-of", "2019-03-01")
    assert [(t["number"], t["overdue"]) for t in overdue["tasks"]] == [
        (19, True), (20, True), (30, True), (41, True)]
    assert overdue["overdue"] == 4
    assert [t["status"] for t in overdue["tasks"]] == ["not_started"] * 3 + ["in_progress"]
    assert "小组" in overdue["tasks"][3]["variants"]
    today = run("operator-token", "annex", "list", "--overdue")
    assert [t["number"] for t in today["tasks"] if t["deadline_year"] == 2018] == [41]

    swept = run("city-token", "inspection", "sweep")
    sweep = {r["district"]: r for r in swept["districts"]}
    assert (sweep["pudong"]["due_soon"], sweep["pudong"]["overdue"]) == (1, 1)
    assert swept["sweep"]["swept_on"] == "2021-01-15"
    assert run("operator-token", "inspection", "replay", str(swept["sweep"]["sweep_id"]))[
        "matches"] is True
    due = run("pudong-token", "inspection", "due")
    assert [(d["registration_code"], d["days_left"]) for d in due["due"]] == [
        ("PD-002", -45), ("PD-001", 26)]
    assert due["total"] == 2
    # PD-002 passes its overdue inspection: due again a year on (interval 1 year).
    inspected = run("pudong-token", "elevator", "inspect", "PD-002", "--on", "2021-01-10")
    assert (inspected["last_inspection_date"], inspected["next_inspection"],
            inspected["inspection"], inspected["last_inspection_failed"]) == (
        "2021-01-10", "2022-01-10", "ok", False)

    run("city-token", "rate", "record", "--year", "2014", "--units", "537690", "--deaths",
        "19", "--accidents", "23", "--injuries", "18", "--official", "0.40", "--source",
        "2014年特种设备安全工作总结", "--period", "2014年以来")
    shown_rate = run("operator-token", "rate", "show", "--year", "2014")
    rate = {r["figure"]: r for r in shown_rate["figures"]}
    assert (rate["computed"]["rate"], rate["computed"]["display"]) == (0.3534, "0.35")
    assert (rate["computed"]["numerator"], rate["computed"]["denominator"]) == (19, 537690)
    assert (rate["official"]["rate"], rate["official"]["display"]) == (0.4, "0.40")
    assert rate["official"]["within_ceiling"] is rate["computed"]["within_ceiling"] is True
    assert (shown_rate["assessment"]["ceiling"], shown_rate["assessment"]["met"]) \
        == (0.42, True)

    (tmp_path / "indicators.csv").write_text(INDICATORS_CSV, "utf-8")
    assert run("city-token", "company", "indicators", "--year", "2014",
               str(tmp_path / "indicators.csv")) == {"recorded": 12}
    run("city-token", "company", "blacklist", "C4", "--on", "2014-12-01", "--reason",
        "维保质量严重失信")
    ranking = run("operator-token", "company", "rank", "--year", "2014")
    assert [(r["rank"], r["company_id"], r["score"]) for r in ranking["ranking"]] == [
        (1, "C2", 94.0), (1, "C3", 94.0), (3, "C1", 93.0)]
    assert ranking["blacklisted"] == []  # C4 has no indicators of 2014 to leave out
    assert ranking["ties"] == [{"rank": 1, "score": 94.0, "companies": ["C2", "C3"]}]
    assert [e["company_id"] for e in run("pudong-token", "company", "blacklisted")] == ["C4"]

    text = scrape_metrics(running.server.metrics_port)
    assert 'cityscore_special_equipment_elevators{district="pudong"} 6.0' in text
    assert "cityscore_special_equipment_annex_tasks_overdue 42.0" in text
    assert ('cityscore_special_equipment_target_rate_percent{district="city",'
            'target="public_monitoring"} 80.0') in text
