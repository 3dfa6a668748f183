"""Catalogue API: public reading; import by system administrators."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from egov.accounts.permissions import is_system_admin
from egov.procedures import selectors, services
from egov.procedures.models import Procedure


class IsSystemAdmin(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_system_admin(request.user)


class ProcedureListSerializer(serializers.Serializer):
    """A procedure with the version in force (``current``, set by the selector)."""

    code = serializers.CharField()
    name = serializers.CharField()
    agency = serializers.CharField()
    agency_name = serializers.CharField()
    field = serializers.CharField()
    old_level = serializers.IntegerField()
    online_level = serializers.CharField()
    time_limit_days = serializers.IntegerField()

    def to_representation(self, procedure: Procedure) -> dict[str, Any]:
        version = procedure.current[0]
        return {
            "code": procedure.code, "name": version.name, "agency": procedure.agency.code,
            "agency_name": procedure.agency.name, "field": procedure.field.name,
            "old_level": version.old_level, "online_level": version.online_level,
            "time_limit_days": version.time_limit_days,
        }


class ProcedureRecordSerializer(serializers.Serializer):
    """The exchange shape of docs/procedures.md (all versions)."""

    code = serializers.CharField()
    agency = serializers.CharField()
    field = serializers.DictField()
    versions = serializers.ListField(child=serializers.DictField())


class ProcedureViewSet(viewsets.GenericViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    permission_classes = [AllowAny]
    serializer_class = ProcedureListSerializer
    queryset = Procedure.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words of the name or code, accents optional"),
            OpenApiParameter("agency", int), OpenApiParameter("field", int),
            OpenApiParameter("online", bool, description="Only level 3 and 4"),
        ],
        responses=ProcedureListSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        results = selectors.procedure_search(
            text=params.get("q", ""),
            agency_id=int(params["agency"]) if params.get("agency", "").isdigit() else None,
            field_id=int(params["field"]) if params.get("field", "").isdigit() else None,
            online_only=params.get("online") in {"1", "true"},
        )
        page = self.paginate_queryset(results)
        return self.get_paginated_response(ProcedureListSerializer(page, many=True).data)

    @extend_schema(responses=ProcedureRecordSerializer)
    def retrieve(self, request: Request, code: str) -> Response:
        procedure = Procedure.objects.select_related("agency", "field").filter(code=code).first()
        if procedure is None:
            from rest_framework.exceptions import NotFound

            raise NotFound()
        return Response(services.procedure_record(procedure))

    @extend_schema(
        request=ProcedureRecordSerializer(many=True),
        responses={200: inline_serializer("CatalogueImportResult", {
            "procedures": serializers.IntegerField(), "versions": serializers.IntegerField(),
            "unchanged": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="import",
            permission_classes=[IsSystemAdmin])
    def import_catalogue(self, request: Request) -> Response:
        counts = services.catalogue_import(actor=request.user, records=request.data)
        return Response(counts, status=status.HTTP_200_OK)


router = SimpleRouter()
router.register("procedures", ProcedureViewSet, basename="procedure")
urlpatterns = router.urls
