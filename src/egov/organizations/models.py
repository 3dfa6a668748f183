"""Administrative divisions, agencies and their internal units.

Everything here carries ``valid_from`` / ``valid_to``: a reorganisation (the 2025
merger of provinces, the end of district level) closes the old rows and opens new
ones, and a record of 2017 keeps pointing at the unit it belonged to in 2017.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold

# QCVN 102:2016/BTTTT electronic identifier: V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.31.H59.
AGENCY_CODE_RE = r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$"
agency_code_validator = RegexValidator(
    AGENCY_CODE_RE,
    _("The agency code must have the form V1V2V3.Z1Z2.Y1Y2.MX1X2 of QCVN 102:2016, "
      "for example 000.00.31.H59."),
)
short_name_validator = RegexValidator(
    r"^[A-Za-zĐđ0-9&]{1,20}$",
    _("A short name is letters and digits without spaces, as used in document symbols "
      "(e.g. STTTT)."),
)


class ValidityQuerySet(models.QuerySet):
    """``valid_to`` is the first day a row no longer holds: valid on ``on`` means
    ``valid_from <= on < valid_to``."""

    def valid_on(self, on: dt.date) -> ValidityQuerySet:
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on)
        )

    def overlapping(self, start: dt.date, end: dt.date | None) -> ValidityQuerySet:
        """Rows valid on at least one day of ``[start, end)`` (``end`` None: open-ended)."""
        qs = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        return qs if end is None else qs.filter(valid_from__lt=end)

    def search(self, text: str) -> ValidityQuerySet:
        """Accent- and case-blind search in ``search_text`` (the same on SQLite, whose
        LIKE folds ASCII only, and on PostgreSQL)."""
        return self.filter(search_text__contains=fold(text))


class ValidityMixin(models.Model):
    valid_from = models.DateField(_("valid from"))
    # Exclusive: the first day the row no longer holds.
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=255, blank=True)
    # fold() of the name and codes, kept by the services, for accent-blind search.
    search_text = models.CharField(max_length=400, editable=False, blank=True)

    class Meta:
        abstract = True

    def is_valid_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)


class AdministrativeDivision(ValidityMixin):
    """A province, district or commune (đơn vị hành chính) with its GSO code.

    Codes are the statistics office's, zero-padded as it writes them: 2 digits for a
    province (84), 3 for a district (842), 5 for a commune (29242). One code may name
    different units in different periods (86 is Vĩnh Long before and after 2025, with
    other borders), so a code is looked up together with a date.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        DISTRICT = 2, _("District")
        COMMUNE = 3, _("Commune")

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=150)
    # "tỉnh", "thành phố", "huyện", "thị xã", "phường", "xã", "thị trấn": as named in law.
    kind = models.CharField(_("kind"), max_length=40)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="predecessors",
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="org_division_code_period_uniq"
            ),
        ]
        indexes = [models.Index(fields=["code"], name="org_division_code_idx")]

    def __str__(self) -> str:
        return self.name


class Agency(ValidityMixin):
    """An agency (cơ quan): a department (Sở), a people's committee (UBND), or another body.

    ``code`` is its electronic identifier under QCVN 102:2016, used in dossier codes and
    in document exchange; ``short_name`` is what stands in document symbols (STTTT).
    """

    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = "ubnd_tinh", _("Provincial People's Committee")
        PROVINCIAL_OFFICE = "van_phong", _("Office of the People's Committee")
        DEPARTMENT = "so", _("Department")
        DISTRICT_COMMITTEE = "ubnd_huyen", _("District People's Committee")
        COMMUNE_COMMITTEE = "ubnd_xa", _("Commune People's Committee")
        OTHER = "khac", _("Other body")

    code = models.CharField(
        _("electronic identifier"), max_length=20, validators=[agency_code_validator]
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=20, validators=[short_name_validator]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    division = models.ForeignKey(
        AdministrativeDivision, verbose_name=_("administrative division"),
        on_delete=models.PROTECT, related_name="agencies",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="org_agency_code_period_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(ValidityMixin):
    """An internal unit of an agency (phòng, trung tâm): Văn phòng (VP), Thanh tra (TTra)..."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=20, validators=[short_name_validator]
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "short_name", "valid_from"], name="org_unit_short_name_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.short_name}"
