from django.contrib import admin
from django.http import HttpRequest

from egov.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read only: payments change through the gateway's signed answers alone."""

    list_display = ["txn_ref", "reference", "amount", "status", "agency", "created_at",
                    "paid_at", "receipt_number"]
    list_filter = ["status", "provider", "agency"]
    search_fields = ["txn_ref", "reference", "receipt_number", "gateway_transaction_no"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Payment | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Payment | None = None) -> bool:
        return False
