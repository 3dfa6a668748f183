"""API shapes. Input serializers only parse types; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egov.documents.models import Direction, DocumentType, Register
from egov.organizations.models import Agency


def reference(queryset: Any, missing: Any, **kwargs: Any) -> serializers.Field:
    """A primary-key field whose "not found" message names what was looked for."""
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, error_messages={"does_not_exist": missing}, **kwargs
    )


NO_TYPE = _("There is no document type with id {pk_value}.")
NO_AGENCY = _("There is no agency with id {pk_value}.")


class DocumentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = ["id", "category", "code", "name", "ordinal", "aliases", "active"]
        read_only_fields = fields


class DocumentTypeFilterSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=DocumentType.Category.choices, required=False)


class RegisterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Register
        fields = ["id", "agency", "direction", "code", "name", "secret", "legal", "types",
                  "created_at"]
        read_only_fields = fields


class RegisterFilterSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)


class RegisterUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    types = reference(DocumentType.objects.all(), NO_TYPE, many=True, required=False)


class RegisterCreateSerializer(serializers.Serializer):
    agency = reference(Agency.objects.all(), NO_AGENCY, required=False, help_text=_(
        "The agency whose register it is; by default, your own."))
    direction = serializers.CharField(help_text=_("in (incoming) or out (outgoing)."))
    code = serializers.CharField(allow_blank=True, help_text=_("Short code, e.g. quyet-dinh."))
    name = serializers.CharField(allow_blank=True)
    types = reference(DocumentType.objects.all(), NO_TYPE, many=True, required=False)
    secret = serializers.BooleanField(required=False, default=False)
    legal = serializers.BooleanField(required=False, default=False)
