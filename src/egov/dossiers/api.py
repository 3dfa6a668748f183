"""Dossier API under ``/api/v1/``: online application (with ``Idempotency-Key``), desk
intake, one POST per move of the state machine, inboxes, files, and the public lookup.

Every check is the services' and selectors': a dossier the caller may not see is a 404;
a move they may not make, 403; a move the dossier's status does not allow, or one made
on a revision that someone else has moved on since, 409.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from egov.accounts.authentication import API_AUTHENTICATION
from egov.accounts.models import User
from egov.accounts.permissions import IsOfficial, is_system_admin, official_of
from egov.dossiers import figures, permissions, selectors, services, slips
from egov.dossiers.models import Dossier
from egov.dossiers.serializers import (
    DossierAcceptSerializer,
    DossierApologySerializer,
    DossierApplySerializer,
    DossierApproveSerializer,
    DossierAttachmentSerializer,
    DossierAttachmentUploadSerializer,
    DossierDeclineSerializer,
    DossierDraftUpdateSerializer,
    DossierErrorSerializer,
    DossierEventSerializer,
    DossierFiguresQuerySerializer,
    DossierFiguresSerializer,
    DossierForwardSerializer,
    DossierIntakeSerializer,
    DossierListSerializer,
    DossierPublicSerializer,
    DossierRatingResultSerializer,
    DossierRatingSerializer,
    DossierReasonSerializer,
    DossierReturnSerializer,
    DossierRevisionSerializer,
    DossierSerializer,
    DossierSupplementRequestSerializer,
    DossierSupplementSerializer,
    dossier_data,
)
from egov.dossiers.services._common import local_date
from egov.dossiers.throttles import LookupThrottle
from egov.procedures.models import Procedure
from egov.procedures.selectors import procedure_in_force

_E = {code: OpenApiResponse(DossierErrorSerializer, description=text) for code, text in [
    (400, "Invalid input, by field."), (403, "Not allowed for you."),
    (404, "No such dossier among those you may see."),
    (409, "Not possible in the dossier's status, or the dossier changed since you read "
          "it (expected_revision)."),
]}
_MOVE = {200: DossierSerializer, **_E}

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="Any unique text up to 100 characters. Sending the same request again "
                "with the same key returns the dossier it created (200) instead of a "
                "second one; the same key with another request is a 409.")

SUBMIT_IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="Any unique text up to 100 characters. Sending the same request again "
                "with the same key answers as the first one did (200 and the dossier), "
                "even though the dossier is no longer a draft; the same key with another "
                "request is a 409.")


@functools.cache
def _shape(serializer_class: type) -> Any:
    """One instance of an input serializer per process: making one copies its fields
    every time, and parsing with ``run_validation`` keeps no state on the instance."""
    shape = serializer_class()
    shape.fields  # noqa: B018 -- built here once, not on every request
    return shape


def _valid(serializer_class: type, data: Any) -> dict[str, Any]:
    """``data`` parsed by ``serializer_class``; a ValidationError (400) by field if not."""
    return dict(_shape(serializer_class).run_validation(data))


def _procedure(code: str) -> Procedure:
    # Read with today's version: the submission asks for the procedure only once.
    procedure = procedure_in_force(code, local_date(timezone.now()))
    if procedure is None:
        raise ValidationError({"procedure": _("No procedure has this code.")})
    return procedure


@extend_schema_view(
    list=extend_schema(
        summary="Dossiers you may see: your own, or your agency's",
        parameters=[OpenApiParameter("status", str), OpenApiParameter("code", str)],
        responses={200: DossierListSerializer(many=True), 403: _E[403]}),
    retrieve=extend_schema(responses={200: DossierSerializer, 403: _E[403], 404: _E[404]}),
)
@extend_schema(tags=["dossiers"])
class DossierViewSet(viewsets.GenericViewSet):
    """Dossiers (hồ sơ). Citizens and businesses apply and follow their own; officials
    see their agency's and move them as the procedure's steps allow."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]
    serializer_class = DossierSerializer
    queryset = Dossier.objects.none()
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self) -> Any:
        queryset = selectors.dossiers_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        if params.get("code"):
            queryset = queryset.filter(code=params["code"].strip())
        return queryset

    def _dossier(self, pk: Any) -> Dossier:
        return selectors.dossier_for(self.request.user, pk)

    def _answer(self, dossier: Dossier, code: int = status.HTTP_200_OK) -> Response:
        """The dossier as the service left it: read again only if the caller may no
        longer see it (then 404, as for any dossier not theirs)."""
        if not permissions.can_view(self.request.user, dossier):
            raise Http404
        return Response(dossier_data(dossier), status=code)

    def _move(self, request: Request, pk: Any, serializer_class: type,
              service: Callable[..., Dossier], **renamed: str) -> Response:
        dossier = self._dossier(pk)
        data = _valid(serializer_class, request.data)
        for source, target in renamed.items():
            if source in data:
                data[target] = data.pop(source)
        moved = service(actor=request.user, dossier=dossier, **data)
        return self._answer(moved)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DossierListSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(dossier_data(self._dossier(pk)))

    @extend_schema(
        summary="Apply online (a citizen or business), or save a draft",
        request=DossierApplySerializer, parameters=[IDEMPOTENCY_HEADER],
        responses={201: DossierSerializer, 200: OpenApiResponse(
            DossierSerializer, description="The dossier an earlier request with the same "
                                           "Idempotency-Key created."), **_E})
    def create(self, request: Request) -> Response:
        data = _valid(DossierApplySerializer, request.data)
        procedure = _procedure(data["procedure"])
        if not data.pop("submit"):
            draft = services.dossier_create_draft(
                actor=request.user, procedure=procedure, answers=data["answers"],
                delivery=data["delivery"], delivery_address=data["delivery_address"])
            return self._answer(draft, status.HTTP_201_CREATED)
        dossier, created = services.dossier_apply(
            actor=request.user, procedure=procedure, answers=data["answers"],
            delivery=data["delivery"], delivery_address=data["delivery_address"],
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            fingerprint=services.request_fingerprint(request.data),
        )
        return self._answer(dossier, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Change a draft", request=DossierDraftUpdateSerializer, responses=_MOVE)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierDraftUpdateSerializer, services.dossier_update_draft)

    @extend_schema(summary="What waits for me, the earliest due first",
                   responses={200: DossierListSerializer(many=True), 403: _E[403]})
    @action(detail=False, methods=["get"])
    def inbox(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.inbox(request.user))
        return self.get_paginated_response(DossierListSerializer(page, many=True).data)

    @extend_schema(summary="Take in a dossier at the desk or by post",
                   request=DossierIntakeSerializer, responses={201: DossierSerializer, **_E})
    @action(detail=False, methods=["post"])
    def intake(self, request: Request) -> Response:
        data = _valid(DossierIntakeSerializer, request.data)
        dossier = services.dossier_intake(
            actor=request.user, procedure=_procedure(data.pop("procedure")), **data)
        return self._answer(dossier, status.HTTP_201_CREATED)

    @extend_schema(summary="The history: the processing control sheet",
                   responses={200: DossierEventSerializer(many=True), 403: _E[403], 404: _E[404]})
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: Any = None) -> Response:
        dossier = self._dossier(pk)
        return Response(DossierEventSerializer(selectors.history(dossier), many=True).data)

    @extend_schema(summary="A one-stop slip as PDF: receipt, supplement, refusal, apology, "
                           "control (the processing control sheet)",
                   responses={(200, "application/pdf"): OpenApiResponse(
                       description="The slip, printed from the event that issued it."),
                       403: _E[403], 404: _E[404]})
    @action(detail=True, methods=["get"], url_path=r"slips/(?P<kind>[a-z]+)",
            url_name="slip")
    def slip(self, request: Request, pk: Any = None, kind: str = "") -> HttpResponse:
        dossier = self._dossier(pk)
        try:
            pdf = slips.render_slip(dossier, kind)
        except LookupError:
            raise Http404 from None
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="{slips.slip_filename(dossier, kind)}"')
        return response

    @extend_schema(summary="Add a file (PDF, JPEG, PNG, DOCX, XLSX)",
                   request={"multipart/form-data": DossierAttachmentUploadSerializer},
                   responses={201: DossierAttachmentSerializer, **_E})
    @action(detail=True, methods=["post"], url_path="attachments")
    def attach(self, request: Request, pk: Any = None) -> Response:
        dossier = self._dossier(pk)
        data = _valid(DossierAttachmentUploadSerializer, request.data)
        upload = data["file"]
        attachment = services.dossier_attach(
            actor=request.user, dossier=dossier, name=upload.name, content=upload,
            paper_position=data.get("paper_position"))
        return Response(DossierAttachmentSerializer(attachment).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download a file, or remove it from a draft",
                   responses={(200, "application/octet-stream"): OpenApiResponse(
                       description="The file as uploaded."), 204: None,
                       403: _E[403], 404: _E[404], 409: _E[409]})
    @action(detail=True, methods=["get", "delete"],
            url_path=r"attachments/(?P<attachment_id>\d+)", url_name="attachment-detail")
    def attachment(self, request: Request, pk: Any = None,
                   attachment_id: str = "") -> Response | FileResponse:
        attachment = selectors.attachment_for(request.user, pk, attachment_id)
        if request.method == "DELETE":
            services.dossier_detach(actor=request.user, attachment=attachment)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.name, content_type=attachment.content_type)

    @extend_schema(summary="Submit a draft", request=DossierRevisionSerializer,
                   parameters=[SUBMIT_IDEMPOTENCY_HEADER], responses=_MOVE)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        dossier = self._dossier(pk)
        data = _valid(DossierRevisionSerializer, request.data)
        return self._answer(services.dossier_submit(
            actor=request.user, dossier=dossier, **data,
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            fingerprint=services.request_fingerprint({"submit": dossier.pk,
                                                      "body": request.data})))

    @extend_schema(summary="Accept (the desk): the appointment is given",
                   request=DossierAcceptSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierAcceptSerializer, services.dossier_accept)

    @extend_schema(summary="Refuse at intake, with the reason", request=DossierReasonSerializer,
                   responses=_MOVE)
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierReasonSerializer, services.dossier_refuse)

    @extend_schema(summary="Ask the applicant, once, for everything missing",
                   request=DossierSupplementRequestSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"], url_path="request-supplement")
    def request_supplement(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierSupplementRequestSerializer,
                          services.dossier_request_supplement)

    @extend_schema(summary="The supplement is in (the applicant, or the desk)",
                   request=DossierSupplementSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"])
    def supplement(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierSupplementSerializer, services.dossier_supplement)

    @extend_schema(summary="Take an unassigned dossier at your step",
                   request=DossierRevisionSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierRevisionSerializer, services.dossier_take)

    @extend_schema(summary="Hand over to the next step", request=DossierForwardSerializer,
                   responses=_MOVE)
    @action(detail=True, methods=["post"])
    def forward(self, request: Request, pk: Any = None) -> Response:
        dossier = self._dossier(pk)
        data = _valid(DossierForwardSerializer, request.data)
        to_user = None
        if data.get("to_user") is not None:
            to_user = User.objects.filter(pk=data["to_user"], kind=User.Kind.OFFICIAL).first()
            if to_user is None:
                raise ValidationError({"to_user": _("No official has this id.")})
        data["to_user"] = to_user
        return self._answer(services.dossier_forward(actor=request.user, dossier=dossier,
                                                     **data))

    @extend_schema(summary="Send back to the step before, with the reason",
                   request=DossierReasonSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierReasonSerializer, services.dossier_send_back)

    def _decide(self, request: Request, pk: Any, serializer_class: type,
                service: Callable[..., Dossier]) -> Response:
        dossier = self._dossier(pk)
        data = _valid(serializer_class, request.data)
        data["certificate"] = selectors.signing_certificate_for(request.user,
                                                                data.get("certificate"))
        data["passphrase"] = data.get("passphrase") or None
        return self._answer(service(actor=request.user, dossier=dossier, **data))

    @extend_schema(summary="Approve (last step): the result is printed and signed",
                   request=DossierApproveSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        return self._decide(request, pk, DossierApproveSerializer, services.dossier_approve)

    @extend_schema(summary="Refuse what was applied for, with reasons (last step), signed",
                   request=DossierDeclineSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: Any = None) -> Response:
        return self._decide(request, pk, DossierDeclineSerializer, services.dossier_decline)

    @extend_schema(summary="Download the signed result",
                   responses={(200, "application/pdf"): OpenApiResponse(
                       description="The result, signed (PAdES)."), 403: _E[403], 404: _E[404]})
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: Any = None) -> FileResponse:
        dossier = selectors.result_for(request.user, pk)
        return FileResponse(dossier.result_file.open("rb"), as_attachment=True,
                            filename=f"ket-qua-{dossier.code}.pdf",
                            content_type="application/pdf")

    @extend_schema(summary="Apologise and give a new date", request=DossierApologySerializer,
                   responses=_MOVE)
    @action(detail=True, methods=["post"])
    def apologise(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierApologySerializer, services.dossier_apologise)

    @extend_schema(summary="Return the result (the desk)", request=DossierReturnSerializer,
                   responses=_MOVE)
    @action(detail=True, methods=["post"], url_path="return")
    def return_result(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierReturnSerializer, services.dossier_return)

    @extend_schema(summary="Withdraw the dossier", request=DossierReasonSerializer, responses=_MOVE)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        return self._move(request, pk, DossierReasonSerializer, services.dossier_withdraw)

    @extend_schema(summary="Rate the service (the applicant, once, after the return)",
                   request=DossierRatingSerializer,
                   responses={201: DossierRatingResultSerializer, **_E})
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: Any = None) -> Response:
        dossier = self._dossier(pk)
        data = _valid(DossierRatingSerializer, request.data)
        rating = services.dossier_rate(actor=request.user, dossier=dossier, **data)
        return Response(DossierRatingResultSerializer(rating).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["dossiers"])
class LookupViewSet(viewsets.ViewSet):
    """The public lookup (tra cứu hồ sơ): with the code and the applicant's phone number
    or ID, anyone sees the status and history of a dossier without logging in."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [LookupThrottle]

    @extend_schema(
        operation_id="dossier_lookup",
        parameters=[OpenApiParameter("code", str, required=True),
                    OpenApiParameter("check", str, required=True,
                                     description="The applicant's phone number or ID")],
        responses={200: DossierPublicSerializer,
                   404: OpenApiResponse(DossierErrorSerializer,
                                        description="No dossier with this code and check."),
                   429: OpenApiResponse(DossierErrorSerializer, description="Too many lookups.")},
        auth=[])
    def list(self, request: Request) -> Response:
        dossier = selectors.lookup(request.query_params.get("code", ""),
                                   request.query_params.get("check", ""))
        if dossier is None:
            raise Http404
        return Response(DossierPublicSerializer(selectors.public_view(dossier)).data)

    @extend_schema(operation_id="dossier_lookup_rate",
                   request=DossierRatingSerializer,
                   parameters=[OpenApiParameter("code", str, required=True)],
                   responses={201: DossierRatingResultSerializer, **_E}, auth=[])
    @action(detail=False, methods=["post"])
    def rate(self, request: Request) -> Response:
        data = _valid(DossierRatingSerializer, request.data)
        dossier = selectors.lookup(request.query_params.get("code", ""), data["check"])
        if dossier is None:
            raise Http404
        rating = services.dossier_rate(actor=None, dossier=dossier, **data)
        return Response(DossierRatingResultSerializer(rating).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["dossiers"])
class FiguresViewSet(viewsets.ViewSet):
    """Counts of dossiers for a period (the indicators' source): officials see their
    agency's, system administrators any agency's or the whole province's."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated, IsOfficial]

    @extend_schema(
        operation_id="dossier_figures",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("by", str, description="Comma-separated: agency, procedure, "
                                                    "level, channel, status, timeliness, "
                                                    "month. Empty: the summary."),
            OpenApiParameter("basis", str, enum=list(figures.BASES)),
            OpenApiParameter("agency", int, description="System administrators only"),
        ],
        responses={200: DossierFiguresSerializer, **_E})
    def list(self, request: Request) -> Response:
        data = _valid(DossierFiguresQuerySerializer, request.query_params)
        official = official_of(request.user)
        if is_system_admin(request.user):
            agency_ids = [data["agency"]] if data.get("agency") else None
        else:
            agency_ids = [official.agency_id]
        by = [d.strip() for d in data.get("by", "").split(",") if d.strip()]
        common = {"basis": data["basis"], "agency_ids": agency_ids}
        if by:
            rows = figures.dossier_counts(data["from"], data["to"], by=by, **common)
            return Response({"rows": rows, "summary": None})
        return Response({"rows": None,
                         "summary": figures.dossier_summary(data["from"], data["to"],
                                                            **common)})


router = SimpleRouter()
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("dossier-lookup", LookupViewSet, basename="dossier-lookup")
router.register("dossier-figures", FiguresViewSet, basename="dossier-figures")
urlpatterns = router.urls
