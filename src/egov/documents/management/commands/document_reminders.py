"""``egov document_reminders``: send the handling reminders whose day has come.

Run it every working morning (cron, a systemd timer); it is safe to run more often.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.documents.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Send the e-mail reminders of document assignments due soon."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders.call()
        self.stdout.write(f"{sent} reminder(s) sent")
