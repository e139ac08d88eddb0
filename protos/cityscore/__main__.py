"""``python -m cityscore``: the same as the ``cityscore`` command."""

from cityscore.services.cli.app import main

main()
