"""Other systems can build on the protos with stock tools alone.

protoc's own generators accept every file and put the code where each language expects it (the
Java messages compile against the distribution's protobuf-java). A Go client whose code the
stock protoc-gen-go and protoc-gen-go-grpc generate from ``protos/``,
built offline against the distribution's Go gRPC libraries (``clients/go/build.sh``), and a Node
client that loads ``protos/`` at run time with @grpc/proto-loader (``clients/node``) each call one
RPC of every service against a real server holding all of them, and must read the same answers.

With ``CITYSCORE_REQUIRE_TOOLS=1`` (CI) a missing toolchain fails these tests instead of skipping
them; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support import ServerFactory, require_tool

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ["wage_assessment", "blood_quota", "rural_roads", "lpg_registry", "special_equipment"]
#: Where Debian's golang-*-dev packages put the Go sources the generated code imports.
DEBIAN_GOCODE = Path(os.environ.get("DEBIAN_GOCODE", "/usr/share/gocode"))
NODE_CLIENT = ROOT / "clients" / "node"
#: Debian's libprotobuf-java.
PROTOBUF_JAR = Path(os.environ.get("PROTOBUF_JAR", "/usr/share/java/protobuf.jar"))
PROTO_FILES = sorted(str(p.relative_to(ROOT / "protos"))
                     for p in (ROOT / "protos").rglob("*.proto"))

#: Every RPC the clients call, in their order; each client prints one JSON line per call.
RPCS = [
    "cityscore.common.v1.ReferenceService/ListDistricts",
    "cityscore.common.v1.ReferenceService/WhoAmI",
    "cityscore.wage_assessment.v1.WageAssessmentService/ListGradeRules",
    "cityscore.blood_quota.v1.BloodQuotaService/ListAllocations",
    "cityscore.rural_roads.v1.RuralRoadsService/ListTowns",
    "cityscore.lpg_registry.v1.LpgRegistryService/GetSafetyCatalogue",
    "cityscore.special_equipment.v1.SpecialEquipmentService/ListAnnexTasks",
]


def _missing(message: str) -> None:
    if os.environ.get("CITYSCORE_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{message} (CITYSCORE_REQUIRE_TOOLS=1)")
    pytest.skip(message)


def _run(command: list[str], **kwargs: Any) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600,
                            **kwargs)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"
    stdout: str = result.stdout
    return stdout


def _assert_answers(stdout: str) -> None:
    """What a caller reads from a fresh server of every service, as the policy texts say."""
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    assert [line["rpc"] for line in lines] == RPCS
    failed = [line for line in lines if line["code"] != "OK"]
    assert not failed, failed
    districts, who, rules, allocations, towns, catalogue, annex = lines

    # The 16 districts in the order of the published tables, Huangpu first.
    assert len(districts["codes"]) == 16
    assert districts["codes"][0] == "huangpu" and "pudong" in districts["codes"]
    # The bearer token travelled: the test principal of "city-token".
    assert (who["name"], who["role"]) == ("city-office", "ROLE_CITY_OFFICE")
    # The grade rules of the 2018 assessment measures ship with the service.
    assert any("沪府办发〔2018〕30号" in title for title in rules["titles"]), rules
    # An empty register: nothing allocated, one (last) page of no towns.
    assert allocations["count"] == 0
    assert (towns["count"], towns["next_page_token"]) == (0, "")
    # The safety catalogue cites the 2018 LPG rectification notice.
    assert catalogue["count"] > 0
    assert any("沪府办规〔2018〕25号" in source for source in catalogue["sources"]), catalogue
    # The elevator plan's annex has 45 tasks; task 19 (risk screening) was due in 2018.
    assert annex["count"] == 45
    assert annex["deadlines"]["19"] == 2018


def test_go_client_generated_by_stock_plugins(start_server: ServerFactory,
                                              tmp_path: Path) -> None:
    for tool in ("protoc", "protoc-gen-go", "protoc-gen-go-grpc", "go"):
        require_tool(tool)
    if not (DEBIAN_GOCODE / "src" / "google.golang.org" / "grpc").is_dir():
        _missing(f"the Go gRPC library is not in {DEBIAN_GOCODE} (golang-google-grpc-dev)")
    _run([str(ROOT / "clients" / "go" / "build.sh"), str(tmp_path / "go")])

    server = start_server(SERVICES, database_url=f"sqlite:///{tmp_path / 'contract.db'}")
    stdout = _run([str(tmp_path / "go" / "cityscore-contract"), "-target", server.target,
                   "-token", "city-token"])
    _assert_answers(stdout)


def test_node_client_loading_the_protos(start_server: ServerFactory, tmp_path: Path) -> None:
    node = require_tool("node")
    if not (NODE_CLIENT / "node_modules" / "@grpc" / "grpc-js").is_dir():
        _missing("clients/node has no node_modules: run `npm ci --prefix clients/node`")

    server = start_server(SERVICES, database_url=f"sqlite:///{tmp_path / 'contract.db'}")
    stdout = _run([node, str(NODE_CLIENT / "client.js"), "--target", server.target,
                   "--token", "city-token", "--protos", str(ROOT / "protos")])
    _assert_answers(stdout)


def test_stock_generators_of_other_languages(tmp_path: Path) -> None:
    """Java (one class per message), C#, PHP and Objective-C from protoc as it comes, into the
    packages and namespaces the file options name; the Java compiles."""
    protoc = require_tool("protoc")
    out = {language: tmp_path / language for language in ("java", "csharp", "php", "objc")}
    for folder in out.values():
        folder.mkdir()
    _run([protoc, f"-I{ROOT / 'protos'}", *(f"--{lang}_out={path}" for lang, path in out.items()),
          *PROTO_FILES])

    java = out["java"] / "com" / "cityscore"
    for name, message in [("common", "WhoAmIResponse"), ("blood_quota", "ListAllocationsRequest"),
                          ("wage_assessment", "ListGradeRulesResponse"),
                          ("rural_roads", "ListTownsRequest"),
                          ("lpg_registry", "GetSafetyCatalogueResponse"),
                          ("special_equipment", "ListAnnexTasksResponse")]:
        assert (java / name / "v1" / f"{message}.java").is_file(), (name, message)
    assert "namespace Cityscore.Common.V1" in (out["csharp"] / "Common.cs").read_text("utf-8")
    assert (out["php"] / "Cityscore" / "SpecialEquipment" / "V1" / "Elevator.php").is_file()
    header = out["objc"] / "cityscore" / "lpg_registry" / "v1" / "LpgRegistryService.pbobjc.h"
    assert "CLXSafetyItem" in header.read_text("utf-8")

    javac = require_tool("javac")
    if not PROTOBUF_JAR.is_file():
        _missing(f"{PROTOBUF_JAR} is not installed (libprotobuf-java)")
    sources = [str(path) for path in out["java"].rglob("*.java")]
    _run([javac, "-nowarn", "-d", str(tmp_path / "classes"), "-cp", str(PROTOBUF_JAR),
          *sources])
    assert (tmp_path / "classes" / "com" / "cityscore" / "common" / "v1" / "Date.class").is_file()


def test_buf_generate_with_the_published_template(tmp_path: Path) -> None:
    """buf.gen.yaml, the template other systems copy, runs with the stock plug-ins."""
    buf = require_tool("buf")
    for tool in ("protoc", "protoc-gen-go", "protoc-gen-go-grpc"):
        require_tool(tool)
    _run([buf, "generate", "-o", str(tmp_path)], cwd=ROOT)
    gen = tmp_path / "build" / "gen"
    for name in ("common", "blood_quota", "wage_assessment", "rural_roads", "lpg_registry",
                 "special_equipment"):
        go = gen / "go" / "cityscore" / name / "v1"
        assert sorted(p.name for p in go.iterdir() if p.name.endswith("_grpc.pb.go")), name
    assert (gen / "java" / "com" / "cityscore" / "common" / "v1" / "Principal.java").is_file()
    assert (gen / "csharp" / "Common.cs").is_file()
