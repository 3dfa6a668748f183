import logging

from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "egov.printing"
    label = "printing"

    def ready(self) -> None:
        # WeasyPrint reports every step of every document at INFO, from its import on:
        # noise in the server's log. Its warnings (a missing font, bad CSS) still show.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
