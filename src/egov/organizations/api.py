"""``/api/v1/divisions/``, ``/api/v1/agencies/``, ``/api/v1/units/``.

Divisions and the directory of agencies are public to anyone logged in; agencies are
changed by system administrators; an agency's units are read by its officials and
changed by its administrator (or a system administrator).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from egov.accounts.permissions import (
    IsOfficial,
    can_manage_agency,
    can_view_agency_records,
    is_system_admin,
)
from egov.organizations import selectors, services
from egov.organizations.models import AdministrativeDivision, Agency, Unit
from egov.organizations.serializers import (
    AgencyCreateSerializer,
    AgencyFilterSerializer,
    AgencySerializer,
    AgencyUpdateSerializer,
    CloseSerializer,
    DateQuerySerializer,
    DivisionChainQuerySerializer,
    DivisionFilterSerializer,
    DivisionSerializer,
    UnitCreateSerializer,
    UnitFilterSerializer,
    UnitSerializer,
    UnitUpdateSerializer,
)

_ERRORS = {
    400: OpenApiResponse(description="Invalid input: {code, message, fields}."),
    403: OpenApiResponse(description="Not logged in, or not allowed."),
}
_WRITE_ERRORS = {**_ERRORS, 409: OpenApiResponse(description="Wrong state: {code, message}.")}


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _body(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class IsSystemAdmin(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_system_admin(request.user)


@extend_schema_view(
    list=extend_schema(summary="Administrative divisions", parameters=[DivisionFilterSerializer],
                       responses={200: DivisionSerializer(many=True), **_ERRORS}),
    retrieve=extend_schema(summary="One administrative division",
                           responses={200: DivisionSerializer, **_ERRORS}),
)
class DivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces, districts and communes (đơn vị hành chính) of every edition."""

    serializer_class = DivisionSerializer
    queryset = AdministrativeDivision.objects.all()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(
            selectors.divisions(**_query(DivisionFilterSerializer, request))
        )
        return self.get_paginated_response(DivisionSerializer(page, many=True).data)

    @extend_schema(summary="Chain commune → district → province of a code on a date",
                   parameters=[DivisionChainQuerySerializer],
                   responses={200: DivisionSerializer(many=True), **_ERRORS,
                              404: OpenApiResponse(description="No division had that code.")})
    @action(detail=False, methods=["get"])
    def chain(self, request: Request) -> Response:
        params = _query(DivisionChainQuerySerializer, request)
        chain = selectors.division_chain_on(params["code"].strip(), params["on"])
        if not chain:
            raise NotFound()
        return Response(DivisionSerializer(chain, many=True).data)

    @extend_schema(summary="Where this division stood on a date (following mergers)",
                   parameters=[DateQuerySerializer],
                   responses={200: DivisionSerializer, **_ERRORS,
                              404: OpenApiResponse(description="Not in force, no successor.")})
    @action(detail=True, methods=["get"], url_path="as-of")
    def as_of(self, request: Request, pk: str | None = None) -> Response:
        on = _query(DateQuerySerializer, request)["on"]
        division = selectors.division_as_of(self.get_object(), on)
        if division is None:
            raise NotFound()
        return Response(DivisionSerializer(division).data)


@extend_schema_view(
    list=extend_schema(summary="Directory of agencies", parameters=[AgencyFilterSerializer],
                       responses={200: AgencySerializer(many=True), **_ERRORS}),
    retrieve=extend_schema(summary="One agency", responses={200: AgencySerializer, **_ERRORS}),
)
class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Agencies (cơ quan) with their QCVN 102:2016 electronic identifiers."""

    serializer_class = AgencySerializer
    queryset = Agency.objects.select_related("division")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> list[BasePermission]:
        if self.action in ("list", "retrieve"):
            return [IsAuthenticated()]
        return [IsSystemAdmin()]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(
            selectors.agencies(**_query(AgencyFilterSerializer, request))
        )
        return self.get_paginated_response(AgencySerializer(page, many=True).data)

    @extend_schema(summary="Create an agency (system administrators)",
                   request=AgencyCreateSerializer,
                   responses={201: AgencySerializer, **_WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        agency = services.agency_create(actor=request.user,
                                        **_body(AgencyCreateSerializer, request))
        return Response(AgencySerializer(agency).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change an agency (system administrators)",
                   request=AgencyUpdateSerializer,
                   responses={200: AgencySerializer, **_WRITE_ERRORS})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        agency = services.agency_update(actor=request.user, agency=self.get_object(),
                                        **_body(AgencyUpdateSerializer, request))
        return Response(AgencySerializer(agency).data)

    @extend_schema(summary="Close an agency and its units (system administrators)",
                   request=CloseSerializer, responses={200: AgencySerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        agency = services.agency_close(actor=request.user, agency=self.get_object(),
                                       **_body(CloseSerializer, request))
        return Response(AgencySerializer(agency).data)


@extend_schema_view(
    list=extend_schema(summary="Units of the agencies you may see",
                       parameters=[UnitFilterSerializer],
                       responses={200: UnitSerializer(many=True), **_ERRORS}),
    retrieve=extend_schema(summary="One unit", responses={200: UnitSerializer, **_ERRORS}),
)
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Internal units (phòng, trung tâm) of an agency: read by its officials, changed by its
    administrator or a system administrator."""

    serializer_class = UnitSerializer
    queryset = Unit.objects.select_related("agency", "parent")
    permission_classes = [IsOfficial]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = _query(UnitFilterSerializer, request)
        agency = params.get("agency")
        if agency is not None and not can_view_agency_records(request.user, agency.pk):
            raise PermissionDenied()
        page = self.paginate_queryset(
            selectors.units_visible_to(request.user, agency=agency, on=params.get("on"))
        )
        return self.get_paginated_response(UnitSerializer(page, many=True).data)

    def get_object(self) -> Unit:
        unit = super().get_object()
        allowed = (can_view_agency_records if self.action == "retrieve" else can_manage_agency)
        if not allowed(self.request.user, unit.agency_id):
            raise PermissionDenied()
        return unit

    @extend_schema(summary="Create a unit (the agency's administrator)",
                   request=UnitCreateSerializer, responses={201: UnitSerializer, **_WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = _body(UnitCreateSerializer, request)
        if not can_manage_agency(request.user, data["agency"].pk):
            raise PermissionDenied()
        unit = services.unit_create(actor=request.user, **data)
        return Response(UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change a unit (the agency's administrator)",
                   request=UnitUpdateSerializer, responses={200: UnitSerializer, **_WRITE_ERRORS})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        unit = services.unit_update(actor=request.user, unit=unit,
                                    **_body(UnitUpdateSerializer, request))
        return Response(UnitSerializer(unit).data)

    @extend_schema(summary="Close a unit and its sub-units (the agency's administrator)",
                   request=CloseSerializer, responses={200: UnitSerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        unit = services.unit_close(actor=request.user, unit=self.get_object(),
                                   **_body(CloseSerializer, request))
        return Response(UnitSerializer(unit).data)


router = SimpleRouter()
router.register("divisions", DivisionViewSet, basename="division")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("units", UnitViewSet, basename="unit")
urlpatterns = router.urls
