"""One import-kind declaration drives the empty file, the ``--help`` column list and the
checks of a filled-in file; a report goes out as CSV (BOM on request) or as a workbook with a
native chart; a re-run import is a retry; ``-o json`` is one document of raw values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli.core.client import runner_for
from cli.core.trial import trial_cli
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from support import RunningServer, charts_of

HEADER = "district,date,kind,people,government_project,source,description"
ROWS = ["xuhui,2018-04-02,mass,60,1,police,site A",
        "minhang,2018-05-05,extreme,49,0,petitions,site B",
        "xuhui,2018-09-12,mass,80,yes,police,"]


def test_the_template_is_what_the_import_reads(wage_2018: RunningServer,
                                               tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    as_csv = run("trial", "template", "incidents")
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout.splitlines() == [
        "district,date,kind,people,government_project,source,description",
        "xuhui,2018-04-02,mass,60,0,police,工地工资拖欠"]

    book_path = tmp_path / "incidents.xlsx"
    assert run("trial", "template", "incidents", "--out", str(book_path)).exit_code == 0
    book = load_workbook(book_path)
    assert book.sheetnames == ["incidents", "columns"]
    data = [list(r) for r in book["incidents"].iter_rows(values_only=True)]
    assert data == [HEADER.split(","), ["xuhui", "2018-04-02", "mass", 60, "0", "police",
                                        "工地工资拖欠"]]
    explained = {r[0]: r for r in book["columns"].iter_rows(min_row=2, values_only=True)}
    assert explained["kind"][3] == "mass, extreme, information"
    assert explained["source"][3] == ("public_security_governance, police, petitions, "
                                      "assessment_team")
    assert explained["people"][2] == "people" and explained["date"][2] == "YYYY-MM-DD"
    assert explained["description"][1] == "no"

    # The workbook template, filled in as it is, imports (the example row).
    stored = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(book_path))
    assert stored.exit_code == 0, stored.output
    assert [(r["district"], r["people"]) for r in json.loads(stored.stdout)["stored"]] == [
        ("xuhui", 60)]

    help_text = " ".join(run("trial", "import", "--help").stdout.split())
    assert "kind: What it was; one of: mass, extreme, information; required" in help_text
    assert "people: People involved; unit: people; required; e.g. 60" in help_text
    assert "cityscore trial template incidents" in help_text


def test_every_problem_of_a_file_at_once_named_by_line_and_column(
        wage_2018: RunningServer, tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    bad_dates = [f"xuhui,2018-13-{n:02d},mass,60,0,police,x" for n in range(1, 41)]
    path.write_text("\n".join([HEADER, ROWS[0], "xuhui,2018-06-01,riot,many,0,police,x",
                               *bad_dates]) + "\n", "utf-8")
    result = run("trial", "import", "--year", "2018", "--file", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    text = result.stderr
    assert "42 problems" in text
    assert "line 3, column kind: 'riot' is not one of mass, extreme, information" in text
    assert "line 3, column people: 'many' is not a whole number" in text
    assert "line 4, column date: '2018-13-01' is not a date (YYYY-MM-DD)" in text
    assert "line 6, column date" in text and "line 7, column date" not in text
    assert "and 37 more rows with the same problem" in text
    listed = run("-o", "json", "trial", "list", "--year", "2018")
    assert json.loads(listed.stdout) == []

    # Rows the client cannot judge are named by the server, by line and column too.
    path.write_text("\n".join([HEADER, ROWS[0], "atlantis,2018-06-01,mass,60,0,police,x",
                               "xuhui,2017-12-31,mass,60,0,police,x"]) + "\n", "utf-8")
    result = run("trial", "import", "--year", "2018", "--file", str(path))
    assert result.exit_code == 3, result.output
    assert "line 3, column district (incidents[1].district)" in result.stderr
    assert "line 4, column date (incidents[2].incident_date)" in result.stderr
    assert json.loads(run("-o", "json", "trial", "list", "--year", "2018").stdout) == []


def test_running_an_import_again_stores_nothing_twice(wage_2018: RunningServer,
                                                      tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    first = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(path))
    again = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(path))
    assert first.exit_code == again.exit_code == 0, (first.output, again.output)
    assert json.loads(again.stdout) == json.loads(first.stdout)
    listed = json.loads(run("-o", "json", "trial", "list", "--year", "2018").stdout)
    assert [(r["district"], r["people"]) for r in listed] == [
        ("xuhui", 60), ("minhang", 49), ("xuhui", 80)]

    # The same rows saved by another program are other bytes: --request-id says it is the
    # same request, and the server answers it from its record.
    named = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(path),
                "--request-id", "minhang-office-2018-batch-1")
    gbk = tmp_path / "incidents-gbk.csv"
    gbk.write_bytes(path.read_text("utf-8").replace("\n", "\r\n").encode("gbk"))
    retried = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(gbk),
                  "--request-id", "minhang-office-2018-batch-1")
    assert named.exit_code == retried.exit_code == 0, (named.output, retried.output)
    assert json.loads(retried.stdout) == json.loads(named.stdout)
    assert len(json.loads(run("-o", "json", "trial", "list", "--year", "2018").stdout)) == 6


def test_a_failed_import_prints_the_request_id_to_retry_with(wage_2018: RunningServer,
                                                             tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    # A district office may not import the city's incidents: the answer names the request.
    failed = run("trial", "import", "--year", "2018", "--file", str(path),
                 token="pudong-token")
    assert failed.exit_code == 6, failed.output
    advice = " ".join(failed.stderr.split())
    assert "to retry this same request, run the command again with --request-id " \
           "incidents-2018-" in advice
    retry_id = advice.split("--request-id ")[1].split()[0]
    retried = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(path),
                  "--request-id", retry_id)
    plain = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(path))
    assert retried.exit_code == plain.exit_code == 0, (retried.output, plain.output)
    assert json.loads(plain.stdout) == json.loads(retried.stdout)  # the same request
    assert len(json.loads(run("-o", "json", "trial", "list", "--year", "2018").stdout)) == 3


def test_a_report_as_csv_with_bom_and_as_a_workbook_with_a_chart(
        wage_2018: RunningServer, tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    assert run("trial", "import", "--year", "2018", "--file", str(path)).exit_code == 0

    report_csv = tmp_path / "report.csv"
    result = run("trial", "report", "--year", "2018", "--out", str(report_csv), "--bom")
    assert result.exit_code == 0, result.output
    raw = report_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["district"], r["people"]) for r in rows] == [("minhang", "49"),
                                                            ("xuhui", "140")]
    assert float(rows[1]["share"]) == 140 / 189  # raw, every digit
    plain = run("trial", "report", "--year", "2018", "--out", str(tmp_path / "plain.csv"))
    assert plain.exit_code == 0 and not (tmp_path / "plain.csv").read_bytes().startswith(
        b"\xef\xbb\xbf")

    book_path = tmp_path / "report.xlsx"
    result = run("trial", "report", "--year", "2018", "--out", str(book_path))
    assert result.exit_code == 0, result.output
    book = load_workbook(book_path)
    sheet = book["Incidents 2018"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["district", "people", "share"], ["minhang", 49, pytest.approx(49 / 189)],
        ["xuhui", 140, pytest.approx(140 / 189)]]
    charts = charts_of(sheet)
    assert len(charts) == 1 and isinstance(charts[0], BarChart)
    series = charts[0].series[0]
    assert series.val.numRef.f == "'Incidents 2018'!$B$2:$B$3"
    assert series.cat.numRef.f == "'Incidents 2018'!$A$2:$A$3"  # the districts
    assert series.tx.strRef.f == "'Incidents 2018'!B1"  # the series named by its header

    unwritable = run("trial", "report", "--year", "2018", "--out",
                     str(tmp_path / "no-such-dir" / "r.xlsx"))
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.stderr


def test_json_is_one_document_with_raw_values_and_warnings(wage_2018: RunningServer,
                                                          tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    path.write_text("\n".join([HEADER + ",remarks", *(row + "," for row in ROWS)]) + "\n",
                    "utf-8")
    result = run("trial", "import", "--year", "2018", "--file", str(path), "-o", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["warnings"] == [
        f"{path}: column(s) remarks are not read (this file's columns: district, date, kind, "
        "people, government_project, source, description)", "4: no description"]
    assert document["stored"][0] == {"id": document["stored"][0]["id"], "district": "xuhui",
                                     "date": "2018-04-02", "kind": "mass", "people": 60,
                                     "description": "site A"}
    report = json.loads(run("trial", "report", "--year", "2018", "-o", "json").stdout)
    assert report == {"districts": [
        {"district": "minhang", "people": 49, "share": 49 / 189},
        {"district": "xuhui", "people": 140, "share": 140 / 189}], "year": 2018}
    as_csv = run("trial", "report", "--year", "2018", "-o", "csv").stdout
    assert as_csv.splitlines()[2] == f"xuhui,140,{140 / 189!r}"


def test_what_the_client_exports_the_import_reads_back(wage_2018: RunningServer,
                                                       tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    first = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(path),
                "--request-id", "xuhui-2018-1")
    assert first.exit_code == 0, first.output
    for name in ("exported.csv", "exported.xlsx"):
        exported = tmp_path / name
        assert run("trial", "export", "--year", "2018", "--out", str(exported)).exit_code == 0
        # The exported file is the same request again: the server answers it from its record.
        again = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(exported),
                    "--request-id", "xuhui-2018-1")
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout) == json.loads(first.stdout)
    assert len(json.loads(run("-o", "json", "trial", "list", "--year", "2018").stdout)) == 3


def test_a_file_sent_in_chunks_resumes_where_it_stopped(wage_2018: RunningServer,
                                                        tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    rows = [*ROWS, "xuhui,2017-12-31,mass,60,0,police,before the year", ROWS[0]]
    path.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    failed = run("trial", "import-chunked", "--year", "2018", "--file", str(path))
    assert failed.exit_code == 3, failed.output
    # The second call's second row: line 5 of the file.
    assert "line 5, column date (incidents[1].incident_date)" in failed.stderr
    assert "--request-id incidents-2018-chunked-" in " ".join(failed.stderr.split())
    stored = json.loads(run("-o", "json", "trial", "list", "--year", "2018").stdout)
    assert len(stored) == 2  # the first chunk went through

    # The clerk fixes line 5 and sends the file again with the printed id: the first chunk is
    # answered from the server's record, the rest is stored.
    retry_id = " ".join(failed.stderr.split()).split("--request-id ")[1].split()[0]
    rows[3] = "xuhui,2018-12-31,mass,60,0,police,in the year"
    path.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    resumed = run("-o", "json", "trial", "import-chunked", "--year", "2018", "--file",
                  str(path), "--request-id", retry_id)
    assert resumed.exit_code == 0, resumed.output
    assert [r["id"] for r in json.loads(resumed.stdout)][:2] == [r["id"] for r in stored]
    assert len(json.loads(run("-o", "json", "trial", "list", "--year", "2018").stdout)) == 5


def test_a_request_field_is_named_by_its_flag(wage_2018: RunningServer) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    result = run("trial", "list", "--year", "0")
    assert result.exit_code == 3
    assert "  --year: must be set" in result.stderr.splitlines()


def test_table_numbers_have_one_number_of_decimals_per_column(
        wage_2018: RunningServer, tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", "utf-8")
    assert run("trial", "import", "--year", "2018", "--file", str(path)).exit_code == 0
    table = run("trial", "report", "--year", "2018", env={"COLUMNS": "80"}).stdout
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in table.splitlines()
             if line.startswith("│")]
    assert cells == [["minhang", "49", "0.259"], ["xuhui", "140", "0.741"]]


def test_a_csv_report_written_as_a_workbook_keeps_codes_and_identity_numbers(
        tmp_path: Path) -> None:
    from cityscore.services.cli.common import csv_output

    path = tmp_path / "users.xlsx"
    with csv_output(path) as handle:
        handle.write("code,id_number,bottles,share\n007,310101199001011234,12,0.25\n")
    sheet = load_workbook(path).worksheets[0]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["code", "id_number", "bottles", "share"], ["007", "310101199001011234", 12, 0.25]]


def test_a_list_is_one_cell_of_its_items_in_tables_and_csv(capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    from cityscore.services.cli.output import OutputFormat, render

    rows = [{"user": "U1", "holds": ["C-1", "C-2"]}, {"user": "U2", "holds": []}]
    render(rows, output=OutputFormat.CSV)
    assert capsys.readouterr().out == "user,holds\nU1,C-1 C-2\nU2,\n"
    render(rows, output=OutputFormat.TABLE)
    table = capsys.readouterr().out
    assert "C-1 C-2" in table and "[" not in table
