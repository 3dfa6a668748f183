"""The indicators the platform knows: the core catalogue (agencies, accounts, services,
certificates) and then the ``INDICATORS`` of every installed app's ``indicators.py``,
in the order of INSTALLED_APPS."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from egov.indicators.base import Indicator


def _collect() -> list[Indicator]:
    from egov.indicators.catalogue import INDICATORS as core

    found: list[Indicator] = list(core)
    for config in apps.get_app_configs():
        module_name = f"{config.name}.indicators"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found.extend(getattr(module, "INDICATORS", []))
    seen: set[str] = set()
    for indicator in found:
        if indicator.code in seen:
            raise ImproperlyConfigured(f"Indicator code {indicator.code} is defined twice.")
        seen.add(indicator.code)
    return found


@cache
def _by_code() -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in _collect()}


def all_indicators() -> list[Indicator]:
    """Every indicator, in catalogue order."""
    return list(_by_code().values())


def get(code: str) -> Indicator | None:
    return _by_code().get(code)


def resolve(codes: Iterable[str] | None) -> list[Indicator]:
    """The indicators named by ``codes`` in the order given (all when None or empty);
    a ValidationError naming every unknown code."""
    wanted = [c.strip() for c in codes or [] if c.strip()]
    if not wanted:
        return all_indicators()
    unknown = [c for c in wanted if c not in _by_code()]
    if unknown:
        raise ValidationError({"only": _("Unknown indicator code: %(codes)s.")
                               % {"codes": ", ".join(unknown)}})
    return [_by_code()[c] for c in dict.fromkeys(wanted)]
