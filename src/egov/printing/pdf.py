"""PDF in the official layout, from Django templates, through WeasyPrint.

``render_pdf("dossiers/receipt_slip.html", context)`` renders a template extending
``printing/official.html`` or ``printing/slip.html``; ``official_pdf(document)`` renders an
``OfficialDocument``. Documents are rendered in Vietnamese whatever language the request
was in, and may only load fonts and ``data:`` images: nothing is fetched from the network
while a document is printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from egov.printing import fonts
from egov.printing.document import OfficialDocument


class PrintingError(RuntimeError):
    """A document could not be laid out, e.g. it asked for a resource it may not load."""


class LocalOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read ``data:`` URLs and font files, and nothing else; a document
    that asks for anything more fails instead of printing with a hole in it."""

    def __init__(self, roots: tuple[str, ...]) -> None:
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"a printed document may not read {path}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """Lay out ``html`` (a page extending the official layout) as a PDF."""
    font_config = FontConfiguration()
    fetcher = LocalOnlyFetcher(fonts.font_dirs())
    stylesheet = CSS(string=fonts.font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, url_fetcher=fetcher, base_url="file:///")
    try:
        return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
    except FatalURLFetchingError as error:
        # WeasyPrint's fatal error is a BaseException, which would escape Django's
        # handling of a request: turn it into an ordinary error with its cause.
        raise PrintingError(f"{error}: {error.__cause__}") from error


def render_pdf(template_name: str, context: dict[str, Any], *, language: str = "vi") -> bytes:
    """Render ``template_name`` with ``context`` and lay it out as a PDF (bytes)."""
    with translation.override(language):
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def document_context(document: OfficialDocument) -> dict[str, Any]:
    """The context of ``printing/document.html`` (and of official.html's heading and
    closing) for ``document``."""
    return {
        "document": document,
        "parent_agency": document.parent_agency,
        "agency": document.agency,
        "number_symbol": document.number_symbol,
        "subject": document.subject_line if document.is_letter else "",
        "urgency": document.urgency.value if document.urgency else "",
        "secrecy": document.secrecy.value if document.secrecy else "",
        "place_date": document.place_date,
        "type_name": document.type_name,
        "title": document.title,
        "addressee_lines": document.addressee_lines,
        "body": list(document.numbered_body()),
        "recipients_lines": document.recipients_lines,
        "signer": document.signer,
        "appendices": [
            (appendix, document.appendix_label(index))
            for index, appendix in enumerate(document.appendices)
        ],
    }


def official_pdf(document: OfficialDocument) -> bytes:
    """``document`` as a PDF, in the same layout as ``docx.render_docx`` gives it."""
    return render_pdf("printing/document.html", document_context(document))
