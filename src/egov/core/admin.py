"""Admin of the shared kernel. The audit trail and the number registers are shown
read-only: they change only through their services. Declared calendar days are
saved and removed through the calendar services, so the checks and the audit trail
hold here too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from egov.core.calendar import services as calendar_services
from egov.core.calendar.dates import DATE_INPUT_FORMATS
from egov.core.models import AuditEntry, CalendarDay, IssuedNumber, Sequence


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "created_at", "actor_label", "action", "object_label"]
    list_filter = ["action"]
    search_fields = ["action", "object_label", "actor_label", "object_id"]
    date_hierarchy = "created_at"


@admin.register(Sequence)
class SequenceAdmin(ReadOnlyAdmin):
    list_display = ["key", "period", "last_value"]
    search_fields = ["key"]


@admin.register(IssuedNumber)
class IssuedNumberAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "value", "issued_at", "issued_by", "purpose", "voided_at"]
    list_select_related = ["sequence", "issued_by"]
    search_fields = ["sequence__key", "purpose"]


class CalendarDayForm(forms.ModelForm):
    date = forms.DateField(input_formats=DATE_INPUT_FORMATS)

    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "legal_basis"]

    def validate_unique(self) -> None:
        # check_calendar_day names the entry already on that date.
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date") and data.get("kind"):
            try:
                calendar_services.check_calendar_day(
                    date=data["date"], kind=data["kind"], exclude_pk=self.instance.pk
                )
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "kind", "name", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["name", "legal_basis"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = calendar_services.calendar_day_update(
                actor=request.user, day=obj, date=data["date"], kind=data["kind"],
                name=data["name"], legal_basis=data["legal_basis"],
            )
        else:
            saved = calendar_services.calendar_day_declare(
                actor=request.user, date=data["date"], kind=data["kind"], name=data["name"],
                legal_basis=data["legal_basis"],
            )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_services.calendar_day_remove(actor=request.user, day=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for day in queryset:
            calendar_services.calendar_day_remove(actor=request.user, day=day)
