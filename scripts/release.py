"""Build the image of this commit and pin it by digest in the production overlay.

    python scripts/release.py                      # build, push, pin
    python scripts/release.py --repository registry.city.example/cityscore/cityscore
    python scripts/release.py --digest sha256:...  # pin an image already pushed

1. Refuse a work tree with uncommitted changes: the image must be this commit, nothing else.
2. ``docker build --build-arg REVISION=<commit>`` (the cityscore_build_info gauge reports it),
   tagged ``<repository>:<version of pyproject.toml>`` (repository: ghcr.io/cityscore/cityscore
   unless ``--repository`` names the city's registry); ``docker push``; read the digest the
   registry gave it.
3. Write tag and digest into ``images:`` of deploy/k8s/overlays/prod/kustomization.yaml (the
   kustomize field; every Deployment and Job then names ``image:tag@sha256:...``), and point the
   runbook links of site.yaml at this commit.
4. Print the commit to make; ``scripts/deploy.py`` then rolls it out.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGE = "ghcr.io/cityscore/cityscore"
PROD = Path("deploy/k8s/overlays/prod")
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
IMAGES_BLOCK = re.compile(rf"^images:\n  - name: {re.escape(IMAGE)}\n(?:    .*\n)*", re.MULTILINE)
RUNBOOK_REVISION = re.compile(r"^(  runbook-base-url: .*/blob/)[^/\s]+/$", re.MULTILINE)


def _run(*command: str) -> str:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def build_and_push(repository: str, tag: str, revision: str) -> str:
    """The digest of the pushed image."""
    reference = f"{repository}:{tag}"
    subprocess.run(["docker", "build", "--build-arg", f"REVISION={revision}", "--tag",
                    reference, "."], cwd=ROOT, check=True)
    subprocess.run(["docker", "push", reference], cwd=ROOT, check=True)
    repo_digest = _run("docker", "image", "inspect", "--format",
                       "{{range .RepoDigests}}{{println .}}{{end}}", reference)
    for line in repo_digest.splitlines():
        if line.startswith(f"{repository}@"):
            return line.split("@", 1)[1]
    raise SystemExit(f"the registry reported no digest for {reference}")


def pin(root: Path, tag: str, digest: str, revision: str, repository: str = IMAGE) -> None:
    """Write ``tag`` and ``digest`` (and ``repository``, where it is not the manifests' name)
    into the prod overlay's ``images:``, and the revision into the runbook base URL."""
    if not DIGEST.fullmatch(digest):
        raise SystemExit(f"not a sha256 digest: {digest}")
    if tag == "latest" or not re.fullmatch(r"[\w][\w.-]{0,127}", tag):
        raise SystemExit(f"not a release tag: {tag}")
    kustomization = root / PROD / "kustomization.yaml"
    text = kustomization.read_text("utf-8")
    new_name = f"    newName: {repository}\n" if repository != IMAGE else ""
    block = f"images:\n  - name: {IMAGE}\n{new_name}    newTag: {tag}\n    digest: {digest}\n"
    text, count = IMAGES_BLOCK.subn(block, text)
    if count != 1:
        raise SystemExit(f"{kustomization}: no `images:` entry for {IMAGE}")
    kustomization.write_text(text, "utf-8")
    site = root / PROD / "site.yaml"
    site.write_text(RUNBOOK_REVISION.sub(rf"\g<1>{revision}/", site.read_text("utf-8")),
                    "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repository", default=IMAGE, help=f"where to push (default {IMAGE})")
    parser.add_argument("--digest", help="pin this already pushed digest instead of building")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="build although the work tree has uncommitted changes")
    args = parser.parse_args(argv)
    tag = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    revision = _run("git", "rev-parse", "HEAD")
    if not args.allow_dirty and _run("git", "status", "--porcelain", "--untracked-files=no"):
        raise SystemExit("uncommitted changes: the image would not be this commit")
    digest = args.digest or build_and_push(args.repository, tag, revision)
    pin(ROOT, tag, digest, revision, args.repository)
    print(f"pinned {args.repository}:{tag}@{digest} (commit {revision[:12]}) in "
          f"{PROD}/kustomization.yaml")
    print(f"next: git commit -m 'Release {tag}: the image pinned by digest' -- {PROD}")
    print("      python scripts/deploy.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
