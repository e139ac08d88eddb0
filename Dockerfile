# syntax=docker/dockerfile:1
# The cityscore image: one image for every service; the Deployment's arguments pick the service
# (`cityscore serve wage_assessment`) or a migration (`cityscore migrate wage_assessment`).
#
# Stage 1 builds the cityscore wheel with `pip wheel --no-deps -w /wheels .` — setup.py compiles
# the Cython kernel and generates the protobuf/gRPC modules, the same build steps CI's install
# runs — and fetches its dependencies at the versions and hashes of requirements.lock (`make
# lock`), so every image of one commit holds the same packages. Stage 2 installs those wheels,
# offline and hash-checked, on a slim Python, refuses to finish if the compiled kernel does not
# load, and runs as a non-root user.
# Build: docker build -t ghcr.io/cityscore/cityscore:0.1.0 .

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.lock ./
RUN pip wheel --require-hashes --no-deps -w /wheels -r requirements.lock
COPY pyproject.toml setup.py README.md alembic.ini ./
COPY protos ./protos
COPY core ./core
COPY services ./services
RUN pip wheel --no-deps -w /wheels .

FROM ${PYTHON_IMAGE} AS runtime
# The source revision the image is built from (the release script passes `git rev-parse HEAD`),
# reported by the cityscore_build_info gauge.
ARG REVISION=unknown
ENV CITYSCORE_BUILD_REVISION=${REVISION}
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    CITYSCORE_GRPC_ADDRESS=0.0.0.0:50051 \
    CITYSCORE_METRICS_ADDRESS=0.0.0.0:9464 \
    CITYSCORE_DATA_DIR=/var/lib/cityscore \
    CITYSCORE_LOG_FORMAT=json
# libgomp1: the kernel is built with OpenMP when the compiler has it (it does here).
# The locked dependencies first (hash-checked), then cityscore from the same wheels only: a
# dependency missing from the lock fails the build here.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    --mount=type=bind,from=build,source=/src/requirements.lock,target=/tmp/requirements.lock \
    apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-index --find-links=/wheels --require-hashes -r /tmp/requirements.lock \
 && pip install --no-index --find-links=/wheels cityscore \
 && python -c "from cityscore.core import kernel; assert kernel.implementation() == 'cython'" \
 && groupadd --system --gid 10001 cityscore \
 && useradd --system --uid 10001 --gid cityscore --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin cityscore \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/cityscore
USER 10001:10001
WORKDIR /var/lib/cityscore
EXPOSE 50051 9464
# The server drains on SIGTERM (CITYSCORE_SHUTDOWN_GRACE_SECONDS) and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["cityscore"]
CMD ["serve"]
