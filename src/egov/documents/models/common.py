"""Choices shared by incoming and outgoing documents (Decree 30/2020, Appendix I)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Urgency(models.TextChoices):
    """Mức độ khẩn: the stamp an urgent document carries."""

    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")
    FLASH = "flash", _("Flash")


class Confidentiality(models.TextChoices):
    """Độ mật (Law on Protection of State Secrets 2018). Anything but NORMAL is a secret
    document: its own number series, and only the people assigned may see it."""

    NORMAL = "normal", _("Not secret")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")
    TOP_SECRET = "top_secret", _("Top secret")


class Channel(models.TextChoices):
    """How an incoming document arrived: the electronic share of the report counts the
    last two."""

    PAPER = "paper", pgettext_lazy("document", "Paper")
    ELECTRONIC = "electronic", _("Electronic (upload or e-mail)")
    EXCHANGE = "exchange", _("Inter-agency exchange")


# Stamps as the printed document shows them (not translated: the document is Vietnamese).
URGENCY_STAMPS = {Urgency.URGENT: "KHẨN", Urgency.VERY_URGENT: "THƯỢNG KHẨN",
                  Urgency.FLASH: "HỎA TỐC"}
SECRECY_STAMPS = {Confidentiality.CONFIDENTIAL: "MẬT", Confidentiality.SECRET: "TỐI MẬT",
                  Confidentiality.TOP_SECRET: "TUYỆT MẬT"}
