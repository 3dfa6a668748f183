"""Public pages of the catalogue: anyone may read what a procedure asks before applying."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from egov.procedures import selectors
from egov.procedures.models import Field, Procedure


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def catalogue(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    agency_id = _int(request.GET.get("agency"))
    field_id = _int(request.GET.get("field"))
    online_only = request.GET.get("online") == "1"
    results = selectors.procedure_search(
        text=text, agency_id=agency_id, field_id=field_id, online_only=online_only
    )
    page = Paginator(results, 25).get_page(request.GET.get("page"))
    return render(request, "procedures/catalogue.html", {
        "page": page, "q": text, "agency_id": agency_id, "field_id": field_id,
        "online_only": online_only,
        "agencies": selectors.agencies_with_procedures(),
        "fields": Field.objects.order_by("name"),
    })


def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure, version = selectors.procedure_detail(code)
    except Procedure.DoesNotExist:
        raise Http404 from None
    return render(request, "procedures/detail.html", {"procedure": procedure, "version": version})
