"""The demo province: ``egov load_demo`` runs each app's ``demo.load(ctx)`` in the order
of INSTALLED_APPS, so an app's demo data can rely on the apps before it.

Everything is deterministic: an app draws its randomness from ``ctx.random(name)``,
seeded by name, so two loads give the same province.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

DEMO_PASSWORD = "Egov@2017demo"


@dataclass
class DemoContext:
    full: bool = False
    write: Callable[[str], None] = print
    # (username, role description) of the named demo logins, printed at the end.
    logins: list[tuple[str, str]] = field(default_factory=list)

    def random(self, name: str) -> random.Random:
        return random.Random(f"egov-demo:{name}")


def demo_loaders() -> list[tuple[str, Callable[[DemoContext], None]]]:
    loaders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("egov."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            loaders.append((config.label, module.load))
    return loaders


def load(ctx: DemoContext) -> None:
    """The core's own demo data: the Government's announced days off and make-up days."""
    from egov.core.calendar import demo_data

    demo_data.load(ctx)
