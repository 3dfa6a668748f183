"""Pages: the directory of agencies, an agency with its units, and the unit forms of
an agency's administrator. Every check is on the server (egov.accounts.permissions)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.accounts.permissions import can_manage_agency, can_view_agency_records
from egov.core.errors import Conflict
from egov.organizations import selectors, services
from egov.organizations.forms import (
    CloseForm,
    DirectoryForm,
    UnitCreateForm,
    UnitForm,
    apply_errors,
)
from egov.organizations.models import Agency, Unit


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    q, on = "", dt.date.today()
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        on = form.cleaned_data["on"] or on
    context = {"form": form, "on": on, "q": q}
    if q:
        context["results"] = selectors.agencies(on=on, q=q)
    else:
        context["tree"] = selectors.agency_tree(on)
    return render(request, "organizations/directory.html", context)


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("division", "parent"), pk=pk)
    today = dt.date.today()
    can_view = can_view_agency_records(request.user, agency.pk)
    return render(request, "organizations/agency_detail.html", {
        "agency": agency,
        "children": selectors.agencies(parent=agency, on=today),
        "units": selectors.agency_units(agency) if can_view else None,
        "can_manage": can_manage_agency(request.user, agency.pk),
        "today": today,
    })


def _managed_unit(request: HttpRequest, pk: int) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("agency"), pk=pk)
    if not can_manage_agency(request.user, unit.agency_id):
        raise PermissionDenied
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_pk)
    if not can_manage_agency(request.user, agency.pk):
        raise PermissionDenied
    form = UnitCreateForm(request.POST or None, agency=agency,
                          initial={"valid_from": dt.date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit %(unit)s was created.") % {"unit": unit.name})
            return redirect("organizations:agency", pk=agency.pk)
    return render(request, "organizations/unit_form.html",
                  {"form": form, "agency": agency, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_update(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    form = UnitForm(request.POST or None, agency=unit.agency, exclude=unit, initial={
        "name": unit.name, "short_name": unit.short_name, "parent": unit.parent_id,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("organizations:agency", pk=unit.agency_id)
    return render(request, "organizations/unit_form.html",
                  {"form": form, "agency": unit.agency, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def unit_close(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _managed_unit(request, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_close(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The unit %(unit)s was closed.") % {"unit": unit.name})
            return redirect("organizations:agency", pk=unit.agency_id)
    return render(request, "organizations/unit_close.html",
                  {"form": form, "agency": unit.agency, "unit": unit})
