"""``/api/v1/indicators/``: the figures of a period keyed by indicator code, the same
month by month and agency by agency, and the list of definitions.

For leaders only (see ``egov.indicators.permissions``): an agency's leader gets their
agency's figures (with the agencies under it), system administrators and the
province's leaders any agency's or the whole province's.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from egov.accounts.permissions import IsOfficial
from egov.indicators import registry, report, selectors, services
from egov.indicators.base import Period
from egov.indicators.models import ReportOrder
from egov.indicators.permissions import CanViewIndicators, check_agency
from egov.indicators.report_views import order_for, status_of

_NUMBER = {**build_basic_type(OpenApiTypes.NUMBER), "nullable": True}
_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True,
                     description="First day of the period (YYYY-MM-DD)."),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True,
                     description="Last day of the period, included (YYYY-MM-DD)."),
    OpenApiParameter("agency", OpenApiTypes.STR,
                     description="Electronic identifier (000.00.31.H59) or unique short "
                                 "name (STTTT); the agency with the agencies under it. "
                                 "Without it: the whole province, or the caller's own "
                                 "agency when that is all they may see."),
]
_ONLY = OpenApiParameter("only", OpenApiTypes.STR,
                         description="Comma-separated indicator codes (all by default).")
_ERRORS = {
    400: OpenApiResponse(description="Invalid period, agency or code: {code, message, "
                                     "fields}."),
    403: OpenApiResponse(description="Not logged in, or not allowed to see these figures."),
}


class DefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    unit = serializers.CharField()
    measure = serializers.CharField()
    dimensions = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()


class _Schema(AutoSchema):
    """The list answers one object (code → value), not a list of objects."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        if getattr(self.view, "action", None) == "list":
            return False
        return super()._is_list_view(serializer)


class IndicatorViewSet(viewsets.ViewSet):
    """Indicators (chỉ số) computed from the platform's data."""

    schema = _Schema()
    permission_classes = [IsOfficial, CanViewIndicators]
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9_.]+"

    def _selection(self, request: Request, only: Any = None) -> selectors.Selection:
        params = request.query_params
        selection = selectors.select(start=params.get("from"), end=params.get("to"),
                                     agency=params.get("agency") or None, only=only)
        agency = check_agency(request.user, selection.agency, selection.period.end)
        return selectors.Selection(selection.period, agency, selection.indicators)

    @extend_schema(
        summary="Indicators of a period",
        parameters=[*_PARAMETERS, _ONLY],
        responses={200: OpenApiResponse(
            build_object_type(additionalProperties=_NUMBER),
            description="Indicator code → value (null when it cannot be computed, such as "
                        "a share of nothing)."), **_ERRORS},
    )
    def list(self, request: Request) -> Response:
        selection = self._selection(request, request.query_params.get("only") or None)
        return Response(selection.figures())

    @extend_schema(summary="Indicator definitions",
                   responses={200: DefinitionSerializer(many=True), **_ERRORS})
    @action(detail=False)
    def definitions(self, request: Request) -> Response:
        rows = [{
            "code": i.code, "name": str(i.name), "group": str(i.group), "unit": i.unit,
            "measure": i.measure, "dimensions": list(i.dimensions),
            "description": str(i.description),
        } for i in registry.all_indicators()]
        return Response(DefinitionSerializer(rows, many=True).data)

    @extend_schema(
        summary="One indicator month by month",
        parameters=_PARAMETERS,
        responses={200: OpenApiResponse(build_array_type(build_object_type(properties={
            "month": build_basic_type(OpenApiTypes.STR),
            "from": build_basic_type(OpenApiTypes.DATE),
            "to": build_basic_type(OpenApiTypes.DATE),
            "value": _NUMBER,
        })), description="One item per calendar month of the period."), **_ERRORS},
    )
    @action(detail=True)
    def months(self, request: Request, code: str) -> Response:
        selection = self._selection(request, [code])
        series = selectors.by_month(selection.indicators[0], selection.period, selection.agency)
        return Response([{"month": f"{m.start:%Y-%m}", "from": m.start, "to": m.end,
                          "value": value} for m, value in series])

    @extend_schema(
        summary="One indicator agency by agency",
        parameters=_PARAMETERS,
        responses={200: OpenApiResponse(build_array_type(build_object_type(properties={
            "agency": build_basic_type(OpenApiTypes.STR),
            "name": build_basic_type(OpenApiTypes.STR),
            "with_agencies_under_it": build_basic_type(OpenApiTypes.BOOL),
            "value": _NUMBER,
        })), description="The agency (or the province's top) on its own, then each agency "
                         "under it with the agencies under that one."), **_ERRORS},
    )
    @action(detail=True)
    def agencies(self, request: Request, code: str) -> Response:
        selection = self._selection(request, [code])
        parts = selectors.by_agency(selection.indicators[0], selection.period,
                                    selection.agency)
        return Response([{"agency": a.code, "name": a.name, "with_agencies_under_it": whole,
                          "value": value} for a, whole, value in parts])


class ReportOrderInSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The year reported on.")
    agency = serializers.CharField(help_text="Electronic identifier (000.00.31.H59) or "
                                             "unique short name (STTTT) of the agency.")
    whole_province = serializers.BooleanField(
        default=False, help_text="The province's figures rather than the agency's (for "
                                 "those who may see the whole province).")


class ReportOrderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    year = serializers.IntegerField()
    agency = serializers.CharField(help_text="The agency's electronic identifier.")
    status = serializers.CharField(help_text="queued, running, done, failed, or "
                                             "interrupted (its writer stopped).")
    status_display = serializers.CharField()
    progress = serializers.IntegerField(help_text="0 to 100.")
    step = serializers.CharField(help_text="What is being done.")
    error = serializers.CharField(help_text="Why it failed (empty otherwise).")
    docx_url = serializers.CharField(allow_null=True, help_text="The DOCX, once done.")
    pdf_url = serializers.CharField(allow_null=True, help_text="The PDF, once done.")
    document_url = serializers.CharField(
        allow_null=True, help_text="The outgoing document it became, once signed and issued "
                                   "from the page.")


class ReportOrderViewSet(viewsets.ViewSet):
    """The annual report, written in the background: order it, then poll its status."""

    permission_classes = [IsOfficial, CanViewIndicators]
    lookup_field = "uid"
    lookup_value_regex = r"[0-9a-f-]{36}"

    @extend_schema(
        summary="Order the annual report",
        request=ReportOrderInSerializer,
        responses={202: ReportOrderSerializer, **_ERRORS},
    )
    def create(self, request: Request) -> Response:
        given = ReportOrderInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        year = report.check_year(data["year"])
        agency = selectors.agency_lookup(data["agency"], Period.year(year).end)
        order = services.report_order(actor=request.user, year=year, agency=agency,
                                      whole_province=data["whole_province"])
        order = ReportOrder.objects.select_related("agency").get(pk=order.pk)
        return Response(ReportOrderSerializer(status_of(order)).data, status=202)

    @extend_schema(
        summary="The status of an ordered report",
        responses={200: ReportOrderSerializer,
                   404: OpenApiResponse(description="No such order, or not yours to see."),
                   **_ERRORS},
    )
    def retrieve(self, request: Request, uid: str) -> Response:
        return Response(ReportOrderSerializer(status_of(order_for(request.user, uid))).data)

    @extend_schema(
        summary="Write a failed or interrupted report again",
        request=None,
        responses={202: ReportOrderSerializer,
                   404: OpenApiResponse(description="No such order, or not yours to see."),
                   409: OpenApiResponse(description="The report is not failed or "
                                                    "interrupted."),
                   **_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, uid: str) -> Response:
        order = services.report_retry(actor=request.user, order=order_for(request.user, uid))
        order = ReportOrder.objects.select_related("agency").get(pk=order.pk)
        return Response(ReportOrderSerializer(status_of(order)).data, status=202)


router = SimpleRouter()
router.register("indicator-reports", ReportOrderViewSet, basename="indicator-reports")
router.register("indicators", IndicatorViewSet, basename="indicators")
urlpatterns = router.urls
