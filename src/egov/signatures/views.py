"""Pages and public endpoints of the signatures app (thin: parse, call, render)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from egov.signatures import selectors
from egov.signatures.services import timestamp_authority


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


@csrf_exempt
@require_POST
def timestamp(request: HttpRequest) -> HttpResponse:
    """RFC 3161 over HTTP: a timestamp query in, a timestamp reply out. Officials only,
    so the TSA is not a free public service."""
    if not request.user.is_authenticated or not request.user.is_official:
        return HttpResponse(status=401, headers={"WWW-Authenticate": 'Basic realm="egov TSA"'})
    if request.content_type != "application/timestamp-query":
        return HttpResponse(status=415)
    tsa = timestamp_authority()
    if tsa is None:
        return HttpResponse(status=503)
    return HttpResponse(tsa.respond_der(request.body), content_type="application/timestamp-reply")
