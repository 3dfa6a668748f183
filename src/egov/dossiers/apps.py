from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    label = "dossiers"

    def ready(self) -> None:
        # The home page sections of desk officers, handlers, leaders and applicants.
        from egov.dossiers import home  # noqa: F401

        # Fees are paid through the payments module, which never imports this app.
        from egov.dossiers.paying import payable
        from egov.dossiers.services import dossier_mark_paid
        from egov.payments import hooks

        if payable not in hooks.dossier_lookups:
            hooks.dossier_lookups.append(payable)
        if dossier_mark_paid not in hooks.on_paid:
            hooks.on_paid.append(dossier_mark_paid)
