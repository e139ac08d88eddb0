"""Roll out an overlay with its migrations first (docs/operators.md, "Release and roll out").

    python scripts/deploy.py [--overlay deploy/k8s/overlays/prod] [--dry-run]

1. Render the overlay (``kubectl kustomize``) and refuse an image that is not pinned by digest
   (or is ``latest``) and a site whose database range is still the placeholder of site.yaml.
2. Delete the finished migration Jobs of the previous release (a Job's template cannot change).
3. Apply everything but the servers: settings, Secrets' consumers, Services, policies, the
   migration Jobs. The running servers keep serving the old release meanwhile.
4. Wait until every migration Job has completed; a failed one stops the rollout here, with the
   old servers still serving (a release's migrations must therefore leave the previous release
   working: add first, remove a release later).
5. Apply the Deployments and their autoscalers, and wait for each rollout.

``--dry-run`` prints the plan — each step and the resources it applies — without touching a
cluster (it still needs ``kubectl`` to render).
"""

from __future__ import annotations

import argparse
import ipaddress
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
IMAGE = "ghcr.io/cityscore/cityscore"
MIGRATION = "app.kubernetes.io/component=migration"
#: Applied only after the migrations completed.
ROLLOUT_KINDS = frozenset({"Deployment", "HorizontalPodAutoscaler"})
PLACEHOLDER_NETWORK = ipaddress.IPv4Network("192.0.2.0/24")
#: activeDeadlineSeconds of the Jobs (components/migrations) plus time to be scheduled.
MIGRATION_TIMEOUT = "1200s"

Manifest = dict[str, Any]


@dataclass(frozen=True)
class Plan:
    """The two halves of a rendered overlay, in the order they are applied."""

    namespace: str
    before: list[Manifest]
    rollout: list[Manifest]

    def jobs(self) -> list[str]:
        return [m["metadata"]["name"] for m in self.before if m["kind"] == "Job"]

    def deployments(self) -> list[str]:
        return [m["metadata"]["name"] for m in self.rollout if m["kind"] == "Deployment"]


def render(overlay: Path, kubectl: str) -> list[Manifest]:
    result = subprocess.run([kubectl, "kustomize", str(overlay)], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"kubectl kustomize {overlay} failed:\n{result.stderr}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _images(manifests: list[Manifest]) -> set[str]:
    found: set[str] = set()
    for manifest in manifests:
        if manifest["kind"] in {"Deployment", "Job"}:
            pod = manifest["spec"]["template"]["spec"]
            found.update(c["image"] for c in pod.get("initContainers", []) + pod["containers"])
    return found


def problems(manifests: list[Manifest]) -> list[str]:
    """Why this rendering must not be applied to production (empty: it may)."""
    found = []
    for image in sorted(_images(manifests)):
        name, _, digest = image.partition("@")
        if not digest.startswith("sha256:") or len(digest) != len("sha256:") + 64:
            found.append(f"{image} is not pinned by digest: run scripts/release.py")
        if name.endswith(":latest") or ":" not in name.rsplit("/", 1)[-1]:
            found.append(f"{image} has no release tag")
    for policy in (m for m in manifests if m["kind"] == "NetworkPolicy"):
        for rule in policy["spec"].get("egress", []):
            for peer in rule.get("to", []):
                cidr = peer.get("ipBlock", {}).get("cidr")
                network = ipaddress.ip_network(cidr, strict=False) if cidr else None
                if isinstance(network, ipaddress.IPv4Network) and network.subnet_of(
                        PLACEHOLDER_NETWORK):
                    found.append(f"NetworkPolicy {policy['metadata']['name']} admits the "
                                 f"placeholder {cidr}: set database-cidr in site.yaml")
    return found


def plan(manifests: list[Manifest]) -> Plan:
    namespaces = {m["metadata"]["namespace"] for m in manifests if "namespace" in m["metadata"]}
    if len(namespaces) != 1:
        raise SystemExit(f"expected one namespace, found {sorted(namespaces)}")
    return Plan(namespace=namespaces.pop(),
                before=[m for m in manifests if m["kind"] not in ROLLOUT_KINDS],
                rollout=[m for m in manifests if m["kind"] in ROLLOUT_KINDS])


def steps(kubectl: str, the_plan: Plan) -> list[tuple[str, list[str], list[Manifest] | None]]:
    """``(what, command, manifests piped to it)`` in order."""
    namespace = ["--namespace", the_plan.namespace]
    return [
        ("delete the finished migration Jobs of the previous release",
         [kubectl, *namespace, "delete", "job", "--selector", MIGRATION, "--ignore-not-found",
          "--wait=true"], None),
        ("apply all but the servers, the migration Jobs with them",
         [kubectl, "apply", "--filename", "-"], the_plan.before),
        ("wait for every migration Job to complete",
         [kubectl, *namespace, "wait", "--for=condition=complete", "job", "--selector",
          MIGRATION, f"--timeout={MIGRATION_TIMEOUT}"], None),
        ("apply the servers and their autoscalers",
         [kubectl, "apply", "--filename", "-"], the_plan.rollout),
        *((f"wait for the rollout of {name}",
           [kubectl, *namespace, "rollout", "status", f"deployment/{name}", "--timeout=600s"],
           None) for name in the_plan.deployments()),
    ]


def _describe(manifests: list[Manifest]) -> str:
    return ", ".join(f"{m['kind']}/{m['metadata']['name']}" for m in manifests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overlay", type=Path, default=ROOT / "deploy/k8s/overlays/prod")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, apply nothing")
    args = parser.parse_args(argv)
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise SystemExit("kubectl is not installed")
    manifests = render(args.overlay, kubectl)
    refused = problems(manifests)
    for problem in refused:
        print(f"refused: {problem}", file=sys.stderr)
    the_plan = plan(manifests)
    for number, (what, command, piped) in enumerate(steps(kubectl, the_plan), start=1):
        print(f"{number}. {what}: {' '.join(command[1:])}")
        if piped is not None:
            print(f"   {_describe(piped)}")
        if args.dry_run or refused:
            continue
        stdin = yaml.safe_dump_all(piped, sort_keys=False) if piped is not None else None
        if subprocess.run(command, input=stdin, text=True, check=False).returncode != 0:
            print(f"stopped at step {number} ({what})", file=sys.stderr)
            return 1
    return 2 if refused else 0


if __name__ == "__main__":
    raise SystemExit(main())
