"""Days declared off or declared working (ngày nghỉ, ngày làm bù), on top of the law's holidays."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day the government or the province declares off, or declares a make-up working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "core"
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


class CalendarVersion(models.Model):
    """One row whose number goes up with every change to the declared days.

    Each process keeps the computed calendar in memory and compares this number now
    and then, so a day declared through one web process reaches the others without a
    query per deadline computed.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        app_label = "core"
        verbose_name = _("calendar version")

    def __str__(self) -> str:
        return str(self.number)
