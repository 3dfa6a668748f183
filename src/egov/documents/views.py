"""Pages of clerks, directors and specialists under /van-ban/. Thin: parse the form,
call a service or selector, render; every check is on the server."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.accounts.permissions import official_of
from egov.core.errors import Conflict
from egov.documents import exports, selectors
from egov.documents.forms import FilterForm, IncomingForm, RegisterBookForm, apply_errors
from egov.documents.models import Attachment, Direction, IncomingDocument
from egov.documents.permissions import (
    can_register_incoming,
    can_view_incoming,
    is_clerk,
    is_director,
)
from egov.documents.services import incoming
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


@login_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = visible_incoming(request, pk)
    return render(request, "documents/incoming_detail.html", {
        "document": document,
        "attachments": document.attachments.all(),
    })


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
