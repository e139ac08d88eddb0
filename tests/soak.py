"""Soak: mixed traffic against a real ``cityscore serve`` for a while, sampling its memory.

Not part of the test suite (it takes minutes). Run from the repository root with the suite
installed::

    python tests/soak.py --minutes 10

It starts the server in a subprocess on a fresh SQLite directory (or ``--database-url``), then
several client threads send, at random, well-formed reads (ListDistricts, health checks, a
metrics scrape) and malformed or random requests to every RPC of every service as every kind of
caller (``fuzz_requests``), some of which are accepted writes. Every ``--sample-seconds`` it
reads the server's resident set size from ``/proc``. At the end it prints the samples and a
summary, and exits 1 if memory grew by more than ``--max-growth`` (a fraction) between the end
of the warm-up (the first quarter) and the end, or if any answer was INTERNAL or UNKNOWN.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import grpc
from fuzz_requests import TOKENS, call_raw, every_method, random_requests
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support import write_tokens_file

from cityscore.common.v1 import common_pb2, common_pb2_grpc

NOT_ACTIONABLE = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class _Traffic:
    """Client threads sending mixed calls until stopped; counts final statuses."""

    def __init__(self, target: str, metrics_url: str, seed: int,
                 services: list[str]) -> None:
        self.target = target
        self.metrics_url = metrics_url
        self.seed = seed
        self.methods = every_method(services)
        self.codes: Counter[str] = Counter()
        self.calls = 0
        self.not_actionable: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def run(self, worker: int) -> None:
        rng = random.Random(self.seed * 1000 + worker)
        channel = grpc.insecure_channel(self.target)
        districts = common_pb2_grpc.ReferenceServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        while not self._stop.is_set():
            roll = rng.random()
            metadata = (("authorization", f"Bearer {rng.choice(TOKENS)}"),)
            try:
                if roll < 0.15:
                    districts.ListDistricts(common_pb2.ListDistrictsRequest(), timeout=30,
                                            metadata=metadata)
                    self._count("ListDistricts", grpc.StatusCode.OK)
                elif roll < 0.2:
                    health.Check(health_pb2.HealthCheckRequest(), timeout=30)
                    self._count("Health/Check", grpc.StatusCode.OK)
                elif roll < 0.21:
                    with urllib.request.urlopen(self.metrics_url, timeout=30) as answer:
                        answer.read()
                    self._count("metrics", grpc.StatusCode.OK)
                else:
                    method = rng.choice(self.methods)
                    payload = next(random_requests(method, rng, 1 + rng.randrange(4)))
                    code = call_raw(channel, method, payload, token=rng.choice(TOKENS))
                    self._count(method.full_name, code)
            except grpc.RpcError as error:
                self._count("a well-formed read", error.code())
        channel.close()

    def _count(self, name: str, code: grpc.StatusCode) -> None:
        with self._lock:
            self.codes[code.name] += 1
            self.calls += 1
            if code in NOT_ACTIONABLE:
                self.not_actionable.append(f"{name}: {code.name}")

    def stop(self) -> None:
        self._stop.set()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--sample-seconds", type=float, default=15.0)
    parser.add_argument("--max-growth", type=float, default=0.05,
                        help="largest RSS growth after warm-up taken as flat (fraction)")
    parser.add_argument("--database-url", default=None,
                        help="a shared database URL (default: SQLite files in a temp dir)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("services", nargs="*", help="services to serve (default: all)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cityscore-soak-"))
    grpc_port, metrics_port = _free_port(), _free_port()
    env = {**os.environ,
           "CITYSCORE_GRPC_ADDRESS": f"127.0.0.1:{grpc_port}",
           "CITYSCORE_METRICS_ADDRESS": f"127.0.0.1:{metrics_port}",
           "CITYSCORE_DATA_DIR": str(workdir / "var"),
           "CITYSCORE_TOKENS_FILE": str(write_tokens_file(workdir / "tokens.json")),
           "CITYSCORE_LOG_LEVEL": "ERROR"}
    if args.database_url:
        env["CITYSCORE_DATABASE_URL"] = args.database_url
    command = "from cityscore.services.main import main; main()"
    log = (workdir / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-c", command, "serve", *args.services],
                              env=env, stdout=subprocess.DEVNULL, stderr=log)
    target = f"127.0.0.1:{grpc_port}"
    try:
        grpc.channel_ready_future(grpc.insecure_channel(target)).result(timeout=120)
    except grpc.FutureTimeoutError:
        server.kill()
        raise SystemExit(f"the server did not start; see {workdir / 'server.log'}") from None

    traffic = _Traffic(target, f"http://127.0.0.1:{metrics_port}/metrics", args.seed,
                       args.services)
    workers = [threading.Thread(target=traffic.run, args=(n,), daemon=True)
               for n in range(args.threads)]
    for worker in workers:
        worker.start()
    started = time.monotonic()
    samples: list[tuple[float, float, int]] = []
    try:
        while (elapsed := time.monotonic() - started) < args.minutes * 60:
            calls = traffic.calls
            samples.append((elapsed, _rss_mb(server.pid), calls))
            print(f"{elapsed:7.0f} s  RSS {samples[-1][1]:7.1f} MB  calls {calls}", flush=True)
            time.sleep(args.sample_seconds)
        samples.append((time.monotonic() - started, _rss_mb(server.pid), traffic.calls))
    finally:
        traffic.stop()
        for worker in workers:
            worker.join(timeout=60)
        server.send_signal(signal.SIGTERM)
        exit_code = server.wait(timeout=60)

    warm = samples[len(samples) // 4]
    end = samples[-1]
    growth = (end[1] - warm[1]) / warm[1]
    summary = {"minutes": args.minutes, "threads": args.threads, "calls": end[2],
               "calls_per_second": round(end[2] / end[0], 1),
               "rss_start_mb": round(samples[0][1], 1),
               "rss_after_warmup_mb": round(warm[1], 1), "rss_end_mb": round(end[1], 1),
               "rss_peak_mb": round(max(s[1] for s in samples), 1),
               "growth_after_warmup": round(growth, 4), "statuses": dict(traffic.codes),
               "not_actionable": traffic.not_actionable[:20], "server_exit_code": exit_code,
               "server_log": str(workdir / "server.log")}
    print(json.dumps(summary, indent=2))
    flat = growth <= args.max_growth
    return 0 if flat and not traffic.not_actionable and exit_code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
