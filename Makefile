# Developer and CI entry points. `make test` is the README's test command.
PYTHON ?= python3
PYTEST = $(PYTHON) -m pytest

.PHONY: lock test lint typecheck layers linktree protolint breaking api-docs api-docs-check unit kernel-python kernel-baseline bench serve

test: lint typecheck layers protolint breaking api-docs-check unit kernel-python kernel-baseline

lint:
	$(PYTHON) -m ruff check .

# mypy cannot follow setuptools' package_dir mapping of the editable install, so it checks a
# tree of links laid out as the installed ``cityscore`` package.
TYPECHECK_TREE = build/typecheck
linktree:
	rm -rf $(TYPECHECK_TREE) && mkdir -p $(TYPECHECK_TREE)/cityscore
	for entry in protos/cityscore/*; do ln -s "$$PWD/$$entry" $(TYPECHECK_TREE)/cityscore/; done
	ln -s "$$PWD/core" $(TYPECHECK_TREE)/cityscore/core
	ln -s "$$PWD/services" $(TYPECHECK_TREE)/cityscore/services

typecheck: linktree
	cd $(TYPECHECK_TREE) && MYPYPATH=. $(PYTHON) -m mypy --config-file "$$OLDPWD/pyproject.toml" -p cityscore.core -p cityscore.services
	MYPYPATH=$(TYPECHECK_TREE):tests:scripts $(PYTHON) -m mypy --explicit-package-bases tests

# The import-linter contracts in pyproject.toml (architecture page §3), read from the same tree.
layers: linktree
	PYTHONPATH=$(TYPECHECK_TREE) lint-imports --no-cache --no-logo pyproject.toml

protolint:
	buf lint

# No change that breaks a caller of the published protos: `buf breaking` (buf.yaml's FILE rules)
# against BREAKING_AGAINST, by default the previous commit. On CI's clone that is the change the
# submitted commit made; `make breaking BREAKING_AGAINST=<tag or commit>` checks a whole series.
BREAKING_AGAINST ?= HEAD~1
breaking:
	scripts/proto-breaking $(BREAKING_AGAINST)

# The API reference in docs/api/, written from the protos' comments; the check fails when a
# .proto changed and the pages were not rewritten.
api-docs:
	$(PYTHON) scripts/api_reference.py

api-docs-check:
	$(PYTHON) scripts/api_reference.py --check

# The protobuf/gRPC modules alone, regenerated beside their .proto files without rebuilding the
# kernel: setup.py's generate_protos, which builds run too (the one list of protoc arguments).
# Needs grpcio-tools, pinned in pyproject.toml's build requirements, in this Python.
.PHONY: protos
protos:
	$(PYTHON) -B -c 'import setup; setup.generate_protos()'

unit:
	$(PYTEST) -q

# The kernel's tests once more with the pure-Python twin forced.
kernel-python:
	CITYSCORE_KERNEL_IMPL=python $(PYTEST) -q tests/unit/core/kernel

# And with the portable build forced where the x86-64-v3 (AVX2) build is the one in use, so both
# builds are held to the reference.
kernel-baseline:
	CITYSCORE_KERNEL_ISA=baseline $(PYTEST) -q tests/unit/core/kernel

bench:
	$(PYTEST) tests/benchmarks --benchmark-enable --benchmark-only --benchmark-columns=min,median,mean,rounds

serve:
	cityscore serve

# requirements.lock: the runtime dependencies the image installs (Dockerfile), with hashes, for
# the image's Python 3.11 on Linux. Rewrite it after changing [project] dependencies in
# pyproject.toml (needs pip-tools: pip install pip-tools). PyPI alone, whatever pip.conf adds.
lock:
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(PYTHON) -m piptools compile \
	  --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --no-emit-trusted-host --output-file requirements.lock pyproject.toml
