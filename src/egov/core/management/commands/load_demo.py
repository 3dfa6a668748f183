from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from egov.core.context import acting_as
from egov.core.demo import DEMO_PASSWORD, DemoContext, demo_loaders
from egov.organizations.models import Agency


class Command(BaseCommand):
    help = "Build the demo province (Trà Vinh as of 2017) in the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true",
                            help="Also create the bulk accounts, up to the report's "
                                 "7,582 official accounts.")
        parser.add_argument("--reset", action="store_true",
                            help="Empty the database first.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when demo data is already there.")

    def handle(self, *args: Any, full: bool, reset: bool, if_empty: bool, **options: Any) -> None:
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", verbosity=0)
        if Agency.objects.exists():
            if if_empty:
                self.stdout.write("Demo data is already loaded.")
                return
            raise CommandError("The database already has agencies; use --reset to start again.")
        ctx = DemoContext(full=full, write=self.stdout.write)
        with acting_as(None, None):
            for label, load in demo_loaders():
                started = time.monotonic()
                with transaction.atomic():
                    load(ctx)
                self.stdout.write(f"  {label}: {time.monotonic() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS("Demo province loaded."))
        if ctx.logins:
            self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
            width = max(len(u) for u, _ in ctx.logins)
            for username, description in ctx.logins:
                self.stdout.write(f"  {username.ljust(width)}  {description}")
