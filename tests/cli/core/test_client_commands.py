"""The ``cityscore`` client against a real server: output formats, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from support import ServerFactory
from typer.testing import CliRunner, Result

from cityscore.common.v1 import common_pb2
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
    as_json = runner.invoke(cli, ["token", "new", "--principal", "ops", "--role", "operator",
                                  "-o", "json"])
    document = json.loads(as_json.stdout)
    assert document["entry"] == {"sha256": sha256(document["token"].encode()).hexdigest(),
                                 "principal": "ops", "role": "operator", "scope": ""}


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


# --- habits: options anywhere, version, completion, profiles, token files ------------------


def _invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(cli, list(args), env=env)


def test_global_options_before_or_after_the_command(start_server: ServerFactory) -> None:
    running = start_server([])
    before = _invoke("--target", running.target, "--token", "pudong-token", "-o", "json",
                     "whoami")
    after = _invoke("whoami", "-o", "json", "--target", running.target,
                    "--token=pudong-token")
    mixed = _invoke("-ojson", "whoami", "--target", running.target, "--token", "pudong-token")
    assert before.exit_code == after.exit_code == mixed.exit_code == 0, after.output
    assert json.loads(before.stdout) == json.loads(after.stdout) == json.loads(mixed.stdout)
    # An option of the command keeps its meaning: districts' own --out is not the client's.
    listed = _invoke("districts", "--out", "-", "--target", running.target, "--token",
                     "city-token", "-o", "json")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("order,code,name_zh,name_en\n1,huangpu,黄浦区")
    assert json.loads(listed.stdout[listed.stdout.index("["):])[0]["code"] == "huangpu"


def test_version_and_shell_completion() -> None:
    from importlib.metadata import version

    assert _invoke("--version").stdout == f"cityscore {version('cityscore')}\n"
    assert _invoke("districts", "--version").stdout == f"cityscore {version('cityscore')}\n"
    script = runner.invoke(cli, ["--show-completion", "bash"], prog_name="cityscore")
    assert script.exit_code == 0 and "_CITYSCORE_COMPLETE=complete_bash" in script.stdout
    completed = runner.invoke(cli, [], prog_name="cityscore", env={
        "_CITYSCORE_COMPLETE": "complete_bash", "COMP_WORDS": "cityscore dis",
        "COMP_CWORD": "1"})
    assert completed.stdout.split() == ["districts"]


def _config(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "cityscore" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, "utf-8")
    return {"XDG_CONFIG_HOME": str(tmp_path), "CITYSCORE_CONFIG": "", "CITYSCORE_TARGET": "",
            "CITYSCORE_TOKEN": "", "CITYSCORE_PROFILE": ""}


def test_profiles_and_token_files(start_server: ServerFactory, tmp_path: Path) -> None:
    running = start_server([])
    (tmp_path / "cityscore").mkdir()
    (tmp_path / "cityscore" / "pudong.token").write_text("pudong-token\n")
    (tmp_path / "xuhui.token").write_text("xuhui-token")
    env = _config(tmp_path, f'default_profile = "pudong"\n'
                            f'[profiles.pudong]\ntarget = "{running.target}"\n'
                            f'token_file = "pudong.token"\ntimeout = 5\n'
                            f'[profiles.nowhere]\ntarget = "127.0.0.1:1"\n')

    def who(*args: str) -> tuple[int, str]:
        result = _invoke("-o", "json", "whoami", *args, env=env)
        return result.exit_code, (json.loads(result.stdout)["principal"]
                                  if result.exit_code == 0 else result.stderr)

    assert who() == (0, "pudong-office")  # the default profile
    assert who("--profile", "pudong") == (0, "pudong-office")
    assert who("--token-file", str(tmp_path / "xuhui.token")) == (0, "xuhui-office")
    assert who("--token", "city-token") == (0, "city-office")
    code, err = who("--profile", "nowhere", "--timeout", "1")
    assert code == 7
    assert who("--profile", "nowhere", "--target", running.target,
               "--token", "city-token") == (0, "city-office")
    code, err = who("--profile", "bejing")
    assert code == 2 and "has no profile 'bejing' (it has: nowhere, pudong)" in err
    code, err = who("--token-file", str(tmp_path / "missing.token"))
    assert code == 2 and "cannot read" in err


def test_a_profile_for_mutual_tls(start_server: ServerFactory, pki: Path,
                                  tmp_path: Path) -> None:
    running = start_server([], tls_cert=pki / "server.crt", tls_key=pki / "server.key",
                           tls_client_ca=pki / "ca.crt")
    (pki / "city.token").write_text("city-token")
    env = _config(tmp_path, f'[profiles.city]\ntarget = "{running.target}"\n'
                            f'token_file = "{pki / "city.token"}"\nca_file = "{pki / "ca.crt"}"\n'
                            f'client_cert = "{pki / "client.crt"}"\n'
                            f'client_key = "{pki / "client.key"}"\n')
    result = _invoke("whoami", "--profile", "city", "-o", "json", env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["principal"] == "city-office"
    half = _invoke("whoami", "--target", running.target, "--ca-file", str(pki / "ca.crt"),
                   "--client-cert", str(pki / "client.crt"), env=env)
    assert half.exit_code == 2 and "mutual TLS needs" in half.stderr


# --- a server that fails on purpose: retries, exit codes, tables at 80 columns ---------------


@dataclass
class ScriptedReference:
    """A ReferenceService whose answers are scripted: a status code to fail with, or the
    districts to list."""

    script: list[grpc.StatusCode | list[common_pb2.District]]
    calls: int = 0

    def list_districts(self, _request: common_pb2.ListDistrictsRequest,
                       context: grpc.ServicerContext) -> common_pb2.ListDistrictsResponse:
        step = self.script[min(self.calls, len(self.script) - 1)]
        self.calls += 1
        if isinstance(step, grpc.StatusCode):
            context.abort(step, f"scripted {step.name}")
        return common_pb2.ListDistrictsResponse(districts=step)


@pytest.fixture
def scripted() -> Iterator[tuple[ScriptedReference, str]]:
    reference = ScriptedReference([])
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    handler = grpc.unary_unary_rpc_method_handler(
        reference.list_districts, request_deserializer=common_pb2.ListDistrictsRequest.FromString,
        response_serializer=common_pb2.ListDistrictsResponse.SerializeToString)
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(
        "cityscore.common.v1.ReferenceService", {"ListDistricts": handler})])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield reference, f"127.0.0.1:{port}"
    server.stop(grace=0)


HUANGPU = common_pb2.District(code="huangpu", name_zh="黄浦区", name_en="Huangpu", order=1)


def test_unavailable_is_retried_by_the_channel(
        scripted: tuple[ScriptedReference, str]) -> None:
    reference, target = scripted
    reference.script = [grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNAVAILABLE, [HUANGPU]]
    result = _invoke("districts", "-o", "json", "--target", target)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["code"] == "huangpu"
    assert reference.calls == 3


@pytest.mark.parametrize(("code", "exit_code"), [
    (grpc.StatusCode.INTERNAL, 1), (grpc.StatusCode.INVALID_ARGUMENT, 3),
    (grpc.StatusCode.FAILED_PRECONDITION, 5), (grpc.StatusCode.ABORTED, 5),
    (grpc.StatusCode.PERMISSION_DENIED, 6), (grpc.StatusCode.UNAVAILABLE, 7)])
def test_exit_codes(scripted: tuple[ScriptedReference, str], code: grpc.StatusCode,
                    exit_code: int) -> None:
    reference, target = scripted
    reference.script = [code]
    result = _invoke("districts", "--target", target, "--timeout", "5")
    assert result.exit_code == exit_code
    assert f"error ({code.name})" in result.stderr and "Traceback" not in result.output
    assert reference.calls == (5 if code is grpc.StatusCode.UNAVAILABLE else 1)


def test_a_table_at_80_columns_keeps_every_number_whole(
        scripted: tuple[ScriptedReference, str]) -> None:
    reference, target = scripted
    long_name = "Pudong New Area, including the former Nanhui District and Lingang"
    reference.script = [[common_pb2.District(code=f"district-{n}", name_zh="浦东新区" * 3,
                                             name_en=long_name, order=2_000_000_000 + n)
                         for n in range(16)]]
    result = _invoke("districts", "--target", target, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for n in range(16):
        assert str(2_000_000_000 + n) in result.stdout
    assert "…" not in result.stdout  # the text wrapped, nothing cut short


def test_the_readmes_json_examples_print_one_json_document(start_server: ServerFactory) -> None:
    readme = Path(__file__).resolve().parents[3] / "README.md"
    text = readme.read_text("utf-8")
    section = text[text.index("## Using the client"):text.index("## Running the server")]
    examples = [line.split("#")[0].split()[1:] for line in section.splitlines()
                if line.startswith("cityscore ") and "-o json" in line]
    assert examples, "the README shows no -o json example"
    running = start_server([])
    for args in examples:
        result = _invoke(*args, "--target", running.target, "--token", "city-token")
        assert result.exit_code == 0, (args, result.output)
        json.loads(result.stdout)
