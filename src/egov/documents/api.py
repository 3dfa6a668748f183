"""``/api/v1/document-types/``, ``/api/v1/document-registers/``,
``/api/v1/incoming-documents/``, ``/api/v1/document-assignments/``,
``/api/v1/document-inbox/``, ``/api/v1/outgoing-documents/``, and the exchange
endpoints of ``api_exchange``.

Every rule is in the services and selectors; these views parse, call and answer.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from egov.accounts.permissions import IsOfficial, agency_id_of
from egov.documents import api_exchange, reports, selectors
from egov.documents.files import Upload
from egov.documents.models import (
    Assignment,
    DocumentType,
    IncomingDocument,
    OutgoingDocument,
    Register,
)
from egov.documents.permissions import (
    can_report,
    can_view_incoming,
    can_view_outgoing,
    can_view_registers,
)
from egov.documents.serializers import (
    NO_CERTIFICATE,
    AppendixRowSerializer,
    AssignmentSerializer,
    AssignSerializer,
    AttachmentSerializer,
    CompleteSerializer,
    DelegateSerializer,
    DocumentCountsSerializer,
    DocumentTypeFilterSerializer,
    DocumentTypeSerializer,
    FilesSerializer,
    FinishSerializer,
    InboxFilterSerializer,
    InboxItemSerializer,
    IncomingCreateSerializer,
    IncomingDetailSerializer,
    IncomingFilterSerializer,
    IncomingSerializer,
    NoteCreateSerializer,
    NoteSerializer,
    OutgoingCreateSerializer,
    OutgoingDetailSerializer,
    OutgoingFilterSerializer,
    OutgoingReviseSerializer,
    OutgoingSerializer,
    PeriodQuerySerializer,
    RegisterCreateSerializer,
    RegisterFilterSerializer,
    RegisterSerializer,
    RegisterUpdateSerializer,
    ReviewSerializer,
    SignSerializer,
    SubmitSerializer,
)
from egov.documents.services import handling, incoming, outgoing, registers
from egov.documents.services.handling import AssignmentSpec
from egov.documents.services.incoming import IncomingData
from egov.documents.services.outgoing import DraftData, RecipientSpec
from egov.organizations.models import Agency

ERRORS = {
    400: OpenApiResponse(description="Invalid input: {code, message, fields}."),
    403: OpenApiResponse(description="Not logged in, or not allowed."),
}
NOT_FOUND = {404: OpenApiResponse(description="No such object, or not yours to see.")}
WRITE_ERRORS = {**ERRORS, **NOT_FOUND,
                409: OpenApiResponse(description="Wrong state: {code, message}.")}


def query(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def body(serializer_class: type, request: Request, **context: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(summary="Document types and their abbreviations (Decree 30/2020)",
                       parameters=[DocumentTypeFilterSerializer],
                       responses={200: DocumentTypeSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="One document type",
                           responses={200: DocumentTypeSerializer, **ERRORS, **NOT_FOUND}),
)
class DocumentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """Loại văn bản: the types of Decree 30/2020 (Art. 7, Appendix III), legal normative
    and Party types for incoming documents, and the copy forms."""

    serializer_class = DocumentTypeSerializer
    queryset = DocumentType.objects.all()
    permission_classes = [IsAuthenticated]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = query(DocumentTypeFilterSerializer, request)
        page = self.paginate_queryset(selectors.document_types(
            category=params.get("category"), active_only=False))
        return self.get_paginated_response(DocumentTypeSerializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Registers of your agency", parameters=[RegisterFilterSerializer],
                       responses={200: RegisterSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="One register",
                           responses={200: RegisterSerializer, **ERRORS, **NOT_FOUND}),
)
class RegisterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Sổ đăng ký văn bản: each with its own yearly number series."""

    serializer_class = RegisterSerializer
    queryset = Register.objects.select_related("agency").prefetch_related("types")
    permission_classes = [IsOfficial]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = query(RegisterFilterSerializer, request)
        page = self.paginate_queryset(selectors.registers_visible_to(
            request.user, direction=params.get("direction")))
        return self.get_paginated_response(RegisterSerializer(page, many=True).data)

    def get_object(self) -> Register:
        register = super().get_object()
        # Another agency's books are not shown, not even that they exist; changing one is
        # refused by the service (403).
        if self.action == "retrieve" and not can_view_registers(self.request.user,
                                                                register.agency_id):
            raise NotFound()
        return register

    @extend_schema(summary="Open a register with its own series",
                   request=RegisterCreateSerializer,
                   responses={201: RegisterSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = body(RegisterCreateSerializer, request)
        agency = data.pop("agency", None)
        if agency is None:
            agency = Agency.objects.filter(pk=agency_id_of(request.user)).first()
            if agency is None:
                raise PermissionDenied()
        register = registers.register_create(actor=request.user, agency=agency,
                                             types=data.pop("types", []), **data)
        return Response(RegisterSerializer(register).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Rename a register or change its types",
                   request=RegisterUpdateSerializer,
                   responses={200: RegisterSerializer, **WRITE_ERRORS})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        register = registers.register_update(actor=request.user, register=self.get_object(),
                                             **body(RegisterUpdateSerializer, request))
        return Response(RegisterSerializer(register).data)


def visible_incoming(request: Request, pk: Any) -> IncomingDocument:
    """404 for a document the user may not see: a secret one does not show it exists."""
    document = IncomingDocument.objects.filter(pk=pk).select_related(
        "doc_type", "register").first() if str(pk).isdigit() else None
    if document is None or not can_view_incoming(request.user, document):
        raise NotFound()
    return document


@extend_schema_view(
    list=extend_schema(summary="Incoming documents you may see",
                       parameters=[IncomingFilterSerializer],
                       responses={200: IncomingSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="One incoming document, with its handling",
                           responses={200: IncomingDetailSerializer, **ERRORS, **NOT_FOUND}),
)
class IncomingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Văn bản đến: registered by the clerk, seen by the clerk, the director and those
    assigned."""

    serializer_class = IncomingSerializer
    permission_classes = [IsOfficial]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> Any:
        return selectors.incoming_visible_to(self.request.user).prefetch_related(
            "attachments").order_by("-arrival_year", "-arrival_number")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = query(IncomingFilterSerializer, request)
        page = self.paginate_queryset(selectors.incoming_filter(self.get_queryset(), **params))
        return self.get_paginated_response(IncomingSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(IncomingDetailSerializer(visible_incoming(request, pk)).data)

    @extend_schema(summary="Register an incoming document (the clerk)",
                   request={"multipart/form-data": IncomingCreateSerializer,
                            "application/json": IncomingCreateSerializer},
                   responses={201: IncomingSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = body(IncomingCreateSerializer, request)
        files = [Upload.from_file(f) for f in data.pop("files")]
        channel = data.pop("channel")
        document = incoming.incoming_register(actor=request.user, channel=channel, files=files,
                                              data=IncomingData(**data))
        return Response(IncomingSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add files to an incoming document (the clerk)",
                   request={"multipart/form-data": FilesSerializer},
                   responses={201: AttachmentSerializer(many=True), **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        document = visible_incoming(request, pk)
        files = [Upload.from_file(f) for f in body(FilesSerializer, request)["files"]]
        created = incoming.incoming_attach(actor=request.user, document=document, files=files)
        return Response(AttachmentSerializer(created, many=True).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Assign the document: lead, co-operating, for information "
                           "(the director)",
                   request=AssignSerializer,
                   responses={201: AssignmentSerializer(many=True), **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        document = visible_incoming(request, pk)
        specs = [AssignmentSpec(**row) for row in body(AssignSerializer, request)["assignments"]]
        created = handling.incoming_assign(actor=request.user, document=document,
                                           assignments=specs)
        return Response(AssignmentSerializer(created, many=True).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add an opinion or a progress report", request=NoteCreateSerializer,
                   responses={201: NoteSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str | None = None) -> Response:
        document = visible_incoming(request, pk)
        data = body(NoteCreateSerializer, request)
        note = handling.note_add(actor=request.user, document=document, kind=data["kind"],
                                 body=data["text"], percent=data["percent"])
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Finish the handling with a note (the lead or the director)",
                   request=FinishSerializer,
                   responses={200: IncomingDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk: str | None = None) -> Response:
        document = visible_incoming(request, pk)
        document = handling.incoming_finish(actor=request.user, document=document,
                                            **body(FinishSerializer, request))
        return Response(IncomingDetailSerializer(document).data)


class AssignmentViewSet(viewsets.GenericViewSet):
    """Phân công xử lý: passed on inside a unit, completed by co-operating holders."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsOfficial]
    queryset = Assignment.objects.select_related("document", "unit")

    def _assignment(self, request: Request, pk: Any) -> Assignment:
        assignment = Assignment.objects.filter(pk=pk).first() if str(pk).isdigit() else None
        if assignment is None or not can_view_incoming(request.user, assignment.document):
            raise NotFound()
        return assignment

    @extend_schema(summary="Pass a unit's assignment to one of its people (the head)",
                   request=DelegateSerializer,
                   responses={201: AssignmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def delegate(self, request: Request, pk: str | None = None) -> Response:
        child = handling.assignment_delegate(actor=request.user,
                                             assignment=self._assignment(request, pk),
                                             **body(DelegateSerializer, request))
        return Response(AssignmentSerializer(child).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Report a co-operating or information assignment done",
                   request=CompleteSerializer,
                   responses={200: AssignmentSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        assignment = handling.assignment_complete(actor=request.user,
                                                  assignment=self._assignment(request, pk),
                                                  **body(CompleteSerializer, request))
        return Response(AssignmentSerializer(assignment).data)


class InboxViewSet(viewsets.GenericViewSet):
    """Việc cần xử lý: the open assignments the user answers for, earliest deadline
    first."""

    serializer_class = InboxItemSerializer
    permission_classes = [IsOfficial]

    @extend_schema(summary="My open assignments with their due state",
                   parameters=[InboxFilterSerializer],
                   responses={200: InboxItemSerializer(many=True), **ERRORS})
    def list(self, request: Request) -> Response:
        params = query(InboxFilterSerializer, request)
        page = self.paginate_queryset(selectors.inbox(request.user, due=params.get("due", "")))
        return self.get_paginated_response(InboxItemSerializer(page, many=True).data)


def visible_outgoing(request: Request, pk: Any) -> OutgoingDocument:
    document = OutgoingDocument.objects.filter(pk=pk).select_related(
        "agency", "doc_type", "drafting_unit", "signer").first() if str(pk).isdigit() else None
    if document is None or not can_view_outgoing(request.user, document):
        raise NotFound()
    return document


def _draft(data: dict[str, Any]) -> DraftData:
    recipients = data.pop("recipients", None)
    if recipients is not None:
        recipients = [RecipientSpec(**r) for r in recipients]
    return DraftData(recipients=recipients, **data)


def _certificate(data: dict[str, Any]) -> Any:
    from egov.signatures.models import Certificate

    certificate = Certificate.objects.filter(pk=data["certificate"]).first()
    if certificate is None:
        raise ValidationError({"certificate": [
            str(NO_CERTIFICATE).format(pk_value=data["certificate"])]})
    return certificate


@extend_schema_view(
    list=extend_schema(summary="Outgoing documents you may see",
                       parameters=[OutgoingFilterSerializer],
                       responses={200: OutgoingSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(summary="One outgoing document with its versions and review",
                           responses={200: OutgoingDetailSerializer, **ERRORS, **NOT_FOUND}),
)
class OutgoingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Văn bản đi: drafted, reviewed, signed by the competent official, issued by the
    clerk with the next number."""

    serializer_class = OutgoingSerializer
    permission_classes = [IsOfficial]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.outgoing_visible_to(self.request.user).prefetch_related(
            "recipients").order_by("-created_at")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = query(OutgoingFilterSerializer, request)
        page = self.paginate_queryset(selectors.outgoing_filter(self.get_queryset(), **params))
        return self.get_paginated_response(OutgoingSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(OutgoingDetailSerializer(visible_outgoing(request, pk)).data)

    def _answer(self, document: OutgoingDocument, status_code: int = 200) -> Response:
        document = OutgoingDocument.objects.get(pk=document.pk)
        return Response(OutgoingDetailSerializer(document).data, status=status_code)

    @extend_schema(summary="Start a draft", request={
        "application/json": OutgoingCreateSerializer,
        "multipart/form-data": OutgoingCreateSerializer},
        responses={201: OutgoingDetailSerializer, **WRITE_ERRORS})
    def create(self, request: Request) -> Response:
        data = body(OutgoingCreateSerializer, request)
        files = [Upload.from_file(f) for f in data.pop("files")]
        unit, reply_to = data.pop("drafting_unit"), data.pop("in_reply_to")
        document = outgoing.outgoing_create(actor=request.user, data=_draft(data),
                                            drafting_unit=unit, in_reply_to=reply_to,
                                            files=files)
        return self._answer(document, status.HTTP_201_CREATED)

    @extend_schema(summary="A new version of the draft (the drafter)", request={
        "application/json": OutgoingReviseSerializer,
        "multipart/form-data": OutgoingReviseSerializer},
        responses={200: OutgoingDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        document = visible_outgoing(request, pk)
        data = body(OutgoingReviseSerializer, request)
        files = [Upload.from_file(f) for f in data.pop("files")]
        note = data.pop("note")
        return self._answer(outgoing.outgoing_revise(
            actor=request.user, document=document, data=_draft(data), note=note, files=files))

    @extend_schema(summary="Submit to reviewers in order (the drafter)",
                   request=SubmitSerializer,
                   responses={200: OutgoingDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        document = visible_outgoing(request, pk)
        outgoing.outgoing_submit(actor=request.user, document=document,
                                 reviewers=body(SubmitSerializer, request)["reviewers"])
        return self._answer(document)

    @extend_schema(summary="Approve or send back (the current reviewer)",
                   request=ReviewSerializer,
                   responses={200: OutgoingDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        document = visible_outgoing(request, pk)
        outgoing.outgoing_review(actor=request.user, document=document,
                                 **body(ReviewSerializer, request))
        return self._answer(document)

    @extend_schema(summary="Sign the approved text (the signer, with their certificate)",
                   request=SignSerializer,
                   responses={200: OutgoingDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        document = visible_outgoing(request, pk)
        data = body(SignSerializer, request)
        return self._answer(outgoing.outgoing_sign(
            actor=request.user, document=document, certificate=_certificate(data),
            passphrase=data["passphrase"] or None))

    @extend_schema(summary="Issue: number, date, the agency's seal (the clerk)",
                   request=SignSerializer,
                   responses={200: OutgoingDetailSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str | None = None) -> Response:
        document = visible_outgoing(request, pk)
        data = body(SignSerializer, request)
        return self._answer(outgoing.outgoing_issue(
            actor=request.user, document=document, seal=_certificate(data),
            passphrase=data["passphrase"] or None))


class ReportViewSet(viewsets.GenericViewSet):
    """Lists and counts of an agency's documents over a period (its director and clerk;
    system administrators for any agency)."""

    permission_classes = [IsOfficial]
    serializer_class = DocumentCountsSerializer

    def _scope(self, request: Request) -> tuple[dict[str, Any], int]:
        params = query(PeriodQuerySerializer, request)
        agency = params.pop("agency", None)
        agency_id = agency.pk if agency is not None else agency_id_of(request.user)
        if not can_report(request.user, agency_id):
            raise PermissionDenied()
        return params, agency_id

    @extend_schema(summary="Documents of a period (the appendix of the yearly report)",
                   parameters=[PeriodQuerySerializer],
                   responses={200: AppendixRowSerializer(many=True), **ERRORS})
    @action(detail=False, methods=["get"])
    def appendix(self, request: Request) -> Response:
        params, agency_id = self._scope(request)
        rows = reports.appendix_rows(agency_ids=[agency_id], start=params["date_from"],
                                     end=params["date_to"], source=params["source"],
                                     types=params.get("types", []), issuer=params["issuer"])
        return Response(AppendixRowSerializer(rows, many=True).data)

    @extend_schema(summary="Counts of a period: received, issued, electronic share, on time",
                   parameters=[PeriodQuerySerializer],
                   responses={200: DocumentCountsSerializer, **ERRORS})
    @action(detail=False, methods=["get"])
    def counts(self, request: Request) -> Response:
        params, agency_id = self._scope(request)
        counts = reports.document_counts(agency_ids=[agency_id], start=params["date_from"],
                                         end=params["date_to"])
        return Response(DocumentCountsSerializer({
            **counts.__dict__, "electronic_share": counts.electronic_share,
            "on_time_share": counts.on_time_share}).data)


router = SimpleRouter()
router.register("document-types", DocumentTypeViewSet, basename="document-type")
router.register("document-registers", RegisterViewSet, basename="document-register")
router.register("incoming-documents", IncomingViewSet, basename="incoming-document")
router.register("document-assignments", AssignmentViewSet, basename="document-assignment")
router.register("document-inbox", InboxViewSet, basename="document-inbox")
router.register("outgoing-documents", OutgoingViewSet, basename="outgoing-document")
router.register("exchanges", api_exchange.ExchangeViewSet, basename="exchange")
router.register("exchange-peers", api_exchange.PeerViewSet, basename="exchange-peer")
router.register("document-reports", ReportViewSet, basename="document-report")
urlpatterns = router.urls + api_exchange.urlpatterns
