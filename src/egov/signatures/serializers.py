"""API shapes of the signatures app. Input serializers parse types; rules live in services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egov.accounts.models import Official
from egov.organizations.models import Agency
from egov.signatures.forms import MAX_PDF_BYTES
from egov.signatures.models import (
    Authority,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    KeyAlgorithm,
    RevocationReason,
    SignerKind,
)
from egov.signatures.services._common import authority_certificate_url, crl_url


class AuthoritySerializer(serializers.ModelSerializer):
    certificate_url = serializers.SerializerMethodField()
    crl_url = serializers.SerializerMethodField()

    class Meta:
        model = Authority
        fields = ["slug", "name", "role", "is_platform", "subject", "serial_number",
                  "fingerprint", "valid_from", "valid_to", "trusted", "enabled",
                  "crl_number", "crl_this_update", "crl_next_update", "certificate_url",
                  "crl_url"]
        read_only_fields = fields

    def get_certificate_url(self, authority: Authority) -> str:
        return authority_certificate_url(authority.slug)

    def get_crl_url(self, authority: Authority) -> str | None:
        return crl_url(authority.slug) if authority.crl_der else None


class AuthorityUpdateSerializer(serializers.Serializer):
    trusted = serializers.BooleanField(required=False,
                                       help_text=_("Trust this root as an anchor."))
    enabled = serializers.BooleanField(required=False,
                                       help_text=_("Let this platform authority issue."))


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertificateEvent
        fields = ["action", "status", "at", "reason_code", "note"]
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    issuer = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    # The same RFC 5280 codes as the events' reason_code; a plain number here keeps one
    # enum in the schema.
    revocation_reason = serializers.IntegerField(read_only=True, allow_null=True,
                                                 help_text=_("CRLReason code of RFC 5280."))
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Certificate
        fields = ["uid", "signer_kind", "agency", "official", "common_name", "email", "status",
                  "purpose", "key_algorithm", "renewal_of", "requested_at", "issuer",
                  "serial_number", "fingerprint", "subject", "key_usage", "valid_from",
                  "valid_to", "issued_at", "key_protection", "status_changed_at",
                  "revocation_reason", "events"]
        read_only_fields = fields


class CertificateRequestSerializer(serializers.Serializer):
    signer_kind = serializers.ChoiceField(choices=SignerKind.choices)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    official = serializers.PrimaryKeyRelatedField(queryset=Official.objects.all(),
                                                  required=False, allow_null=True)
    common_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    purpose = serializers.CharField(max_length=300, required=False, allow_blank=True)
    key_algorithm = serializers.ChoiceField(choices=KeyAlgorithm.choices, required=False)


class CertificateFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CertificateStatus.choices, required=False)
    signer_kind = serializers.ChoiceField(choices=SignerKind.choices, required=False)
    agency = serializers.IntegerField(required=False, help_text=_("Agency id."))


class IssueSerializer(serializers.Serializer):
    years = serializers.IntegerField(min_value=1, max_value=5, required=False)
    passphrase = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                       write_only=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500)


class RevokeSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=RevocationReason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PassphraseSerializer(serializers.Serializer):
    current = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                    write_only=True, help_text=_("Empty if none is set yet."))
    new = serializers.CharField(trim_whitespace=False, write_only=True)


class CountsQuerySerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("Counts at the end of this day."))


class FlowQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class PdfUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A PDF file, at most 20 MB."))

    def validate_file(self, upload: Any) -> bytes:
        if upload.size > MAX_PDF_BYTES:
            raise serializers.ValidationError(_("The file is larger than 20 MB."))
        return upload.read()


class SignRequestSerializer(PdfUploadSerializer):
    certificate = serializers.SlugRelatedField(slug_field="uid",
                                               queryset=Certificate.objects.all())
    passphrase = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                       write_only=True)
    reason = serializers.CharField(max_length=300)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    field_name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class SignatureReportSerializer(serializers.Serializer):
    field_name = serializers.CharField()
    verdict = serializers.ChoiceField(choices=["valid", "invalid", "indeterminate"])
    message = serializers.CharField()
    signer = serializers.CharField()
    organisation = serializers.CharField()
    serial_number = serializers.CharField()
    issuer = serializers.CharField()
    chain = serializers.ListField(child=serializers.CharField())
    trusted = serializers.BooleanField()
    intact = serializers.BooleanField()
    changed_after = serializers.BooleanField()
    signing_time = serializers.DateTimeField(allow_null=True)
    claimed_time = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField()
    timestamp_authority = serializers.CharField()
    certificate_valid_from = serializers.DateTimeField(allow_null=True)
    certificate_valid_to = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    registry_status = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())


class VerificationReportSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    all_valid = serializers.BooleanField()
    summary = serializers.CharField()
    error = serializers.CharField()
    signatures = SignatureReportSerializer(many=True)


class KindCountsSerializer(serializers.Serializer):
    requested = serializers.IntegerField()
    rejected = serializers.IntegerField()
    active = serializers.IntegerField()
    suspended = serializers.IntegerField()
    revoked = serializers.IntegerField()
    expired = serializers.IntegerField()


class CountsSerializer(serializers.Serializer):
    organisation = KindCountsSerializer()
    individual = KindCountsSerializer()
    active = serializers.IntegerField(help_text=_("In force, both kinds."))


class FlowKindSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    individual = serializers.IntegerField()
    total = serializers.IntegerField()


class FlowSerializer(serializers.Serializer):
    issued = FlowKindSerializer()
    revoked = FlowKindSerializer()
    suspended = FlowKindSerializer()
    expired = FlowKindSerializer()
