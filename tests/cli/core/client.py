"""Running the client in tests as a user would: a root command against a test server, the one
JSON document a command prints with ``-o json``, and a long job started with ``--no-wait`` and
followed by its name with ``cityscore operations wait``."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.testing import CliRunner, Result

Run = Callable[..., Result]


def runner_for(root: typer.Typer, target: str) -> Run:
    """``run(*args, token=..., stdin=..., env=...)``: the root command against ``target``."""
    runner = CliRunner()

    def run(*args: str, token: str = "city-token", stdin: bytes | None = None,
            env: dict[str, str] | None = None, base: Sequence[str] | None = None) -> Result:
        head = ["--target", target, "--token", token] if base is None else list(base)
        return runner.invoke(root, [*head, *args], input=stdin, env=env)

    return run


def json_of(result: Result) -> Any:
    """What a command that succeeded printed on stdout, read as one JSON document."""
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def followed_by_name(run: Run, service: str, *command: str,
                     token: str = "city-token") -> dict[str, Any]:
    """Start ``command`` with ``--no-wait``: it prints only the name of an operation of
    ``service``. Wait for it with ``cityscore operations wait`` and answer the operation as
    ``-o json`` shows it, done (its progress and answer are the caller's to check)."""
    started = run(*command, "--no-wait", token=token)
    assert started.exit_code == 0, started.output
    name = started.stdout.strip()
    assert name.startswith(f"operations/{service}/"), name
    operation: dict[str, Any] = json_of(run("-o", "json", "operations", "wait", name,
                                            token=token))
    assert (operation["name"], operation["state"]) == (name, "done")
    return operation
