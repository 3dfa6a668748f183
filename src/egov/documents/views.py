"""Pages of clerks, directors and specialists under /van-ban/. Thin: parse the form,
call a service or selector, render; every check is on the server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from egov.accounts.permissions import official_of
from egov.core.errors import Conflict
from egov.documents import exports, rendering, reports, search, selectors
from egov.documents.files import DOCX
from egov.documents.forms import (
    AcceptForm,
    AssignForm,
    DelegateForm,
    DraftForm,
    FilterForm,
    FinishForm,
    IncomingForm,
    NoteForm,
    PeriodForm,
    RegisterBookForm,
    RejectForm,
    ReviewForm,
    SignForm,
    SubmitForm,
    apply_errors,
)
from egov.documents.models import (
    Assignment,
    Attachment,
    Direction,
    Exchange,
    IncomingDocument,
    OutgoingDocument,
)
from egov.documents.permissions import (
    can_issue,
    can_register_incoming,
    can_report,
    can_view_incoming,
    can_view_outgoing,
    holds,
    involved,
    is_clerk,
    is_director,
    is_unit_head,
)
from egov.documents.services import exchange as exchange_service
from egov.documents.services import handling, incoming, outgoing
from egov.documents.services.incoming import IncomingData
from egov.printing import vietnamese as vn


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
    documents, query = selectors.incoming_visible_to(request.user), ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        documents = selectors.incoming_filter(documents, **{**form.cleaned_data, "q": ""})
    return render(request, "documents/incoming_list.html", {
        "form": form, "documents": search.newest(
            documents, query, ordering=("-arrival_date", "-arrival_number"), limit=200),
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
            FinishForm(document=document) if open_ and handling.can_finish(user, document)
            else None),
        "replies": document.replies.all(),
        "can_reply": open_ and (director or any(involved(user, a) for a in assignments)),
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
    form = FinishForm(request.POST, document=document)
    return _act(request, document, "finish_form", form, lambda data: handling.incoming_finish(
        actor=request.user, document=document, note=data["note"], reply=data["reply"]),
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
    attachment = get_object_or_404(
        Attachment.objects.select_related("incoming", "outgoing"), pk=pk)
    allowed = (can_view_incoming(request.user, attachment.incoming)
               if attachment.incoming is not None
               else can_view_outgoing(request.user, attachment.outgoing))
    if not allowed:
        raise Http404
    return FileResponse(default_storage.open(attachment.file.name, "rb"), as_attachment=True,
                        filename=attachment.name, content_type=attachment.content_type)


@dataclass(frozen=True)
class _Book:
    """What differs between the incoming and the outgoing register (Decree 30/2020,
    Appendix IV): the rows, their XLSX and their ten columns."""

    direction: str
    title: Any
    rows: Callable[..., Any]
    xlsx: Callable[..., bytes]
    file_slug: str
    columns: str


BOOKS = {
    Direction.INCOMING: _Book(Direction.INCOMING, gettext_lazy("Incoming register"),
                              selectors.incoming_register_rows,
                              exports.incoming_register_xlsx, "so-van-ban-den",
                              "documents/_book_incoming.html"),
    Direction.OUTGOING: _Book(Direction.OUTGOING, gettext_lazy("Outgoing register"),
                              selectors.outgoing_register_rows,
                              exports.outgoing_register_xlsx, "so-van-ban-di",
                              "documents/_book_outgoing.html"),
}


def _register_book(request: HttpRequest, book: _Book) -> HttpResponse:
    """A register of a year: page, print and XLSX, for the agency's clerks and leaders."""
    official = _official(request)
    if not (is_clerk(request.user, official.agency_id)
            or is_director(request.user, official.agency_id)):
        raise PermissionDenied
    registers = selectors.registers_visible_to(request.user, direction=book.direction)
    form = RegisterBookForm(request.GET or None, registers=registers)
    rows = None
    if form.is_valid():
        register, year = form.cleaned_data["register"], form.cleaned_data["year"]
        rows = book.rows(request.user, register=register, year=year)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(book.xlsx(official.agency, register.name, year, rows),
                                    content_type=exports.XLSX_TYPE)
            response["Content-Disposition"] = (
                f'attachment; filename="{book.file_slug}-{register.code}-{year}.xlsx"')
            return response
    return render(request, "documents/register_book.html", {
        "book": book, "form": form, "rows": rows, "agency": official.agency,
        "query": request.GET.urlencode(),
    })


@login_required
def incoming_book(request: HttpRequest) -> HttpResponse:
    """The incoming register (sổ đăng ký văn bản đến)."""
    return _register_book(request, BOOKS[Direction.INCOMING])


# --- Outgoing documents ------------------------------------------------------------------


def visible_outgoing(request: HttpRequest, pk: int) -> OutgoingDocument:
    document = get_object_or_404(
        OutgoingDocument.objects.select_related(
            "agency__parent", "agency__division", "doc_type", "drafting_unit", "signer",
            "created_by", "register", "in_reply_to"), pk=pk)
    if not can_view_outgoing(request.user, document):
        raise Http404
    return document


@login_required
def outgoing_list(request: HttpRequest) -> HttpResponse:
    official = _official(request)
    form = FilterForm(request.GET or None, statuses=OutgoingDocument.Status.choices,
                      issuer_label=_("Drafting unit (short name)"))
    documents, query = selectors.outgoing_visible_to(request.user), ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        documents = selectors.outgoing_filter(documents, **{**form.cleaned_data, "q": ""})
    return render(request, "documents/outgoing_list.html", {
        "form": form,
        "documents": search.newest(documents, query, limit=200,
                                   ordering=("-issued_date", "-number", "-created_at")),
        "waiting": selectors.drafts_waiting_for(request.user),
        "can_see_book": is_clerk(request.user, official.agency_id)
        or is_director(request.user, official.agency_id),
    })


def _service_call(form: Any, call: Any) -> Any:
    """Call a service with a bound form's data; on refusal put the errors on the form and
    return None."""
    try:
        return call()
    except ValidationError as exc:
        apply_errors(form, exc)
    except Conflict as exc:
        form.add_error(None, exc.message)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def outgoing_create(request: HttpRequest) -> HttpResponse:
    official = _official(request)
    reply_to = None
    if request.GET.get("reply_to", "").isdigit():
        reply_to = visible_incoming(request, int(request.GET["reply_to"]))
    form = DraftForm(request.POST or None, request.FILES or None, agency=official.agency,
                     initial={"drafting_unit": official.unit_id,
                              "summary": f"V/v trả lời văn bản số {reply_to.number_symbol}"
                              if reply_to else ""})
    if request.method == "POST" and form.is_valid():
        document = _service_call(form, lambda: outgoing.outgoing_create(
            actor=request.user, data=form.data_for_service(),
            drafting_unit=form.cleaned_data["drafting_unit"], in_reply_to=reply_to,
            files=form.cleaned_data["files"]))
        if document is not None:
            messages.success(request, pgettext("document", "The draft was saved."))
            return redirect("documents:outgoing_detail", pk=document.pk)
    return render(request, "documents/outgoing_form.html", {"form": form,
                                                            "reply_to": reply_to})


def _outgoing_page(request: HttpRequest, document: OutgoingDocument, status: int = 200,
                   **forms: Any) -> HttpResponse:
    user = request.user
    step = selectors.current_review_step(document)
    drafter = document.created_by_id == user.pk
    Status = OutgoingDocument.Status
    context = {
        "document": document,
        "versions": document.versions.select_related("created_by"),
        "steps": document.review_steps.select_related("reviewer"),
        "recipients": document.recipients.select_related("agency", "exchange")
        .prefetch_related("exchange__statuses"),
        "attachments": document.attachments.all(),
        "current_step": step,
        "revise_form": forms.get("revise_form") or (
            DraftForm(agency=document.agency, initial=DraftForm.initial_from(document))
            if drafter and document.status == Status.DRAFT else None),
        "submit_form": forms.get("submit_form") or (
            SubmitForm(agency=document.agency)
            if drafter and document.status == Status.DRAFT else None),
        "review_form": forms.get("review_form") or (
            ReviewForm() if step is not None and step.reviewer_id == user.pk else None),
        "sign_form": forms.get("sign_form") or (
            SignForm(certificates=signing_certificates(user, personal=True))
            if document.status == Status.APPROVED and document.signer_id == user.pk
            else None),
        "issue_form": forms.get("issue_form") or (
            SignForm(certificates=signing_certificates(user, personal=False))
            if document.status == Status.SIGNED and can_issue(user, document.agency_id)
            else None),
    }
    return render(request, "documents/outgoing_detail.html", context, status=status)


def signing_certificates(user: Any, *, personal: bool) -> Any:
    from egov.signatures.models import SignerKind
    from egov.signatures.selectors import certificates_for_signing

    kind = SignerKind.INDIVIDUAL if personal else SignerKind.ORGANISATION
    return certificates_for_signing(user).filter(signer_kind=kind)


@login_required
def outgoing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _outgoing_page(request, visible_outgoing(request, pk))


def _outgoing_act(request: HttpRequest, document: OutgoingDocument, form_name: str,
                  form: Any, call: Any, done: str) -> HttpResponse:
    if form.is_valid() and _service_call(form, lambda: call(form)) is not None:
        messages.success(request, done)
        return redirect("documents:outgoing_detail", pk=document.pk)
    return _outgoing_page(request, document, status=400, **{form_name: form})


@login_required
@require_POST
def outgoing_revise(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_outgoing(request, pk)
    form = DraftForm(request.POST, request.FILES, agency=document.agency)
    return _outgoing_act(request, document, "revise_form", form, lambda f: (
        outgoing.outgoing_revise(actor=request.user, document=document,
                                 data=f.data_for_service(), note=f.cleaned_data["note"],
                                 files=f.cleaned_data["files"])),
        _("A new version of the draft was saved."))


@login_required
@require_POST
def outgoing_submit(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_outgoing(request, pk)
    form = SubmitForm(request.POST, agency=document.agency)
    return _outgoing_act(request, document, "submit_form", form, lambda f: (
        outgoing.outgoing_submit(actor=request.user, document=document,
                                 reviewers=f.reviewers())), _("The draft was submitted."))


@login_required
@require_POST
def outgoing_review(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_outgoing(request, pk)
    form = ReviewForm(request.POST)
    return _outgoing_act(request, document, "review_form", form, lambda f: (
        outgoing.outgoing_review(actor=request.user, document=document,
                                 approve=f.cleaned_data["decision"] == "approve",
                                 comment=f.cleaned_data["comment"])),
        _("Your decision was recorded."))


@login_required
@require_POST
def outgoing_sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_outgoing(request, pk)
    form = SignForm(request.POST, certificates=signing_certificates(request.user,
                                                                    personal=True))
    return _outgoing_act(request, document, "sign_form", form, lambda f: (
        outgoing.outgoing_sign(actor=request.user, document=document,
                               certificate=f.cleaned_data["certificate"],
                               passphrase=f.cleaned_data["passphrase"] or None)),
        _("The document was signed."))


@login_required
@require_POST
def outgoing_issue(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_outgoing(request, pk)
    form = SignForm(request.POST, certificates=signing_certificates(request.user,
                                                                    personal=False))
    return _outgoing_act(request, document, "issue_form", form, lambda f: (
        outgoing.outgoing_issue(actor=request.user, document=document,
                                seal=f.cleaned_data["certificate"],
                                passphrase=f.cleaned_data["passphrase"] or None)),
        _("The document was issued."))


FILE_KINDS = {"du-thao.pdf", "du-thao.docx", "da-ky.pdf", "ban-hanh.pdf", "ban-hanh.docx"}


@login_required
def outgoing_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The draft as PDF or DOCX (made now), the signed PDF, the issued PDF and DOCX."""
    document = visible_outgoing(request, pk)
    if kind not in FILE_KINDS:
        raise Http404
    stem = (document.number_symbol or f"du-thao-{document.pk}").replace("/", "_")
    if kind.startswith("du-thao"):
        if kind.endswith(".pdf"):
            content, content_type = rendering.draft_pdf(document), "application/pdf"
        else:
            content, content_type = rendering.draft_docx(document), DOCX
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{stem}.{kind[8:]}"'
        return response
    field = {"da-ky.pdf": document.signed_pdf, "ban-hanh.pdf": document.issued_pdf,
             "ban-hanh.docx": document.issued_docx}[kind]
    if not field:
        raise Http404
    return FileResponse(default_storage.open(field.name, "rb"), as_attachment=True,
                        filename=f"{stem}.{kind.rsplit('.', 1)[1]}")


@login_required
def outgoing_book(request: HttpRequest) -> HttpResponse:
    """The outgoing register (sổ đăng ký văn bản đi)."""
    return _register_book(request, BOOKS[Direction.OUTGOING])


# --- Exchange ------------------------------------------------------------------------------


@login_required
def exchange_queue(request: HttpRequest) -> HttpResponse:
    """Văn bản liên thông: documents sent to the agency by exchange, and the deliveries of
    its own documents with the statuses the receivers sent back."""
    official = _official(request)
    if not (is_clerk(request.user, official.agency_id)
            or is_director(request.user, official.agency_id)):
        raise PermissionDenied
    waiting = []
    for item in selectors.exchange_queue(request.user, status=Exchange.Status.RECEIVED):
        data = exchange_service.incoming_data(item)
        waiting.append((item, data, AcceptForm(prefix=f"a{item.pk}",
                                               initial={"doc_type": data.doc_type}),
                        RejectForm(prefix=f"r{item.pk}")))
    return render(request, "documents/exchange_queue.html", {
        "waiting": waiting,
        "handled": selectors.exchange_queue(request.user).exclude(
            status=Exchange.Status.RECEIVED)[:100],
        "sent": selectors.exchanges_sent(request.user)[:100],
        "can_act": is_clerk(request.user, official.agency_id),
    })


def _queued_exchange(request: HttpRequest, pk: int) -> Exchange:
    official = _official(request)
    exchange = get_object_or_404(Exchange, pk=pk)
    if exchange.receiver_agency_id != official.agency_id:
        raise Http404
    return exchange


@login_required
@require_POST
def exchange_accept(request: HttpRequest, pk: int) -> HttpResponse:
    exchange = _queued_exchange(request, pk)
    form = AcceptForm(request.POST, prefix=f"a{pk}")
    if form.is_valid():
        try:
            document = exchange_service.exchange_accept(
                actor=request.user, exchange=exchange, doc_type=form.cleaned_data["doc_type"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Registered with arrival number %(number)s.")
                             % {"number": document.arrival_number})
            return redirect("documents:incoming_detail", pk=document.pk)
    return redirect("documents:exchange_queue")


@login_required
@require_POST
def exchange_reject(request: HttpRequest, pk: int) -> HttpResponse:
    exchange = _queued_exchange(request, pk)
    form = RejectForm(request.POST, prefix=f"r{pk}")
    if form.is_valid():
        try:
            exchange_service.exchange_reject(actor=request.user, exchange=exchange,
                                             reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The document was returned to its sender."))
    return redirect("documents:exchange_queue")


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Tìm kiếm văn bản: incoming and outgoing documents the user may see, by words of
    their number, summary, content and files (accents do not matter) and filters."""
    _official(request)
    form = FilterForm(request.GET or None)
    incoming_results = outgoing_results = None
    if form.is_valid() and any(form.cleaned_data.values()):
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("status", "q")}
        query = form.cleaned_data["q"]
        incoming_results = search.newest(
            selectors.incoming_filter(selectors.incoming_visible_to(request.user), **data),
            query, ordering=("-document_date", "-arrival_number"), limit=50)
        outgoing_results = search.newest(
            selectors.outgoing_filter(selectors.outgoing_visible_to(request.user).filter(
                status=OutgoingDocument.Status.ISSUED), **{**data, "issuer": ""}),
            query, ordering=("-issued_date", "-number"), limit=50)
    return render(request, "documents/search.html", {
        "form": form, "incoming": incoming_results, "outgoing": outgoing_results})


# --- The appendix and the counts ---------------------------------------------------------


@login_required
def appendix_page(request: HttpRequest) -> HttpResponse:
    """The list of documents of a period (phụ lục văn bản) and its counts, with DOCX and
    XLSX downloads."""
    official = _official(request)
    if not can_report(request.user, official.agency_id):
        raise PermissionDenied
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={
        "date_from": dt.date(today.year, 1, 1), "date_to": today})
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        rows = reports.appendix_rows(agency_ids=[official.agency_id], start=data["date_from"],
                                     end=data["date_to"], source=data["source"],
                                     types=list(data["types"]), issuer=data["issuer"])
        title = data["title"] or _("Documents of the period")
        period = (f"(Từ ngày {vn.short_date(data['date_from'])} đến ngày "
                  f"{vn.short_date(data['date_to'])})")
        kind = request.GET.get("format")
        if kind in ("docx", "xlsx"):
            content = (exports.appendix_docx if kind == "docx" else exports.appendix_xlsx)(
                title, period, rows)
            response = HttpResponse(content, content_type=DOCX if kind == "docx"
                                    else exports.XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="phu-luc-van-ban.{kind}"'
            return response
        context.update(rows=rows, title=title, period=period, query=request.GET.urlencode(),
                       counts=reports.document_counts(agency_ids=[official.agency_id],
                                                      start=data["date_from"],
                                                      end=data["date_to"]))
    return render(request, "documents/appendix.html", context)
