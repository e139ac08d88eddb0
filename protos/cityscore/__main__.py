"""``python -m cityscore``: the same as the ``cityscore`` command."""

from cityscore.services.main import main

main()
