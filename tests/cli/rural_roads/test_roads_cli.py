"""``cityscore roads``: the synthetic city network (about 12,000 km, all 16 districts) imported,
its survey uploaded, closed and reported — CLI → gRPC → database → metrics, end to end."""

from __future__ import annotations

import csv
import json
import math
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cityscore.core.districts import all_districts
from cityscore.services.cli.app import cli
from cityscore.services.rural_roads.synthetic import generate


def roads(running: Any, token: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--target", running.target, "--token", token, *args])
    return result


def metric_values(running: Any, name: str) -> dict[str, float]:
    text = urllib.request.urlopen(
        f"http://127.0.0.1:{running.server.metrics_port}/metrics").read().decode()
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
            for line in text.splitlines() if line.startswith(name)}


@pytest.fixture(scope="module")
def city_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("synthetic")
    return folder, generate(folder, total_km=12000, year=2019)


def test_synthetic_city_end_to_end(start_server: Any, database_url: str,
                                   city_files: tuple[Path, int], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder, units = city_files
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # this computer's cache
    running = start_server(["rural_roads"], database_url=database_url)
    km = sum(float(r["length_m"]) for r in csv.DictReader(
        (folder / "roads.csv").open(encoding="utf-8"))) / 1000
    assert 11_900 <= km <= 12_100

    imported = roads(running, "city-token", "-o", "json", "roads", "import-network", str(folder))
    assert imported.exit_code == 0, imported.output
    counts = {r["records"]: r["created"] for r in json.loads(imported.stdout)}
    assert counts["towns"] > 16 and counts["roads"] > 3000 and counts["district_years"] == 32

    assert roads(running, "city-token", "roads", "create-survey", "2019").exit_code == 0
    uploaded = roads(running, "city-token", "-o", "json", "roads", "upload", "2019",
                     str(folder / "survey_2019.csv"), "--chunk-size", "4000")
    assert uploaded.exit_code == 0, uploaded.output
    assert json.loads(uploaded.stdout)["units_scored"] == units
    again = roads(running, "city-token", "-o", "json", "roads", "upload", "2019",
                  str(folder / "survey_2019.csv"), "--chunk-size", "4000", "--first-chunk", "0")
    # The same file from the same chunk is a retry: its chunks carry the request ids of the
    # first upload, answered from the server's record; the survey keeps its units once.
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["chunks_stored"] == math.ceil(units / 4000)
    surveys = json.loads(roads(running, "city-token", "-o", "json", "roads", "surveys").stdout)
    assert [(s["units"], s["next_chunk"]) for s in surveys] == [(units, math.ceil(units / 4000))]
    # Sent again as it was, after a timeout: this computer remembers the file's first chunk
    # number, so it is a retry too.
    twice = roads(running, "city-token", "-o", "json", "roads", "upload", "2019",
                  str(folder / "survey_2019.csv"), "--chunk-size", "4000")
    assert twice.exit_code == 0, twice.output
    assert json.loads(twice.stdout) == json.loads(again.stdout)
    # From another computer (no memory of it) the file would be new chunks of units the
    # survey already holds: refused, nothing stored twice.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-computer"))
    elsewhere = roads(running, "city-token", "roads", "upload", "2019",
                      str(folder / "survey_2019.csv"), "--chunk-size", "4000")
    assert elsewhere.exit_code == 3 and "chunk 4 repeats 4000 units" in elsewhere.stderr
    surveys = json.loads(roads(running, "city-token", "-o", "json", "roads", "surveys").stdout)
    assert [(s["units"], s["next_chunk"]) for s in surveys] == [(units, math.ceil(units / 4000))]

    closed = roads(running, "city-token", "-o", "json", "roads", "close-survey", "2019")
    assert closed.exit_code == 0, closed.output
    city = json.loads(closed.stdout)
    assert city["units"] == units and abs(city["evaluated_km"] - km) < 0.01

    report = roads(running, "city-token", "-o", "json", "roads", "report", "2019")
    districts = {r["key"] for r in json.loads(report.stdout)}
    assert districts == {d.code for d in all_districts()}

    table = roads(running, "pudong-token", "roads", "targets", "2019", "--district", "pudong")
    assert table.exit_code == 0, table.output
    assert "T17" in table.stdout and "pass" in table.stdout
    targets = json.loads(roads(running, "city-token", "-o", "json", "roads", "targets",
                               "2019").stdout)
    by_code = {t["target"]: t for t in targets}
    assert len(targets) == 17
    assert by_code["T15"]["status"] == "pass"  # full coverage
    assert by_code["T12"]["status"] == "pass"  # 8.5 % major and medium maintenance
    assert by_code["T16"]["status"] == "pass"  # plans approved 2018-10-15

    first_road = next(csv.DictReader((folder / "roads.csv").open(encoding="utf-8")))["code"]
    worst = roads(running, "city-token", "-o", "json", "roads", "worst", "2019", "--road",
                  first_road, "--limit", "3")
    pqis = [u["pqi"] for u in json.loads(worst.stdout)]
    assert pqis == sorted(pqis) and 1 <= len(pqis) <= 3

    out = tmp_path / "pudong.csv"
    exported = roads(running, "pudong-token", "roads", "export", "2019", "--file", str(out),
                     "--scores")
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["district"] for r in rows} == {"pudong"}

    replayed = roads(running, "city-token", "-o", "json", "roads", "replay", "2019")
    assert replayed.exit_code == 0 and json.loads(replayed.stdout)["matches"] is True

    scored = metric_values(running, "cityscore_rural_roads_units_scored_total")
    assert sum(scored.values()) == units
    pqi = metric_values(running, "cityscore_rural_roads_pqi")
    assert 'cityscore_rural_roads_pqi{district="pudong"}' in pqi
    failing = metric_values(running, "cityscore_rural_roads_targets_failing")
    assert 'cityscore_rural_roads_targets_failing{district="pudong"}' in failing


def test_district_office_cannot_upload_for_another_district(
        start_server: Any, sqlite_url: str, tmp_path: Path) -> None:
    running = start_server(["rural_roads"], database_url=sqlite_url)
    generate(tmp_path, total_km=200, year=2019)
    assert roads(running, "city-token", "roads", "import-network", str(tmp_path)).exit_code == 0
    assert roads(running, "city-token", "roads", "create-survey", "2019").exit_code == 0
    denied = roads(running, "xuhui-token", "roads", "upload", "2019",
                   str(tmp_path / "survey_2019.csv"))
    assert denied.exit_code == 6
    assert "may not write survey units" in denied.stderr
    listed = roads(running, "city-token", "-o", "json", "roads", "surveys")
    assert json.loads(listed.stdout)[0]["units"] == 0
