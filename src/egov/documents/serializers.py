"""API shapes. Input serializers only parse types; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egov.documents.models import (
    Attachment,
    Confidentiality,
    Direction,
    DocumentType,
    IncomingDocument,
    Register,
    Urgency,
)
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


# --- Incoming documents ----------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "sha256", "uploaded_at",
                  "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: Attachment) -> str:
        return reverse("documents:attachment", args=[obj.pk])


class IncomingSerializer(serializers.ModelSerializer):
    doc_type_name = serializers.CharField(source="doc_type.name", read_only=True)
    register_name = serializers.CharField(source="register.name", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = IncomingDocument
        fields = ["id", "agency", "register", "register_name", "arrival_number",
                  "arrival_year", "arrival_date", "issuer_agency", "issuer_name",
                  "number_symbol", "number", "symbol", "document_date", "doc_type",
                  "doc_type_name", "summary", "urgency", "confidentiality", "signer_name",
                  "signer_position", "pages", "channel", "notes", "status", "due_date",
                  "finished_at", "finish_note", "registered_at", "attachments"]
        read_only_fields = fields


class IncomingFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, help_text=_(
        "Words of the number and symbol, issuer, summary or files; accents do not matter."))
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text=_("Arrival year."))
    status = serializers.ChoiceField(choices=IncomingDocument.Status.choices, required=False)


class IncomingCreateSerializer(serializers.Serializer):
    """Multipart: the fields and any number of ``files``."""

    issuer_agency = reference(Agency.objects.all(), NO_AGENCY, required=False,
                              allow_null=True)
    issuer_name = serializers.CharField(required=False, allow_blank=True, default="")
    number_symbol = serializers.CharField(allow_blank=True,
                                          help_text=_("As printed, e.g. 1407/BC-STTTT-VP."))
    document_date = serializers.DateField(allow_null=True)
    doc_type = reference(DocumentType.objects.all(), NO_TYPE, allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    urgency = serializers.CharField(required=False, default=Urgency.NORMAL, help_text=_(
        "normal, urgent, very_urgent or flash."))
    confidentiality = serializers.CharField(required=False, default=Confidentiality.NORMAL,
                                            help_text=_("normal, confidential, secret or "
                                                        "top_secret."))
    signer_name = serializers.CharField(required=False, allow_blank=True, default="")
    signer_position = serializers.CharField(required=False, allow_blank=True, default="")
    pages = serializers.IntegerField(required=False, default=1)
    channel = serializers.CharField(help_text=_("paper or electronic."))
    arrival_date = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class FilesSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=True)
