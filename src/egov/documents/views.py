"""Pages of clerks, directors and specialists under /van-ban/. Thin: parse the form,
call a service or selector, render; every check is on the server."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from egov.accounts.permissions import official_of
from egov.core.errors import Conflict
from egov.documents import exports, selectors
from egov.documents.forms import (
    AssignForm,
    DelegateForm,
    FilterForm,
    FinishForm,
    IncomingForm,
    NoteForm,
    RegisterBookForm,
    apply_errors,
)
from egov.documents.models import Assignment, Attachment, Direction, IncomingDocument
from egov.documents.permissions import (
    can_register_incoming,
    can_view_incoming,
    holds,
    involved,
    is_clerk,
    is_director,
    is_unit_head,
)
from egov.documents.services import handling, incoming
from egov.documents.services.incoming import IncomingData


def _official(request: HttpRequest) -> object:
    official = official_of(request.user)
    if official is None:
        raise PermissionDenied
    return official


def visible_incoming(request: HttpRequest, pk: int) -> IncomingDocument:
    """The document, or 404 when it does not exist or is not the user's to see (a secret
    document does not even show that it exists)."""
    document = get_object_or_404(
        IncomingDocument.objects.select_related("doc_type", "register", "agency",
                                                "issuer_agency", "registered_by"), pk=pk)
    if not can_view_incoming(request.user, document):
        raise Http404
    return document


@login_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    official = _official(request)
    form = FilterForm(request.GET or None,
                      statuses=IncomingDocument.Status.choices)
    documents = selectors.incoming_visible_to(request.user)
    if form.is_valid():
        documents = selectors.incoming_filter(documents, **form.cleaned_data)
    return render(request, "documents/incoming_list.html", {
        "form": form, "documents": documents.order_by("-arrival_date", "-arrival_number")[:200],
        "can_register": can_register_incoming(request.user, official.agency_id),
        "can_see_book": is_clerk(request.user, official.agency_id)
        or is_director(request.user, official.agency_id),
    })


@login_required
@require_http_methods(["GET", "POST"])
def incoming_create(request: HttpRequest) -> HttpResponse:
    official = _official(request)
    if not can_register_incoming(request.user, official.agency_id):
        raise PermissionDenied
    form = IncomingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        files = data.pop("files")
        channel = data.pop("channel")
        try:
            document = incoming.incoming_register(
                actor=request.user, channel=channel, files=files,
                data=IncomingData(**data))
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Registered with arrival number %(number)s.")
                             % {"number": document.arrival_number})
            return redirect("documents:incoming_detail", pk=document.pk)
    return render(request, "documents/incoming_form.html", {"form": form})


def _detail(request: HttpRequest, document: IncomingDocument, status: int = 200,
            **forms: Any) -> HttpResponse:
    """The document page with the handling forms the user may use (bound forms with
    errors passed in ``forms``)."""
    user = request.user
    assignments = list(document.assignments.select_related("unit", "assignee",
                                                           "assigned_by", "parent"))
    open_ = document.status != IncomingDocument.Status.DONE
    director = is_director(user, document.agency_id)
    delegable = [a for a in assignments if open_ and a.unit_id and a.assignee_id is None
                 and a.done_at is None and holds(user, a)]
    context = {
        "document": document,
        "attachments": document.attachments.all(),
        "assignments": assignments,
        "notes": document.notes_log.select_related("author"),
        "assign_form": forms.get("assign_form") or (
            AssignForm(agency=document.agency) if open_ and director else None),
        "delegations": [
            (a, forms["delegate_form"] if forms.get("delegate_for") == a.pk
             else DelegateForm(unit=a.unit, prefix=f"d{a.pk}")) for a in delegable],
        "note_form": forms.get("note_form") or (
            NoteForm() if open_ and (director or any(involved(user, a) for a in assignments))
            else None),
        "finish_form": forms.get("finish_form") or (
            FinishForm() if open_ and handling.can_finish(user, document) else None),
        "completable": [a for a in assignments if open_ and a.done_at is None
                        and a.role != Assignment.Role.LEAD and holds(user, a)],
    }
    return render(request, "documents/incoming_detail.html", context, status=status)


@login_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, visible_incoming(request, pk))


def _act(request: HttpRequest, document: IncomingDocument, form_name: str, form: Any,
         call: Any, done: str, **extra: Any) -> HttpResponse:
    """Run a handling service from a posted form; the page again with errors if refused."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("documents:incoming_detail", pk=document.pk)
    return _detail(request, document, status=400, **{form_name: form}, **extra)


@login_required
@require_POST
def incoming_assign(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_incoming(request, pk)
    if not is_director(request.user, document.agency_id):
        raise PermissionDenied
    form = AssignForm(request.POST, agency=document.agency)
    return _act(request, document, "assign_form", form, lambda data: handling.incoming_assign(
        actor=request.user, document=document, assignments=form.specs()),
        _("The document was assigned."))


@login_required
@require_POST
def assignment_delegate(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("unit"), pk=pk)
    document = visible_incoming(request, assignment.document_id)
    if assignment.unit is None or not holds(request.user, assignment):
        raise PermissionDenied
    form = DelegateForm(request.POST, unit=assignment.unit, prefix=f"d{assignment.pk}")
    return _act(request, document, "delegate_form", form,
                lambda data: handling.assignment_delegate(actor=request.user,
                                                          assignment=assignment, **data),
                _("The assignment was passed on."), delegate_for=assignment.pk)


@login_required
@require_POST
def assignment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment, pk=pk)
    document = visible_incoming(request, assignment.document_id)
    try:
        handling.assignment_complete(actor=request.user, assignment=assignment,
                                     note=request.POST.get("note", ""))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your part is recorded as done."))
    return redirect("documents:incoming_detail", pk=document.pk)


@login_required
@require_POST
def incoming_note(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_incoming(request, pk)
    form = NoteForm(request.POST)
    return _act(request, document, "note_form", form, lambda data: handling.note_add(
        actor=request.user, document=document, kind=data["kind"], body=data["text"],
        percent=data["percent"]), _("Your note was added."))


@login_required
@require_POST
def incoming_finish(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_incoming(request, pk)
    form = FinishForm(request.POST)
    return _act(request, document, "finish_form", form, lambda data: handling.incoming_finish(
        actor=request.user, document=document, note=data["note"]),
        _("The document is finished."))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Việc cần xử lý: the open assignments of the user, earliest deadline first."""
    official = _official(request)
    due = request.GET.get("due", "")
    if due not in {d.value for d in selectors.Due}:
        due = ""
    items = selectors.inbox(request.user, due=due)
    context = {"items": items, "due": due, "dues": [
        ("", _("All")), (selectors.Due.OVERDUE, _("Overdue")),
        (selectors.Due.DUE_SOON, _("Due within two working days"))]}
    if is_director(request.user, official.agency_id):
        context["agency_work"] = selectors.agency_work(official.agency_id)
    if official.unit_id and is_unit_head(request.user, official.unit_id):
        context["unit_work"] = selectors.unit_work(official.unit_id)
    return render(request, "documents/inbox.html", context)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("incoming"), pk=pk)
    if attachment.incoming is None or not can_view_incoming(request.user, attachment.incoming):
        raise Http404
    return FileResponse(default_storage.open(attachment.file.name, "rb"), as_attachment=True,
                        filename=attachment.name, content_type=attachment.content_type)


@login_required
def incoming_book(request: HttpRequest) -> HttpResponse:
    """The incoming register (sổ đăng ký văn bản đến) of a year: page, print and XLSX."""
    official = _official(request)
    if not (is_clerk(request.user, official.agency_id)
            or is_director(request.user, official.agency_id)):
        raise PermissionDenied
    registers = selectors.registers_visible_to(request.user, direction=Direction.INCOMING)
    form = RegisterBookForm(request.GET or None, registers=registers,
                            initial={"register": registers.filter(code="chung").first(),
                                     "year": timezone.localdate().year})
    rows = None
    if form.is_valid():
        register, year = form.cleaned_data["register"], form.cleaned_data["year"]
        rows = selectors.incoming_register_rows(request.user, register=register, year=year)
        if request.GET.get("format") == "xlsx":
            content = exports.incoming_register_xlsx(official.agency, register.name, year, rows)
            response = HttpResponse(content, content_type=exports.XLSX_TYPE)
            response["Content-Disposition"] = (
                f'attachment; filename="so-van-ban-den-{register.code}-{year}.xlsx"')
            return response
    return render(request, "documents/incoming_book.html", {
        "form": form, "rows": rows, "agency": official.agency,
        "query": request.GET.urlencode(),
    })
