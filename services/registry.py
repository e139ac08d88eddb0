"""The services this suite hosts, by code name: core never names them, the server asks here.

Adding a service is one line here plus its package (``services/<name>/servicer.py`` publishing
``SERVICE``, a :class:`~cityscore.core.service.ServiceSpec`).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from cityscore.core.service import ServiceSpec

SERVICE_NAMES: tuple[str, ...] = ("wage_assessment", "blood_quota", "rural_roads", "lpg_registry",
                                  "special_equipment")


class UnknownService(ValueError):
    """A name that is not one of :data:`SERVICE_NAMES`."""


def spec(name: str) -> ServiceSpec:
    """The spec the service's ``servicer`` module publishes as ``SERVICE``."""
    if name not in SERVICE_NAMES:
        raise UnknownService(f"unknown service {name!r}; known: {', '.join(SERVICE_NAMES)}")
    found: ServiceSpec = importlib.import_module(f"cityscore.services.{name}.servicer").SERVICE
    return found


def specs(names: Sequence[str] = ()) -> list[ServiceSpec]:
    """The specs of ``names`` (all services when empty), each once, in the order given."""
    return [spec(name) for name in dict.fromkeys(names or SERVICE_NAMES)]
