"""The Kubernetes manifests: schema-valid, and built the way the operators' guide promises.

Every file a kustomization lists as a resource, and every manifest of every rendered target,
validates against the Kubernetes schemas (kubernetes-validate, offline). The structural tests
read the rendered base and overlays: probes, ports, limits, security, labels, selectors, images.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from cityscore.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.33.0"
IMAGE = "ghcr.io/cityscore/cityscore"
SHUTDOWN_GRACE_SECONDS = Settings().shutdown_grace_seconds
REFERENCE_SERVICE = "cityscore.common.v1.ReferenceService"

#: code name -> (Kubernetes name, full gRPC service name)
SERVICES: dict[str, tuple[str, str]] = {
    "wage_assessment": ("wage-assessment",
                        "cityscore.wage_assessment.v1.WageAssessmentService"),
    "blood_quota": ("blood-quota", "cityscore.blood_quota.v1.BloodQuotaService"),
    "rural_roads": ("rural-roads", "cityscore.rural_roads.v1.RuralRoadsService"),
    "lpg_registry": ("lpg-registry", "cityscore.lpg_registry.v1.LpgRegistryService"),
    "special_equipment": ("special-equipment",
                          "cityscore.special_equipment.v1.SpecialEquipmentService"),
}
RECOMMENDED_LABELS = ("app.kubernetes.io/name", "app.kubernetes.io/component",
                      "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by",
                      "app.kubernetes.io/version")
#: Resources of the Prometheus Operator, which the Kubernetes schemas do not cover.
OPERATOR_KINDS = {"ServiceMonitor", "PrometheusRule"}
DEPLOYED = ("base", "overlays/dev", "overlays/prod")

Manifest = dict[str, Any]
Rendered = dict[str, list[Manifest]]


def _documents(path: Path) -> list[Manifest]:
    with path.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


def _resource_files() -> list[Path]:
    """Every plain manifest file a kustomization or component lists under ``resources``."""
    files: list[Path] = []
    for kustomization in sorted(K8S.rglob("kustomization.yaml")):
        for entry in _documents(kustomization)[0].get("resources", []):
            path = (kustomization.parent / entry).resolve()
            if path.is_file():
                files.append(path)
    return files


def _of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m.get("kind") == kind]


def _pod(workload: Manifest) -> Manifest:
    spec: Manifest = workload["spec"]["template"]["spec"]
    return spec


def _container(workload: Manifest) -> Manifest:
    containers: list[Manifest] = _pod(workload)["containers"]
    assert len(containers) == 1, f"{workload['metadata']['name']}: one container expected"
    return containers[0]


def _code_name(deployment: Manifest) -> str:
    args: list[str] = _container(deployment)["args"]
    assert args[0] == "serve" and len(args) == 2, f"unexpected args {args}"
    return args[1]


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def _validate(manifest: Manifest) -> None:
    where = f"{manifest.get('kind')}/{manifest.get('metadata', {}).get('name')}"
    if manifest.get("kind") in OPERATOR_KINDS:
        assert manifest["apiVersion"] == "monitoring.coreos.com/v1", where
        assert manifest["metadata"]["name"], where
        assert isinstance(manifest["spec"], dict), where
        return
    try:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        pytest.fail(f"{where}: {str(error).splitlines()[0]}")


# -- schema validation ----------------------------------------------------------------------------

def test_every_resource_file_is_listed_and_valid() -> None:
    files = _resource_files()
    assert len(files) >= 8, files
    for path in files:
        documents = _documents(path)
        assert documents, f"{path} holds no manifest"
        for manifest in documents:
            _validate(manifest)


@pytest.mark.parametrize("target", ["base", "overlays/dev", "overlays/prod",
                                    "components/monitoring", "components/migrations"])
def test_rendered_target_validates(rendered: Rendered, target: str) -> None:
    manifests = rendered[target]
    assert manifests, f"{target} renders nothing"
    for manifest in manifests:
        _validate(manifest)
    names = [(m["kind"], m["metadata"]["name"]) for m in manifests]
    assert len(names) == len(set(names)), f"{target}: duplicate resources"


def test_kustomizations_are_clean_yaml() -> None:
    for path in K8S.rglob("*.yaml"):
        _documents(path)  # parses
        text = path.read_text("utf-8")
        assert "\t" not in text, f"{path}: tab"
        assert not re.search(r"[ \t]+$", text, re.MULTILINE), f"{path}: trailing blanks"


@pytest.mark.parametrize("target", ["base", "overlays/dev", "overlays/prod",
                                    "components/monitoring", "components/migrations"])
def test_every_resource_carries_the_recommended_labels(rendered: Rendered, target: str) -> None:
    for manifest in rendered[target]:
        labels = manifest["metadata"].get("labels", {})
        where = f"{manifest['kind']}/{manifest['metadata']['name']}"
        assert labels.get("app.kubernetes.io/part-of") == "cityscore", where
        assert labels.get("app.kubernetes.io/managed-by") == "kustomize", where
        if manifest["kind"] not in {"ConfigMap", "Secret", "Namespace"}:
            assert labels.get("app.kubernetes.io/name"), where
            assert labels.get("app.kubernetes.io/component"), where


# -- structure of the servers ---------------------------------------------------------------------

@pytest.mark.parametrize("target", DEPLOYED)
def test_one_deployment_per_service(rendered: Rendered, target: str) -> None:
    deployments = _of_kind(rendered[target], "Deployment")
    assert sorted(_code_name(d) for d in deployments) == sorted(SERVICES)
    for deployment in deployments:
        assert deployment["metadata"]["name"] == SERVICES[_code_name(deployment)][0]


@pytest.mark.parametrize("target", DEPLOYED)
def test_deployments_have_named_ports_limits_security_and_labels(rendered: Rendered,
                                                                 target: str) -> None:
    for deployment in _of_kind(rendered[target], "Deployment"):
        name = deployment["metadata"]["name"]
        container = _container(deployment)
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert {"grpc": 50051, "metrics": 9464}.items() <= ports.items(), name
        assert set(ports) <= {"grpc", "metrics", "health"}, name

        resources = container["resources"]
        for kind in ("requests", "limits"):
            assert set(resources[kind]) >= {"cpu", "memory"}, f"{name}: {kind}"

        pod_security = _pod(deployment)["securityContext"]
        assert pod_security["runAsNonRoot"] is True, name
        assert pod_security["runAsUser"] != 0, name
        assert pod_security["seccompProfile"]["type"] == "RuntimeDefault", name
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True, name
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["capabilities"]["drop"] == ["ALL"], name
        assert "add" not in security["capabilities"], name
        assert _pod(deployment)["automountServiceAccountToken"] is False, name
        assert _pod(deployment)["serviceAccountName"] == name

        for labels in (deployment["metadata"]["labels"],
                       deployment["spec"]["template"]["metadata"]["labels"]):
            missing = [label for label in RECOMMENDED_LABELS if label not in labels]
            assert not missing, f"{name}: labels {missing}"
            assert labels["app.kubernetes.io/name"] == name
            assert labels["app.kubernetes.io/part-of"] == "cityscore"
            if target.startswith("overlays/"):
                assert "app.kubernetes.io/instance" in labels, name
        assert _matches(deployment["spec"]["selector"]["matchLabels"],
                        deployment["spec"]["template"]["metadata"]["labels"])


def _probes(container: Manifest) -> dict[str, Manifest]:
    return {kind: container[f"{kind}Probe"] for kind in ("startup", "readiness", "liveness")}


@pytest.mark.parametrize("target", DEPLOYED)
def test_native_grpc_probes_on_a_plaintext_health_listener(rendered: Rendered,
                                                            target: str) -> None:
    """The kubelet's native gRPC probes speak no TLS: with TLS on they ask the health port."""
    settings = _settings(rendered[target])
    tls = "CITYSCORE_TLS_CERT" in settings
    health_port = int(settings.get("CITYSCORE_HEALTH_PORT", "0"))
    for deployment in _of_kind(rendered[target], "Deployment"):
        name = deployment["metadata"]["name"]
        container = _container(deployment)
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        if health_port:
            assert ports["health"] == health_port, name
        else:
            assert "health" not in ports, name
        # The plaintext health-only listener, else the main port when that is plaintext too.
        probe_port = ports["health"] if health_port else ports["grpc"]
        assert not tls or health_port, f"{name}: TLS without a health port cannot be probed"
        proto_service = SERVICES[_code_name(deployment)][1]
        probes = _probes(container)
        for kind, probe in probes.items():
            assert set(probe) & {"grpc", "exec", "httpGet", "tcpSocket"} == {"grpc"}, kind
            assert probe["grpc"]["port"] == probe_port, f"{name}: {kind}"
        assert probes["readiness"]["grpc"]["service"] == proto_service
        # Liveness must not depend on the database: an outage makes pods unready, not restart.
        assert probes["liveness"]["grpc"]["service"] == REFERENCE_SERVICE
        assert probes["startup"]["grpc"]["service"] == REFERENCE_SERVICE


@pytest.mark.parametrize("target", DEPLOYED)
def test_probes_and_termination_survive_the_shutdown_grace(rendered: Rendered,
                                                          target: str) -> None:
    grace = SHUTDOWN_GRACE_SECONDS
    for deployment in _of_kind(rendered[target], "Deployment"):
        name = deployment["metadata"]["name"]
        assert _pod(deployment)["terminationGracePeriodSeconds"] > grace, name
        liveness = _container(deployment)["livenessProbe"]
        assert liveness["periodSeconds"] * liveness["failureThreshold"] > grace, name
        for probe in _probes(_container(deployment)).values():
            assert probe["timeoutSeconds"] < probe["periodSeconds"] or \
                probe["timeoutSeconds"] <= 5, name


# -- Services, monitors, budgets ------------------------------------------------------------------

def _pod_labels(manifests: list[Manifest]) -> list[dict[str, str]]:
    return [d["spec"]["template"]["metadata"]["labels"]
            for d in manifests if d.get("kind") in {"Deployment", "Job"}]


@pytest.mark.parametrize("target", DEPLOYED)
def test_every_service_selects_exactly_its_servers(rendered: Rendered, target: str) -> None:
    manifests = rendered[target]
    services = _of_kind(manifests, "Service")
    assert len(services) == len(SERVICES)
    deployments = _of_kind(manifests, "Deployment")
    for service in services:
        selector = service["spec"]["selector"]
        selected = [d for d in deployments
                    if _matches(selector, d["spec"]["template"]["metadata"]["labels"])]
        assert [d["metadata"]["name"] for d in selected] == [service["metadata"]["name"]]
        jobs = [labels for labels in _pod_labels(manifests)
                if labels.get("app.kubernetes.io/component") != "server"]
        assert not any(_matches(selector, labels) for labels in jobs), "selects a Job's pods"
        container_ports = {p["name"] for p in _container(selected[0])["ports"]}
        ports = {p["name"]: p for p in service["spec"]["ports"]}
        # The health port is for the kubelet alone: clients and monitors never need it.
        assert set(ports) == {"grpc", "metrics"}
        for port in ports.values():
            assert port["targetPort"] in container_ports
        # Headless: clients see every pod and balance per call (ADR 0020).
        assert service["spec"]["clusterIP"] == "None"


@pytest.mark.parametrize("target", ["overlays/prod", "components/monitoring"])
def test_service_monitors_target_a_named_port(rendered: Rendered, target: str) -> None:
    manifests = rendered[target]
    monitors = _of_kind(manifests, "ServiceMonitor")
    assert monitors
    services = _of_kind(manifests, "Service")
    for monitor in monitors:
        selector = monitor["spec"]["selector"]["matchLabels"]
        selected = [s for s in services if _matches(selector, s["metadata"]["labels"])]
        assert len(selected) == len(SERVICES), "the monitor must select every server Service"
        for endpoint in monitor["spec"]["endpoints"]:
            assert isinstance(endpoint["port"], str) and "targetPort" not in endpoint
            for service in selected:
                assert endpoint["port"] in {p["name"] for p in service["spec"]["ports"]}


def test_prod_has_a_disruption_budget_per_service(rendered: Rendered) -> None:
    manifests = rendered["overlays/prod"]
    deployments = _of_kind(manifests, "Deployment")
    budgets = _of_kind(manifests, "PodDisruptionBudget")
    assert len(budgets) == len(SERVICES)
    for budget in budgets:
        selected = [d["metadata"]["name"] for d in deployments
                    if _matches(budget["spec"]["selector"]["matchLabels"],
                                d["spec"]["template"]["metadata"]["labels"])]
        assert selected == [budget["metadata"]["name"]]
    # The autoscalers own the replica count (test_rollout.py); their minimum must let a drain
    # take a pod and leave the service up.
    autoscalers = {a["spec"]["scaleTargetRef"]["name"]: a
                   for a in _of_kind(manifests, "HorizontalPodAutoscaler")}
    for deployment in deployments:
        minimum = autoscalers[deployment["metadata"]["name"]]["spec"]["minReplicas"]
        assert minimum >= 2
        budget = next(b for b in budgets if b["metadata"]["name"] ==
                      deployment["metadata"]["name"])
        assert budget["spec"].get("maxUnavailable", 0) < minimum


# -- images, settings, secrets, storage -----------------------------------------------------------

def test_one_image_everywhere(rendered: Rendered) -> None:
    images: set[str] = set()
    for manifests in rendered.values():
        for workload in manifests:
            if workload.get("kind") in {"Deployment", "Job"}:
                images.update(c["image"] for c in _pod(workload)["containers"])
    # `repository:tag`, and in prod `repository:tag@sha256:...` once a release pinned it.
    references = {image.partition("@")[0] for image in images}
    repositories = {reference.rsplit(":", 1)[0] for reference in references}
    assert repositories == {IMAGE}
    assert len(references) == 1, f"one tag everywhere, got {images}"
    tag = references.pop().rsplit(":", 1)[1]
    assert tag != "latest"
    for manifests in rendered.values():
        for workload in manifests:
            if workload.get("kind") in {"Deployment", "Job"}:
                labels = workload["spec"]["template"]["metadata"]["labels"]
                assert labels["app.kubernetes.io/version"] == tag, workload["metadata"]["name"]
    for path in K8S.rglob("kustomization.yaml"):
        for entry in _documents(path)[0].get("images", []):
            assert entry["name"] == IMAGE, path
    assert IMAGE in (ROOT / "Dockerfile").read_text("utf-8")


def _settings(manifests: list[Manifest]) -> dict[str, str]:
    maps = [m for m in _of_kind(manifests, "ConfigMap")
            if m["metadata"]["name"].startswith("cityscore-settings")]
    assert len(maps) == 1
    data: dict[str, str] = maps[0]["data"]
    return data


@pytest.mark.parametrize("target", DEPLOYED)
def test_settings_are_real_cityscore_settings(rendered: Rendered, target: str) -> None:
    known = {f"CITYSCORE_{name.upper()}" for name in Settings.model_fields}
    manifests = rendered[target]
    settings = _settings(manifests)
    assert set(settings) <= known, set(settings) - known
    Settings.model_validate({key.removeprefix("CITYSCORE_").lower(): value
                             for key, value in settings.items()})
    for deployment in _of_kind(manifests, "Deployment"):
        for entry in _container(deployment).get("env", []):
            assert entry["name"] in known, entry
    # The servers bind every interface inside the pod, so they must check tokens.
    assert settings["CITYSCORE_GRPC_ADDRESS"].startswith("0.0.0.0:")
    assert settings["CITYSCORE_TOKENS_FILE"].startswith("/etc/cityscore/tokens/")


def _env(container: Manifest) -> dict[str, Manifest]:
    return {entry["name"]: entry for entry in container.get("env", [])}


def test_prod_reads_secrets_mounts_tls_and_migrates_by_job(rendered: Rendered) -> None:
    manifests = rendered["overlays/prod"]
    settings = _settings(manifests)
    assert settings["CITYSCORE_MIGRATE_ON_START"] == "false"
    for deployment in _of_kind(manifests, "Deployment"):
        container = _container(deployment)
        env = _env(container)
        assert env["CITYSCORE_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["name"] == \
            "cityscore-database"
        assert env["CITYSCORE_PII_HASH_KEY"]["valueFrom"]["secretKeyRef"]["name"] == \
            "cityscore-pii"
        volumes = {v["name"]: v for v in _pod(deployment)["volumes"]}
        assert volumes["tls"]["secret"]["secretName"] == "cityscore-tls"
        assert volumes["tokens"]["secret"]["secretName"] == "cityscore-tokens"
        mounts = {m["name"]: m for m in container["volumeMounts"]}
        tls_dir = mounts["tls"]["mountPath"]
        assert settings["CITYSCORE_TLS_CERT"] == f"{tls_dir}/tls.crt"
        assert settings["CITYSCORE_TLS_KEY"] == f"{tls_dir}/tls.key"
        # Directory mounts (never subPath), so rotated Secrets reach running pods.
        assert all("subPath" not in m for m in mounts.values())
        assert settings["CITYSCORE_TOKENS_FILE"].startswith(mounts["tokens"]["mountPath"] + "/")
        assert "data" not in volumes, "no SQLite volume with PostgreSQL"
    jobs = _of_kind(manifests, "Job")
    assert sorted(_container(j)["args"][1] for j in jobs) == sorted(SERVICES)
    for job in jobs:
        container = _container(job)
        assert container["args"][0] == "migrate"
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert _env(container)["CITYSCORE_DATABASE_URL"]["valueFrom"]["secretKeyRef"][
            "name"] == "cityscore-database"


def test_dev_runs_one_sqlite_replica_per_service(rendered: Rendered) -> None:
    manifests = rendered["overlays/dev"]
    data_dir = _settings(manifests)["CITYSCORE_DATA_DIR"]
    claims = {c["metadata"]["name"] for c in _of_kind(manifests, "PersistentVolumeClaim")}
    for deployment in _of_kind(manifests, "Deployment"):
        assert deployment["spec"]["replicas"] == 1
        assert deployment["spec"]["strategy"]["type"] == "Recreate", "one SQLite writer"
        container = _container(deployment)
        assert "CITYSCORE_DATABASE_URL" not in _env(container)
        mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
        assert mounts["data"] == data_dir
        volumes = {v["name"]: v for v in _pod(deployment)["volumes"]}
        assert volumes["data"]["persistentVolumeClaim"]["claimName"] in claims
    secrets = {s["metadata"]["name"]: s for s in _of_kind(manifests, "Secret")}
    assert set(secrets) == {"cityscore-tokens", "cityscore-pii"}, "no hash suffix"
    assert _of_kind(manifests, "Job") == []


def test_base_writes_only_to_tmp(rendered: Rendered) -> None:
    for deployment in _of_kind(rendered["base"], "Deployment"):
        mounts = {m["mountPath"]: m for m in _container(deployment)["volumeMounts"]}
        writable = {path for path, mount in mounts.items() if not mount.get("readOnly")}
        assert writable == {"/tmp"}
