"""The national-scale runs (docs/benchmarks.md) still run end to end, at a small size: each
starts its service in its own process, drives it as a client and checks its own answers (every
unit stored and closed, the city's and 16 districts' target reports; every cylinder swept and
the sweep replayed), then prints its Markdown row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.mark.parametrize(("script", "size", "columns"), [
    ("national_roads.py", 5000, 10), ("national_lpg.py", 5000, 9)])
def test_a_small_national_run_completes(script: str, size: int, columns: int) -> None:
    run = subprocess.run([sys.executable, str(SCRIPTS / script), "--sizes", str(size)],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    header, _rule, row = run.stdout.strip().splitlines()
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == columns == len(header.strip("|").split("|"))
    assert cells[:2] == ["SQLite", f"{size:,}"]
