"""Finding users and an enterprise's assets, reviewing many users, inspecting with catalogue
findings and uploading a day late, through ``cityscore lpg`` against a real server (clock at
2019-03-01 12:00 city time). The full resident ID number is typed in, never printed."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()
RESIDENT = "310101199003071230"
OTHER = "310101199003071249"


def test_find_review_inspect_and_upload_late(start_server: Any, sqlite_url: str) -> None:
    running = start_server(["lpg_registry"], database_url=sqlite_url)

    def invoke(token: str, *args: str, stdin: str | None = None) -> Any:
        return runner.invoke(cli, ["--target", running.target, "--token", token, "-o", "json",
                                   "lpg", *args], input=stdin)

    def run(token: str, *args: str, stdin: str | None = None) -> Any:
        result = invoke(token, *args, stdin=stdin)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        assert RESIDENT not in result.stdout + result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else None

    e1 = "lpg-e1-token"
    run("city-token", "enterprise", "add", "--id", "E1", "--name", "Pudong Gas",
        "--credit-code", "913101013000000530", "--licence", "L-1", "--valid-until",
        "2021-12-31", "--district", "pudong")
    for n in (1, 2, 3):
        run(e1, "enterprise", "station", "--id", f"E1-S{n}", "--enterprise", "E1", "--name",
            f"Station {n}", "--district", "pudong", "--address", f"{n} Gas Road")
    for staff, role in (("E1-F1", "filler"), ("E1-R1", "safety")):
        run(e1, "enterprise", "staff", "--id", staff, "--enterprise", "E1", "--name", staff,
            "--role", role, "--certificate", f"C-{staff}", "--valid-until", "2022-01-01")
    run(e1, "enterprise", "vehicle", "--plate", "沪A12345", "--enterprise", "E1",
        "--permit", "HP-1", "--valid-until", "2020-06-30")
    for number, phone, name in ((RESIDENT, "13800138000", "Zhang San"),
                                (OTHER, "13800138001", "Li Si")):
        run(e1, "user", "add", "--type", "residential", "--enterprise", "E1", "--name", name,
            "--resident-id", number, "--phone", phone, "--address", "5 Lane 100",
            "--district", "pudong", "--subdistrict", "Zhangjiang", "--grid-cell", "ZJ-07")

    found = run(e1, "user", "find", "--resident-id", RESIDENT)
    assert [(u["name"], u["resident_id"]) for u in found["rows"]] == [
        ("Zhang San", "310***********1230")]
    from_stdin = run("pudong-token", "user", "find", "--resident-id", "-",
                     stdin=RESIDENT + "\n")
    assert [u["name"] for u in from_stdin["rows"]] == ["Zhang San"]
    assert run("lpg-e2-token", "user", "find", "--resident-id", RESIDENT)["rows"] == []
    by_cell = run(e1, "user", "find", "--grid-cell", "ZJ-07", "--limit", "1")
    assert [u["name"] for u in by_cell["rows"]] == ["Zhang San"]
    rest = run(e1, "user", "find", "--grid-cell", "ZJ-07", "--limit", "1", "--page-token",
               by_cell["next_page_token"])
    assert [u["name"] for u in rest["rows"]] == ["Li Si"] and rest["next_page_token"] == ""
    bad = invoke(e1, "user", "find", "--resident-id", "310101199003071231")
    assert bad.exit_code != 0 and "--resident-id" in bad.stderr
    assert "310101199003071231" not in bad.stdout + bad.stderr

    stations = run("pudong-token", "station", "list", "--enterprise", "E1", "--limit", "2")
    assert [s["station"] for s in stations["rows"]] == ["E1-S1", "E1-S2"]
    assert [s["station"] for s in run(e1, "station", "list", "--enterprise", "E1",
                                      "--page-token", stations["next_page_token"])["rows"]
            ] == ["E1-S3"]
    assert [s["role"] for s in run(e1, "staff", "list", "--enterprise", "E1")["rows"]] == [
        "filler", "safety"]
    assert [v["plate"] for v in run(e1, "vehicle", "list", "--enterprise", "E1")["rows"]] == [
        "沪A12345"]

    reviewed = run("pudong-token", "user", "review-many", "--district", "pudong")
    assert reviewed["changed"] == 2 and reviewed["user_ids"] == [1, 2]
    again = run("pudong-token", "user", "review-many", "1", "2")
    assert again["changed"] == 0 and again["unchanged"] == [1, 2]

    inspected = run(e1, "inspect", "--user", "1", "--inspector", "E1-R1", "--on", "2019-02-01",
                    "--finding", "CAT-18", "--finding", "CAT-19:stop-supply:no flame guard")
    assert [(h["rule"], h["severity"], h["rectify_by"]) for h in inspected] == [
        ("CAT-18", "stop_supply", "2019-03-03"), ("CAT-19", "stop_supply", "2019-03-03")]
    run(e1, "hazard", "rectify", str(inspected[0]["hazard_id"]))
    still_open = run(e1, "hazard", "list", "--user", "1")
    assert [(h["rule"], h["open"]) for h in still_open["rows"]] == [("CAT-19", True)]
    every = run("pudong-token", "hazard", "list", "--enterprise", "E1", "--all")
    assert [(h["rule"], h["closed_on"]) for h in every["rows"]] == [
        ("CAT-18", "2019-03-01"), ("CAT-19", "")]
    assert run(e1, "findings") == [
        {"rule": "CAT-18", "severity": "stop_supply", "open": 0, "rectified": 1, "overdue": 0},
        {"rule": "CAT-19", "severity": "stop_supply", "open": 1, "rectified": 0, "overdue": 0}]
    unknown = invoke(e1, "inspect", "--user", "1", "--inspector", "E1-R1", "--on",
                     "2019-02-01", "--finding", "CAT-99")
    assert unknown.exit_code != 0 and "CAT-99" not in unknown.stdout
    assert len(run(e1, "catalogue")) == 40

    run(e1, "cylinder", "add", "C-0001", "--owner", "E1", "--station", "E1-S1",
        "--model", "YSP35.5", "--made", "2017-06-01", "--tare-g", "16400")
    fill = run(e1, "fill", "C-0001", "--enterprise", "E1", "--station", "E1-S1", "--filler",
               "E1-F1", "--rechecker", "E1-R1", "--empty-g", "16900", "--full-g", "31300",
               "--occurred-at", "2019-02-28T18:00+08:00")
    assert (fill["occurred_on"], fill["days_late"]) == ("2019-02-28", 1)
    assert run(e1, "uploads") == [
        {"kind": "fill", "enterprise": "E1", "records": 1, "late": 1, "max_days_late": 1}]
    tomorrow = invoke(e1, "fill", "C-0001", "--enterprise", "E1", "--station", "E1-S1",
                      "--filler", "E1-F1", "--rechecker", "E1-R1", "--empty-g", "16900",
                      "--full-g", "31300", "--occurred-at", "2019-03-02T08:00+08:00")
    assert tomorrow.exit_code != 0 and "--occurred-at" in tomorrow.stderr
