"""API shapes of accounts. Input serializers check types only; the services validate."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.accounts.models import Official, Role, User
from egov.accounts.permissions import is_system_admin, official_of
from egov.organizations.models import Agency, Unit

_RELATION_ERRORS = {
    "does_not_exist": _("There is no such record."),
    "incorrect_type": _("Give the record's number."),
}


class AccountsErrorSerializer(serializers.Serializer):
    """The body of every error answer (see egov.api.errors): ``code``, ``message`` and, for
    invalid input, ``fields`` with the messages of each wrong field."""

    code = serializers.CharField()
    message = serializers.CharField()


# "fields" is an attribute of every serializer, so the key is declared after the class.
AccountsErrorSerializer._declared_fields["fields"] = serializers.DictField(
    child=serializers.ListField(child=serializers.CharField()), required=False,
)


class AccountKindField(serializers.ChoiceField):
    """``kind`` of an account (``UserKindEnum`` in the schema, see ENUM_NAME_OVERRIDES)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(User.Kind.choices, **kwargs)


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class OfficialSerializer(serializers.Serializer):
    """An official (cán bộ) with their account and roles."""

    id = serializers.IntegerField(source="pk")
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    phone = serializers.CharField(source="user.phone")
    agency = AgencyRefSerializer()
    unit = UnitRefSerializer(allow_null=True)
    position = serializers.CharField()
    roles = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()
    totp_enabled = serializers.BooleanField(source="user.totp_enabled")

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Role.choices)))
    def get_roles(self, official: Official) -> list[str]:
        return sorted(official.role_set)


class OfficialCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=150)
    email = serializers.CharField(max_length=254)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(),
                                                error_messages=_RELATION_ERRORS)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True,
                                              required=False, default=None,
                                              error_messages=_RELATION_ERRORS)
    position = serializers.CharField(max_length=150, required=False, allow_blank=True,
                                     default="")
    roles = serializers.ListField(child=serializers.ChoiceField(Role.choices))
    password = serializers.CharField(write_only=True, required=False, allow_null=True,
                                     default=None, style={"input_type": "password"})


class OfficialUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False)
    email = serializers.CharField(max_length=254, required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False,
                                                error_messages=_RELATION_ERRORS)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True,
                                              required=False, error_messages=_RELATION_ERRORS)
    position = serializers.CharField(max_length=150, required=False, allow_blank=True)
    roles = serializers.ListField(child=serializers.ChoiceField(Role.choices), required=False)


class DeactivateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class UnlockResultSerializer(serializers.Serializer):
    attempts_cleared = serializers.IntegerField()


class MeSerializer(serializers.Serializer):
    """The logged-in user, with what they are allowed to act as."""

    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    kind = AccountKindField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    is_system_admin = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()
    official = serializers.SerializerMethodField()
    totp_enabled = serializers.BooleanField()

    @extend_schema_field(serializers.BooleanField())
    def get_is_system_admin(self, user: User) -> bool:
        return is_system_admin(user)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Role.choices)))
    def get_roles(self, user: User) -> list[str]:
        official = official_of(user)
        return sorted(official.role_set) if official is not None else []

    @extend_schema_field(OfficialSerializer(allow_null=True))
    def get_official(self, user: User) -> dict[str, Any] | None:
        official = official_of(user)
        return OfficialSerializer(official).data if official is not None else None


class ProfileSerializer(serializers.Serializer):
    """A citizen's or business's own account."""

    id = serializers.IntegerField(source="pk", read_only=True)
    username = serializers.CharField(read_only=True)
    kind = AccountKindField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    citizen_id = serializers.CharField(read_only=True, allow_null=True)
    tax_code = serializers.CharField(read_only=True, allow_null=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)


class CitizenRegistrationSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    citizen_id = serializers.CharField(max_length=20)
    phone = serializers.CharField(max_length=20)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True,
                                    default="")
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class BusinessRegistrationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    tax_code = serializers.CharField(max_length=20)
    phone = serializers.CharField(max_length=20)
    email = serializers.CharField(max_length=254)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True,
                                    default="")
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
