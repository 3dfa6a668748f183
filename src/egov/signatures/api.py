"""``/api/v1/certificates/``, ``/api/v1/signatures/…``, ``/api/v1/authorities/``.

Verification is public (no login); the registry is read by officials within their
agency; requests come from an agency's administrator; issuing and revoking from a
system administrator; signing from the certificate's holder (or, for an agency seal,
its director, clerk or desk officer). Every rule is checked again in the services.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from egov.accounts.permissions import IsOfficial, is_system_admin, official_of
from egov.signatures import selectors, services
from egov.signatures.models import Authority, Certificate
from egov.signatures.permissions import can_view_certificate
from egov.signatures.serializers import (
    AuthoritySerializer,
    AuthorityUpdateSerializer,
    CertificateFilterSerializer,
    CertificateRequestSerializer,
    CertificateSerializer,
    CountsQuerySerializer,
    CountsSerializer,
    FlowQuerySerializer,
    FlowSerializer,
    IssueSerializer,
    NoteSerializer,
    PassphraseSerializer,
    PdfUploadSerializer,
    RevokeSerializer,
    SignRequestSerializer,
    VerificationReportSerializer,
)
from egov.signatures.verification import verify_pdf

_ERRORS = {
    400: OpenApiResponse(description="Invalid input: {code, message, fields}."),
    403: OpenApiResponse(description="Not logged in, or not allowed."),
}
_WRITE_ERRORS = {**_ERRORS, 409: OpenApiResponse(description="Wrong state: {code, message}.")}


def _parse(serializer_class: type, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _agency_scope(user: Any) -> list[int] | None:
    return None if is_system_admin(user) else [official_of(user).agency_id]


@extend_schema_view(
    list=extend_schema(summary="Certificates you may see (registry)",
                       parameters=[CertificateFilterSerializer],
                       responses={200: CertificateSerializer(many=True), **_ERRORS}),
    retrieve=extend_schema(summary="One certificate with its history",
                           responses={200: CertificateSerializer, **_ERRORS}),
)
class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    """The certificate registry (chứng thư số): requests, issue, suspension, revocation."""

    serializer_class = CertificateSerializer
    permission_classes = [IsOfficial]
    lookup_field = "uid"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        queryset = selectors.certificates_visible_to(self.request.user) \
            .prefetch_related("events").order_by("agency__name", "common_name", "pk")
        if self.action == "list":
            filters = _parse(CertificateFilterSerializer, self.request.query_params)
            if "agency" in filters:
                filters["agency_id"] = filters.pop("agency")
            queryset = queryset.filter(**filters)
        return queryset

    def get_object(self) -> Certificate:
        certificate = super().get_object()
        if not can_view_certificate(self.request.user, certificate):
            self.permission_denied(self.request)
        return certificate

    @extend_schema(summary="Request a certificate (agency administrators)",
                   request=CertificateRequestSerializer,
                   responses={201: CertificateSerializer, **_WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = _parse(CertificateRequestSerializer, request.data)
        certificate = services.certificate_request(actor=request.user, **data)
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)

    def _done(self, certificate: Certificate) -> Response:
        certificate = self.get_queryset().get(pk=certificate.pk)
        return Response(CertificateSerializer(certificate).data)

    @extend_schema(summary="Issue a requested certificate (system administrators)",
                   request=IssueSerializer, responses={200: CertificateSerializer,
                                                       **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, uid: str | None = None) -> Response:
        data = _parse(IssueSerializer, request.data)
        return self._done(services.certificate_issue(
            actor=request.user, certificate=self.get_object(), years=data.get("years"),
            passphrase=data.get("passphrase") or None))

    @extend_schema(summary="Reject a request (system administrators)", request=NoteSerializer,
                   responses={200: CertificateSerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, uid: str | None = None) -> Response:
        return self._done(services.certificate_reject(
            actor=request.user, certificate=self.get_object(),
            **_parse(NoteSerializer, request.data)))

    @extend_schema(summary="Suspend (the agency's administrator)", request=NoteSerializer,
                   responses={200: CertificateSerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, uid: str | None = None) -> Response:
        return self._done(services.certificate_suspend(
            actor=request.user, certificate=self.get_object(),
            **_parse(NoteSerializer, request.data)))

    @extend_schema(summary="Lift a suspension (system administrators)", request=NoteSerializer,
                   responses={200: CertificateSerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, uid: str | None = None) -> Response:
        return self._done(services.certificate_reinstate(
            actor=request.user, certificate=self.get_object(),
            **_parse(NoteSerializer, request.data)))

    @extend_schema(summary="Revoke with an RFC 5280 reason; the CRL is reissued "
                           "(system administrators)",
                   request=RevokeSerializer, responses={200: CertificateSerializer,
                                                        **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, uid: str | None = None) -> Response:
        return self._done(services.certificate_revoke(
            actor=request.user, certificate=self.get_object(),
            **_parse(RevokeSerializer, request.data)))

    @extend_schema(summary="Request the renewal (the agency's administrator)", request=None,
                   responses={201: CertificateSerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, uid: str | None = None) -> Response:
        renewal = services.certificate_renew(actor=request.user, certificate=self.get_object())
        return Response(CertificateSerializer(renewal).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Set or change the passphrase of your personal certificate's key",
                   request=PassphraseSerializer,
                   responses={204: OpenApiResponse(description="Changed."), **_WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def passphrase(self, request: Request, uid: str | None = None) -> Response:
        data = _parse(PassphraseSerializer, request.data)
        services.certificate_change_passphrase(
            actor=request.user, certificate=self.get_object(),
            current=data.get("current") or None, new=data["new"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Counts by kind and status at the end of a day",
                   parameters=[CountsQuerySerializer],
                   responses={200: CountsSerializer, **_ERRORS})
    @action(detail=False, methods=["get"])
    def counts(self, request: Request) -> Response:
        on = _parse(CountsQuerySerializer, request.query_params)["on"]
        return Response(selectors.certificate_counts(on, _agency_scope(request.user)))

    @extend_schema(summary="Certificates issued, revoked, suspended, expired in a period",
                   parameters=[FlowQuerySerializer], responses={200: FlowSerializer, **_ERRORS})
    @action(detail=False, methods=["get"])
    def flow(self, request: Request) -> Response:
        period = _parse(FlowQuerySerializer, request.query_params)
        return Response(selectors.certificate_flow(period["start"], period["end"],
                                                   _agency_scope(request.user)))


class VerifyView(APIView):
    """Verify every signature of a PDF (public: no login)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(summary="Verify a signed PDF", request={"multipart/form-data":
                                                           PdfUploadSerializer},
                   responses={200: VerificationReportSerializer, 400: _ERRORS[400]})
    def post(self, request: Request) -> Response:
        data = _parse(PdfUploadSerializer, request.data)
        return Response(VerificationReportSerializer(verify_pdf(data["file"])).data)


class SignView(APIView):
    """Sign a PDF with one of your certificates; the answer is the signed PDF."""

    permission_classes = [IsOfficial]
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(summary="Sign a PDF", request={"multipart/form-data": SignRequestSerializer},
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, **_WRITE_ERRORS})
    def post(self, request: Request) -> HttpResponse:
        data = _parse(SignRequestSerializer, request.data)
        signed = services.sign_pdf(
            actor=request.user, pdf_bytes=data["file"], certificate=data["certificate"],
            passphrase=data.get("passphrase") or None, reason=data["reason"],
            location=data.get("location", ""), field_name=data.get("field_name") or None,
        )
        return HttpResponse(signed, content_type="application/pdf")


class TimestampQueryParser(parsers.BaseParser):
    media_type = "application/timestamp-query"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> bytes:
        return stream.read()


class TimestampView(APIView):
    """The platform's timestamp authority over HTTP (RFC 3161), for officials' tools."""

    permission_classes = [IsOfficial]
    parser_classes = [TimestampQueryParser]

    @extend_schema(summary="RFC 3161 timestamp",
                   request={"application/timestamp-query": OpenApiTypes.BINARY},
                   responses={(200, "application/timestamp-reply"): OpenApiTypes.BINARY,
                              **_ERRORS,
                              503: OpenApiResponse(description="No TSA in service.")})
    def post(self, request: Request) -> HttpResponse:
        tsa = services.timestamp_authority()
        if tsa is None:
            return HttpResponse(status=503)
        return HttpResponse(tsa.respond_der(request.data),
                            content_type="application/timestamp-reply")


@extend_schema_view(
    list=extend_schema(summary="Authorities the platform runs or knows",
                       responses={200: AuthoritySerializer(many=True)}),
    retrieve=extend_schema(summary="One authority", responses={200: AuthoritySerializer}),
)
class AuthorityViewSet(viewsets.ReadOnlyModelViewSet):
    """Root and issuing CAs, the TSA, and outside CAs with their CRL addresses (public);
    system administrators decide which roots are trusted and which authorities work."""

    serializer_class = AuthoritySerializer
    queryset = Authority.objects.order_by("role", "name")
    permission_classes = [AllowAny]
    lookup_field = "slug"

    @extend_schema(summary="Trust a root, switch an authority on or off "
                           "(system administrators)",
                   request=AuthorityUpdateSerializer,
                   responses={200: AuthoritySerializer, **_WRITE_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[IsOfficial])
    def configure(self, request: Request, slug: str | None = None) -> Response:
        data = _parse(AuthorityUpdateSerializer, request.data)
        authority = services.authority_update(actor=request.user, authority=self.get_object(),
                                              **data)
        return Response(AuthoritySerializer(authority).data)


router = SimpleRouter()
router.register("certificates", CertificateViewSet, basename="certificate")
router.register("authorities", AuthorityViewSet, basename="authority")

urlpatterns = [
    *router.urls,
    path("signatures/verify/", VerifyView.as_view(), name="signature-verify"),
    path("signatures/sign/", SignView.as_view(), name="signature-sign"),
    path("signatures/timestamp/", TimestampView.as_view(), name="signature-timestamp"),
]
