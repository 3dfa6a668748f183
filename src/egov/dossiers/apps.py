from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    label = "dossiers"

    def ready(self) -> None:
        # The home page sections of desk officers, handlers, leaders and applicants.
        from egov.dossiers import home  # noqa: F401
