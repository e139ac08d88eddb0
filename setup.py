"""Build steps that need code: the Cython kernel and the protobuf/gRPC modules.

Everything else (metadata, dependencies, entry points) lives in pyproject.toml. Generated files
(``*_pb2.py``, ``*_pb2.pyi``, ``*_pb2_grpc.py``, the Cython ``.c``) are written beside their
sources, gitignored, and left out of version control.

Importing this file runs no build: ``make protos`` imports it for ``generate_protos`` alone.
Builds (pip, ``python -m build``) run it as ``__main__``, which calls ``setup()``.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PROTO_ROOT = ROOT / "protos"

PACKAGE_DIRS = {
    "cityscore": "protos/cityscore",
    "cityscore.core": "core",
    "cityscore.services": "services",
}


def _packages() -> list[str]:
    """Every folder with an ``__init__.py`` under the mapped roots, as dotted names."""
    found: list[str] = []
    for package, folder in PACKAGE_DIRS.items():
        base = ROOT / folder
        for init in sorted(base.rglob("__init__.py")):
            relative = init.parent.relative_to(base)
            parts = [p for p in relative.parts if p]
            found.append(".".join([package, *parts]))
    return found


def generate_protos() -> None:
    """Compile every ``.proto`` under ``protos/`` with the pinned grpcio-tools."""
    from grpc_tools import protoc  # build requirement, pinned in pyproject.toml

    well_known = Path(protoc.__file__).parent / "_proto"
    sources = sorted(str(p.relative_to(PROTO_ROOT)) for p in PROTO_ROOT.rglob("*.proto"))
    if not sources:
        return
    args = [
        "grpc_tools.protoc",
        f"--proto_path={PROTO_ROOT}",
        f"--proto_path={well_known}",
        f"--python_out={PROTO_ROOT}",
        f"--pyi_out={PROTO_ROOT}",
        f"--grpc_python_out={PROTO_ROOT}",
        *sources,
    ]
    if protoc.main(args) != 0:
        raise RuntimeError("protoc failed on " + " ".join(sources))


class BuildPyWithProtos(build_py):
    """Generate protobuf code before the Python files are collected (wheels and editable)."""

    def run(self) -> None:
        generate_protos()
        super().run()


def _compiler_accepts(flags: list[str], program: str) -> bool:
    """Whether the C compiler builds ``program`` with ``flags`` (the optional parts of the
    kernel build are probed this way and left out when it fails)."""
    compiler = sysconfig.get_config_var("CC") or "cc"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "probe.c"
        source.write_text(program)
        command = [*compiler.split(), *flags, str(source), "-o", str(Path(tmp) / "probe")]
        try:
            return subprocess.run(command, capture_output=True, check=False).returncode == 0
        except OSError:
            return False


def _compiler_supports_openmp() -> bool:
    """Try a one-line OpenMP program; the kernel builds without OpenMP when this fails."""
    if os.environ.get("CITYSCORE_NO_OPENMP"):
        return False
    return _compiler_accepts(
        ["-fopenmp"], "#include <omp.h>\nint main(void){return omp_get_max_threads() < 1;}\n")


def _builds_x86_64_v3() -> bool:
    """The AVX2 build of the kernel is made on x86-64 with a compiler that knows the level."""
    if sys.platform == "win32" or platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    return _compiler_accepts(["-march=x86-64-v3"], "int main(void){return 0;}\n")


class BuildKernel(build_ext):
    """Cythonize the kernel, with OpenMP when the compiler has it; its builds compile in
    parallel."""

    def finalize_options(self) -> None:
        from Cython.Build import cythonize  # build requirement

        if self.parallel is None:
            self.parallel = os.cpu_count() or 1
        openmp = _compiler_supports_openmp()
        for ext in self.distribution.ext_modules or []:
            if openmp:
                ext.extra_compile_args = [*ext.extra_compile_args, "-fopenmp"]
                ext.extra_link_args = [*ext.extra_link_args, "-fopenmp"]
        self.distribution.ext_modules = cythonize(
            self.distribution.ext_modules or [],
            compiler_directives={
                "language_level": "3",
                "boundscheck": False,
                "wraparound": False,
                "cdivision": True,
                "initializedcheck": False,
                "embedsignature": True,
            },
            compile_time_env={"CITYSCORE_OPENMP": openmp},
            quiet=True,
        )
        super().finalize_options()


# Both kernel builds: -ffp-contract=off keeps every multiply and add separately rounded, as in
# the Python twin (a fused multiply-add would change last bits, and rounding to 0.01 with them);
# -fno-trapping-math lets the compiler turn the pavement blocks' selects into vector masks (no
# value changes: floating-point exception flags are not observed).
KERNEL_FLAGS = ["-O3", "-ffp-contract=off", "-fno-trapping-math"] if sys.platform != "win32" else []
# The kernel source both builds include: _scoring.pxi and the _scoring_<topic>.pxi files it
# includes (dependencies, so that a change rebuilds and the sdist carries them; beside the .pyx
# files, where Cython finds an include, and in the package's own folder, so the wheel's .pxi
# exclusion covers them).
KERNEL_SOURCE = ROOT / "core/kernel/_scoring.pxi"
KERNEL_DEPENDS = sorted(
    p.relative_to(ROOT).as_posix() for p in KERNEL_SOURCE.parent.glob("_scoring*.pxi"))


def _kernels() -> list[Extension]:
    """The portable build, and the x86-64-v3 build where the compiler makes it."""
    if not KERNEL_SOURCE.exists():
        return []
    kernels = [Extension("cityscore.core.kernel._scoring", sources=["core/kernel/_scoring.pyx"],
                         depends=KERNEL_DEPENDS, extra_compile_args=KERNEL_FLAGS)]
    if _builds_x86_64_v3():
        kernels.append(Extension("cityscore.core.kernel._scoring_x86_64_v3",
                                 sources=["core/kernel/_scoring_x86_64_v3.pyx"],
                                 depends=KERNEL_DEPENDS,
                                 extra_compile_args=[*KERNEL_FLAGS, "-march=x86-64-v3"]))
    return kernels


if __name__ == "__main__":
    if shutil.which("cc") is None and not os.environ.get("CC"):
        print("warning: no C compiler found; the kernel's Python twin will be used",
              file=sys.stderr)

    setup(
        package_dir=PACKAGE_DIRS,
        packages=_packages(),
        ext_modules=_kernels(),
        cmdclass={"build_py": BuildPyWithProtos, "build_ext": BuildKernel},
    )
