"""Labels the dossier templates need: timeliness, events, roles, file sizes."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from egov.dossiers import workflow
from egov.dossiers.models import Timeliness
from egov.procedures.models import ProcessingStep

register = template.Library()


@register.filter
def timeliness_label(value: str) -> str:
    try:
        return str(Timeliness(value).label)
    except ValueError:
        return ""


@register.filter
def event_label(action: str) -> str:
    return workflow.event_label(action)


@register.filter
def role_label(role: str) -> str:
    try:
        return str(ProcessingStep.Role(role).label)
    except ValueError:
        return role


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if isinstance(mapping, dict) else None


SLIP_LABELS = {
    "receipt": _("Receipt and appointment"), "supplement": _("Supplementation request"),
    "refusal": _("Refusal"), "apology": _("Apology and new appointment"),
    "control": _("Processing control sheet"),
}


@register.filter
def slip_label(kind: str) -> str:
    return str(SLIP_LABELS.get(kind, kind))
