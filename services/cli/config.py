"""Profiles: the servers a user talks to, kept in ``~/.config/cityscore/config.toml``.

::

    default_profile = "pudong"

    [profiles.pudong]
    target = "cityscore.example.gov.cn:443"
    token_file = "~/.config/cityscore/pudong.token"
    ca_file = "ca.crt"                  # relative paths: next to the config file
    client_cert = "pudong-office.crt"   # mutual TLS: both of these
    client_key = "pudong-office.key"
    timeout = 60

``--profile NAME`` (or ``CITYSCORE_PROFILE``) picks one; without it, ``default_profile`` if the
file names one. An option given on the command line or in its environment variable beats the
profile. ``CITYSCORE_CONFIG`` names another file; ``XDG_CONFIG_HOME`` moves ``~/.config``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import typer

CONFIG_VARIABLE = "CITYSCORE_CONFIG"


@dataclass(frozen=True)
class Profile:
    """One profile's settings; what it leaves out falls to the client's defaults."""

    name: str
    target: str | None = None
    token_file: Path | None = None
    ca_file: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    timeout: float | None = None


_PATHS = ("token_file", "ca_file", "client_cert", "client_key")
_KEYS = tuple(f.name for f in fields(Profile) if f.name != "name")


def config_path() -> Path:
    """Where the config file is looked for."""
    named = os.environ.get(CONFIG_VARIABLE)
    if named:
        return Path(named).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "cityscore" / "config.toml"


def _profile(name: str, table: Any, path: Path) -> Profile:
    if not isinstance(table, dict):
        raise typer.BadParameter(f"{path}: [profiles.{name}] is not a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise typer.BadParameter(f"{path}: [profiles.{name}] has unknown key(s) "
                                 f"{', '.join(unknown)}; known: {', '.join(_KEYS)}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in _PATHS:
            found = Path(str(value)).expanduser()
            values[key] = found if found.is_absolute() else path.parent / found
        elif key == "timeout":
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise typer.BadParameter(f"{path}: [profiles.{name}] timeout must be a "
                                         "number of seconds")
            values[key] = float(value)
        else:
            values[key] = str(value)
    return Profile(name, **values)


def load_profile(name: str | None) -> Profile | None:
    """The profile ``name`` (or the file's default), or None when none is asked for and the
    file names no default. A missing file or profile asked for is a usage error."""
    path = config_path()
    if not path.is_file():
        if name:
            raise typer.BadParameter(f"no config file at {path} to take it from",
                                     param_hint="--profile")
        return None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        raise typer.BadParameter(f"{path} cannot be read: {error}") from None
    chosen = name or data.get("default_profile")
    if not chosen:
        return None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or chosen not in profiles:
        known = ", ".join(sorted(profiles)) if isinstance(profiles, dict) else ""
        raise typer.BadParameter(f"{path} has no profile {chosen!r} (it has: {known or 'none'})",
                                 param_hint="--profile")
    return _profile(str(chosen), profiles[chosen], path)


def read_token_file(path: Path) -> str:
    """The bearer token kept in ``path`` (its first line, spaces trimmed)."""
    try:
        lines = path.read_text("utf-8").strip().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise typer.BadParameter(f"cannot read {path}: {error}", param_hint="--token-file"
                                 ) from None
    if not lines or not lines[0].strip():
        raise typer.BadParameter(f"{path} holds no token", param_hint="--token-file")
    return lines[0].strip()
