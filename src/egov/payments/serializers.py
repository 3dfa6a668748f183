from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.payments.models import Payment
from egov.payments.registry import register


class PaymentSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = ["txn_ref", "reference", "purpose", "amount", "provider", "status",
                  "status_label", "agency", "agency_name", "created_at", "expires_at",
                  "paid_at", "gateway_transaction_no", "gateway_response_code", "bank_code",
                  "receipt_number", "receipt_url", "dossier_note"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt_url(self, payment: Payment) -> str | None:
        """The receipt page (biên lai), once paid."""
        if payment.status != Payment.Status.PAID:
            return None
        return reverse("payments:receipt", kwargs={"txn_ref": payment.txn_ref})


class PaymentStartSerializer(serializers.Serializer):
    dossier_code = serializers.CharField(max_length=64)
    amount = serializers.IntegerField(min_value=1, help_text="VND")
    purpose = serializers.CharField(max_length=255)
    provider = serializers.CharField(max_length=30, default="vnpay")

    def validate_provider(self, value: str) -> str:
        if value not in register:
            raise serializers.ValidationError(
                _("There is no payment gateway called %(name)s.") % {"name": value})
        return value


class PaymentStartedSerializer(PaymentSerializer):
    redirect_url = serializers.CharField(
        read_only=True, help_text="The gateway's payment page: send the payer's browser there.")

    class Meta(PaymentSerializer.Meta):
        fields = [*PaymentSerializer.Meta.fields, "redirect_url"]
        read_only_fields = fields


class PaymentFilterSerializer(serializers.Serializer):
    reference = serializers.CharField(required=False, max_length=64,
                                      help_text="Dossier code.")
    status = serializers.ChoiceField(required=False, choices=Payment.Status.choices)


class NotificationAnswerSerializer(serializers.Serializer):
    """VNPay's IPN answer."""

    RspCode = serializers.CharField(help_text="00 confirmed, 01 order not found, 02 already "
                                              "confirmed, 04 invalid amount, 97 invalid "
                                              "signature, 99 unknown error.")
    Message = serializers.CharField()
