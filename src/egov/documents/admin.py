"""Read-only admin: every change goes through the services (and their audit entries),
which the pages and the API call."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.documents.models import (
    Confidentiality,
    DocumentType,
    IncomingDocument,
    OutgoingDocument,
    Register,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DocumentType)
class DocumentTypeAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "category", "ordinal", "active"]
    list_filter = ["category", "active"]
    search_fields = ["name", "code"]


@admin.register(Register)
class RegisterAdmin(ReadOnlyAdmin):
    list_display = ["name", "agency", "direction", "code", "secret", "legal"]
    list_filter = ["direction", "secret", "legal"]
    search_fields = ["name", "code", "agency__name", "agency__code"]
    list_select_related = ["agency"]


@admin.register(IncomingDocument)
class IncomingAdmin(ReadOnlyAdmin):
    list_display = ["arrival_number", "arrival_date", "number_symbol", "issuer_name", "agency",
                    "status"]
    list_filter = ["status", "channel", "urgency"]
    search_fields = ["number_symbol", "issuer_name", "agency__name"]
    list_select_related = ["agency"]
    exclude = ["search_text"]

    def get_queryset(self, request: HttpRequest) -> Any:
        # The admin site is for system administrators: secret documents stay out of it.
        return super().get_queryset(request).filter(confidentiality=Confidentiality.NORMAL)


@admin.register(OutgoingDocument)
class OutgoingAdmin(ReadOnlyAdmin):
    list_display = ["number_symbol", "issued_date", "summary", "agency", "status"]
    list_filter = ["status"]
    search_fields = ["number_symbol", "summary", "agency__name"]
    list_select_related = ["agency"]
    exclude = ["search_text", "body"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(confidentiality=Confidentiality.NORMAL)
