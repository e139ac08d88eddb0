"""Fixtures of the deployment tests: the kustomize targets, each rendered once per session.

Rendering needs ``kubectl`` (its built-in kustomize; the ``test`` extra installs it on Linux
x86_64); without it the tests that use the rendered manifests are skipped, or fail where
``CITYSCORE_REQUIRE_TOOLS=1`` (CI).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import require_tool

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"

#: Targets rendered whole; a component is rendered on top of the base.
TARGETS = ("base", "overlays/dev", "overlays/prod", "components/monitoring",
           "components/migrations")


def _render(kubectl: str, target: str, workdir: Path) -> list[dict[str, Any]]:
    path = K8S / target
    if target.startswith("components/"):
        path = workdir / target.replace("/", "-")
        path.mkdir(parents=True)
        (path / "kustomization.yaml").write_text(yaml.safe_dump({
            "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "resources": [os.path.relpath(K8S / "base", path)],
            "components": [os.path.relpath(K8S / target, path)]}), "utf-8")
    result = subprocess.run([kubectl, "kustomize", str(path)], capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.returncode == 0, f"kubectl kustomize {target} failed:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """``{target: manifests}`` for every target in ``TARGETS``."""
    kubectl = require_tool("kubectl")
    workdir = tmp_path_factory.mktemp("kustomize")
    return {target: _render(kubectl, target, workdir) for target in TARGETS}
