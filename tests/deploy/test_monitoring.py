"""Alert and recording rules, the Grafana dashboard, and the metrics both rely on.

``promtool`` checks and unit-tests the rules and parses every panel query (as a recording rule
in a scratch rules file, since it has no command for a bare expression). Without promtool those
tests skip, unless ``CITYSCORE_REQUIRE_PROMTOOL=1`` (CI installs it). Every metric a rule or a
panel reads must be one a server with all four services really exports: the test scrapes one.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "deploy" / "k8s" / "components" / "monitoring"
RULES_FILE = MONITORING / "cityscore-rules.yaml"
RULES_TEST_FILES = sorted(MONITORING.glob("*.test.yaml"))
PROMETHEUS_RULE_FILE = MONITORING / "prometheusrule.yaml"
DASHBOARD_FILE = MONITORING / "cityscore-dashboard.json"
OPERATORS_GUIDE = ROOT / "docs" / "operators.md"
SERVICE_NAMES = ("wage_assessment", "blood_quota", "rural_roads", "lpg_registry",
                 "special_equipment")
#: Series Prometheus makes itself rather than scraping them.
PROMETHEUS_SERIES = {"up"}
PANEL_TYPES = {"row", "timeseries", "stat", "table", "bargauge", "gauge", "barchart",
               "piechart", "heatmap", "text"}
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
                "unless", "offset", "bool", "inf", "nan", "atan2"}

Json = dict[str, Any]


# -- helpers --------------------------------------------------------------------------------------

def _promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        if os.environ.get("CITYSCORE_REQUIRE_PROMTOOL") == "1":
            pytest.fail("promtool is required (CITYSCORE_REQUIRE_PROMTOOL=1) but not installed")
        pytest.skip("promtool is not installed (apt-get install prometheus)")
    return found


def _run_promtool(*args: str, cwd: Path) -> str:
    result = subprocess.run([_promtool(), *args], cwd=cwd, capture_output=True, text=True,
                            check=False, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"promtool {' '.join(args)} failed:\n{output}"
    return output


def _rule_groups() -> list[Json]:
    groups: list[Json] = yaml.safe_load(RULES_FILE.read_text("utf-8"))["groups"]
    return groups


def _rules() -> list[Json]:
    return [rule for group in _rule_groups() for rule in group["rules"]]


def _alerts() -> list[Json]:
    return [rule for rule in _rules() if "alert" in rule]


def _dashboard() -> Json:
    dashboard: Json = json.loads(DASHBOARD_FILE.read_text("utf-8"))
    return dashboard


def _panels() -> list[Json]:
    return [p for p in _dashboard()["panels"] if p["type"] != "row"]


def _panel_queries() -> list[tuple[str, str]]:
    """``(where, expr)`` for every query of every panel."""
    return [(f"panel {p['id']} {p['title']!r} {t['refId']}", t["expr"])
            for p in _panels() for t in p["targets"]]


def _as_promql(expr: str) -> str:
    """A panel query with Grafana's variables replaced by values PromQL accepts."""
    expr = re.sub(r"\$__(rate_)?interval|\$__range", "5m", expr)
    return re.sub(r"\$\{?\w+\}?", ".*", expr)


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression reads (functions, keywords and labels left out)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names: set[str] = set()
    for match in re.finditer(r"(?<![\w.$])[A-Za-z_:][\w:]*", text):
        if text[match.end():].lstrip().startswith("(") or match.group() in PROMQL_WORDS:
            continue
        names.add(match.group())
    return names


def exported_names(exposition: str) -> set[str]:
    """Every series name a scrape can hold, including families that have no sample yet."""
    names: set[str] = set()
    suffixes = {"counter": ("", "_created"), "gauge": ("",), "untyped": ("",),
                "histogram": ("_bucket", "_count", "_sum", "_created"),
                "summary": ("", "_count", "_sum", "_created"), "info": ("",),
                "stateset": ("",), "gaugehistogram": ("_bucket", "_gcount", "_gsum")}
    for line in exposition.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(maxsplit=3)
            base = name.removesuffix("_total") if kind == "counter" else name
            names.update(base + suffix for suffix in suffixes.get(kind, ("",)))
            names.add(name)
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def test_metric_names_reads_series_not_functions() -> None:
    assert metric_names('sum by (job, le) (rate(a_total{x="b c"}[5m])) / on(job) b:c:d '
                        'or histogram_quantile(0.99, c_bucket offset 1e3) > 2.5') == \
        {"a_total", "b:c:d", "c_bucket"}


# -- rules ----------------------------------------------------------------------------------------

def test_rules_pass_promtool_check() -> None:
    output = _run_promtool("check", "rules", RULES_FILE.name, cwd=MONITORING)
    assert f"{len(_rules())} rules found" in output


def test_rules_unit_tests_pass() -> None:
    assert len(RULES_TEST_FILES) >= 2
    _run_promtool("test", "rules", *(path.name for path in RULES_TEST_FILES), cwd=MONITORING)


def test_every_alert_fires_in_a_unit_test() -> None:
    fired: set[str] = set()
    for path in RULES_TEST_FILES:
        document = yaml.safe_load(path.read_text("utf-8"))
        assert document["rule_files"] == [RULES_FILE.name], path.name
        fired |= {case["alertname"] for test in document["tests"]
                  for case in test.get("alert_rule_test", []) if case.get("exp_alerts")}
    missing = {rule["alert"] for rule in _alerts()} - fired
    assert not missing, f"alerts no unit test fires: {missing}"


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors."""
    anchors = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", markdown, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_every_alert_is_explained_and_has_a_runbook() -> None:
    """A runbook is a section of the operators' guide, or of the decision record of the
    service the alert is about."""
    names = [rule["alert"] for rule in _alerts()]
    assert len(names) == len(set(names))
    for rule in _alerts():
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        annotations = rule["annotations"]
        assert annotations["summary"] and annotations["description"], rule["alert"]
        path, _, anchor = annotations["runbook_url"].partition("#")
        assert path == "docs/operators.md" or re.fullmatch(r"docs/decisions/\d{4}-\w+\.md",
                                                          path), rule["alert"]
        anchors = _anchors((ROOT / path).read_text("utf-8"))
        assert anchor == rule["alert"].lower() and anchor in anchors, \
            f"{rule['alert']}: no section #{anchor} in {path}"


def test_prometheus_rule_resource_holds_the_same_rules() -> None:
    resource = yaml.safe_load(PROMETHEUS_RULE_FILE.read_text("utf-8"))
    assert resource["kind"] == "PrometheusRule"
    assert resource["spec"]["groups"] == _rule_groups(), \
        "prometheusrule.yaml differs from cityscore-rules.yaml: copy the groups over"


# -- dashboard ------------------------------------------------------------------------------------

def test_dashboard_is_a_sane_grafana_dashboard() -> None:
    dashboard = _dashboard()
    assert dashboard["uid"] and dashboard["title"]
    assert isinstance(dashboard["schemaVersion"], int) and dashboard["schemaVersion"] >= 36
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids repeat"
    occupied: set[tuple[int, int]] = set()
    for panel in dashboard["panels"]:
        assert panel["type"] in PANEL_TYPES, panel["type"]
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24 and grid["h"] > 0, panel["title"]
        cells = {(grid["x"] + dx, grid["y"] + dy)
                 for dx in range(grid["w"]) for dy in range(grid["h"])}
        assert not cells & occupied, f"panel {panel['title']!r} overlaps another"
        occupied |= cells
    for panel in _panels():
        assert panel["title"] and panel["description"], panel["id"]
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        refs = [t["refId"] for t in panel["targets"]]
        assert refs and len(refs) == len(set(refs)), panel["title"]
        for target in panel["targets"]:
            assert target["expr"].strip(), panel["title"]
            assert 'namespace=~"$namespace"' in target["expr"], \
                f"{panel['title']}: filter by the namespace variable"


def test_every_panel_query_parses(tmp_path: Path) -> None:
    rules = [{"record": f"dashboard:query_{index}:check", "expr": _as_promql(expr)}
             for index, (_where, expr) in enumerate(_panel_queries())]
    scratch = tmp_path / "panel-queries.yaml"
    scratch.write_text(yaml.safe_dump({"groups": [{"name": "panels", "rules": rules}]}), "utf-8")
    _run_promtool("check", "rules", scratch.name, cwd=tmp_path)


# -- the metrics are real -------------------------------------------------------------------------

@pytest.fixture
def exposition(start_server: Callable[..., Any]) -> Iterator[str]:
    """One scrape of a server running all four services."""
    missing = [name for name in SERVICE_NAMES
               if importlib.util.find_spec(f"cityscore.services.{name}.servicer") is None]
    if missing:
        pytest.skip(f"service modules not written yet: {', '.join(missing)}")
    running = start_server(list(SERVICE_NAMES))
    port = running.server.metrics_port
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        yield response.read().decode("utf-8")


def test_every_metric_used_is_exported(exposition: str) -> None:
    exported = exported_names(exposition)
    recorded = {rule["record"] for rule in _rules() if "record" in rule}
    available = exported | recorded | PROMETHEUS_SERIES
    used: dict[str, set[str]] = {}
    for rule in _rules():
        used[f"rule {rule.get('alert') or rule.get('record')}"] = metric_names(rule["expr"])
    for where, expr in _panel_queries():
        used[where] = metric_names(_as_promql(expr))
    for variable in _dashboard()["templating"]["list"]:
        if variable["type"] == "query":
            inner = re.search(r"label_values\((.*),\s*\w+\)", variable["definition"])
            assert inner, variable["name"]
            used[f"variable {variable['name']}"] = metric_names(_as_promql(inner.group(1)))
    unknown = {where: sorted(names - available) for where, names in used.items()
               if names - available}
    assert not unknown, f"series nobody exports: {unknown}"
    assert all(names for names in used.values()), "a query reads no series"


def test_operators_guide_links_resolve() -> None:
    text = OPERATORS_GUIDE.read_text("utf-8")
    anchors = _anchors(text)
    for anchor in re.findall(r"\]\(#([^)]+)\)", text):
        assert anchor in anchors, f"docs/operators.md links to missing #{anchor}"
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (OPERATORS_GUIDE.parent / target).exists(), f"missing {target}"
