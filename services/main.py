"""The ``cityscore`` command: ``serve`` and ``migrate`` start server code, the rest is the
client, which imports none of it."""

from __future__ import annotations

import sys

SERVER_COMMANDS = ("serve", "migrate")


def main() -> None:
    if sys.argv[1:2] and sys.argv[1] in SERVER_COMMANDS:
        from cityscore.services.launch import app

        app()
    else:
        from cityscore.services.cli.app import main as client

        client()
