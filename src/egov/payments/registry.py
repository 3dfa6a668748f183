"""The registry of payment providers, as Open Forms keeps its plugins: a provider
registers its class under an identifier, and callers ask the registry for it by name.

Each call to ``get`` builds a provider with the options configured at that moment, so
a change of settings (a rotated secret, a test's override) takes effect at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from egov.payments.base import PaymentProvider


class Registry:
    def __init__(self) -> None:
        self._classes: dict[str, type[PaymentProvider]] = {}

    def __call__(self, identifier: str) -> Callable[[type[PaymentProvider]], type[PaymentProvider]]:
        """Class decorator: ``@register("vnpay")``."""

        def decorator(cls: type[PaymentProvider]) -> type[PaymentProvider]:
            if identifier in self._classes:
                raise ValueError(f"A payment provider is already registered as {identifier!r}.")
            cls.identifier = identifier
            self._classes[identifier] = cls
            return cls

        return decorator

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._classes

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._classes))

    def get(self, identifier: str) -> PaymentProvider:
        """The provider registered as ``identifier``; ``KeyError`` when there is none."""
        return self._classes[identifier]()

    def choices(self) -> list[tuple[str, str]]:
        return [(name, str(self._classes[name].verbose_name)) for name in self]


register = Registry()
