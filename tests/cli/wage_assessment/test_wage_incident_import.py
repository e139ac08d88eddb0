"""``cityscore wage incident import`` against a real server on SQLite: all or nothing, every
bad row named by its file line and column; files as district offices save them (GBK CSV with
Chinese words, .xlsx, the template); running the same import again stores nothing twice; what
``incident export`` writes, the import reads back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support import RunningServer, ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()
SCHEME_FILE = Path(str(resources.files("cityscore.services.wage_assessment.data").joinpath(
    "schemes/sample-2018.json")))
HEADER = "district,date,kind,people,government_project,serious_consequence,source,description\n"
GOOD = [
    "xuhui,2018-04-02,mass,60,true,false,police,site A wages unpaid\n",
    "xuhui,2018-09-12,mass,80,yes,no,petitions,site B wages unpaid\n",
    "minhang,2018-05-05,mass,49,false,false,police,below the 50-people line\n",
]
#: What the three GOOD rows are once stored, as ``incident list -o json`` shows them.
STORED = [("xuhui", "2018-04-02", "mass", 60, True, False, "police"),
          ("xuhui", "2018-09-12", "mass", 80, True, False, "petitions"),
          ("minhang", "2018-05-05", "mass", 49, False, False, "police")]

Run = Callable[..., Any]


@pytest.fixture
def run(start_server: ServerFactory, sqlite_url: str) -> Run:
    """``run(token, *args, code=0)``: ``cityscore -o json wage ...`` against a wage server
    whose 2018 year takes incidents; the JSON document parsed when the command succeeds."""
    running: RunningServer = start_server(["wage_assessment"], database_url=sqlite_url)

    def invoke(token: str, *args: str, code: int = 0, stdin: bytes | None = None) -> Any:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o",
                                     "json", "wage", *args], input=stdin)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 and result.stdout.strip() else result

    invoke("city-token", "scheme", "load", str(SCHEME_FILE), "--publish")
    invoke("city-token", "year", "create", "2018", "--scheme", "sample-2018")
    invoke("city-token", "year", "advance", "2018", "self_check")
    return invoke


def _listed(run: Run) -> list[tuple[Any, ...]]:
    """The year's incidents as STORED spells them, in the order STORED has them."""
    return sorted(((i["district"], i["date"], i["kind"], i["people"], i["government_project"],
             i["serious_consequence"], i["source"])
             for i in run("city-token", "incident", "list", "2018")),
                  key=lambda i: [row[:2] for row in STORED].index(i[:2]))


def test_incident_import_is_all_or_nothing(run: Run, tmp_path: Path) -> None:
    team = "assessor-token"
    path = tmp_path / "incidents.csv"

    # A blank line after the header: the clerk's line numbers count it.
    path.write_text(HEADER + "\n" + GOOD[0] + "xuhui,2018-13-01,mass,60,,,police,\n"
                    + GOOD[1] + "xuhui,2018-06-01,riot,many,,,police,\n", "utf-8")
    failed = run(team, "incident", "import", "2018", "--file", str(path), code=2)
    for where in ("line 4, column date", "line 6, column kind", "line 6, column people"):
        assert where in failed.stderr
    assert run("city-token", "incident", "list", "2018") == []

    path.write_text(HEADER + "\n" + GOOD[0] + GOOD[1]
                    + "atlantis,2018-06-01,mass,60,,,police,\n"
                    + "xuhui,2017-12-31,mass,60,,,police,\n", "utf-8")
    failed = run(team, "incident", "import", "2018", "--file", str(path), code=3)
    assert "line 5, column district (incidents[2].district)" in failed.stderr
    assert "line 6, column date (incidents[3].incident_date)" in failed.stderr
    assert run("city-token", "incident", "list", "2018") == []

    path.write_text(HEADER + "\n" + "".join(GOOD), "utf-8")
    first = run(team, "incident", "import", "2018", "--file", str(path))
    assert [(r["district"], r["people"]) for r in first] == [
        ("xuhui", 60), ("xuhui", 80), ("minhang", 49)]
    # Run again (a timeout, a dropped connection): a retry, answered from the record.
    again = run(team, "incident", "import", "2018", "--file", str(path))
    assert again == first
    assert _listed(run) == STORED


def test_an_explicit_request_id_makes_a_file_saved_differently_the_same_request(
        run: Run, tmp_path: Path) -> None:
    team = "assessor-token"
    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + GOOD[0], "utf-8")
    first = run(team, "--request-id", "pudong-incidents-1", "incident", "import", "2018",
                "--file", str(path))
    path.write_text(HEADER.replace("\n", "\r\n") + GOOD[0].replace("\n", "\r\n"), "utf-8")
    assert run(team, "incident", "import", "2018", "--file", str(path),
               "--request-id", "pudong-incidents-1") == first
    assert len(run("city-token", "incident", "list", "2018")) == 1


def test_a_gbk_file_with_chinese_words_and_a_workbook_are_imported(
        run: Run, tmp_path: Path) -> None:
    team = "assessor-token"
    gbk = tmp_path / "incidents-gbk.csv"
    # Excel on Chinese Windows: GBK, kinds and departments as the clerk writes them.
    gbk.write_bytes((HEADER + "xuhui,2018-04-02,群体性事件,60,是,否,公安,工地工资拖欠\n"
                     "minhang,2018/5/5,信息,,否,否,信访,\n").encode("gbk"))
    stored = run(team, "incident", "import", "2018", "--file", str(gbk))
    assert [(r["district"], r["date"], r["kind"], r["people"], r["government_project"],
             r["source"]) for r in stored] == [
        ("xuhui", "2018-04-02", "mass", 60, True, "police"),
        ("minhang", "2018-05-05", "information", 0, False, "petitions")]
    assert run("city-token", "incident", "list", "2018")[0]["description"] == "工地工资拖欠"
    # The same bytes piped in: the same request, nothing stored twice.
    assert run(team, "incident", "import", "2018", "--file", "-",
               stdin=gbk.read_bytes()) == stored
    assert len(run("city-token", "incident", "list", "2018")) == 2

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    sheet.append(["xuhui", "2018-09-12", "mass", 80, 1, 0, "petitions", "site B"])
    sheet.append(["minhang", "2018-05-06", "extreme", 3, 0, 1, "police", None])
    workbook = tmp_path / "incidents.xlsx"
    book.save(workbook)
    stored = run(team, "incident", "import", "2018", "--file", str(workbook))
    assert [(r["district"], r["kind"], r["people"], r["serious_consequence"])
            for r in stored] == [("xuhui", "mass", 80, False), ("minhang", "extreme", 3, True)]
    assert len(run("city-token", "incident", "list", "2018")) == 4


def test_the_template_is_a_file_the_import_takes(run: Run, tmp_path: Path) -> None:
    sheet_file = tmp_path / "incidents.xlsx"
    made = runner.invoke(cli, ["wage", "template", "incidents", "--format", "xlsx", "--out",
                               str(sheet_file)])
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(sheet_file)
    explained = {row[0]: row for row in book.worksheets[1].iter_rows(values_only=True)}
    assert "mass" in str(explained["kind"][3]) and explained["people"][2] == "people"
    stored = run("assessor-token", "incident", "import", "2018", "--file", str(sheet_file))
    assert [(r["district"], r["date"], r["kind"], r["people"]) for r in stored] == [
        ("xuhui", "2018-04-02", "mass", 60)]

    text = runner.invoke(cli, ["wage", "template", "incidents"])
    assert text.exit_code == 0, text.output
    assert next(csv.reader(io.StringIO(text.stdout))) == HEADER.strip().split(",")
    helped = runner.invoke(cli, ["wage", "incident", "import", "--help"], env={"COLUMNS": "200"})
    assert "government_project" in helped.stdout and "public_security_governance" in helped.stdout


@pytest.mark.parametrize("name", ["incidents.csv", "incidents.xlsx"])
def test_what_incident_export_writes_the_import_reads_back(run: Run, tmp_path: Path,
                                                            name: str) -> None:
    team = "assessor-token"
    path = tmp_path / "sent.csv"
    path.write_text(HEADER + "".join(GOOD), "utf-8")
    run(team, "incident", "import", "2018", "--file", str(path))
    exported = tmp_path / name
    run("city-token", "incident", "export", "2018", "--out", str(exported))
    # Imported again (another office's copy of the register): the same incidents once more.
    stored = run(team, "incident", "import", "2018", "--file", str(exported))
    assert sorted((r["district"], r["date"], r["kind"], r["people"], r["government_project"],
                   r["serious_consequence"], r["source"]) for r in stored) == sorted(STORED)
    assert sorted(_listed(run)) == sorted(STORED + STORED)
