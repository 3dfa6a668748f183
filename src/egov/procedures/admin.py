"""The catalogue in the admin, read-only: it changes through `egov catalogue import`
and the API, which validate and version every change."""

from django.contrib import admin

from egov.procedures.models import Field, Procedure, ProcedureVersion, ProcessingStep, RequiredPaper


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PaperInline(admin.TabularInline):
    model = RequiredPaper
    extra = 0
    can_delete = False


class StepInline(admin.TabularInline):
    model = ProcessingStep
    extra = 0
    can_delete = False


@admin.register(Field)
class FieldAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyAdmin):
    list_display = ["code", "agency", "field"]
    list_filter = ["field"]
    search_fields = ["code", "search_text"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyAdmin):
    list_display = ["procedure", "name", "old_level", "online_level", "time_limit_days",
                    "valid_from", "valid_to"]
    list_filter = ["old_level", "online_level"]
    search_fields = ["procedure__code", "name"]
    inlines = [PaperInline, StepInline]
