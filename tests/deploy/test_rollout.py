"""Production's network policy, autoscalers, runbook links, release pinning and rollout order.

The prod overlay is rendered as the operators apply it (``kubectl kustomize``), and again from a
copy that the release step pinned, so what scripts/release.py and scripts/deploy.py do to it is
checked without a cluster.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from support import require_tool

ROOT = Path(__file__).resolve().parents[2]
PROD = ROOT / "deploy" / "k8s" / "overlays" / "prod"
IMAGE = "ghcr.io/cityscore/cityscore"
DIGEST = "sha256:" + "0123456789abcdef" * 4
REVISION = "c0ffee" + "0" * 34
GRPC_PORT, METRICS_PORT = "grpc", "metrics"

Manifest = dict[str, Any]
Rendered = dict[str, list[Manifest]]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]


def _site() -> dict[str, str]:
    data: dict[str, str] = yaml.safe_load((PROD / "site.yaml").read_text("utf-8"))["data"]
    return data


def _pods(manifests: list[Manifest]) -> list[tuple[str, Manifest]]:
    """``(workload name, pod template)`` of every Deployment and Job."""
    return [(m["metadata"]["name"], m["spec"]["template"]) for m in manifests
            if m["kind"] in {"Deployment", "Job"}]


def _selects(policy: Manifest, labels: dict[str, str]) -> bool:
    wanted: dict[str, str] = policy["spec"]["podSelector"].get("matchLabels", {})
    return all(labels.get(key) == value for key, value in wanted.items())


# -- network policy -------------------------------------------------------------------------------

def test_every_pod_is_closed_by_default(rendered: Rendered) -> None:
    manifests = rendered["overlays/prod"]
    deny = next(p for p in _of_kind(manifests, "NetworkPolicy")
                if p["metadata"]["name"] == "cityscore-default-deny")
    assert deny["spec"]["podSelector"] == {}
    assert sorted(deny["spec"]["policyTypes"]) == ["Egress", "Ingress"]
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]


def test_only_the_gateway_and_prometheus_reach_the_servers(rendered: Rendered) -> None:
    manifests = rendered["overlays/prod"]
    site = _site()
    admitting = [p for p in _of_kind(manifests, "NetworkPolicy")
                 if "Ingress" in p["spec"]["policyTypes"] and p["spec"].get("ingress")]
    assert len(admitting) == 1
    (policy,) = admitting
    sources = {}
    for rule in policy["spec"]["ingress"]:
        (peer,) = rule["from"]
        namespace = peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        ports = {(p["port"], p["protocol"]) for p in rule["ports"]}
        sources[namespace] = (peer.get("podSelector"), ports)
    assert sources == {
        site["gateway-namespace"]: (None, {(GRPC_PORT, "TCP")}),
        site["prometheus-namespace"]: ({"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
                                       {(METRICS_PORT, "TCP")}),
    }
    # Every server is admitted, on ports its container names; no migration Job is.
    for name, pod in _pods(manifests):
        labels = pod["metadata"]["labels"]
        is_server = labels["app.kubernetes.io/component"] == "server"
        assert _selects(policy, labels) == is_server, name
        if is_server:
            named = {p["name"] for p in pod["spec"]["containers"][0]["ports"]}
            assert {GRPC_PORT, METRICS_PORT} <= named, name


def test_pods_reach_only_dns_and_their_database(rendered: Rendered) -> None:
    manifests = rendered["overlays/prod"]
    egress = [p for p in _of_kind(manifests, "NetworkPolicy") if p["spec"].get("egress")]
    assert len(egress) == 1
    (policy,) = egress
    destinations = []
    for rule in policy["spec"]["egress"]:
        ports = sorted((p["port"], p["protocol"]) for p in rule["ports"])
        destinations.append((rule["to"], ports))
    assert destinations == [
        ([{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
           "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
         [(53, "TCP"), (53, "UDP")]),
        ([{"ipBlock": {"cidr": _site()["database-cidr"]}}], [(5432, "TCP")]),
    ]
    for name, pod in _pods(manifests):
        assert _selects(policy, pod["metadata"]["labels"]), f"{name} has no egress"


# -- autoscaling ----------------------------------------------------------------------------------

def test_each_server_is_autoscaled_and_leaves_its_replicas_to_it(rendered: Rendered) -> None:
    manifests = rendered["overlays/prod"]
    deployments = {d["metadata"]["name"]: d for d in _of_kind(manifests, "Deployment")}
    autoscalers = _of_kind(manifests, "HorizontalPodAutoscaler")
    assert sorted(a["spec"]["scaleTargetRef"]["name"] for a in autoscalers) == \
        sorted(deployments)
    for autoscaler in autoscalers:
        spec = autoscaler["spec"]
        assert spec["scaleTargetRef"]["kind"] == "Deployment"
        assert 2 <= spec["minReplicas"] < spec["maxReplicas"]
        (metric,) = spec["metrics"]
        assert metric["resource"]["name"] == "cpu"
        deployment = deployments[spec["scaleTargetRef"]["name"]]
        # An apply must not reset the autoscaler's count.
        assert "replicas" not in deployment["spec"]
        # Utilisation is measured against the request, so there must be one.
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["resources"]["requests"]["cpu"]


# -- runbook links --------------------------------------------------------------------------------

def test_alerts_link_runbooks_at_the_configured_base(rendered: Rendered) -> None:
    base = _site()["runbook-base-url"]
    assert re.fullmatch(r"https://\S+/", base) and "docs/" not in base
    (rule_resource,) = _of_kind(rendered["overlays/prod"], "PrometheusRule")
    alerts = [rule for group in rule_resource["spec"]["groups"] for rule in group["rules"]
              if "alert" in rule]
    assert alerts
    for alert in alerts:
        url = alert["annotations"]["runbook_url"]
        path, _, anchor = url.removeprefix(base).partition("#")
        assert url.startswith(base + "docs/"), url
        assert (ROOT / path).is_file() and anchor == alert["alert"].lower(), url


# -- release and rollout --------------------------------------------------------------------------

def test_prod_never_runs_latest_and_pins_a_digest_when_released() -> None:
    kustomization = yaml.safe_load((PROD / "kustomization.yaml").read_text("utf-8"))
    (entry,) = kustomization["images"]
    assert entry["name"] == IMAGE
    assert entry["newTag"] and entry["newTag"] != "latest"
    if "digest" in entry:
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", entry["digest"])


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """A copy of deploy/ as the release step leaves it, with a database range set."""
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    _script("release").pin(tmp_path, "0.1.0", DIGEST, REVISION)
    site = tmp_path / "deploy/k8s/overlays/prod/site.yaml"
    site.write_text(re.sub(r"database-cidr: \S+", "database-cidr: 10.40.0.0/24",
                           site.read_text("utf-8")), "utf-8")
    return tmp_path / "deploy/k8s/overlays/prod"


def _render(overlay: Path) -> list[Manifest]:
    result = subprocess.run([require_tool("kubectl"), "kustomize", str(overlay)],
                            capture_output=True, text=True, check=True, timeout=60)
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def test_release_pins_every_workload_by_digest(released: Path) -> None:
    manifests = _render(released)
    images = {c["image"] for _, pod in _pods(manifests) for c in pod["spec"]["containers"]}
    assert images == {f"{IMAGE}:0.1.0@{DIGEST}"}
    (rule_resource,) = _of_kind(manifests, "PrometheusRule")
    urls = {rule["annotations"]["runbook_url"] for group in rule_resource["spec"]["groups"]
            for rule in group["rules"] if "alert" in rule}
    assert all(f"/blob/{REVISION}/docs/" in url for url in urls), urls


@pytest.mark.parametrize(("tag", "digest"), [("latest", DIGEST), ("0.1.0", "sha256:abc"),
                                             ("0.1.0", "latest")])
def test_release_refuses_latest_and_malformed_digests(tmp_path: Path, tag: str,
                                                      digest: str) -> None:
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    with pytest.raises(SystemExit):
        _script("release").pin(tmp_path, tag, digest, REVISION)


def _deploy(overlay: Path) -> subprocess.CompletedProcess[str]:
    require_tool("kubectl")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "deploy.py"), "--overlay",
                           str(overlay), "--dry-run"], capture_output=True, text=True,
                          check=False, timeout=120)


def test_migrations_complete_before_the_servers_roll_out(released: Path) -> None:
    result = _deploy(released)
    assert result.returncode == 0, result.stderr
    steps = re.findall(r"^(\d+)\. ([^:]+): (.*)\n(?:   (.*)\n)?", result.stdout, re.MULTILINE)
    by_what = {what: (int(number), command, resources)
               for number, what, command, resources in steps}
    applied_first = by_what["apply all but the servers, the migration Jobs with them"]
    waited = by_what["wait for every migration Job to complete"]
    rolled_out = by_what["apply the servers and their autoscalers"]
    assert applied_first[0] < waited[0] < rolled_out[0]
    assert "--for=condition=complete job" in waited[1]
    assert "app.kubernetes.io/component=migration" in waited[1]
    jobs = {m["metadata"]["name"] for m in _of_kind(_render(released), "Job")}
    assert len(jobs) == 5
    assert {f"Job/{job}" for job in jobs} <= set(applied_first[2].split(", "))
    assert "Deployment/" not in applied_first[2]
    assert set(rolled_out[2].split(", ")) == (
        {f"Deployment/{job.removesuffix('-migrate')}" for job in jobs}
        | {f"HorizontalPodAutoscaler/{job.removesuffix('-migrate')}" for job in jobs})


def test_deploy_refuses_an_unpinned_image_and_the_placeholder_database(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    overlay = tmp_path / "deploy/k8s/overlays/prod"
    kustomization = overlay / "kustomization.yaml"
    kustomization.write_text(re.sub(r"\n    digest: .*", "", kustomization.read_text("utf-8")),
                             "utf-8")
    site = overlay / "site.yaml"
    site.write_text(re.sub(r"database-cidr: \S+", "database-cidr: 192.0.2.10/32",
                           site.read_text("utf-8")), "utf-8")
    result = _deploy(overlay)
    assert result.returncode == 2
    assert "is not pinned by digest" in result.stderr
    assert "set database-cidr in site.yaml" in result.stderr
