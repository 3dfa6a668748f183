"""The exchange API: packages and status messages from other systems (authenticated by
the shared secret, answered with edXML status messages), the clerk's queue, peers.

Included in ``egov.documents.api``'s URLs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egov.accounts.permissions import IsOfficial, agency_id_of, is_system_admin
from egov.documents import edxml, selectors
from egov.documents.models import Exchange, ExchangePeer
from egov.documents.serializers import (
    AcceptSerializer,
    ExchangeFilterSerializer,
    ExchangeSerializer,
    IncomingDetailSerializer,
    PeerCreateSerializer,
    PeerSerializer,
    RejectSerializer,
)
from egov.documents.services import exchange as service
from egov.documents.tasks import EXCHANGE_TOKEN_HEADER

XML = "application/xml"
TOKEN = OpenApiParameter(EXCHANGE_TOKEN_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
                         required=True, description="The secret shared with this platform.")
ERRORS = {400: OpenApiResponse(description="Invalid input: {code, message, fields}."),
          403: OpenApiResponse(description="Not logged in, or not allowed.")}
WRITE_ERRORS = {**ERRORS, 404: OpenApiResponse(description="No such exchange."),
                409: OpenApiResponse(description="Wrong state: {code, message}.")}


def _xml(body: bytes, status_code: int) -> HttpResponse:
    return HttpResponse(body, status=status_code, content_type=f"{XML}; charset=utf-8")


def _receiver_of(data: bytes) -> edxml.Organ:
    """Who answers a refused package: its first receiver when readable, else this
    platform."""
    try:
        return edxml.parse_package(data).receivers[0]
    except edxml.PackageError:
        return edxml.Organ("000.00.00.H00", "egov")


class PackageView(APIView):
    """Nhận gói tin: another system delivers an edXML package (multipart: ``package``
    the XML, then one part per file named by its ``cid``)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Receive an edXML package from another system",
        parameters=[TOKEN], request={"multipart/form-data": OpenApiTypes.OBJECT},
        responses={
            (202, XML): OpenApiResponse(OpenApiTypes.STR, description="Status 01 received."),
            (400, XML): OpenApiResponse(OpenApiTypes.STR,
                                        description="Status 02: malformed or unsigned."),
            (403, XML): OpenApiResponse(OpenApiTypes.STR, description="Unknown sender."),
            (404, XML): OpenApiResponse(OpenApiTypes.STR, description="Unknown receiver."),
        })
    def post(self, request: Request) -> HttpResponse:
        upload = request.FILES.get("package")
        data = upload.read() if upload is not None else b""
        files = {name: f.read() for name, f in request.FILES.items() if name != "package"}
        try:
            exchanges = service.package_receive(
                data=data, files=files, token=request.headers.get(EXCHANGE_TOKEN_HEADER, ""))
        except service.Refusal as refusal:
            return _xml(service.refusal_message(refusal, _receiver_of(data)),
                        refusal.http_status)
        first = exchanges[0]
        return _xml(edxml.build_status(service.status_message_of(first.statuses.first())),
                    status.HTTP_202_ACCEPTED)


class StatusView(APIView):
    """Nhận gói tin trạng thái: the receiving system reports on a package sent from
    here (the body is the edXML Status)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes: list[Any] = []

    @extend_schema(summary="Receive a status message about a package sent from here",
                   parameters=[TOKEN], request={XML: OpenApiTypes.STR},
                   responses={204: None,
                              (400, XML): OpenApiResponse(OpenApiTypes.STR),
                              (403, XML): OpenApiResponse(OpenApiTypes.STR),
                              (404, XML): OpenApiResponse(OpenApiTypes.STR)})
    def post(self, request: Request) -> HttpResponse:
        try:
            service.status_receive(data=request.body,
                                   token=request.headers.get(EXCHANGE_TOKEN_HEADER, ""))
        except service.Refusal as refusal:
            return _xml(service.refusal_message(refusal, edxml.Organ("000.00.00.H00",
                                                                     "egov")),
                        refusal.http_status)
        return HttpResponse(status=status.HTTP_204_NO_CONTENT)


class ExchangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Liên thông: documents received by exchange (the clerk accepts or returns them) and
    the deliveries of the agency's own documents with their statuses."""

    serializer_class = ExchangeSerializer
    permission_classes = [IsOfficial]

    def get_queryset(self) -> Any:
        return selectors.exchange_queue(self.request.user)

    @extend_schema(summary="Exchanges received by or sent from your agency",
                   parameters=[ExchangeFilterSerializer],
                   responses={200: ExchangeSerializer(many=True), **ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = ExchangeFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        side = params.validated_data.get("side", "received")
        qs = (selectors.exchanges_sent(request.user) if side == "sent"
              else selectors.exchange_queue(request.user))
        if params.validated_data.get("status"):
            qs = qs.filter(status=params.validated_data["status"])
        page = self.paginate_queryset(qs.prefetch_related("statuses"))
        return self.get_paginated_response(ExchangeSerializer(page, many=True).data)

    def _exchange(self, pk: Any) -> Exchange:
        exchange = Exchange.objects.filter(pk=pk).first() if str(pk).isdigit() else None
        agency = agency_id_of(self.request.user)
        if exchange is None or agency is None or agency not in (
                exchange.receiver_agency_id, getattr(exchange.outgoing, "agency_id", None)):
            raise NotFound()
        return exchange

    @extend_schema(summary="Accept and register a document received (the clerk)",
                   request=AcceptSerializer,
                   responses={201: IncomingDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = service.exchange_accept(actor=request.user, exchange=self._exchange(pk),
                                           **serializer.validated_data)
        return Response(IncomingDetailSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Return a document received to its sender, with the reason",
                   request=RejectSerializer, responses={200: ExchangeSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        exchange = service.exchange_reject(actor=request.user, exchange=self._exchange(pk),
                                           **serializer.validated_data)
        return Response(ExchangeSerializer(exchange).data)

    @extend_schema(summary="Send again a package not yet delivered (the sender's clerk)",
                   request=None, responses={200: ExchangeSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, pk: str | None = None) -> Response:
        exchange = service.resend(actor=request.user, exchange=self._exchange(pk))
        return Response(ExchangeSerializer(exchange).data)


class IsSystemAdmin(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return is_system_admin(request.user)


class PeerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Other document systems this platform exchanges with (system administrators)."""

    serializer_class = PeerSerializer
    permission_classes = [IsSystemAdmin]
    queryset = ExchangePeer.objects.all()

    @extend_schema(summary="Exchange peers", responses={200: PeerSerializer(many=True),
                                                         **ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Register another system and the agencies it reaches",
                   request=PeerCreateSerializer, responses={201: PeerSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        serializer = PeerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not is_system_admin(request.user):
            raise PermissionDenied()
        peer = service.peer_register(actor=request.user, **serializer.validated_data)
        return Response(PeerSerializer(peer).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("exchange/packages/", PackageView.as_view(), name="exchange-packages"),
    path("exchange/status/", StatusView.as_view(), name="exchange-status"),
]
