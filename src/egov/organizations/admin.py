"""Configuration screens. Divisions are read-only (they come from ``egov divisions
import``); agencies and units are saved through the services, whose checks show as
form errors. Nothing is deleted: closing (a date and a reason) replaces deletion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.core.errors import Conflict
from egov.organizations import services
from egov.organizations.forms import apply_errors
from egov.organizations.models import AdministrativeDivision, Agency, Unit


class _FoldedSearch:
    """Search without regard to accents or case, through the folded ``search_text``."""

    search_fields = ["search_text"]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet,
                           search_term: str) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False


@admin.register(AdministrativeDivision)
class DivisionAdmin(_FoldedSearch, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to",
                    "successor"]
    list_filter = ["level", "valid_from"]
    list_select_related = ["parent", "successor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ClosingForm(forms.ModelForm):
    """Adds "close from" and "reason" to an open record's form; the services' checks
    run in ``_post_clean`` so their messages sit next to the fields."""

    close_on = forms.DateField(label=_("Close from"), required=False,
                               help_text=_("The first day on which it no longer operates."))
    close_reason_text = forms.CharField(label=_("Reason for closing"), required=False,
                                        max_length=255)

    # The services' checks for this model, set by each subclass.
    check: Any
    check_close: Any

    def _post_clean(self) -> None:
        # As ModelForm's, but without the model's unique constraints: the services check
        # uniqueness over periods of validity (the constraints only see equal start
        # dates), with clearer messages.
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
            self.instance.full_clean(exclude=self._get_validation_exclusions(),
                                     validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self._update_errors(exc)
        if self.errors:
            return
        try:
            self.check(self.instance)
            close_on = self.cleaned_data.get("close_on")
            if close_on is not None:
                self.check_close(self.instance, close_on,
                                 self.cleaned_data.get("close_reason_text", ""))
        except ValidationError as exc:
            apply_errors(self, _rename_close_fields(exc))
        except Conflict as exc:
            self.add_error(None, exc.message)


def _rename_close_fields(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    names = {"valid_to": "close_on", "reason": "close_reason_text"}
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


class AgencyAdminForm(_ClosingForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "kind", "parent", "division", "address",
                  "phone", "email", "valid_from"]

    check = staticmethod(services.agency_check)
    check_close = staticmethod(services.agency_check_close)


class UnitAdminForm(_ClosingForm):
    class Meta:
        model = Unit
        fields = ["agency", "name", "short_name", "parent", "valid_from"]

    check = staticmethod(services.unit_check)
    check_close = staticmethod(services.unit_check_close)


class _ServiceAdmin(_FoldedSearch, admin.ModelAdmin):
    editable_once = ("valid_from",)
    create_service: Any = None
    update_service: Any = None
    close_service: Any = None
    update_fields: tuple[str, ...] = ()
    object_arg = ""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [*self.editable_once, "valid_to", "close_reason"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.valid_to is not None:
            # Nothing to close yet, or already closed (history is not closed twice).
            form = type(form.__name__, (form,), {"close_on": None, "close_reason_text": None})
        return form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: forms.ModelForm,
                   change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = self.create_service(
                actor=request.user,
                **{k: v for k, v in data.items() if k in form._meta.fields},
            )
            obj.pk = created.pk
            return
        changes = {k: data[k] for k in form.changed_data if k in self.update_fields}
        target = {self.object_arg: obj}
        if changes:
            self.update_service(actor=request.user, **target, **changes)
        if data.get("close_on"):
            self.close_service(actor=request.user, **target, valid_to=data["close_on"],
                                     reason=data["close_reason_text"])

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any,
                     change: bool) -> None:
        """No many-to-many fields or inlines: everything was saved by the service."""


@admin.register(Agency)
class AgencyAdmin(_ServiceAdmin):
    form = AgencyAdminForm
    editable_once = ("code", "valid_from")
    create_service = staticmethod(services.agency_create)
    update_service = staticmethod(services.agency_update)
    close_service = staticmethod(services.agency_close)
    update_fields = services.AGENCY_FIELDS
    object_arg = "agency"
    list_display = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "valid_to"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "division"]


@admin.register(Unit)
class UnitAdmin(_ServiceAdmin):
    form = UnitAdminForm
    editable_once = ("agency", "valid_from")
    create_service = staticmethod(services.unit_create)
    update_service = staticmethod(services.unit_update)
    close_service = staticmethod(services.unit_close)
    update_fields = services.UNIT_FIELDS
    object_arg = "unit"
    list_display = ["name", "short_name", "agency", "parent", "valid_from", "valid_to"]
    list_filter = ["valid_to"]
    list_select_related = ["agency", "parent"]
    autocomplete_fields = ["agency", "parent"]
