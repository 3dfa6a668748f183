from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "egov.documents"
    label = "documents"

    def ready(self) -> None:
        from egov.documents import home  # noqa: F401  (registers the home page sections)
