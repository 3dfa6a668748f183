from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "egov.printing"
    label = "printing"
