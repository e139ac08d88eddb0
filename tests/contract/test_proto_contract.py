"""The gRPC contract's rules, checked on the compiled descriptors (no network, no buf).

Buf STANDARD style as the architecture page asks: ``cityscore.<name>.v1`` packages in matching
folders, ``VerbNoun`` RPCs with their own request and response messages, enum zero values
``<ENUM>_UNSPECIFIED`` and prefixed values, and a ``request_id`` on every mutating request.
"""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import pytest
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor, FileDescriptor
from support import require_tool

ROOT = Path(__file__).resolve().parents[2]
PROTO_ROOT = ROOT / "protos"
PROTO_FILES = sorted(p.relative_to(PROTO_ROOT) for p in PROTO_ROOT.rglob("*.proto"))

#: Verbs of RPCs that change nothing; every other RPC must carry a request id.
READ_VERBS = ("Get", "List", "Who", "Check", "Show", "Search", "Replay", "Export", "Compute",
              "Preview", "Explain", "Watch", "Describe", "Validate", "Find", "Lookup", "Report",
              "Count", "Stream", "Summarize", "Project", "Trace", "Verify", "Simulate")
CAMEL_CASE = re.compile(r"^[A-Z][A-Za-z0-9]+$")


def _file(relative: Path) -> FileDescriptor:
    module = ".".join([*relative.with_suffix("").parts[:-1], relative.stem + "_pb2"])
    descriptor: FileDescriptor = importlib.import_module(module).DESCRIPTOR
    return descriptor


def _enums(file: FileDescriptor) -> list[EnumDescriptor]:
    found = list(file.enum_types_by_name.values())

    def nested(message: Descriptor) -> None:
        found.extend(message.enum_types)
        for inner in message.nested_types:
            nested(inner)

    for message in file.message_types_by_name.values():
        nested(message)
    return found


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def test_there_are_protos() -> None:
    assert Path("cityscore/common/v1/common.proto") in PROTO_FILES


@pytest.mark.parametrize("relative", PROTO_FILES, ids=str)
def test_package_is_versioned_and_matches_the_folder(relative: Path) -> None:
    file = _file(relative)
    assert re.fullmatch(r"cityscore\.[a-z_]+\.v[0-9]+", file.package), file.package
    assert file.package.split(".") == list(relative.parts[:-1])


@pytest.mark.parametrize("relative", PROTO_FILES, ids=str)
def test_rpcs_are_verb_noun_with_their_own_messages(relative: Path) -> None:
    file = _file(relative)
    seen: set[str] = set()
    for service in file.services_by_name.values():
        assert service.name.endswith("Service"), service.name
        for method in service.methods:
            assert CAMEL_CASE.match(method.name), method.name
            request, response = method.input_type, method.output_type
            assert request.name == f"{method.name}Request", method.full_name
            assert response.name == f"{method.name}Response", method.full_name
            assert request.full_name not in seen and response.full_name not in seen
            seen |= {request.full_name, response.full_name}


@pytest.mark.parametrize("relative", PROTO_FILES, ids=str)
def test_mutating_rpcs_take_a_request_id(relative: Path) -> None:
    file = _file(relative)
    for service in file.services_by_name.values():
        for method in service.methods:
            if method.name.startswith(READ_VERBS):
                continue
            field = method.input_type.fields_by_name.get("request_id")
            assert field is not None, f"{method.full_name} mutates but has no request_id"
            assert field.type == FieldDescriptor.TYPE_STRING


@pytest.mark.parametrize("relative", PROTO_FILES, ids=str)
def test_enums_start_unspecified_and_prefix_their_values(relative: Path) -> None:
    for enum in _enums(_file(relative)):
        prefix = _upper_snake(enum.name) + "_"
        assert enum.values_by_number[0].name == prefix + "UNSPECIFIED", enum.full_name
        for value in enum.values:
            assert value.name.startswith(prefix), value.name


def test_buf_lint_passes() -> None:
    buf = require_tool("buf")
    result = subprocess.run([buf, "lint"], cwd=ROOT, capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


#: The package's last folder before the version, as generators name it (``blood_quota``).
def _short(file: FileDescriptor) -> str:
    return file.package.split(".")[1]


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@pytest.mark.parametrize("relative", PROTO_FILES, ids=str)
def test_files_name_their_package_for_the_stock_generators(relative: Path) -> None:
    """`protoc`/`buf generate` for Go, Java, C#, PHP and Objective-C need no extra flags, and
    every file of a package agrees (Buf's PACKAGE_SAME_* rules)."""
    file = _file(relative)
    options = file.GetOptions()
    name = _short(file)
    assert options.go_package == (f"github.com/cityscore/cityscore/gen/go/cityscore/{name}/v1;"
                                  f"{name.replace('_', '')}v1")
    assert options.java_package == f"com.cityscore.{name}.v1"
    assert options.java_multiple_files
    assert options.csharp_namespace == f"Cityscore.{_pascal(name)}.V1"
    assert options.php_namespace == f"Cityscore\\{_pascal(name)}\\V1"
    # Buf's style: the first letters of the package's parts, padded with X to three letters.
    assert options.objc_class_prefix == f"C{name[0].upper()}X"


def test_objective_c_prefixes_are_distinct() -> None:
    prefixes = {_file(r).package: _file(r).GetOptions().objc_class_prefix for r in PROTO_FILES}
    assert len(set(prefixes.values())) == len(prefixes), prefixes


PAGE_FIELDS = {"page_size", "page_token", "next_page_token"}
OTHER_PAGE_FIELDS = re.compile(r"^(limit|offset|skip|cursor|page|page_number|max_results|"
                               r"after_.*|before_.*|start_after.*)$")


def _methods() -> list[tuple[str, Descriptor, Descriptor]]:
    return [(method.full_name, method.input_type, method.output_type)
            for relative in PROTO_FILES
            for service in _file(relative).services_by_name.values()
            for method in service.methods]


@pytest.mark.parametrize(("rpc", "request_type", "response_type"), [
    pytest.param(*method, id=method[0].rsplit(".", 2)[-2] + "." + method[0].rsplit(".", 1)[-1])
    for method in _methods()])
def test_lists_page_one_way(rpc: str, request_type: Descriptor,
                            response_type: Descriptor) -> None:
    """AIP-158: an RPC that pages takes int32 page_size and string page_token and answers a
    string next_page_token, and has no other paging parameter."""
    request = request_type.fields_by_name
    response = response_type.fields_by_name
    other = [name for name, field in request.items()
             if OTHER_PAGE_FIELDS.match(name) and not field.GetOptions().deprecated]
    assert not other, f"{rpc} pages with {other}"
    pages = PAGE_FIELDS & (set(request) | set(response))
    if not pages:
        return
    assert {"page_size", "page_token"} <= set(request), rpc
    assert "next_page_token" in response, rpc
    assert request["page_size"].type == FieldDescriptor.TYPE_INT32
    assert request["page_token"].type == FieldDescriptor.TYPE_STRING
    assert response["next_page_token"].type == FieldDescriptor.TYPE_STRING


#: Paging fields of the first contract, kept and marked deprecated for the callers written
#: against them (docs/decisions/0024-the-published-contract.md): removing one would break those
#: callers, so they go only with the package's next major version.
DEPRECATED_PAGING = {
    "cityscore.lpg_registry.v1.ListUsersRequest.after_user_id",
    "cityscore.rural_roads.v1.ListWorstUnitsRequest.limit",
}


def test_only_the_known_paging_fields_are_deprecated() -> None:
    """A paging field is deprecated on purpose, once, in the ADR's list; no other field is
    excused from one convention by a quiet ``deprecated = true``, and the listed ones are still
    there for their callers."""
    deprecated = {field.full_name
                  for _rpc, request, _response in _methods()
                  for field in request.fields
                  if OTHER_PAGE_FIELDS.match(field.name) and field.GetOptions().deprecated}
    assert deprecated == DEPRECATED_PAGING


#: Lists that do not page because what they list is bounded (ADR 0024): the districts, a year's
#: allocations, cycles, incidents, corrections, rectifications, findings and result actions,
#: the surveys (one a year), the schemes and grade-rule versions, the annex's 45 tasks.
BOUNDED_LISTS = {
    "cityscore.blood_quota.v1.BloodQuotaService.ListAllocations",
    "cityscore.common.v1.ReferenceService.ListDistricts",
    "cityscore.rural_roads.v1.RuralRoadsService.ListSurveys",
    "cityscore.special_equipment.v1.SpecialEquipmentService.ListAnnexTasks",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListSchemes",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListGradeRules",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListCycles",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListIncidents",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListCorrections",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListRectifications",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListFindings",
    "cityscore.wage_assessment.v1.WageAssessmentService.ListResultActions",
}


def test_every_list_pages_unless_it_is_bounded() -> None:
    """A new List RPC pages (AIP-158) from its first release, since paging added later would cut
    its callers' answers short; only the lists ADR 0024 names as bounded do not."""
    unpaged = {rpc for rpc, request, _response in _methods()
               if rpc.rsplit(".", 1)[-1].startswith("List")
               and "page_token" not in request.fields_by_name}
    assert unpaged == BOUNDED_LISTS
