"""Read-only admin: every change goes through the services (and their audit entries),
which the pages and the API call."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.documents.models import DocumentType, Register


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
