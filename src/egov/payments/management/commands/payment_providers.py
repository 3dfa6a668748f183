"""``egov payment_providers``: each payment gateway and whether its settings work."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from egov.payments.registry import register


class Command(BaseCommand):
    help = "List the payment gateways and check their configuration (exit 1 if one fails)."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for identifier in register:
            try:
                register.get(identifier).check_config()
            except ImproperlyConfigured as exc:
                failed.append(identifier)
                self.stdout.write(f"{identifier}: NOT READY: {exc}")
            else:
                self.stdout.write(f"{identifier}: ok")
        if failed:
            raise CommandError(f"Not configured: {', '.join(failed)}", returncode=1)
