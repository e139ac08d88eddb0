"""`make breaking` (scripts/proto-breaking) refuses a change that breaks a caller of the protos,
and says plainly when there is nothing to compare against instead of failing or passing silently.
Each case is a small repository of its own with the script and this repository's buf.yaml."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support import require_tool

ROOT = Path(__file__).resolve().parents[2]
PROTO = "protos/cityscore/sample/v1/sample.proto"
V1 = """syntax = "proto3";

package cityscore.sample.v1;

// A sample.
message Sample {
  // Its name.
  string name = 1;
  // Its size in metres.
  int32 size = 2;
}
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout


def _commit(repo: Path, files: dict[str, str | None], message: str) -> None:
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
         "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    require_tool("buf")
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "proto-breaking", repo / "scripts" / "proto-breaking")
    _git(repo, "init", "-q")
    return repo


def _check(repo: Path, *against: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(repo / "scripts" / "proto-breaking"), *against],
                          capture_output=True, text=True, check=False, timeout=300)


def test_first_commit_has_nothing_to_break(repo: Path) -> None:
    _commit(repo, {"buf.yaml": (ROOT / "buf.yaml").read_text("utf-8"), PROTO: V1}, "first")
    result = _check(repo)
    assert result.returncode == 0, result.stderr
    assert "first commit" in result.stdout


def test_protos_new_since_the_previous_commit_break_nothing(repo: Path) -> None:
    _commit(repo, {"README": "before the contract\n"}, "first")
    _commit(repo, {"buf.yaml": (ROOT / "buf.yaml").read_text("utf-8"), PROTO: V1}, "protos")
    result = _check(repo)
    assert result.returncode == 0, result.stderr
    assert "has no protos" in result.stdout


def test_an_added_field_passes_and_a_removed_one_fails(repo: Path) -> None:
    _commit(repo, {"buf.yaml": (ROOT / "buf.yaml").read_text("utf-8"), PROTO: V1}, "v1")
    added = V1.replace("  int32 size = 2;\n", "  int32 size = 2;\n  // Its colour.\n"
                       "  string colour = 3;\n")
    _commit(repo, {PROTO: added}, "add a field")
    assert _check(repo).returncode == 0

    removed = added.replace("  // Its size in metres.\n  int32 size = 2;\n", "")
    _commit(repo, {PROTO: removed}, "remove a field")
    result = _check(repo)
    assert result.returncode != 0
    assert 'Previously present field "2" with name "size"' in result.stdout + result.stderr
    # Against the commit before the removal, by name, as a series is checked.
    assert _check(repo, "HEAD~2").returncode != 0


def test_a_deleted_file_fails(repo: Path) -> None:
    other = PROTO.replace("sample", "other")
    _commit(repo, {"buf.yaml": (ROOT / "buf.yaml").read_text("utf-8"), PROTO: V1,
                   other: V1.replace("sample", "other")}, "v1")
    _commit(repo, {PROTO: None}, "drop the sample")
    result = _check(repo)
    assert result.returncode != 0
    assert "sample.proto" in result.stdout + result.stderr


def test_an_unknown_revision_fails(repo: Path) -> None:
    _commit(repo, {"buf.yaml": (ROOT / "buf.yaml").read_text("utf-8"), PROTO: V1}, "v1")
    result = _check(repo, "no-such-tag")
    assert result.returncode != 0
    assert "unknown revision" in result.stderr
