"""Kubelet exec probe: ask the server's standard gRPC health service over TLS.

The kubelet's native gRPC probes speak plaintext only, so once the server terminates TLS itself
(``CITYSCORE_TLS_CERT``/``_KEY``) the probes run this instead (docs/decisions/0020-deployment.md).
It connects to the server's own port on the pod's loopback, verifies the certificate against
``CITYSCORE_PROBE_CA`` for the name ``CITYSCORE_PROBE_SERVER_NAME``, presents the server's own
certificate when mTLS is on (``CITYSCORE_TLS_CLIENT_CA``), and exits 0 only for SERVING.

    python health_probe.py [SERVICE]      # SERVICE: a full gRPC service name; "" = the server
"""

from __future__ import annotations

import os
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def _read(variable: str) -> bytes:
    with open(os.environ[variable], "rb") as handle:
        return handle.read()


def main(argv: list[str]) -> int:
    service = argv[1] if len(argv) > 1 else ""
    port = os.environ.get("CITYSCORE_GRPC_ADDRESS", "0.0.0.0:50051").rpartition(":")[2]
    timeout = float(os.environ.get("CITYSCORE_PROBE_TIMEOUT_SECONDS", "3"))
    try:
        mutual = bool(os.environ.get("CITYSCORE_TLS_CLIENT_CA"))
        credentials = grpc.ssl_channel_credentials(
            root_certificates=_read("CITYSCORE_PROBE_CA"),
            private_key=_read("CITYSCORE_TLS_KEY") if mutual else None,
            certificate_chain=_read("CITYSCORE_TLS_CERT") if mutual else None)
        server_name = os.environ["CITYSCORE_PROBE_SERVER_NAME"]
    except (KeyError, OSError) as error:
        print(f"probe misconfigured: {error}", file=sys.stderr)
        return 2
    options = [("grpc.ssl_target_name_override", server_name)]
    with grpc.secure_channel(f"127.0.0.1:{port}", credentials, options=options) as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.RpcError as error:
            print(f"{service or 'server'}: {error.code().name}", file=sys.stderr)
            return 1
    status = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
    print(f"{service or 'server'}: {status}")
    return 0 if response.status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
