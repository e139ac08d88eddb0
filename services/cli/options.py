"""The client's own options may follow the command as well as precede it: ``cityscore
districts -o json`` is ``cityscore -o json districts``."""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup


def _names(params: Any) -> dict[str, Any]:
    """Each option spelling of ``params`` (``-o``, ``--output``, ``--no-bom``) → the option."""
    found: dict[str, Any] = {}
    for param in params:
        if getattr(param, "param_type_name", "") == "option":
            for name in (*param.opts, *param.secondary_opts):
                found[name] = param
    return found


def _takes_value(param: Any, token: str) -> bool:
    """Whether the option in ``token`` takes the next word as its value."""
    if param.is_flag or param.count:
        return False
    if "=" in token:
        return False
    return not (token.startswith("-") and not token.startswith("--") and len(token) > 2)


def _spelled(token: str, names: dict[str, Any]) -> str | None:
    """The option spelling ``token`` uses: ``--output=json`` and ``-ojson`` too."""
    if token in names:
        return token
    head = token.split("=", 1)[0]
    if token.startswith("--") and head in names:
        return head
    if not token.startswith("--") and token[:2] in names:
        return token[:2]
    return None


def hoist_global_options(group: TyperGroup, ctx: Any, args: list[str]) -> list[str]:
    """``args`` with the root's options that follow the command moved before it, unless the
    command has an option of the same spelling (then it is the command's)."""
    roots = _names(group.params)
    start = 0
    while start < len(args) and args[start].startswith("-") and args[start] != "--":
        name = _spelled(args[start], roots)
        if name is None:
            return args
        start += 2 if _takes_value(roots[name], args[start]) else 1
    command: Any = group
    local: dict[str, Any] = {}
    end = start
    while end < len(args) and isinstance(command, TyperGroup):
        found = command.get_command(ctx, args[end])
        if found is None:
            break
        command, end = found, end + 1
        local.update(_names(command.params))
    if end == start:
        return args
    moved: list[str] = []
    kept: list[str] = []
    k = end
    while k < len(args):
        token = args[k]
        if token == "--":
            kept += args[k:]
            break
        mine = _spelled(token, local) if token.startswith("-") else None
        root = _spelled(token, roots) if token.startswith("-") and mine is None else None
        if root is not None:
            width = 2 if _takes_value(roots[root], token) else 1
            moved += args[k:k + width]
            k += width
            continue
        width = 2 if mine is not None and _takes_value(local[mine], token) else 1
        kept += args[k:k + width]
        k += width
    return [*args[:start], *moved, *args[start:end], *kept]
