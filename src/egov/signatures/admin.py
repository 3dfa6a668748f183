"""Read-only screens of the registry in Django's admin site. Every change goes through
the services (pages, API, ``egov certificates``), which check, record the history,
reissue CRLs and write the audit trail; and key material never appears here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.signatures.models import (
    Authority,
    Certificate,
    CertificateEvent,
    CertificateNeed,
    SignatureRecord,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Authority)
class AuthorityAdmin(_ReadOnly):
    list_display = ["name", "role", "is_platform", "trusted", "enabled", "valid_from",
                    "valid_to", "crl_number", "crl_this_update"]
    list_filter = ["role", "is_platform", "trusted", "enabled"]
    exclude = ["key_blob", "certificate_der", "crl_der"]


class _EventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "status", "reason_code", "note", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(_ReadOnly):
    list_display = ["common_name", "agency", "signer_kind", "status", "serial_number",
                    "valid_from", "valid_to"]
    list_filter = ["status", "signer_kind", "key_protection", "issuer"]
    list_select_related = ["agency"]
    search_fields = ["common_name", "serial_number", "fingerprint"]
    exclude = ["key_blob", "certificate_der"]
    inlines = [_EventInline]


@admin.register(CertificateNeed)
class CertificateNeedAdmin(_ReadOnly):
    list_display = ["agency", "year", "organisation_count", "individual_count",
                    "renewal_count", "submitted_at"]
    list_filter = ["year"]
    list_select_related = ["agency"]


@admin.register(SignatureRecord)
class SignatureRecordAdmin(_ReadOnly):
    list_display = ["signed_at", "certificate", "actor", "field_name", "reason",
                    "output_sha256"]
    list_select_related = ["certificate", "actor"]
    search_fields = ["output_sha256", "input_sha256"]
