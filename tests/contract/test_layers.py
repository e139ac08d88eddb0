"""The layers of architecture page §3 are import-linter contracts (pyproject.toml), and the
build fails when code crosses one. Here a copy of the source tree gets one deliberate violation
per layer and the linter must name the contract it breaks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _tree(base: Path, *, copy_services: bool) -> Path:
    """The installed ``cityscore`` package laid out as links (as ``make linktree`` does)."""
    package = base / "cityscore"
    package.mkdir(parents=True)
    for entry in (ROOT / "protos" / "cityscore").iterdir():
        (package / entry.name).symlink_to(entry)
    (package / "core").symlink_to(ROOT / "core")
    if copy_services:
        shutil.copytree(ROOT / "services", package / "services",
                        ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    else:
        (package / "services").symlink_to(ROOT / "services")
    return base


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo",
                           str(ROOT / "pyproject.toml")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _module_file(services: Path, dotted: str) -> Path:
    """``blood_quota.domain`` → its file, whether a module or a package."""
    path = services.joinpath(*dotted.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _broken(contract: str, report: str) -> bool:
    """Whether the report lists ``contract`` as broken (it wraps long lines anywhere)."""
    return "".join(f"{contract}BROKEN".split()) in "".join(report.split())


def test_the_source_tree_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint(_tree(tmp_path, copy_services=False))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("blood_quota.domain", "import grpc",
     "Domain rules know nothing of transport or storage"),
    ("wage_assessment.repository", "from cityscore.wage_assessment.v1 import "
     "wage_assessment_service_pb2", "Models, repositories and queries know nothing of transport"),
    ("rural_roads.servicer", "import sqlalchemy",
     "RPC modules reach the database through repositories and the rules through domain"),
    ("cli.output", "from cityscore.core import db",
     "The client imports no server code"),
    ("lpg_registry.mapping", "from cityscore.services.blood_quota import domain",
     "Services do not import each other"),
])
def test_a_crossed_layer_fails_the_build(tmp_path: Path, module: str, line: str,
                                         contract: str) -> None:
    tree = _tree(tmp_path, copy_services=True)
    target = _module_file(tree / "cityscore" / "services", module)
    target.write_text(target.read_text("utf-8") + f"\n{line}  # crosses a layer\n", "utf-8")
    result = _lint(tree)
    assert result.returncode == 1, result.stdout
    assert _broken(contract, result.stdout)


def test_core_names_no_service(tmp_path: Path) -> None:
    tree = _tree(tmp_path, copy_services=False)
    (tree / "cityscore" / "core").unlink()
    shutil.copytree(ROOT / "core", tree / "cityscore" / "core",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c"))
    clock = tree / "cityscore" / "core" / "clock.py"
    clock.write_text(clock.read_text("utf-8") + "\nfrom cityscore.services import registry\n",
                     "utf-8")
    result = _lint(tree)
    assert result.returncode == 1, result.stdout
    assert _broken("core names no service: services register themselves", result.stdout)
