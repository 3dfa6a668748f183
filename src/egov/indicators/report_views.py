"""Leaders' pages for the annual report: order it for a year and an agency, watch it being
written (a progress bar polling a small JSON status), download the DOCX or PDF, and make
it an outgoing document to be signed and issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core.errors import Conflict
from egov.indicators import report, selectors, services
from egov.indicators.forms import visible_agencies
from egov.indicators.models import ReportOrder
from egov.indicators.permissions import check_agency, home_agency, sees_whole_province
from egov.indicators.views import leaders_only

FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class OrderForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))
    agency = forms.ChoiceField(label=gettext_lazy("Agency"))
    whole_province = forms.BooleanField(
        label=gettext_lazy("Figures of the whole province"), required=False)

    def __init__(self, data: Any = None, *, user: Any) -> None:
        super().__init__(data, initial={"year": timezone.localdate().year - 1})
        self.user = user
        today = timezone.localdate()
        self.fields["agency"].choices = [(a.code, f"{a.name} ({a.code})")
                                         for a in visible_agencies(user, today)]
        own = home_agency(user)
        if own is not None:
            self.fields["agency"].initial = own.code
        if not sees_whole_province(user):
            del self.fields["whole_province"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            year = report.check_year(data["year"])
            data["agency_obj"] = selectors.agency_lookup(data["agency"],
                                                         dt.date(year, 12, 31))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return data


def order_for(user: Any, uid: str) -> ReportOrder:
    """The order ``uid`` if the user ordered it or leads its agency; 404 otherwise (an
    order's existence is not told to those who may not see it)."""
    order = ReportOrder.objects.select_related("agency", "outgoing").filter(uid=uid).first()
    if order is None:
        raise Http404
    if order.requested_by_id == user.pk:
        return order
    try:
        check_agency(user, order.agency, dt.date(order.year, 12, 31))
    except PermissionDenied:
        raise Http404 from None
    return order


def status_of(order: ReportOrder) -> dict[str, Any]:
    """What the page polls (and the API answers). A report whose writer stopped is shown
    as interrupted, to be written again."""
    done = order.status == ReportOrder.Status.DONE
    status, display = order.status, order.get_status_display()
    if services.report_interrupted(order):
        status, display = "interrupted", _("Interrupted")
    return {
        "id": str(order.uid), "year": order.year, "agency": order.agency.code,
        "status": status, "status_display": display,
        "progress": order.progress, "step": order.step, "error": order.error,
        "docx_url": reverse("indicators:report_file", args=[order.uid, "docx"]) if done
        else None,
        "pdf_url": reverse("indicators:report_file", args=[order.uid, "pdf"]) if done
        else None,
        "document_url": reverse("documents:outgoing_detail", args=[order.outgoing_id])
        if order.outgoing_id else None,
    }


@leaders_only
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest) -> HttpResponse:
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.report_order(
                actor=request.user, year=form.cleaned_data["year"],
                agency=form.cleaned_data["agency_obj"],
                whole_province=form.cleaned_data.get("whole_province", False))
        except PermissionDenied as exc:
            form.add_error("agency", str(exc) or _("You may not see this agency."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("indicators:report_detail", uid=order.uid)
    orders = ReportOrder.objects.filter(requested_by=request.user).select_related(
        "agency")[:20]
    return render(request, "indicators/report_order.html", {"form": form, "orders": orders},
                  status=400 if form.is_bound and form.errors else 200)


@leaders_only
@require_GET
def report_detail(request: HttpRequest, uid: str) -> HttpResponse:
    order = order_for(request.user, uid)
    return render(request, "indicators/report_detail.html", _detail_context(request, order))


def _detail_context(request: HttpRequest, order: ReportOrder, **extra: Any) -> dict[str, Any]:
    mine = order.requested_by_id == request.user.pk
    return {"order": order, "status": status_of(order), "can_issue": mine,
            "returned_draft": services.returned_draft(order)
            if mine and order.outgoing_id is None else None, **extra}


@leaders_only
@require_GET
def report_status(request: HttpRequest, uid: str) -> JsonResponse:
    return JsonResponse(status_of(order_for(request.user, uid)))


@leaders_only
@require_GET
def report_file(request: HttpRequest, uid: str, kind: str) -> FileResponse:
    order = order_for(request.user, uid)
    stored = getattr(order, kind, None) if kind in FILE_TYPES else None
    if order.status != ReportOrder.Status.DONE or not stored:
        raise Http404
    name = f"bao-cao-{order.agency.short_name.lower()}-{order.year}.{kind}"
    return FileResponse(default_storage.open(stored.name, "rb"), as_attachment=True,
                        filename=name, content_type=FILE_TYPES[kind])


def _refused(request: HttpRequest, order: ReportOrder, exc: Exception) -> HttpResponse:
    """The order's page again, saying why the step was refused."""
    message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return render(request, "indicators/report_detail.html",
                  _detail_context(request, order, error=message), status=409
                  if isinstance(exc, Conflict) else 400 if isinstance(exc, ValidationError)
                  else 403)


def _order_step(request: HttpRequest, uid: str, step: Callable[..., Any],
                then: Callable[[Any], HttpResponse]) -> HttpResponse:
    """Run a service ``step(actor=…, order=…)`` on the order, then ``then(result)``;
    the order's page saying why, when the step is refused."""
    order = order_for(request.user, uid)
    try:
        result = step(actor=request.user, order=order)
    except (PermissionDenied, Conflict, ValidationError) as exc:
        return _refused(request, order, exc)
    return then(result)


@leaders_only
@require_POST
def report_issue(request: HttpRequest, uid: str) -> HttpResponse:
    return _order_step(request, uid, services.report_issue, lambda document: redirect(
        "documents:outgoing_detail", pk=document.pk))


@leaders_only
@require_POST
def report_revise(request: HttpRequest, uid: str) -> HttpResponse:
    return _order_step(request, uid, services.report_revise, lambda document: redirect(
        "documents:outgoing_detail", pk=document.pk))


@leaders_only
@require_POST
def report_retry(request: HttpRequest, uid: str) -> HttpResponse:
    return _order_step(request, uid, services.report_retry, lambda order: redirect(
        "indicators:report_detail", uid=order.uid))
