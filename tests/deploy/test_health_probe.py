"""The production health probe (``overlays/prod/health_probe.py``) against a real TLS server.

The kubelet runs it as an exec probe because its native gRPC probes cannot speak TLS. Here it
runs as the kubelet would: a separate process with the pod's environment, exit code 0 for
SERVING and non-zero otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "deploy" / "k8s" / "overlays" / "prod" / "health_probe.py"
SERVER_NAME = "wage-assessment.cityscore.svc"
WAGE_ASSESSMENT = "cityscore.wage_assessment.v1.WageAssessmentService"
REFERENCE = "cityscore.common.v1.ReferenceService"


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CA, and a certificate it signed for ``SERVER_NAME`` (server and client use)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    where = tmp_path_factory.mktemp("tls")
    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
             "-subj", "/CN=cityscore test CA", cwd=where)
    _openssl("req", *curve, "-keyout", "tls.key", "-out", "tls.csr", "-subj",
             f"/CN={SERVER_NAME}", cwd=where)
    (where / "ext.cnf").write_text(f"subjectAltName=DNS:{SERVER_NAME}\n"
                                   "extendedKeyUsage=serverAuth,clientAuth\n", "utf-8")
    _openssl("x509", "-req", "-in", "tls.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "tls.crt", "-days", "2", "-extfile", "ext.cnf",
             cwd=where)
    return where


def _probe(port: int, certs: Path, service: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("CITYSCORE_")}
    environment.update({
        "CITYSCORE_GRPC_ADDRESS": f"0.0.0.0:{port}",
        "CITYSCORE_TLS_CERT": str(certs / "tls.crt"),
        "CITYSCORE_TLS_KEY": str(certs / "tls.key"),
        "CITYSCORE_PROBE_CA": str(certs / "ca.crt"),
        "CITYSCORE_PROBE_SERVER_NAME": SERVER_NAME,
        **env,
    })
    environment = {key: value for key, value in environment.items() if value}
    return subprocess.run([sys.executable, str(PROBE), service], env=environment,
                          capture_output=True, text=True, check=False, timeout=30)


def test_probe_reports_serving_over_tls(start_server: Callable[..., Any],
                                        certificates: Path) -> None:
    running = start_server(["wage_assessment"], tls_cert=certificates / "tls.crt",
                           tls_key=certificates / "tls.key")
    port = running.server.port
    for service in (WAGE_ASSESSMENT, REFERENCE, ""):
        result = _probe(port, certificates, service)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith("SERVING")

    unknown = _probe(port, certificates, "cityscore.unknown.v1.UnknownService")
    assert unknown.returncode == 1
    assert "NOT_FOUND" in unknown.stderr

    wrong_name = _probe(port, certificates, REFERENCE,
                        CITYSCORE_PROBE_SERVER_NAME="someone-else.cityscore.svc")
    assert wrong_name.returncode == 1, "the certificate must be checked for the name"

    misconfigured = _probe(port, certificates, REFERENCE, CITYSCORE_PROBE_CA="")
    assert misconfigured.returncode == 2
    assert "misconfigured" in misconfigured.stderr


def test_probe_presents_a_client_certificate_under_mutual_tls(
        start_server: Callable[..., Any], certificates: Path) -> None:
    running = start_server([], tls_cert=certificates / "tls.crt",
                           tls_key=certificates / "tls.key",
                           tls_client_ca=certificates / "ca.crt")
    port = running.server.port
    mutual = _probe(port, certificates, REFERENCE,
                    CITYSCORE_TLS_CLIENT_CA=str(certificates / "ca.crt"))
    assert mutual.returncode == 0, mutual.stderr
    without_client_certificate = _probe(port, certificates, REFERENCE)
    assert without_client_certificate.returncode == 1


def test_probe_fails_when_nothing_listens(certificates: Path) -> None:
    result = _probe(1, certificates, REFERENCE, CITYSCORE_PROBE_TIMEOUT_SECONDS="1")
    assert result.returncode == 1
    assert "UNAVAILABLE" in result.stderr or "DEADLINE_EXCEEDED" in result.stderr
