"""Leaders' pages: the dashboard (bảng điều hành), the records behind each figure, and the
tables as CSV or XLSX. Who sees what is decided in ``egov.indicators.permissions``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from egov.indicators import charts, exports, registry, selectors
from egov.indicators.base import Indicator, Period, Query, Unit
from egov.indicators.forms import FilterForm, default_chart, default_period
from egov.indicators.permissions import can_view_indicators, check_agency, home_agency
from egov.organizations.models import Agency

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Agencies drawn in the chart by agency; the table under it lists them all.
CHART_AGENCIES = 15


def leaders_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view_indicators(request.user):
            raise PermissionDenied(_("Only leaders see the indicators."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def records_url(code: str, period: Period, agency: Agency | None, *,
                alone: bool = False) -> str:
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if agency is not None:
        params["agency"] = agency.code
    if alone:
        params["alone"] = "1"
    return f"{reverse('indicators:records', args=[code])}?{urlencode(params)}"


def _params(period: Period, agency: Agency | None, chart: str) -> str:
    params = {"from": period.start.isoformat(), "to": period.end.isoformat(), "chart": chart}
    if agency is not None:
        params["agency"] = agency.code
    return urlencode(params)


def _selection(request: HttpRequest) -> tuple[selectors.Selection, str]:
    """Period, agency (checked against what the user may see) and chart indicator from
    the query string; ValidationError on bad input."""
    params = request.GET
    start, end = default_period()
    selection = selectors.select(start=params.get("from") or start, end=params.get("to") or end,
                                 agency=params.get("agency") or None)
    agency = check_agency(request.user, selection.agency, selection.period.end)
    chart = params.get("chart") or default_chart()
    selectors.indicator_or_error(chart)
    return selectors.Selection(selection.period, agency, selection.indicators), chart


def _bad_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return render(request, "indicators/bad_request.html", {
        "errors": [m for messages in exc.message_dict.values() for m in messages],
    }, status=400)


@leaders_only
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return render(request, "indicators/dashboard.html", {"form": form}, status=400)
    try:
        selection, chart_code = _selection(request)
    except ValidationError as exc:
        return _bad_request(request, exc)
    period, agency = selection.period, selection.agency
    rows = selectors.compare(selection.indicators, period, agency)
    groups: dict[str, list[dict[str, Any]]] = {}
    previous = period.previous()
    for row in rows:
        code = row.indicator.code
        has_records = row.indicator.records is not None
        groups.setdefault(str(row.indicator.group), []).append({
            "row": row,
            "url": records_url(code, period, agency) if has_records else None,
            "previous_url": records_url(code, previous, agency) if has_records else None,
        })
    chart = registry.get(chart_code)
    series = selectors.by_month(chart, period, agency)
    parts = selectors.by_agency(chart, period, agency)
    percent = chart.unit == Unit.PERCENT
    with_records = chart.records is not None
    month_bars = [charts.Bar(f"{m.start:%m/%y}", value,
                             records_url(chart.code, m, agency) if with_records else None,
                             str(m)) for m, value in series]
    agency_rows = [{
        "agency": a, "whole": whole, "value": value,
        "url": records_url(chart.code, period, a, alone=not whole) if with_records else None,
    } for a, whole, value in parts]
    agency_bars = [charts.Bar(r["agency"].name, r["value"], r["url"])
                   for r in agency_rows[:CHART_AGENCIES]]
    query = _params(period, agency, chart.code)
    return render(request, "indicators/dashboard.html", {
        "form": form, "period": period, "previous": previous, "agency": agency,
        "home_agency": home_agency(request.user), "groups": groups, "chart": chart,
        "series": [{"month": m, "value": v, "url": b.href}
                   for (m, v), b in zip(series, month_bars, strict=True)],
        "agency_rows": agency_rows,
        "months_svg": charts.columns(month_bars, percent=percent, title=_(
            "%(indicator)s by month") % {"indicator": chart.name}),
        "agencies_svg": charts.rows(agency_bars, percent=percent, title=_(
            "%(indicator)s by agency") % {"indicator": chart.name}),
        "query": query,
    })


def _table(request: HttpRequest, selection: selectors.Selection, chart_code: str,
           table: str) -> exports.Table:
    period, agency = selection.period, selection.agency
    where = agency.short_name if agency is not None else _("province")
    if table == "summary":
        rows = selectors.compare(selection.indicators, period, agency)
        return exports.comparison_table(rows, period, _("Indicators %(period)s %(where)s")
                                        % {"period": period, "where": where})
    chart = registry.get(chart_code)
    if table == "months":
        return exports.months_table(chart, selectors.by_month(chart, period, agency),
                                    _("%(code)s by month") % {"code": chart.code})
    if table == "agencies":
        return exports.agencies_table(chart, selectors.by_agency(chart, period, agency),
                                      _("%(code)s by agency") % {"code": chart.code})
    raise Http404


def _download(table: exports.Table, name: str, kind: str) -> HttpResponse:
    if kind == "csv":
        # The byte-order mark makes Excel read the Vietnamese as UTF-8.
        body: bytes = ("\ufeff" + exports.to_csv(table)).encode()
    else:
        body = exports.to_xlsx(table)
    response = HttpResponse(body, content_type=EXPORT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@leaders_only
@require_GET
def export(request: HttpRequest, table: str, kind: str) -> HttpResponse:
    """One of the dashboard's tables (summary, months, agencies) as CSV or XLSX."""
    if kind not in EXPORT_TYPES or table not in ("summary", "months", "agencies"):
        raise Http404
    try:
        selection, chart = _selection(request)
    except ValidationError as exc:
        return _bad_request(request, exc)
    name = f"chi-so-{table}-{selection.period.start:%Y%m%d}-{selection.period.end:%Y%m%d}"
    return _download(_table(request, selection, chart, table), name, kind)


@leaders_only
@require_GET
def records(request: HttpRequest, code: str) -> HttpResponse:
    """The records behind one figure: the agencies, accounts, certificates... it counts."""
    indicator: Indicator | None = registry.get(code)
    if indicator is None or indicator.records is None:
        raise Http404
    try:
        selection, _chart = _selection(request)
    except ValidationError as exc:
        return _bad_request(request, exc)
    period, agency = selection.period, selection.agency
    alone = request.GET.get("alone") == "1" and agency is not None
    ids = frozenset([agency.pk]) if alone else selectors.scope_ids(agency, period)
    query = Query(period, ids)
    found = indicator.records(query)
    kind = request.GET.get("format", "")
    if kind in EXPORT_TYPES:
        table = exports.Table(str(indicator.name), [str(c.label) for c in found.columns],
                              [[c.value(obj) for c in found.columns] for obj in found.queryset])
        return _download(table, f"{code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}", kind)
    page = Paginator(found.queryset, 50).get_page(request.GET.get("page"))
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if agency is not None:
        params["agency"] = agency.code
    dashboard_url = f"{reverse('indicators:dashboard')}?{urlencode(params)}"
    if alone:
        params["alone"] = "1"
    return render(request, "indicators/records.html", {
        "indicator": indicator, "period": period, "agency": agency, "alone": alone,
        "value": indicator.value(query), "page": page,
        "headers": [c.label for c in found.columns],
        "rows": [(found.link(obj) if found.link else None,
                  [c.value(obj) for c in found.columns]) for obj in page],
        "query": urlencode(params),
        "dashboard_url": dashboard_url,
    })
