"""The API reference in docs/api/, written from the comments of the .proto files.

    python scripts/api_reference.py              # (re)write docs/api/ (make api-docs)
    python scripts/api_reference.py --check      # fail if docs/api/ is not what the protos say
    python scripts/api_reference.py --coverage   # how many elements carry a comment, per file

The protos are compiled with the same protoc as the build (grpcio-tools) into descriptors that
keep their source comments; one Markdown page per package, and an index, come out of them. The
pages are committed so they can be read where the repository is; `make test` checks they are
current.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from google.protobuf import descriptor_pb2
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parents[1]
PROTO_ROOT = ROOT / "protos"
OUT = ROOT / "docs" / "api"

# Field numbers in descriptor.proto, the keys of SourceCodeInfo paths.
FILE_MESSAGE, FILE_ENUM, FILE_SERVICE = 4, 5, 6
MESSAGE_FIELD, MESSAGE_NESTED, MESSAGE_ENUM = 2, 3, 4
ENUM_VALUE, SERVICE_METHOD = 2, 2

SCALARS = {
    descriptor_pb2.FieldDescriptorProto.TYPE_DOUBLE: "double",
    descriptor_pb2.FieldDescriptorProto.TYPE_FLOAT: "float",
    descriptor_pb2.FieldDescriptorProto.TYPE_INT64: "int64",
    descriptor_pb2.FieldDescriptorProto.TYPE_UINT64: "uint64",
    descriptor_pb2.FieldDescriptorProto.TYPE_INT32: "int32",
    descriptor_pb2.FieldDescriptorProto.TYPE_FIXED64: "fixed64",
    descriptor_pb2.FieldDescriptorProto.TYPE_FIXED32: "fixed32",
    descriptor_pb2.FieldDescriptorProto.TYPE_BOOL: "bool",
    descriptor_pb2.FieldDescriptorProto.TYPE_STRING: "string",
    descriptor_pb2.FieldDescriptorProto.TYPE_BYTES: "bytes",
    descriptor_pb2.FieldDescriptorProto.TYPE_UINT32: "uint32",
    descriptor_pb2.FieldDescriptorProto.TYPE_SFIXED32: "sfixed32",
    descriptor_pb2.FieldDescriptorProto.TYPE_SFIXED64: "sfixed64",
    descriptor_pb2.FieldDescriptorProto.TYPE_SINT32: "sint32",
    descriptor_pb2.FieldDescriptorProto.TYPE_SINT64: "sint64",
}
WELL_KNOWN = "https://protobuf.dev/reference/protobuf/google.protobuf/#"

HEADER = ("<!-- Written by scripts/api_reference.py from protos/ (make api-docs); "
          "do not edit by hand. -->\n")

CONVENTIONS = """\
## Conventions every service keeps

- **Packages and versions.** Each service is the package `cityscore.<service>.v1`, in
  `protos/cityscore/<service>/v1/`; `cityscore.common.v1` holds what they share. A change that
  breaks a caller (a removed or renumbered field, a changed type, a renamed RPC) is refused by
  `make breaking` (`buf breaking`, FILE rules); it needs a new `v2` package.
- **Generated code.** Every file names its package for Go (`go_package`), Java (`java_package`,
  one class per message), C# (`csharp_namespace`), PHP (`php_namespace`) and Objective-C
  (`objc_class_prefix`), so `protoc` or `buf generate` with the stock plug-ins works without
  extra flags (`buf.gen.yaml` is a template). Python and Node need nothing more. `clients/go`
  and `clients/node` are examples CI builds and runs against a server.
- **Calls.** Unary gRPC on port 50051, TLS and a bearer token (`authorization: Bearer <token>`
  metadata) except on a loopback development server. Reflection (grpcurl `list`, `describe`) and
  the standard health service answer on the same port. `ReferenceService` is served by every
  process.
- **Retries.** Every RPC that changes something requires a `request_id` (1 to 128 characters
  the caller chooses, e.g. a UUID): a retry with the same id returns the first answer and writes
  nothing twice.
- **Pages (AIP-158).** A list that can grow takes `page_size` (0: the list's default; above
  its maximum: the maximum; negative: INVALID_ARGUMENT) and `page_token` (empty for the first
  page, else the previous response's `next_page_token`, sent with the same filters) and
  returns `next_page_token`, empty on the last page. A token the server did not hand out is
  INVALID_ARGUMENT naming `page_token`.
- **Errors.** The gRPC status says what kind of failure it is (`INVALID_ARGUMENT`, `NOT_FOUND`,
  `FAILED_PRECONDITION`, `PERMISSION_DENIED`, `ALREADY_EXISTS`, ...); bad input carries a
  `google.rpc.BadRequest` detail naming each field (and, for uploaded rows, the 1-based line).
- **Dates and numbers.** `cityscore.common.v1.Date` is a calendar date without time zone;
  instants are `google.protobuf.Timestamp`. Scores and points that must not be rounded in binary
  travel as decimal strings, as each field says.
"""


@dataclass(frozen=True)
class Element:
    """One thing a caller sees: a service, RPC, message, field, enum or enum value."""

    kind: str
    name: str
    comment: str


def compile_protos(files: list[Path]) -> descriptor_pb2.FileDescriptorSet:
    """The files' descriptors with their comments (and their imports', for type names)."""
    import grpc_tools

    include = Path(grpc_tools.__file__).parent / "_proto"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "set.binpb"
        args = ["protoc", f"-I{PROTO_ROOT}", f"-I{include}", "--include_source_info",
                "--include_imports", f"--descriptor_set_out={out}",
                *(str(f.relative_to(PROTO_ROOT)) for f in files)]
        if protoc.main(args) != 0:
            raise SystemExit("protoc failed on protos/")
        return descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())


def proto_files() -> list[Path]:
    return sorted(PROTO_ROOT.rglob("*.proto"))


class Comments:
    """A file's comments by source path (leading and trailing comments, trimmed)."""

    def __init__(self, file: descriptor_pb2.FileDescriptorProto) -> None:
        self._by_path: dict[tuple[int, ...], str] = {}
        for location in file.source_code_info.location:
            text = " ".join(part for part in (location.leading_comments,
                                              location.trailing_comments) if part.strip())
            if text.strip():
                self._by_path[tuple(location.path)] = " ".join(text.split())

    def get(self, path: Iterable[int]) -> str:
        return self._by_path.get(tuple(path), "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|") if text else ""


class Page:
    """The Markdown page of one package."""

    def __init__(self, package: str, files: list[descriptor_pb2.FileDescriptorProto],
                 local: set[str]) -> None:
        self.package = package
        self.files = files
        self.local = local
        self.lines: list[str] = []

    def link(self, type_name: str) -> str:
        name = type_name.lstrip(".")
        if name.startswith("google.protobuf."):
            return f"[`{name}`]({WELL_KNOWN}{name.rsplit('.', 1)[1].lower()})"
        if name not in self.local:
            return f"`{name}`"
        package = ".".join(name.split(".")[:3])
        page = "" if package == self.package else f"{package}.md"
        return f"[`{name.removeprefix(self.package + '.')}`]({page}#{name})"

    def field_type(self, field: descriptor_pb2.FieldDescriptorProto,
                   maps: dict[str, descriptor_pb2.DescriptorProto]) -> str:
        if field.type_name.lstrip(".") in maps:
            entry = maps[field.type_name.lstrip(".")]
            key, value = entry.field
            return f"map<{self.field_type(key, maps)}, {self.field_type(value, maps)}>"
        base = SCALARS.get(field.type) or self.link(field.type_name)
        if field.type in SCALARS:
            base = f"`{base}`"
        if field.label == descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED:
            return f"repeated {base}"
        if field.proto3_optional:
            return f"optional {base}"
        return base

    def render(self) -> str:
        self.lines = [HEADER, f"# `{self.package}`\n"]
        for file in self.files:
            comments = Comments(file)
            self.lines.append(f"From [`{file.name}`](../../protos/{file.name}).\n")
            for i, service in enumerate(file.service):
                self.service(file, service, comments, (FILE_SERVICE, i))
            if file.message_type:
                self.lines.append("## Messages\n")
            for i, message in enumerate(file.message_type):
                self.message(f"{self.package}.{message.name}", message, comments,
                             (FILE_MESSAGE, i))
            if file.enum_type:
                self.lines.append("## Enums\n")
            for i, enum in enumerate(file.enum_type):
                self.enum(f"{self.package}.{enum.name}", enum, comments, (FILE_ENUM, i))
        return "\n".join(self.lines).rstrip() + "\n"

    def service(self, file: descriptor_pb2.FileDescriptorProto,
                service: descriptor_pb2.ServiceDescriptorProto, comments: Comments,
                path: tuple[int, ...]) -> None:
        full = f"{self.package}.{service.name}"
        self.lines += [f'<a id="{full}"></a>\n', f"## Service `{service.name}`\n"]
        if text := comments.get(path):
            self.lines.append(text + "\n")
        self.lines += ["| RPC | Request | Response | What it does |",
                       "| --- | --- | --- | --- |"]
        for j, method in enumerate(service.method):
            text = comments.get((*path, SERVICE_METHOD, j))
            self.lines.append(
                f'| <a id="{full}.{method.name}"></a>`{method.name}` '
                f"| {self.link(method.input_type)} | {self.link(method.output_type)} "
                f"| {_cell(text)} |")
        self.lines.append("")

    def message(self, full: str, message: descriptor_pb2.DescriptorProto, comments: Comments,
                path: tuple[int, ...]) -> None:
        maps = {f"{full}.{nested.name}": nested for nested in message.nested_type
                if nested.options.map_entry}
        self.lines += [f'<a id="{full}"></a>\n',
                       f"### `{full.removeprefix(self.package + '.')}`\n"]
        if text := comments.get(path):
            self.lines.append(text + "\n")
        if message.field:
            self.lines += ["| Field | Number | Type | Meaning |", "| --- | --- | --- | --- |"]
            for j, field in enumerate(message.field):
                oneof = ""
                if field.HasField("oneof_index") and not field.proto3_optional:
                    oneof = f" (one of `{message.oneof_decl[field.oneof_index].name}`)"
                text = comments.get((*path, MESSAGE_FIELD, j))
                self.lines.append(f"| `{field.name}` | {field.number} "
                                  f"| {self.field_type(field, maps)}{oneof} | {_cell(text)} |")
            self.lines.append("")
        else:
            self.lines.append("No fields.\n")
        for k, nested in enumerate(message.nested_type):
            if not nested.options.map_entry:
                self.message(f"{full}.{nested.name}", nested, comments,
                             (*path, MESSAGE_NESTED, k))
        for k, enum in enumerate(message.enum_type):
            self.enum(f"{full}.{enum.name}", enum, comments, (*path, MESSAGE_ENUM, k))

    def enum(self, full: str, enum: descriptor_pb2.EnumDescriptorProto, comments: Comments,
             path: tuple[int, ...]) -> None:
        self.lines += [f'<a id="{full}"></a>\n',
                       f"### Enum `{full.removeprefix(self.package + '.')}`\n"]
        if text := comments.get(path):
            self.lines.append(text + "\n")
        self.lines += ["| Value | Number | Meaning |", "| --- | --- | --- |"]
        for j, value in enumerate(enum.value):
            text = comments.get((*path, ENUM_VALUE, j))
            self.lines.append(f"| `{value.name}` | {value.number} | {_cell(text)} |")
        self.lines.append("")


def _declared(prefix: str, message: descriptor_pb2.DescriptorProto) -> Iterator[str]:
    yield f"{prefix}.{message.name}"
    for nested in message.nested_type:
        yield from _declared(f"{prefix}.{message.name}", nested)
    for enum in message.enum_type:
        yield f"{prefix}.{message.name}.{enum.name}"


def render_all() -> dict[str, str]:
    """File name under docs/api/ → its text."""
    files = [f for f in compile_protos(proto_files()).file if f.name.startswith("cityscore/")]
    local: set[str] = set()
    packages: dict[str, list[descriptor_pb2.FileDescriptorProto]] = {}
    for file in files:
        packages.setdefault(file.package, []).append(file)
        for message in file.message_type:
            local.update(_declared(file.package, message))
        local.update(f"{file.package}.{enum.name}" for enum in file.enum_type)
    pages = {f"{package}.md": Page(package, package_files, local).render()
             for package, package_files in sorted(packages.items())}
    index = [HEADER, "# cityscore gRPC API reference\n",
             "The contract other systems build on: one page per package, written from the "
             "comments in `protos/`. Regenerate with `make api-docs` after changing a .proto.\n",
             "| Package | Services | What it is |", "| --- | --- | --- |"]
    for package, package_files in sorted(packages.items()):
        services = [s.name for f in package_files for s in f.service]
        summary = ""
        for f in package_files:
            comments = Comments(f)
            summary = summary or next(
                (comments.get((FILE_SERVICE, i)) for i in range(len(f.service))), "")
        index.append(f"| [`{package}`]({package}.md) | "
                     f"{', '.join(f'`{s}`' for s in services)} | {_cell(summary)} |")
    index += ["", CONVENTIONS]
    pages["README.md"] = "\n".join(index).rstrip() + "\n"
    return pages


def elements(file: descriptor_pb2.FileDescriptorProto) -> Iterator[Element]:
    """Every service, RPC, message, field, enum and enum value of a file, with its comment."""
    comments = Comments(file)

    def enum(e: descriptor_pb2.EnumDescriptorProto, path: tuple[int, ...]) -> Iterator[Element]:
        yield Element("enum", e.name, comments.get(path))
        for j, value in enumerate(e.value):
            yield Element("enum value", value.name, comments.get((*path, ENUM_VALUE, j)))

    def message(m: descriptor_pb2.DescriptorProto, path: tuple[int, ...]) -> Iterator[Element]:
        if m.options.map_entry:
            return
        yield Element("message", m.name, comments.get(path))
        for j, field in enumerate(m.field):
            yield Element("field", f"{m.name}.{field.name}",
                          comments.get((*path, MESSAGE_FIELD, j)))
        for k, nested in enumerate(m.nested_type):
            yield from message(nested, (*path, MESSAGE_NESTED, k))
        for k, nested_enum in enumerate(m.enum_type):
            yield from enum(nested_enum, (*path, MESSAGE_ENUM, k))

    for i, service in enumerate(file.service):
        yield Element("service", service.name, comments.get((FILE_SERVICE, i)))
        for j, method in enumerate(service.method):
            yield Element("rpc", f"{service.name}.{method.name}",
                          comments.get((FILE_SERVICE, i, SERVICE_METHOD, j)))
    for i, m in enumerate(file.message_type):
        yield from message(m, (FILE_MESSAGE, i))
    for i, e in enumerate(file.enum_type):
        yield from enum(e, (FILE_ENUM, i))


def coverage() -> str:
    kinds = ("service", "rpc", "message", "field", "enum", "enum value")
    rows = [f"{'file':58} " + " ".join(f"{k:>13}" for k in kinds)]
    for file in compile_protos(proto_files()).file:
        if not file.name.startswith("cityscore/"):
            continue
        found = list(elements(file))
        cells = []
        for kind in kinds:
            of_kind = [e for e in found if e.kind == kind]
            done = sum(1 for e in of_kind if e.comment)
            cells.append(f"{done:>6}/{len(of_kind):<6}")
        rows.append(f"{file.name:58} " + " ".join(cells))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail if docs/api/ is stale")
    mode.add_argument("--coverage", action="store_true", help="count commented elements")
    args = parser.parse_args(argv)
    if args.coverage:
        print(coverage())
        return 0
    pages = render_all()
    if args.check:
        stale = []
        for name, text in pages.items():
            path = OUT / name
            current = path.read_text("utf-8") if path.exists() else ""
            if current != text:
                stale.append(name)
                sys.stdout.writelines(difflib.unified_diff(
                    current.splitlines(keepends=True), text.splitlines(keepends=True),
                    f"docs/api/{name}", f"docs/api/{name} (from protos/)", n=1))
        extra = sorted(p.name for p in OUT.glob("*.md") if p.name not in pages)
        if stale or extra:
            print(f"docs/api/ is not what protos/ say (stale: {stale}, extra: {extra}); "
                  "run `make api-docs` and commit it", file=sys.stderr)
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for stale_page in OUT.glob("*.md"):
        if stale_page.name not in pages:
            stale_page.unlink()
    for name, text in pages.items():
        (OUT / name).write_text(text, "utf-8")
    print(f"wrote {len(pages)} pages to {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
