"""API shapes. Input serializers only parse types; every rule lives in the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egov.organizations import selectors
from egov.organizations.models import AdministrativeDivision, Agency, Unit


def _reference(queryset: object, missing: str, **kwargs: object) -> serializers.Field:
    """A primary-key field whose "not found" message names what was looked for."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": missing}, **kwargs
    )


_NO_DIVISION = _("There is no administrative division with id {pk_value}.")
_NO_AGENCY = _("There is no agency with id {pk_value}.")
_NO_UNIT = _("There is no unit with id {pk_value}.")
_KIND = {"invalid_choice": _("Choose one of the kinds of agency.")}


class DivisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdministrativeDivision
        fields = ["id", "code", "name", "kind", "level", "parent", "valid_from", "valid_to",
                  "close_reason", "successor"]
        read_only_fields = fields


class DivisionFilterSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=AdministrativeDivision.Level.choices, required=False,
        help_text=_("1 province, 2 district, 3 commune."),
        error_messages={"invalid_choice": _("The level is 1 (province), 2 (district) or 3 "
                                            "(commune).")},
    )
    parent = _reference(AdministrativeDivision.objects.all(), _NO_DIVISION, required=False,
                        help_text=_("Only the divisions directly under this one (its id)."))
    on = serializers.DateField(required=False,
                               help_text=_("Only the divisions in force on this date."))
    code = serializers.CharField(required=False, help_text=_("GSO code, e.g. 84 or 29242."))
    q = serializers.CharField(required=False,
                              help_text=_("Part of the name; accents do not matter."))


class DivisionChainQuerySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("GSO code of a commune, district or province."))
    on = serializers.DateField(help_text=_("The date the code is read on."))


class DateQuerySerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The date the answer is for."))


class AgencySerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "short_name", "kind", "parent", "division",
                  "division_code", "address", "phone", "email", "valid_from", "valid_to",
                  "close_reason"]
        read_only_fields = fields


class AgencyFilterSerializer(serializers.Serializer):
    on = serializers.DateField(required=False,
                               help_text=_("Only the agencies in operation on this date."))
    q = serializers.CharField(required=False, help_text=_(
        "Part of the name, short name or electronic identifier; accents do not matter."))
    kind = serializers.ChoiceField(choices=Agency.Kind.choices, required=False,
                                   error_messages=_KIND)
    parent = _reference(Agency.objects.all(), _NO_AGENCY, required=False)
    division = _reference(AdministrativeDivision.objects.all(), _NO_DIVISION, required=False)


class AgencyUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    short_name = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices, required=False,
                                   error_messages=_KIND)
    parent = _reference(Agency.objects.all(), _NO_AGENCY, required=False, allow_null=True)
    division = _reference(AdministrativeDivision.objects.all(), _NO_DIVISION, required=False)
    address = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)


class AgencyCreateSerializer(AgencyUpdateSerializer):
    code = serializers.CharField(allow_blank=True, help_text=_(
        "Electronic identifier of QCVN 102:2016, e.g. 000.00.31.H59."))
    name = serializers.CharField(allow_blank=True)
    short_name = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices, error_messages=_KIND)
    division_code = serializers.CharField(required=False, help_text=_(
        "Instead of division: its GSO code, read on valid_from (e.g. 84)."))
    valid_from = serializers.DateField()

    def validate(self, attrs: dict) -> dict:
        code = attrs.pop("division_code", "").strip()
        if code and "division" not in attrs:
            attrs["division"] = selectors.division_on(code, attrs["valid_from"])
            if attrs["division"] is None:
                raise serializers.ValidationError({"division_code": _(
                    "No administrative division had the code %(code)s on %(date)s."
                ) % {"code": code, "date": attrs["valid_from"].strftime("%d/%m/%Y")}})
        # Without either, the service says which division is missing.
        attrs.setdefault("division", None)
        return attrs


class CloseSerializer(serializers.Serializer):
    valid_to = serializers.DateField(help_text=_("The first day it no longer operates."))
    reason = serializers.CharField(allow_blank=True, help_text=_(
        "Why it closes, e.g. the decision that reorganised it."))


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "agency", "name", "short_name", "parent", "valid_from", "valid_to",
                  "close_reason"]
        read_only_fields = fields


class UnitFilterSerializer(serializers.Serializer):
    agency = _reference(Agency.objects.all(), _NO_AGENCY, required=False)
    on = serializers.DateField(required=False,
                               help_text=_("Only the units in operation on this date."))


class UnitUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    short_name = serializers.CharField(required=False, allow_blank=True)
    parent = _reference(Unit.objects.all(), _NO_UNIT, required=False, allow_null=True)


class UnitCreateSerializer(UnitUpdateSerializer):
    agency = _reference(Agency.objects.all(), _NO_AGENCY)
    name = serializers.CharField(allow_blank=True)
    short_name = serializers.CharField(allow_blank=True)
    valid_from = serializers.DateField()
