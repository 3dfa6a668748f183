"""``egov exchange_send``: send the edXML packages and status messages still waiting
(after the peer or the network was down). Safe to run at any time, e.g. every hour."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.documents.tasks import send_pending


class Command(BaseCommand):
    help = "Send the exchange packages and status messages still waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_pending.call()
        self.stdout.write(f"{sent} message(s) handled")
