"""Background work of dossiers: the e-mails that tell applicants where their dossier is.

Enqueued after the move commits (``services._common.notify``); sending one twice on a
retry only repeats a notice, so the task is safe to retry.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from egov.dossiers.models import Dossier

KINDS = {"submitted", "received", "awaiting_supplement", "refused", "apologised",
         "result_ready"}


def notice_text(dossier: Dossier, kind: str) -> tuple[str, str]:
    """(subject, body) of the notice of ``kind``, in the platform's language."""
    last = dossier.events.order_by("-at", "-id").first()
    context = {
        "dossier": dossier, "kind": kind, "event": last,
        "procedure_name": dossier.version.name, "site_url": settings.SITE_URL.rstrip("/"),
    }
    body = render_to_string("dossiers/mail/notice.txt", context)
    subject = render_to_string("dossiers/mail/notice_subject.txt", context)
    return " ".join(subject.split()), body


@task()
def send_dossier_notice(dossier_id: int, kind: str) -> int:
    dossier = (Dossier.objects.select_related("version", "agency")
               .filter(pk=dossier_id).first())
    if dossier is None or not dossier.applicant_email or kind not in KINDS:
        return 0
    language = (dossier.applicant.preferred_language if dossier.applicant_id else "") \
        or settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body = notice_text(dossier, kind)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [dossier.applicant_email])
