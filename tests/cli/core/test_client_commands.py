"""The ``cityscore`` client against a real server: output formats, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from support import ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()


def test_districts_as_json_csv_and_table(start_server: ServerFactory) -> None:
    running = start_server([])
    base = ["--target", running.target, "--token", "operator-token"]
    as_json = runner.invoke(cli, [*base, "--output", "json", "districts"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert len(rows) == 16 and rows[9] == {"order": 10, "code": "pudong", "name_zh": "浦东新区",
                                           "name_en": "Pudong New Area"}
    as_csv = runner.invoke(cli, [*base, "-o", "csv", "districts"])
    assert next(csv.DictReader(io.StringIO(as_csv.stdout)))["code"] == "huangpu"
    as_table = runner.invoke(cli, [*base, "districts"])
    assert "崇明区" in as_table.stdout


def test_whoami_shows_role_and_scope(start_server: ServerFactory) -> None:
    running = start_server([])
    result = runner.invoke(cli, ["--target", running.target, "--token", "pudong-token",
                                 "-o", "json", "whoami"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"principal": "pudong-office", "role": "district_office",
                                         "scope": "pudong", "anonymous": False}


def test_a_bad_token_exits_6_with_the_reason_on_stderr(start_server: ServerFactory) -> None:
    running = start_server([])
    result = runner.invoke(cli, ["--target", running.target, "--token", "wrong", "whoami"])
    assert result.exit_code == 6
    assert result.stdout == ""
    assert "UNAUTHENTICATED" in result.stderr and "request id" in result.stderr


def test_no_server_exits_7() -> None:
    result = runner.invoke(cli, ["--target", "127.0.0.1:1", "--timeout", "1", "districts"])
    assert result.exit_code == 7
    assert "UNAVAILABLE" in result.stderr or "DEADLINE_EXCEEDED" in result.stderr


def test_token_new_prints_a_token_and_its_entry() -> None:
    result = runner.invoke(cli, ["token", "new", "--principal", "jingan-office",
                                 "--role", "district_office", "--scope", "jingan"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    from hashlib import sha256
    assert entry == {"sha256": sha256(token.encode()).hexdigest(), "principal": "jingan-office",
                     "role": "district_office", "scope": "jingan"}


def test_the_client_imports_no_server_modules() -> None:
    # Through the real entry point, as ``cityscore --help`` runs: it loads the whole client (and
    # the entry point itself), and no server code.
    probe = ("import contextlib, io, sys\n"
             "from cityscore.services.main import main\n"
             "sys.argv = ['cityscore', '--help']\n"
             "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
             "    main()\n"
             "assert 'cityscore.services.cli.app' in sys.modules\n"
             "print(sorted(m for m in sys.modules if m.startswith('cityscore.core') "
             "or m.split('.')[2:3] not in ([], ['cli'], ['main']) "
             "and m.startswith('cityscore.services')))")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout
    assert output.strip() == "[]"
