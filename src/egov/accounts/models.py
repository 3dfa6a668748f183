"""People who use the platform: officials, citizens, businesses.

One ``User`` table for everyone who logs in; ``kind`` says which. Officials have an
``Official`` record (agency, unit, position) and one or more roles. Citizens and
businesses carry their legal identifiers on the user itself.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from egov.accounts.identifiers import (
    validate_citizen_id,
    validate_phone,
    validate_tax_code,
)


class User(AbstractUser):
    """An account (tài khoản)."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official")
        CITIZEN = "citizen", _("Citizen")
        BUSINESS = "business", _("Business")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True, validators=[validate_phone])
    # Căn cước công dân: 12 digits, unique among people.
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, null=True, blank=True, unique=True,
        validators=[validate_citizen_id],
    )
    # Mã số thuế: 10 digits, or 13 as 10-3 for a branch; unique among businesses.
    tax_code = models.CharField(
        _("tax code"), max_length=14, null=True, blank=True, unique=True,
        validators=[validate_tax_code],
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    totp_secret = models.CharField(_("TOTP secret"), max_length=64, blank=True)
    totp_enabled = models.BooleanField(_("second factor on"), default=False)
    # The last time step whose code was accepted: a code seen once is never taken again.
    totp_last_counter = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    preferred_language = models.CharField(_("language"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="business") | Q(tax_code__isnull=False),
                name="accounts_business_has_tax_code",
            ),
            # Officials are reached by their e-mail: two accounts may not share one.
            models.UniqueConstraint(
                Lower("email"), condition=Q(kind="official") & ~Q(email=""),
                name="accounts_official_email_uniq",
            ),
        ]

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL


class Role(models.TextChoices):
    """What an official may do (vai trò)."""

    DESK_OFFICER = "desk_officer", _("One-stop desk officer")
    SPECIALIST = "specialist", _("Specialist")
    HEAD_OF_UNIT = "head_of_unit", _("Head of unit")
    DIRECTOR = "director", _("Director")
    CLERK = "clerk", _("Clerk")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    INSPECTOR = "inspector", _("Inspector")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Official(models.Model):
    """An official (cán bộ, công chức) of one agency, in one unit, with a position."""

    user = models.OneToOneField(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="official"
    )
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name=_("agency"), on_delete=models.PROTECT,
        related_name="officials",
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="officials",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["agency", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.agency.short_name})"

    @cached_property
    def role_set(self) -> set[str]:
        """Asked many times per request by the permission checks, so read once;
        the services that change roles drop it (``forget_roles``)."""
        return {r.role for r in self.roles.all()}

    def forget_roles(self) -> None:
        self.__dict__.pop("role_set", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("roles", None)


class OfficialRole(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role of an official")
        verbose_name_plural = _("roles of officials")
        constraints = [
            models.UniqueConstraint(fields=["official", "role"], name="accounts_official_role_uniq")
        ]

    def __str__(self) -> str:
        return self.get_role_display()
