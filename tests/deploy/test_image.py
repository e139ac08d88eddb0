"""The container image recipe. No Docker engine runs in CI, so the Dockerfile is checked as text:
it builds the wheel the way CI does, from every input the build needs, and runs it as the
non-root user the manifests expect, on the ports they name.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
IMAGE = "ghcr.io/cityscore/cityscore"


def _instructions() -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text("utf-8"))
    found: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), " ".join(rest.split())))
    return found


def _args(keyword: str) -> list[str]:
    return [rest for key, rest in _instructions() if key == keyword]


def _package_roots() -> set[str]:
    """The folders setup.py maps into the ``cityscore`` package."""
    tree = ast.parse((ROOT / "setup.py").read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "PACKAGE_DIRS" for t in node.targets):
            mapping = ast.literal_eval(node.value)
            return {folder.split("/")[0] for folder in mapping.values()}
    raise AssertionError("PACKAGE_DIRS not found in setup.py")


def test_multi_stage_build_on_slim_python_311() -> None:
    stages = _args("FROM")
    assert len(stages) == 2
    default = next(a for a in _args("ARG") if a.startswith("PYTHON_IMAGE="))
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.11-slim(-\w+)?", default)
    assert stages[0].endswith("AS build") and stages[1].endswith("AS runtime")


def test_builds_the_wheel_as_ci_does_and_installs_it_offline() -> None:
    runs = " ".join(_args("RUN"))
    assert "pip wheel --no-deps -w /wheels ." in runs
    assert "pip install --no-index --find-links=/wheels cityscore" in runs
    assert "build-essential" in runs, "the Cython kernel needs a C compiler"
    assert "libgomp1" in runs, "the kernel links OpenMP's runtime"
    assert "kernel.implementation() == 'cython'" in runs, \
        "the build must fail rather than ship an image that falls back to the Python kernel"


def test_build_context_holds_every_input_of_the_wheel() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    needed = {"pyproject.toml", "setup.py", pyproject["project"]["readme"], *_package_roots()}
    copied: set[str] = set()
    for arguments in _args("COPY"):
        sources = [s for s in arguments.split() if not s.startswith("--")][:-1]
        copied.update(source.rstrip("/") for source in sources)
    assert needed <= copied, f"not copied: {needed - copied}"
    ignore = [line.strip() for line in DOCKERIGNORE.read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert ignore[0] == "*", "start from an empty context and name what goes in"
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    assert copied <= allowed, f"copied but ignored: {copied - allowed}"
    for generated in ("**/*_pb2.py", "**/*_pb2_grpc.py", "**/*.so", "**/__pycache__/"):
        assert generated in ignore, f"{generated} must be rebuilt, not copied"


def test_runs_as_the_non_root_user_of_the_manifests() -> None:
    users = _args("USER")
    assert users and users[-1].split(":")[0] == "10001"
    deployment = next(d for d in yaml.safe_load_all(
        (ROOT / "deploy/k8s/base/wage-assessment.yaml").read_text("utf-8"))
        if d["kind"] == "Deployment")
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == 10001


def test_entrypoint_ports_and_image_name() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "cityscore" in pyproject["project"]["scripts"]
    assert _args("ENTRYPOINT") == ['["cityscore"]']
    assert _args("EXPOSE") == ["50051 9464"]
    env = " ".join(_args("ENV"))
    assert "CITYSCORE_GRPC_ADDRESS=0.0.0.0:50051" in env
    assert "CITYSCORE_METRICS_ADDRESS=0.0.0.0:9464" in env
    assert IMAGE in DOCKERFILE.read_text("utf-8")


LOCK = ROOT / "requirements.lock"


def _locked() -> dict[str, tuple[str, list[str]]]:
    """``{normalised name: (version, hashes)}`` of requirements.lock."""
    text = re.sub(r"\\\n", " ", LOCK.read_text("utf-8"))
    found: dict[str, tuple[str, list[str]]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            requirement, *options = line.split()
            name, _, version = requirement.partition("==")
            found[re.sub(r"[-_.]+", "-", name).lower()] = (
                version, [o.removeprefix("--hash=") for o in options])
    return found


def test_the_image_installs_the_locked_dependencies_with_their_hashes() -> None:
    runs = " ".join(_args("RUN"))
    assert "pip wheel --require-hashes --no-deps -w /wheels -r requirements.lock" in runs
    assert "pip install --no-index --find-links=/wheels --require-hashes -r" in runs
    copied = " ".join(_args("COPY"))
    assert "requirements.lock" in copied


def test_the_lock_pins_every_runtime_dependency_with_hashes() -> None:
    from packaging.requirements import Requirement

    locked = _locked()
    assert locked
    for name, (version, hashes) in locked.items():
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version), f"{name} is not pinned"
        assert hashes and all(h.startswith("sha256:") for h in hashes), f"{name}: no hash"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    for text in pyproject["project"]["dependencies"]:
        requirement = Requirement(text)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in locked, f"{requirement.name} is not in requirements.lock: make lock"
        assert requirement.specifier.contains(locked[name][0], prereleases=True), \
            f"requirements.lock pins {name}=={locked[name][0]}, pyproject asks {text}: make lock"
