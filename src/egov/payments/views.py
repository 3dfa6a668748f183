"""Pages: paying a dossier's fee, the payer's return from the gateway, a payment and its
receipt (biên lai), and the list of payments one may see."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.core.errors import Conflict
from egov.payments import hooks, selectors, services
from egov.payments.base import Outcome
from egov.payments.errors import CallbackRejected
from egov.payments.models import Payment
from egov.payments.registry import register
from egov.payments.selectors import place_name
from egov.printing import vietnamese as vn
from egov.printing.pdf import render_pdf

PAGE_SIZE = 50


@login_required
def payment_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.payments_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "payments/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, dossier_code: str) -> HttpResponse:
    """The applicant pays the fee the dossier says is due."""
    dossier = hooks.find_dossier(dossier_code)
    if dossier is None or dossier.applicant_id != request.user.pk:
        raise Http404
    purpose = dossier.fee_purpose or _("Fees and charges of dossier %(code)s") % {
        "code": dossier.code}
    if request.method == "POST" and dossier.fee_due:
        provider = request.POST.get("provider", "vnpay")
        try:
            _payment, redirect_url = services.payment_start(
                actor=request.user, dossier_code=dossier.code, amount=dossier.fee_due,
                purpose=purpose, provider=provider,
                return_url=request.build_absolute_uri(
                    reverse("payments:return", kwargs={"provider": provider})),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            return redirect(redirect_url)
    return render(request, "payments/start.html", {
        "dossier": dossier, "purpose": purpose,
        "paid": selectors.fee_paid(dossier.code, purpose),
        "payments": selectors.payments_visible_to(request.user, reference=dossier.code),
        "providers": register.choices(),
    })


def gateway_return(request: HttpRequest, provider: str) -> HttpResponse:
    """Where the gateway sends the payer back. The gateway's signature, not a login,
    makes the answer count: the payer's session may have ended meanwhile."""
    if provider not in register:
        raise Http404
    payment, problem = None, ""
    try:
        payment = services.payment_callback(provider=provider, params=request.GET.dict(),
                                            source=Payment.Source.RETURN)
    except CallbackRejected as exc:
        if exc.outcome == Outcome.ALREADY_CONFIRMED:
            # The gateway's notification usually arrives first: the usual case.
            payment = exc.payment
        elif exc.outcome == Outcome.NOT_FOUND:
            problem = _("The gateway sent back a payment this platform does not know.")
        elif exc.outcome == Outcome.INVALID_AMOUNT:
            problem = _("The amount the gateway reports is not the amount asked. The payment "
                        "was not recorded; contact the agency.")
        else:
            problem = _("The answer from the gateway could not be verified. Nothing was "
                        "recorded.")
    return render(request, "payments/return.html", {
        "payment": payment, "problem": problem,
        "gateway_message": register.get(provider).describe(
            payment.gateway_response_code) if payment else "",
        "can_view": payment is not None and selectors.can_view_payment(request.user, payment),
    }, status=400 if problem else 200)


def _visible_payment(request: HttpRequest, txn_ref: str) -> Payment:
    payment = selectors.payment_by_txn_ref(txn_ref)
    if payment is None:
        raise Http404
    if not selectors.can_view_payment(request.user, payment):
        raise PermissionDenied
    return payment


@login_required
def detail(request: HttpRequest, txn_ref: str) -> HttpResponse:
    payment = _visible_payment(request, txn_ref)
    provider = register.get(payment.provider) if payment.provider in register else None
    return render(request, "payments/detail.html", {
        "payment": payment,
        "gateway_message": provider.describe(payment.gateway_response_code) if provider else "",
        "provider_name": provider.verbose_name if provider else payment.provider,
    })


def _paid_payment(request: HttpRequest, txn_ref: str) -> tuple[Payment, str]:
    payment = _visible_payment(request, txn_ref)
    if payment.status != Payment.Status.PAID:
        raise Http404
    provider = register.get(payment.provider) if payment.provider in register else None
    return payment, str(provider.verbose_name) if provider else payment.provider


@login_required
def receipt(request: HttpRequest, txn_ref: str) -> HttpResponse:
    """The receipt of fees and charges (biên lai thu phí, lệ phí) of a paid payment."""
    payment, provider_name = _paid_payment(request, txn_ref)
    return render(request, "payments/receipt.html", {
        "payment": payment, "provider_name": provider_name,
    })


@login_required
def receipt_pdf(request: HttpRequest, txn_ref: str) -> HttpResponse:
    """The same receipt as a PDF in the official layout, in Vietnamese."""
    payment, provider_name = _paid_payment(request, txn_ref)
    agency = payment.agency
    pdf = render_pdf("payments/receipt_pdf.html", {
        "payment": payment, "provider_name": provider_name,
        "agency": agency.name,
        "parent_agency": agency.parent.name if agency.parent_id else "",
        "number_symbol": f"Số: {payment.receipt_number}",
        "place_date": vn.place_date_line(place_name(agency),
                                         timezone.localdate(payment.paid_at)),
        "slip_title": "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "slip_subtitle": "(Thanh toán trực tuyến)",
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.txn_ref}.pdf"'
    return response
