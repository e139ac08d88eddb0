"""A day of LPG work through ``cityscore lpg`` against a real server (CLI → gRPC → DB → metrics)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from support import charts_of
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()

USERS_CSV = ("user_type,enterprise_id,name,resident_id,phone,business_name,credit_code,address,"
             "district,subdistrict,grid_cell,registered_on\n") + """\
residential,E1,Wang Wu,310112200002290786,13900139000,,,9 Lane 3,pudong,Zhangjiang,ZJ-01,2018-09-20
residential,E1,Wang Wu again,310112200002290786,13900139000,,,9 Lane 3,pudong,Zhangjiang,ZJ-01,
catering,E1,Chef Zhao,,021-6666-0000,Dumpling Bar,51310104425000014W,3 Food St,pudong,,,
"""
CYLINDERS_CSV = ("trace_code,serial,model,standard,phase,manufacture_date,design_life_years,"
                 "tare_g,last_inspection_date,last_inspection_passed\n") + """\
C-0002,S2,YSP35.5,2006,gas,2017-06-01,,16400,,
C-OLD,S3,YSP35.5,2006,gas,2011-03-01,,16400,,
"""


def test_a_day_of_lpg_work(start_server: Any, sqlite_url: str, tmp_path: Path) -> None:
    running = start_server(["lpg_registry"], database_url=sqlite_url)

    def run(token: str, *args: str, code: int = 0) -> Any:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o", "json",
                                     "lpg", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 and result.stdout.strip() else result

    run("city-token", "enterprise", "add", "--id", "E1", "--name", "Pudong Gas",
        "--credit-code", "913101013000000530", "--licence", "L-1", "--valid-until",
        "2021-12-31", "--district", "pudong")
    e1 = "lpg-e1-token"
    run(e1, "enterprise", "station", "--id", "E1-S1", "--enterprise", "E1", "--name", "Main",
        "--district", "pudong", "--address", "1 Gas Road")
    for staff, role in (("E1-F1", "filler"), ("E1-R1", "safety"), ("E1-D1", "delivery")):
        run(e1, "enterprise", "staff", "--id", staff, "--enterprise", "E1", "--name", staff,
            "--role", role, "--certificate", f"C-{staff}", "--valid-until", "2022-01-01")
    run(e1, "enterprise", "vehicle", "--plate", "沪A12345", "--enterprise", "E1",
        "--permit", "HP-1", "--valid-until", "2020-06-30")

    user = run(e1, "user", "add", "--type", "residential", "--enterprise", "E1", "--name",
               "Zhang San", "--resident-id", "310101199003071230", "--phone", "13800138000",
               "--address", "5 Lane 100", "--district", "pudong", "--subdistrict", "Zhangjiang")
    assert user["resident_id"] == "310***********1230" and user["phone"] == "138****8000"
    (tmp_path / "users.csv").write_text(USERS_CSV, "utf-8")
    imported = run(e1, "user", "import", "--file", str(tmp_path / "users.csv"))
    assert imported["registered"] == 2 and imported["duplicate_lines"] == [3]
    run("pudong-token", "user", "review", str(user["user_id"]))

    run(e1, "cylinder", "add", "C-0001", "--owner", "E1", "--station", "E1-S1",
        "--model", "YSP35.5", "--made", "2017-06-01", "--tare-g", "16400")
    (tmp_path / "cylinders.csv").write_text(CYLINDERS_CSV, "utf-8")
    assert run(e1, "cylinder", "import", "--file", str(tmp_path / "cylinders.csv"), "--owner", "E1",
               "--station", "E1-S1") == {"registered": 2}

    fill = ["--enterprise", "E1", "--station", "E1-S1", "--filler", "E1-F1", "--rechecker",
            "E1-R1", "--empty-g", "16900"]
    assert run(e1, "fill", "C-0001", *fill, "--full-g", "31300")["content_g"] == 14_900
    refused = run(e1, "fill", "C-OLD", *fill, "--full-g", "31350", code=5)
    assert all(code in refused.stderr for code in ("CYL_SCRAPPED", "CYL_OVERDUE", "OVERFILL"))

    delivery = ["--enterprise", "E1", "--staff", "E1-D1", "--vehicle", "沪A12345"]
    done = run(e1, "deliver", "--user", str(user["user_id"]), *delivery, "--out", "C-0001")
    assert done["connected"] and done["user_holds"] == ["C-0001"]
    unreviewed = run(e1, "deliver", "--user", str(user["user_id"] + 1), *delivery,
                     "--out", "C-0002", code=5)
    assert "USER_UNREVIEWED" in unreviewed.stderr and "CYL_NOT_FILLED" in unreviewed.stderr

    checked = run(e1, "check-delivery", "--user", str(user["user_id"] + 1), *delivery,
                  "--out", "C-0002", code=5)
    refusals = json.loads(checked.stdout)
    assert refusals["allowed"] is False
    assert {"USER_UNREVIEWED", "CYL_NOT_FILLED"} <= {r["code"] for r in refusals["refusals"]}

    shown = run(e1, "cylinder", "show", "C-0001")
    assert shown["cylinder"]["where"] == f"user {user['user_id']}"
    assert [h["event"] for h in shown["history"]] == ["registered", "filled", "delivered"]
    assert [e["enterprise"] for e in run("city-token", "enterprise", "list")] == ["E1"]
    assert run(e1, "user", "show", str(user["user_id"]))["holds"] == ["C-0001"]

    swept = runner.invoke(cli, ["--target", running.target, "--token", "city-token", "lpg",
                                "sweep"])
    assert swept.exit_code == 0 and "lpg-2026.2" in swept.stdout
    assert run("operator-token", "replay", "1")["matches"] is True
    listed = run(e1, "due", "--enterprise", "E1")
    [due] = listed["rows"]
    assert listed["next_page_token"] == ""
    assert (due["trace_code"], due["compliance"]) == ("C-OLD", "past_service_life")
    mine = runner.invoke(cli, ["--target", running.target, "--token", e1, "lpg", "sweep-show"])
    assert mine.exit_code == 0 and "E1" in mine.stdout
    reasons = {(r["kind"], r["reason"]): r["count"] for r in run("city-token", "refusals")}
    assert reasons[("fill", "OVERFILL")] == 1 and reasons[("delivery", "USER_UNREVIEWED")] == 1

    # The campaign's deadline: 2018-09-21 (domain page §2.2).
    run("pudong-token", "campaign", "set", "pudong", "--surveyed", "4", "--deadline",
        "2018-09-21")
    [pudong] = [p for p in run("pudong-token", "campaign", "show")]
    assert (pudong["by_deadline"], pudong["after"], pudong["progress_pct"]) == (1, 2, 75.0)
    sent_up = tmp_path / "campaign.xlsx"
    assert run("pudong-token", "campaign", "show", "--out", str(sent_up)) == [pudong]
    sheet = load_workbook(sent_up)["Registration campaign"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["district", "surveyed", "deadline", "by_deadline", "after", "reviewed",
         "progress_pct"], ["pudong", 4, "2018-09-21", 1, 2, pudong["reviewed"], 75]]
    [chart] = charts_of(sheet)
    assert [s.tx.strRef.f for s in chart.series] == [
        "'Registration campaign'!B1", "'Registration campaign'!D1",
        "'Registration campaign'!E1"]
    refusals_file = tmp_path / "refusals.csv"
    run("city-token", "refusals", "--out", str(refusals_file))
    assert "fill,OVERFILL,1" in refusals_file.read_text("utf-8").splitlines()

    metrics = urllib.request.urlopen(
        f"http://127.0.0.1:{running.server.metrics_port}/metrics").read().decode()
    assert 'cityscore_lpg_registry_registrations_total{kind="user",result="duplicate"} 1.0' \
        in metrics
    assert 'cityscore_lpg_registry_campaign_surveyed_users{district="pudong"} 4.0' in metrics

    # As of a later day: C-0001 and C-0002 (made 2017-06-01) are due for inspection 2021-06-01.
    later = {c["trace_code"]: (c["compliance"], c["due"])
             for c in run(e1, "due", "--enterprise", "E1", "--as-of", "2021-05-15")["rows"]}
    assert later["C-0002"] == ("due_soon", "2021-06-01")
    assert later["C-0001"] == ("due_soon", "2021-06-01")
    # The same list a page of one at a time, each page naming the next.
    paged, token = [], None
    while token != "":
        page = run(e1, "due", "--enterprise", "E1", "--as-of", "2021-05-15", "--limit", "1",
                   *(("--page-token", token) if token else ()))
        paged += [c["trace_code"] for c in page["rows"]]
        token = page["next_page_token"]
    assert sorted(paged) == sorted(later)
    planned = runner.invoke(cli, ["--target", running.target, "--token", "city-token", "lpg",
                                  "sweep", "--as-of", "2021-05-15"])
    assert planned.exit_code == 0 and "2021-05-15" in planned.stdout

    # A cylinder made before 2007-02-01 is legacy: 15 years (domain page §4, L4).
    legacy = ["--owner", "E1", "--station", "E1-S1", "--model", "YSP35.5", "--made",
              "2006-05-01", "--tare-g", "16400", "--last-inspection", "2017-05-01"]
    misfit = run(e1, "cylinder", "add", "C-MISFIT", *legacy, code=3)
    assert "standard_version" in misfit.stderr
    assert run(e1, "cylinder", "add", "C-MISFIT", *legacy,
               "--confirm-standard-mismatch")["service_limit"] == "2021-05-01"
    assert run(e1, "cylinder", "add", "C-LEGACY", *legacy, "--standard", "legacy")[
        "service_limit"] == "2021-05-01"

    reseller = run(e1, "user", "add", "--type", "reseller", "--enterprise", "E1", "--name",
                   "Zhou Liu", "--business", "Corner Gas Shop", "--credit-code",
                   "9131010130000007XJ", "--phone", "13700137000", "--address", "12 Market Rd",
                   "--district", "pudong", "--licence", "RQ-1", "--licence-valid-until",
                   "2019-02-28")
    assert (reseller["type"], reseller["licence_valid_until"]) == ("reseller", "2019-02-28")
    run("pudong-token", "user", "review", str(reseller["user_id"]))
    run(e1, "fill", "C-0002", *fill, "--full-g", "31300")
    unlicensed = run(e1, "deliver", "--user", str(reseller["user_id"]), *delivery,
                     "--out", "C-0002", code=5)
    assert "USER_RESELLER_UNLICENSED" in unlicensed.stderr
