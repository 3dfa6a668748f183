"""The catalogue of administrative procedures (danh mục thủ tục hành chính).

A ``Procedure`` is the identity a citizen searches for (its national code never
changes); what the law says about it (time limit, fees, papers, form, steps, legal
basis) lives in ``ProcedureVersion`` rows with effective dates, because laws change and
a dossier received in 2017 must still be judged by the 2017 rules.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Field(models.Model):
    """A field of administration (lĩnh vực): Xuất bản, Viễn thông và Internet, ..."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính), by its national code (1.003868)."""

    code = models.CharField(_("national code"), max_length=30, unique=True)
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("responsible agency"), on_delete=models.PROTECT,
        related_name="procedures",
    )
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures"
    )
    # Lower-case name without diacritics, for accent-insensitive search on any database.
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def version_on(self, on: dt.date) -> ProcedureVersion | None:
        # A procedure read by ``selectors.procedure_in_force`` brings its version along.
        known = self.__dict__.get("_version_on")
        if known is not None and known[0] == on:
            return known[1]
        return self.versions.valid_on(on).order_by("-valid_from").first()


class VersionQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date) -> VersionQuerySet:
        return self.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))


class ProcedureVersion(models.Model):
    """What the law says about a procedure from ``valid_from`` until ``valid_to``."""

    class OldLevel(models.IntegerChoices):
        # Decree 43/2011/NĐ-CP, Art. 3(4).
        LEVEL_1 = 1, _("Level 1")
        LEVEL_2 = 2, _("Level 2")
        LEVEL_3 = 3, _("Level 3")
        LEVEL_4 = 4, _("Level 4")

    class OnlineLevel(models.TextChoices):
        # Decree 42/2022/NĐ-CP, Art. 11(1).
        FULL = "toan_trinh", _("Full online")
        PARTIAL = "mot_phan", _("Partial online")
        NONE = "khong", _("Not online")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=500)
    old_level = models.PositiveSmallIntegerField(
        _("service level (2011)"), choices=OldLevel.choices
    )
    online_level = models.CharField(
        _("online service (2022)"), max_length=12, choices=OnlineLevel.choices
    )
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    fee = models.PositiveBigIntegerField(_("fee (VND)"), default=0)
    charge = models.PositiveBigIntegerField(_("charge (VND)"), default=0)
    fee_note = models.CharField(_("fee note"), max_length=500, blank=True)
    pay_before_processing = models.BooleanField(_("payment before processing"), default=False)
    postal_return_allowed = models.BooleanField(_("result by post allowed"), default=True)
    applicants = models.CharField(_("who may apply"), max_length=500, blank=True)
    result_name = models.CharField(_("result"), max_length=300)
    # A Django template rendered with the dossier; the results module turns it into a PDF.
    result_template = models.TextField(_("result template"), blank=True)
    # [{"name", "label", "type", "required", "choices", "min", "max", "max_length", "pattern"}]
    form = models.JSONField(_("application form"), default=list, blank=True)
    # [{"document": "138/2025/NĐ-CP", "title": "...", "effective": "2025-07-01"}]
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "valid_from"], name="procedures_version_start_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} {self.name} ({self.valid_from:%d/%m/%Y})"

    @property
    def online_submission(self) -> bool:
        return self.old_level >= self.OldLevel.LEVEL_3

    @property
    def total_amount(self) -> int:
        return self.fee + self.charge


class RequiredPaper(models.Model):
    """A paper the dossier must contain (thành phần hồ sơ)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="papers")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    form_template = models.CharField(_("form (mẫu)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("required paper")
        verbose_name_plural = _("required papers")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name


class ProcessingStep(models.Model):
    """A step of processing (bước xử lý): who does it and what share of the time limit it has."""

    class Role(models.TextChoices):
        DESK = "desk_officer", _("One-stop desk")
        SPECIALIST = "specialist", _("Specialist")
        HEAD = "head_of_unit", _("Head of unit")
        DIRECTOR = "director", _("Director")
        CLERK = "clerk", _("Clerk")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Short name of the unit of the responsible agency that does the step (BCVT), if any.
    unit_short_name = models.CharField(_("unit"), max_length=20, blank=True)
    # Working days of the time limit given to this step; all steps add up to the limit.
    days = models.DecimalField(_("working days"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name
