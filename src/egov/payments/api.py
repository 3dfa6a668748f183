"""``/api/v1/payments/``: start paying a dossier's fee, follow a payment; and
``/api/v1/payments/ipn/<provider>/``, where gateways notify results server to server.

Payers see their own payments, officials those their agency received. The IPN address
is public: what makes a notification count is the gateway's signature.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from egov.payments import selectors, services
from egov.payments.base import Outcome
from egov.payments.errors import CallbackRejected
from egov.payments.models import Payment
from egov.payments.registry import register
from egov.payments.serializers import (
    NotificationAnswerSerializer,
    PaymentFilterSerializer,
    PaymentSerializer,
    PaymentStartedSerializer,
    PaymentStartSerializer,
)

logger = logging.getLogger(__name__)

_ERRORS = {
    400: OpenApiResponse(description="Invalid input: {code, message, fields}."),
    403: OpenApiResponse(description="Not logged in, or not allowed."),
}


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Payments of fees and charges (thanh toán phí, lệ phí)."""

    serializer_class = PaymentSerializer
    permission_classes = [IsAuthenticated]
    queryset = Payment.objects.none()
    lookup_field = "txn_ref"
    lookup_value_regex = "[A-Za-z0-9]+"

    @extend_schema(summary="Payments I made, or my agency received",
                   parameters=[PaymentFilterSerializer],
                   responses={200: PaymentSerializer(many=True), **_ERRORS})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filters = PaymentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(
            selectors.payments_visible_to(request.user, **filters.validated_data))
        return self.get_paginated_response(PaymentSerializer(page, many=True).data)

    @extend_schema(summary="One payment and its status",
                   responses={200: PaymentSerializer, **_ERRORS,
                              404: OpenApiResponse(description="No such payment.")})
    def retrieve(self, request: Request, txn_ref: str | None = None) -> Response:
        payment = selectors.payment_by_txn_ref(txn_ref or "")
        if payment is None:
            raise NotFound()
        if not selectors.can_view_payment(request.user, payment):
            raise PermissionDenied()
        return Response(PaymentSerializer(payment).data)

    @extend_schema(
        summary="Start paying a dossier's fee online (the dossier's applicant)",
        description="Answers the payment and `redirect_url`, the gateway's page to send the "
                    "payer to. Asking again while the attempt is open answers the same one.",
        request=PaymentStartSerializer,
        responses={201: PaymentStartedSerializer, **_ERRORS,
                   409: OpenApiResponse(description="Already paid, another attempt in "
                                                    "progress, or payment unavailable.")},
    )
    def create(self, request: Request) -> Response:
        body = PaymentStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            payment, redirect_url = services.payment_start(
                actor=request.user, dossier_code=data["dossier_code"], amount=data["amount"],
                purpose=data["purpose"], provider=data["provider"],
                return_url=request.build_absolute_uri(
                    reverse("payments:return", kwargs={"provider": data["provider"]})),
            )
        except DjangoPermissionDenied as exc:
            # The service's reason ("only the applicant") tells the client more.
            raise PermissionDenied(str(exc)) from exc
        payment.redirect_url = redirect_url
        return Response(PaymentStartedSerializer(payment).data, status=status.HTTP_201_CREATED)


class PaymentNotificationView(APIView):
    """The gateway's server-to-server notification of a result (IPN)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="Payment result notification from a gateway (IPN)",
        description="Called by the gateway, not by people. The query carries the gateway's "
                    "signed parameters (for VNPay: vnp_TxnRef, vnp_Amount, vnp_ResponseCode, "
                    "vnp_TransactionStatus, vnp_TransactionNo, vnp_BankCode, vnp_PayDate, "
                    "vnp_SecureHash, ...). Always answers 200 with the gateway's own answer "
                    "format; a forged, unknown or repeated notification changes nothing.",
        parameters=[OpenApiParameter("provider", OpenApiTypes.STR, OpenApiParameter.PATH,
                                     enum=["vnpay"]),
                    OpenApiParameter("vnp_TxnRef", OpenApiTypes.STR),
                    OpenApiParameter("vnp_Amount", OpenApiTypes.STR),
                    OpenApiParameter("vnp_SecureHash", OpenApiTypes.STR)],
        responses={200: NotificationAnswerSerializer,
                   404: OpenApiResponse(description="No such gateway.")},
        auth=[],
    )
    def get(self, request: Request, provider: str) -> Response:
        if provider not in register:
            raise NotFound()
        try:
            payment = services.payment_callback(provider=provider,
                                                params=request.query_params.dict(),
                                                source=Payment.Source.IPN)
        except CallbackRejected as exc:
            logger.warning("%s notification rejected (%s): %s", provider, exc.outcome.value,
                           exc.message)
            outcome = exc.outcome
        except Exception:
            # The gateway retries notifications that end in an error: nothing was kept.
            logger.exception("%s notification failed", provider)
            outcome = Outcome.ERROR
        else:
            logger.info("%s notification: payment %s is %s", provider, payment.txn_ref,
                        payment.status)
            outcome = Outcome.CONFIRMED
        return Response(register.get(provider).notification_answer(outcome))


router = SimpleRouter()
router.register("payments", PaymentViewSet, basename="payments")

urlpatterns = [
    path("payments/ipn/<str:provider>/", PaymentNotificationView.as_view(),
         name="payments-ipn"),
    *router.urls,
]
