"""Pages and public endpoints of the signatures app (thin: parse, call, render)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.accounts.models import Official, Role
from egov.accounts.permissions import has_role, is_system_admin, official_of, scope_to_agency
from egov.core.errors import Conflict
from egov.organizations.models import Agency
from egov.signatures import forms, selectors, services
from egov.signatures.models import CertificateNeed, CertificateStatus, SignerKind
from egov.signatures.permissions import (
    can_administer_authority,
    can_manage_certificate,
    can_view_certificate,
)
from egov.signatures.verification import verify_pdf


def _officials_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if official_of(request.user) is None and not is_system_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _certificate(request: HttpRequest, uid: UUID) -> Any:
    certificate = selectors.certificates_visible_to(request.user).filter(uid=uid).first()
    if certificate is None or not can_view_certificate(request.user, certificate):
        raise Http404
    return certificate


def _manageable_agencies(user: Any) -> Any:
    """The agencies whose certificates ``user`` may request: all for a system
    administrator, their own for an agency's administrator, none for anyone else."""
    agencies = Agency.objects.order_by("name")
    if is_system_admin(user):
        return agencies
    if not has_role(user, Role.AGENCY_ADMIN):
        return agencies.none()
    return agencies.filter(pk=official_of(user).agency_id)


def _require_manager(user: Any) -> Any:
    agencies = _manageable_agencies(user)
    if not agencies.exists():
        raise PermissionDenied
    return agencies


# --- Registry ----------------------------------------------------------------------------


@_officials_only
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The certificate registry (sổ theo dõi chứng thư số) the user may see."""
    certificates = selectors.certificates_visible_to(request.user)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    if status in CertificateStatus.values:
        certificates = certificates.filter(status=status)
    if kind in SignerKind.values:
        certificates = certificates.filter(signer_kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        certificates = certificates.filter(common_name__icontains=query) | certificates.filter(
            serial_number__iexact=query)
    counts_form = forms.CountsForm(request.GET or None,
                                   initial={"on": timezone.localdate()})
    on = counts_form.cleaned_data["on"] if counts_form.is_valid() else timezone.localdate()
    agency_ids = None if is_system_admin(request.user) else [official_of(request.user).agency_id]
    page = Paginator(certificates.order_by("agency__name", "common_name", "-requested_at"), 50) \
        .get_page(request.GET.get("page"))
    counts = selectors.certificate_counts(on, agency_ids)
    count_rows = [(label, [counts[kind_value][s] for s in CertificateStatus.values])
                  for kind_value, label in SignerKind.choices]
    return render(request, "signatures/index.html", {
        "page": page, "status": status, "kind": kind, "q": query,
        "statuses": CertificateStatus.choices, "kinds": SignerKind.choices,
        "count_rows": count_rows, "in_force": counts["active"], "counts_form": counts_form,
        "on": on, "can_request": _manageable_agencies(request.user).exists(),
    })


@_officials_only
@require_GET
def detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    certificate = _certificate(request, uid)
    user = request.user
    return render(request, "signatures/detail.html", {
        "certificate": certificate,
        "events": certificate.events.select_related("actor").order_by("at", "id"),
        "is_admin": can_administer_authority(user),
        "can_manage": can_manage_certificate(user, certificate),
        "issue_form": forms.IssueForm(), "note_form": forms.NoteForm(),
        "revoke_form": forms.RevokeForm(), "passphrase_form": forms.PassphraseForm(),
        "is_holder": certificate.official_id is not None
        and getattr(official_of(user), "pk", None) == certificate.official_id,
    })


@_officials_only
@require_GET
def certificate_file(request: HttpRequest, uid: UUID) -> HttpResponse:
    certificate = _certificate(request, uid)
    if not certificate.certificate_der:
        raise Http404
    response = HttpResponse(bytes(certificate.certificate_der),
                            content_type="application/pkix-cert")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial_number}.cer"'
    return response


_ACTIONS = {
    "issue": forms.IssueForm, "reject": forms.NoteForm, "suspend": forms.NoteForm,
    "reinstate": forms.NoteForm, "revoke": forms.RevokeForm, "renew": None,
    "passphrase": forms.PassphraseForm,
}


@_officials_only
@require_POST
def action(request: HttpRequest, uid: UUID, name: str) -> HttpResponse:
    """One change of a certificate's status, from the buttons of the detail page."""
    if name not in _ACTIONS:
        raise Http404
    certificate = _certificate(request, uid)
    form_class = _ACTIONS[name]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("signatures:detail", uid=uid)
    data = form.cleaned_data if form is not None else {}
    actor = request.user
    try:
        if name == "issue":
            services.certificate_issue(actor=actor, certificate=certificate,
                                       years=data["years"], passphrase=data["passphrase"] or None)
            messages.success(request, _("The certificate has been issued."))
        elif name == "reject":
            services.certificate_reject(actor=actor, certificate=certificate, note=data["note"])
            messages.success(request, _("The request has been rejected."))
        elif name == "suspend":
            services.certificate_suspend(actor=actor, certificate=certificate, note=data["note"])
            messages.success(request, _("The certificate is suspended."))
        elif name == "reinstate":
            services.certificate_reinstate(actor=actor, certificate=certificate,
                                           note=data["note"])
            messages.success(request, _("The certificate is active again."))
        elif name == "revoke":
            services.certificate_revoke(actor=actor, certificate=certificate,
                                        reason_code=data["reason_code"], note=data["note"])
            messages.success(request, _("The certificate has been revoked and the CRL "
                                        "reissued."))
        elif name == "passphrase":
            services.certificate_change_passphrase(
                actor=actor, certificate=certificate, current=data["current"] or None,
                new=data["new"])
            messages.success(request, _("The passphrase has been changed."))
        else:
            renewal = services.certificate_renew(actor=actor, certificate=certificate)
            messages.success(request, _("The renewal has been requested."))
            return redirect("signatures:detail", uid=renewal.uid)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("signatures:detail", uid=uid)


@_officials_only
@require_http_methods(["GET", "POST"])
def request_certificate(request: HttpRequest) -> HttpResponse:
    """Ask for a certificate for the agency's seal or one of its officials."""
    agencies = _require_manager(request.user)
    officials = scope_to_agency(
        request.user, Official.objects.filter(is_active=True).select_related("user", "agency")
    ).order_by("agency__name", "user__full_name")
    form = forms.RequestForm(request.POST or None, agencies=agencies, officials=officials)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = services.certificate_request(
                actor=request.user, signer_kind=data["signer_kind"], agency=data["agency"],
                official=data["official"], common_name=data["common_name"],
                email=data["email"], purpose=data["purpose"],
                key_algorithm=data["key_algorithm"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The request has been registered."))
            return redirect("signatures:detail", uid=certificate.uid)
    return render(request, "signatures/request.html", {"form": form})


@_officials_only
@require_http_methods(["GET", "POST"])
def needs(request: HttpRequest) -> HttpResponse:
    """The yearly registration of certificate needs (đăng ký nhu cầu)."""
    agencies = _require_manager(request.user)
    form = forms.NeedForm(request.POST or None, agencies=agencies,
                          initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.need_register(actor=request.user, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The needs have been registered."))
            return redirect("signatures:needs")
    registered = scope_to_agency(
        request.user, CertificateNeed.objects.select_related("agency")
    ).order_by("-year", "agency__name")[:200]
    return render(request, "signatures/needs.html", {"form": form, "needs": registered})


# --- Signing and verifying --------------------------------------------------------------


@_officials_only
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest) -> HttpResponse:
    """Sign an uploaded PDF with one of the user's certificates; the signed file is the
    answer."""
    certificates = selectors.certificates_for_signing(request.user)
    form = forms.SignForm(request.POST or None, request.FILES or None, certificates=certificates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signed = services.sign_pdf(
                actor=request.user, pdf_bytes=data["file"], certificate=data["certificate"],
                passphrase=data["passphrase"] or None, reason=data["reason"],
                location=data["location"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            name = request.FILES["file"].name.rsplit(".", 1)[0][:80] or "document"
            response = HttpResponse(signed, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{name}-signed.pdf"'
            return response
    return render(request, "signatures/sign.html", {"form": form,
                                                    "has_certificates": certificates.exists()})


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check a signed PDF (public, no login)."""
    form = forms.VerifyForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = verify_pdf(form.cleaned_data["file"])
    return render(request, "signatures/verify.html", {
        "form": form, "report": report,
        "file_name": request.FILES["file"].name if report is not None else "",
    })


@require_GET
def authorities(request: HttpRequest) -> HttpResponse:
    """The authorities the platform runs or trusts, with their certificates and CRLs."""
    return render(request, "signatures/authorities.html",
                  {"authorities": selectors.authorities()})


# --- Public PKI endpoints ---------------------------------------------------------------


@require_GET
def crl(request: HttpRequest, slug: str) -> HttpResponse:
    """The current CRL of one of the platform's CAs (public, RFC 5280 DER)."""
    authority = selectors.published_crl(slug)
    if authority is None:
        raise Http404
    response = HttpResponse(bytes(authority.crl_der), content_type="application/pkix-crl")
    response["Last-Modified"] = authority.crl_this_update.strftime("%a, %d %b %Y %H:%M:%S GMT")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def authority_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    """An authority's certificate (public, DER), as named in issued certificates' AIA."""
    authority = selectors.authority_by_slug(slug)
    if authority is None:
        raise Http404
    return HttpResponse(bytes(authority.certificate_der), content_type="application/pkix-cert")
