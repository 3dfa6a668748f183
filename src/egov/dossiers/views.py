"""Dossier pages: a citizen's application and dossiers, the desk's intake, officials'
inboxes, the dossier page with its history and the moves the viewer may make, and the
public lookup. Each view parses, calls a service or selector, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.models import User
from egov.accounts.permissions import is_citizen_or_business, is_system_admin, official_of
from egov.core.errors import Conflict
from egov.dossiers import figures, forms, permissions, selectors, services, slips, workflow
from egov.dossiers.models import Channel, Delivery, Dossier, Status
from egov.dossiers.register import register_xlsx
from egov.dossiers.steps import steps_of
from egov.dossiers.throttles import LookupThrottle
from egov.organizations.models import Agency
from egov.procedures.models import Procedure, ProcedureVersion
from egov.signatures.selectors import certificates_for_signing


def _fail(request: HttpRequest, exc: Exception) -> None:
    """Show a service's refusal as messages on the next page."""
    if isinstance(exc, ValidationError):
        for message in forms.error_messages(exc)[1]:
            messages.error(request, message)
    elif isinstance(exc, Conflict):
        messages.error(request, exc.message)
    else:
        messages.error(request, str(exc) or _("You may not do this with this dossier."))


def _attach_uploads(request: HttpRequest, dossier: Dossier) -> None:
    """Files posted as ``file_<paper position>`` or ``file_other``."""
    for key in request.FILES:
        if not key.startswith("file_"):
            continue
        position = key[len("file_"):]
        for upload in request.FILES.getlist(key):
            services.dossier_attach(
                actor=request.user, dossier=dossier, name=upload.name, content=upload,
                paper_position=int(position) if position.isdigit() else None)


# --- A citizen's application --------------------------------------------------------------

def _apply_context(version: ProcedureVersion, dossier: Dossier | None, answers: dict[str, Any],
                   errors: dict[str, list[str]], delivery: str, address: str) -> dict[str, Any]:
    return {
        "version": version, "procedure": version.procedure, "dossier": dossier,
        "fields": forms.answer_fields(version.form, answers, errors), "errors": errors,
        "papers": list(version.papers.all()), "delivery": delivery, "delivery_address": address,
        "deliveries": [(value, label) for value, label in Delivery.choices
                       if value != Delivery.ONLINE or version.old_level >= 4],
        "attachments": list(dossier.attachments.all()) if dossier else [],
    }


def _save_application(request: HttpRequest, version: ProcedureVersion,
                      dossier: Dossier | None) -> tuple[Dossier | None, dict[str, list[str]]]:
    """Save the draft with what was posted, then its files (a refused file leaves the
    draft saved and says why), then submit when asked. Returns the dossier (None when
    nothing could be saved) and the errors by field."""
    answers = forms.posted_answers(version.form, request.POST)
    delivery = request.POST.get("delivery", Delivery.DESK)
    address = request.POST.get("delivery_address", "")
    try:
        if dossier is None:
            dossier = services.dossier_create_draft(
                actor=request.user, procedure=version.procedure, answers=answers,
                delivery=delivery, delivery_address=address)
        else:
            dossier = services.dossier_update_draft(
                actor=request.user, dossier=dossier, answers=answers, delivery=delivery,
                delivery_address=address)
    except ValidationError as exc:
        return dossier, forms.error_messages(exc)[0] or {"__all__": exc.messages}
    try:
        with transaction.atomic():
            for attachment in dossier.attachments.filter(
                    pk__in=[v for v in request.POST.getlist("remove") if v.isdigit()]):
                services.dossier_detach(actor=request.user, attachment=attachment)
            _attach_uploads(request, dossier)
    except ValidationError as exc:
        return dossier, forms.error_messages(exc)[0] or {"file": exc.messages}
    if request.POST.get("action") == "submit":
        try:
            dossier = services.dossier_submit(actor=request.user, dossier=dossier)
        except ValidationError as exc:
            return dossier, forms.error_messages(exc)[0]
    return dossier, {}


@login_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """Apply online for a procedure: the form of the version in force, papers, delivery."""
    procedure = Procedure.objects.select_related("agency").filter(code=code).first()
    version = procedure.version_on(timezone.localdate()) if procedure else None
    if version is None:
        raise Http404
    if not is_citizen_or_business(request.user):
        raise PermissionDenied(_("Only citizens and businesses apply online, with their own "
                                 "account."))
    if not version.online_submission:
        messages.error(request, _("This procedure cannot be submitted online; apply at the "
                                  "one-stop desk or by post."))
        return redirect("procedures:detail", code=procedure.code)
    if request.method == "POST":
        try:
            dossier, errors = _save_application(request, version, None)
        except Conflict as exc:
            _fail(request, exc)
            return redirect("procedures:detail", code=procedure.code)
        if dossier is not None:
            return _after_save(request, dossier, errors)
        return render(request, "dossiers/apply.html", _apply_context(
            version, None, forms.posted_answers(version.form, request.POST), errors,
            request.POST.get("delivery", Delivery.DESK),
            request.POST.get("delivery_address", "")))
    return render(request, "dossiers/apply.html", _apply_context(
        version, None, forms.profile_answers(version.form, request.user), {}, Delivery.DESK,
        ""))


def _after_save(request: HttpRequest, dossier: Dossier,
                errors: dict[str, list[str]]) -> HttpResponse:
    if errors:
        for message in [m for msgs in errors.values() for m in msgs][:1]:
            messages.error(request, _("The draft was saved, but: %(problem)s")
                           % {"problem": message})
        request.session["dossier_errors"] = errors
        return redirect("dossiers:edit", pk=dossier.pk)
    if dossier.status == Status.SUBMITTED:
        messages.success(request, _("Your dossier was submitted. Its code is %(code)s.")
                         % {"code": dossier.code})
        return redirect("dossiers:detail", pk=dossier.pk)
    messages.success(request, _("The draft was saved."))
    return redirect("dossiers:edit", pk=dossier.pk)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Continue a draft."""
    dossier = selectors.dossier_for(request.user, pk)
    if not permissions.is_applicant(request.user, dossier) or dossier.status != Status.DRAFT:
        return redirect("dossiers:detail", pk=dossier.pk)
    version = dossier.version
    if request.method == "POST":
        try:
            dossier, errors = _save_application(request, version, dossier)
        except Conflict as exc:
            _fail(request, exc)
            return redirect("dossiers:detail", pk=pk)
        return _after_save(request, dossier, errors)
    errors = request.session.pop("dossier_errors", {})
    return render(request, "dossiers/apply.html", _apply_context(
        version, dossier, dossier.answers, errors, dossier.delivery, dossier.delivery_address))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A citizen's or business's dossiers."""
    queryset = selectors.dossiers_visible_to(request.user).filter(applicant=request.user)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "dossiers/mine.html", {"page": page})


# --- The dossier page -------------------------------------------------------------------

@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for(request.user, pk)
    steps = steps_of(dossier.version)
    actions = permissions.available_actions(request.user, dossier, len(steps))
    next_officials: list[User] = []
    if "forward" in actions and dossier.step_index is not None:
        next_officials = list(selectors.officials_for_step(dossier, dossier.step_index + 1))
    return render(request, "dossiers/detail.html", {
        "dossier": dossier, "steps": steps, "actions": actions,
        "events": selectors.history(dossier),
        "attachments": dossier.attachments.all(),
        "next_step": steps[dossier.step_index + 1]
        if dossier.step_index is not None and dossier.step_index + 1 < len(steps) else None,
        "current_step": steps[dossier.step_index]
        if dossier.step_index is not None and dossier.step_role else None,
        "next_officials": next_officials,
        "is_official": official_of(request.user) is not None,
        "deliveries": Delivery.choices,
        "slips": slips.available(dossier),
        "certificates": list(certificates_for_signing(request.user))
        if {"approve", "decline"} & set(actions) else [],
    })


def _act(request: HttpRequest, dossier: Dossier, action: str) -> Dossier:
    data = request.POST
    common: dict[str, Any] = {"actor": request.user, "dossier": dossier}
    revision = data.get("revision", "")
    if revision.isdigit():
        common["expected_revision"] = int(revision)
    if action == "submit":
        return services.dossier_submit(**common)
    if action == "accept":
        return services.dossier_accept(**common, papers_received=forms.posted_positions(data),
                                       note=data.get("note", ""))
    if action == "refuse":
        return services.dossier_refuse(**common, reason=data.get("reason", ""))
    if action == "request_supplement":
        return services.dossier_request_supplement(
            **common, missing=forms.posted_lines(data.get("missing", "")),
            note=data.get("note", ""))
    if action == "supplement":
        _attach_uploads(request, dossier)
        papers = forms.posted_positions(data) if permissions.is_desk_officer_of(
            request.user, dossier.agency_id) else None
        return services.dossier_supplement(**common, note=data.get("note", ""),
                                           papers_received=papers)
    if action == "take":
        return services.dossier_take(**common)
    if action == "forward":
        to_user = None
        if data.get("to_user", "").isdigit():
            to_user = User.objects.filter(pk=int(data["to_user"])).first()
        return services.dossier_forward(**common, to_user=to_user, note=data.get("note", ""))
    if action == "send_back":
        return services.dossier_send_back(**common, reason=data.get("reason", ""))
    if action in ("approve", "decline"):
        signing = {"certificate": selectors.signing_certificate_for(request.user,
                                                                    data.get("certificate")),
                   "passphrase": data.get("passphrase") or None}
        if action == "approve":
            return services.dossier_approve(**common, note=data.get("note", ""), **signing)
        return services.dossier_decline(**common, reason=data.get("reason", ""), **signing)
    if action == "apologise":
        new_date = forms.posted_date(data.get("new_due_date", ""))
        if new_date is None:
            raise ValidationError({"new_due_date": _("Enter the new date.")})
        return services.dossier_apologise(**common, reason=data.get("reason", ""),
                                          new_due_date=new_date)
    if action == "return":
        return services.dossier_return(**common, method=data.get("method", ""),
                                       recipient_name=data.get("recipient_name", ""),
                                       note=data.get("note", ""))
    if action == "withdraw":
        return services.dossier_withdraw(**common, reason=data.get("reason", ""))
    raise Http404


ACTIONS = {*workflow.TRANSITIONS, "rate"}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Make one move from the dossier page; the service decides whether it may be made."""
    action = action.replace("-", "_")
    if action not in ACTIONS:
        raise Http404
    dossier = selectors.dossier_for(request.user, pk)
    if action == "rate":
        try:
            services.dossier_rate(actor=request.user, dossier=dossier,
                                  stars=request.POST.get("stars"),
                                  comment=request.POST.get("comment", ""))
            messages.success(request, _("Thank you for your rating."))
        except (ValidationError, Conflict, PermissionDenied) as exc:
            _fail(request, exc)
        return redirect("dossiers:detail", pk=pk)
    try:
        with transaction.atomic():
            moved = _act(request, dossier, action)
    except (ValidationError, Conflict, PermissionDenied) as exc:
        _fail(request, exc)
        return redirect("dossiers:detail", pk=pk)
    messages.success(request, _("Done: %(what)s. The dossier is now %(status)s.")
                     % {"what": workflow.event_label(action),
                        "status": moved.get_status_display()})
    if not permissions.can_view(request.user, moved):
        return redirect("dossiers:inbox")
    return redirect("dossiers:detail", pk=pk)


@login_required
def result(request: HttpRequest, pk: int) -> FileResponse:
    """The signed result, for its applicant and the agency."""
    dossier = selectors.result_for(request.user, pk)
    return FileResponse(dossier.result_file.open("rb"), as_attachment=True,
                        filename=f"ket-qua-{dossier.code}.pdf", content_type="application/pdf")


@login_required
def slip(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A one-stop slip of the dossier as a PDF, for its applicant and the agency."""
    dossier = selectors.dossier_for(request.user, pk)
    try:
        pdf = slips.render_slip(dossier, kind)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slips.slip_filename(dossier, kind)}"'
    return response


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    found = selectors.attachment_for(request.user, pk, attachment_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name,
                        content_type=found.content_type)


# --- Officials ------------------------------------------------------------------------------

@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """What waits for the official, the earliest due first, late work marked."""
    if official_of(request.user) is None:
        raise PermissionDenied
    page = Paginator(selectors.inbox(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "dossiers/inbox.html", {"page": page})


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """The desk takes in a dossier brought in person or by post, and decides at once:
    accept (the receipt is due), ask for a supplement, refuse, or only record it."""
    official = official_of(request.user)
    if official is None or not permissions.is_desk_officer_of(request.user, official.agency_id):
        raise PermissionDenied(_("Only the one-stop desk of the receiving agency may do this."))
    in_force = (ProcedureVersion.objects.valid_on(timezone.localdate())
                .filter(procedure__agency_id=official.agency_id)
                .select_related("procedure").order_by("procedure__code"))
    code = request.POST.get("procedure") or request.GET.get("procedure", "")
    version = in_force.filter(procedure__code=code).first() if code else None
    procedure = version.procedure if version else None
    context: dict[str, Any] = {
        "procedures": [(v.procedure.code, v.name) for v in in_force],
        "procedure": procedure, "version": version,
        "papers": list(version.papers.all()) if version else [],
        "channels": [(Channel.DESK, Channel.DESK.label), (Channel.POST, Channel.POST.label)],
        "deliveries": Delivery.choices, "errors": {}, "data": request.POST,
    }
    if request.method != "POST" or version is None:
        return render(request, "dossiers/intake.html", context)
    data = request.POST
    decision = data.get("decision", "")
    try:
        with transaction.atomic():
            dossier = services.dossier_intake(
                actor=request.user, procedure=procedure, channel=data.get("channel", ""),
                applicant={"name": data.get("applicant_name", ""),
                           "phone": data.get("applicant_phone", ""),
                           "id_number": data.get("applicant_id_number", ""),
                           "email": data.get("applicant_email", ""),
                           "address": data.get("applicant_address", "")},
                papers_received=forms.posted_positions(data),
                delivery=data.get("delivery", Delivery.DESK),
                delivery_address=data.get("delivery_address", ""))
            _attach_uploads(request, dossier)
            if decision == "accept":
                dossier = services.dossier_accept(actor=request.user, dossier=dossier)
            elif decision == "request_supplement":
                dossier = services.dossier_request_supplement(
                    actor=request.user, dossier=dossier,
                    missing=forms.posted_lines(data.get("missing", "")))
            elif decision == "refuse":
                dossier = services.dossier_refuse(actor=request.user, dossier=dossier,
                                                  reason=data.get("reason", ""))
    except ValidationError as exc:
        context["errors"], problems = forms.error_messages(exc)
        context["problems"] = problems
        return render(request, "dossiers/intake.html", context, status=400)
    except Conflict as exc:
        context["problems"] = [exc.message]
        return render(request, "dossiers/intake.html", context, status=409)
    messages.success(request, _("Dossier %(code)s: %(status)s.")
                     % {"code": dossier.code, "status": dossier.get_status_display()})
    return redirect("dossiers:detail", pk=dossier.pk)


def _period(request: HttpRequest) -> tuple[Any, Any]:
    today = timezone.localdate()
    start = forms.posted_date(request.GET.get("from", "")) or today.replace(month=1, day=1)
    end = forms.posted_date(request.GET.get("to", "")) or today
    return (start, end) if start <= end else (end, start)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The tracking register (sổ theo dõi hồ sơ) of the agency, or of one of its units,
    for a period; as a page or as XLSX (``?format=xlsx``)."""
    official = official_of(request.user)
    if official is None:
        raise PermissionDenied
    agency = official.agency
    if is_system_admin(request.user) and request.GET.get("agency", "").isdigit():
        agency = Agency.objects.filter(pk=int(request.GET["agency"])).first() or agency
    start, end = _period(request)
    units = list(agency.units.order_by("name"))
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), None)
    rows = figures.register_queryset(agency_id=agency.pk, start=start, end=end,
                                     unit_id=unit.pk if unit else None)
    title = (f"SỔ THEO DÕI HỒ SƠ - {(unit.name + ' - ') if unit else ''}{agency.name} - "
             f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            register_xlsx(rows.iterator(chunk_size=2000), title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = (
            f'attachment; filename="so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"')
        return response
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "dossiers/register.html", {
        "page": page, "agency": agency, "units": units, "unit": unit, "start": start,
        "end": end, "first_number": (page.number - 1) * 100,
        "summary": figures.dossier_summary(start, end, agency_ids=[agency.pk]),
        "query": request.GET.urlencode(),
    })


# --- The public lookup --------------------------------------------------------------------

def lookup(request: HttpRequest) -> HttpResponse:
    """Anyone with the code and the applicant's phone or ID sees status and history."""
    code = (request.POST.get("code") or request.GET.get("code", "")).strip()
    check = (request.POST.get("check") or request.GET.get("check", "")).strip()
    context: dict[str, Any] = {"code": code, "check": check}
    if code or check:
        if _lookups_exhausted(request):
            context["throttled"] = True
            return render(request, "dossiers/lookup.html", context, status=429)
        dossier = selectors.lookup(code, check)
        context["searched"] = True
        if dossier is not None:
            if request.method == "POST":
                try:
                    services.dossier_rate(actor=request.user, dossier=dossier,
                                          stars=request.POST.get("stars"),
                                          comment=request.POST.get("comment", ""), check=check)
                    context["rated"] = True
                except (ValidationError, Conflict, PermissionDenied) as exc:
                    context["rating_errors"] = (forms.error_messages(exc)[1]
                                                if isinstance(exc, ValidationError)
                                                else [getattr(exc, "message", str(exc))])
            context["result"] = selectors.public_view(dossier)
    return render(request, "dossiers/lookup.html", context,
                  status=404 if context.get("searched") and "result" not in context else 200)


def _lookups_exhausted(request: HttpRequest) -> bool:
    return not LookupThrottle().allow_request(request, None)
