"""Pages of the accounts app: log-in and second factor, the home page of each role, the
agency administrator's management of officials, a citizen's or business's own details
and registration. Each view parses, calls a service or selector, and renders."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts import forms, home, selectors, services
from egov.accounts.middleware import SESSION_KEY
from egov.accounts.models import Official, Role
from egov.accounts.permissions import (
    can_manage_agency,
    is_system_admin,
    official_of,
)
from egov.core.errors import Conflict
from egov.organizations.models import Agency

# The TOTP secret offered on the set-up page, kept in the session until a code confirms it.
PENDING_TOTP_KEY = "egov_totp_pending_secret"
# Who vouches for a freshly registered account that is logged in at once.
_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home_page(request: HttpRequest) -> HttpResponse:
    official = official_of(request.user)
    return render(request, "accounts/home.html", {
        "official": official,
        "roles": [Role(r).label for r in Role.values if official and r in official.role_set],
        "sections": home.sections_for(request.user),
    })


def _safe_next(request: HttpRequest, fallback: str = "accounts:home") -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


@login_required
def totp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in for officials who turned the second factor on.
    Wrong codes count as failed log-ins, so guessing codes locks the account like
    guessing passwords does."""
    user = request.user
    if not user.totp_enabled or request.session.get(SESSION_KEY):
        return redirect(_safe_next(request))
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_check(user=user, code=form.cleaned_data["code"]):
            request.session[SESSION_KEY] = True
            return redirect(_safe_next(request))
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()},
                               request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            # AxesMiddleware turns this answer into the locked-out page.
            return render(request, "accounts/locked_out.html", status=429)
        form.add_error("code", _("The code is wrong or has expired."))
    return render(request, "accounts/totp_verify.html",
                  {"form": form, "next": request.GET.get("next", "")})


def officials_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if official_of(request.user) is None and not is_system_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _qr_svg(uri: str) -> str:
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=4, border=2))


@officials_only
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Turn the second factor on (scan, then type one code) or off (type a code)."""
    user = request.user
    if user.totp_enabled:
        form = forms.CodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.totp_disable(actor=user, user=user, code=form.cleaned_data["code"])
            except ValidationError as exc:
                forms.apply_errors(form, exc)
            else:
                request.session.pop(SESSION_KEY, None)
                messages.success(request, _("The second factor is off."))
                return redirect("accounts:home")
        return render(request, "accounts/totp_setup.html", {"form": form, "enabled": True})

    secret = request.session.get(PENDING_TOTP_KEY) or services.totp_new_secret()
    request.session[PENDING_TOTP_KEY] = secret
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enable(actor=user, user=user, secret=secret,
                                 code=form.cleaned_data["code"])
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            request.session.pop(PENDING_TOTP_KEY, None)
            request.session[SESSION_KEY] = True
            messages.success(request, _("The second factor is on. From now on you will be "
                                        "asked for a code after your password."))
            return redirect("accounts:home")
    uri = services.totp_provisioning_uri(user, secret)
    return render(request, "accounts/totp_setup.html", {
        "form": form, "enabled": False, "secret": secret, "uri": uri, "qr": _qr_svg(uri),
    })


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                actor=request.user, user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            # Stay logged in on this device; other sessions end with the old password.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Your own details. Citizens and businesses change their contacts here; an
    official's details are kept by their agency administrator."""
    user = request.user
    form = None
    if not user.is_official:
        form = forms.ProfileForm(request.POST or None, initial={
            "phone": user.phone, "email": user.email, "address": user.address,
        })
        if request.method == "POST" and form.is_valid():
            try:
                services.profile_update(actor=user, user=user, **form.cleaned_data)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
            else:
                messages.success(request, _("Your details have been saved."))
                return redirect("accounts:profile")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "accounts/profile.html", {
        "form": form, "official": official_of(user),
    })


def _register(request: HttpRequest, form_class: type, register: Any, arguments: dict[str, str],
              title: str, welcome: str) -> HttpResponse:
    """The self-registration page: ``arguments`` maps the service's keyword arguments to
    the form's fields."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = register(**{argument: data[field] for argument, field in arguments.items()})
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            login(request, user, backend=_BACKEND)
            messages.success(request, welcome)
            return redirect("accounts:home")
    return render(request, "accounts/register.html", {"form": form, "title": title})


_CONTACT = {name: name for name in ("phone", "email", "password", "address")}


def register_citizen(request: HttpRequest) -> HttpResponse:
    """A citizen opens their own account (officials' accounts are opened by their
    agency administrator)."""
    return _register(request, forms.CitizenRegisterForm, services.citizen_register,
                     {"full_name": "full_name", "citizen_id": "citizen_id", **_CONTACT},
                     _("Open a citizen's account"),
                     _("Your account is open. You log in with your citizen ID."))


def register_business(request: HttpRequest) -> HttpResponse:
    """A business opens its account with its tax code."""
    return _register(request, forms.BusinessRegisterForm, services.business_register,
                     {"name": "name", "tax_code": "tax_code", **_CONTACT},
                     _("Open a business account"),
                     _("The business account is open. You log in with your tax code."))


# --- Managing officials (agency administrator, system administrator) ----------------------

def _agency_for_management(request: HttpRequest, *, required: bool) -> Agency | None:
    """The agency whose officials the page manages: the administrator's own; a system
    administrator picks any with ``?agency=``. Another agency is 404, not 403."""
    user = request.user
    wanted = request.GET.get("agency") or request.POST.get("agency")
    if is_system_admin(user):
        if wanted:
            try:
                return get_object_or_404(Agency, pk=int(wanted))
            except ValueError:
                raise Http404 from None
        official = official_of(user)
        return official.agency if required and official is not None else None
    official = official_of(user)
    if official is None or not can_manage_agency(user, official.agency_id):
        raise PermissionDenied
    if wanted and str(official.agency_id) != wanted:
        raise Http404
    return official.agency


@officials_only
def official_list(request: HttpRequest) -> HttpResponse:
    agency = _agency_for_management(request, required=False)
    queryset = selectors.officials_visible_to(request.user)
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    queryset = selectors.official_search(queryset, request.GET.get("q", ""))
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    locked = selectors.locked_usernames([o.user.username for o in page.object_list])
    return render(request, "accounts/official_list.html", {
        "agency": agency, "page": page, "locked": locked, "q": request.GET.get("q", ""),
        "agencies": Agency.objects.order_by("name") if is_system_admin(request.user) else None,
    })


@officials_only
def official_create(request: HttpRequest) -> HttpResponse:
    agency = _agency_for_management(request, required=True)
    if agency is None:
        messages.info(request, _("Choose the agency first."))
        return redirect("accounts:official_list")
    form = forms.OfficialForm(request.POST or None, actor=request.user, agency=agency,
                              creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            official = services.official_create(
                actor=request.user, username=data["username"], full_name=data["full_name"],
                email=data["email"], phone=data["phone"], agency=agency, unit=data["unit"],
                position=data["position"], roles=data["roles"],
                password=data["password"] or None,
            )
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("The account %(username)s is open.")
                             % {"username": official.user.username})
            return redirect("accounts:official_edit", pk=official.pk)
    return render(request, "accounts/official_form.html", {"form": form, "agency": agency})


def _official_page(request: HttpRequest, official: Official, **forms_: Any) -> HttpResponse:
    user = official.user
    context = {
        "official": official,
        "locked": selectors.is_locked(user),
        "form": forms_.get("form") or forms.OfficialForm(
            actor=request.user, agency=official.agency, creating=False,
            initial={"full_name": user.full_name, "email": user.email, "phone": user.phone,
                     "unit": official.unit_id, "position": official.position},
        ),
        "roles_form": forms_.get("roles_form") or forms.RolesForm(
            actor=request.user, initial={"roles": sorted(official.role_set)},
        ),
        "password_form": forms_.get("password_form") or forms.PasswordSetForm(),
        "deactivate_form": forms_.get("deactivate_form") or forms.DeactivateForm(),
        "is_self": user.pk == request.user.pk,
    }
    status = 400 if forms_ else 200
    return render(request, "accounts/official_edit.html", context, status=status)


def _managed_official(request: HttpRequest, pk: int) -> Official:
    return selectors.official_get_manageable(request.user, pk)


@officials_only
def official_edit(request: HttpRequest, pk: int) -> HttpResponse:
    official = _managed_official(request, pk)
    if request.method != "POST":
        return _official_page(request, official)
    form = forms.OfficialForm(request.POST, actor=request.user, agency=official.agency,
                              creating=False)
    if form.is_valid():
        try:
            services.official_update(actor=request.user, official=official, **form.cleaned_data)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("The details have been saved."))
            return redirect("accounts:official_edit", pk=official.pk)
    return _official_page(request, official, form=form)


@officials_only
@require_POST
def official_roles(request: HttpRequest, pk: int) -> HttpResponse:
    official = _managed_official(request, pk)
    form = forms.RolesForm(request.POST, actor=request.user)
    if form.is_valid():
        # Roles the actor may not grant are not offered on the form, so keep them as held.
        kept = {r for r in official.role_set if r not in dict(form.fields["roles"].choices)}
        try:
            services.official_set_roles(actor=request.user, official=official,
                                        roles=set(form.cleaned_data["roles"]) | kept)
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("The roles have been saved."))
            return redirect("accounts:official_edit", pk=official.pk)
    return _official_page(request, official, roles_form=form)


@officials_only
@require_POST
def official_password(request: HttpRequest, pk: int) -> HttpResponse:
    official = _managed_official(request, pk)
    form = forms.PasswordSetForm(request.POST)
    if form.is_valid():
        try:
            services.password_set(actor=request.user, official=official,
                                  new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("The new password is set. Give it to the official "
                                        "in person and ask them to change it."))
            return redirect("accounts:official_edit", pk=official.pk)
    return _official_page(request, official, password_form=form)


def _conflict_to_message(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    try:
        action()
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)


@officials_only
@require_POST
def official_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    official = _managed_official(request, pk)
    form = forms.DeactivateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _conflict_to_message(request, lambda: services.official_deactivate(
        actor=request.user, official=official, reason=reason,
    ), _("The account has been deactivated."))
    return redirect("accounts:official_edit", pk=official.pk)


@officials_only
@require_POST
def official_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    official = _managed_official(request, pk)
    _conflict_to_message(request, lambda: services.official_reactivate(
        actor=request.user, official=official,
    ), _("The account is active again."))
    return redirect("accounts:official_edit", pk=official.pk)


@officials_only
@require_POST
def official_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    official = _managed_official(request, pk)
    services.account_unlock(actor=request.user, user=official.user)
    messages.success(request, _("The account is unlocked."))
    return redirect("accounts:official_edit", pk=official.pk)


@officials_only
@require_POST
def official_totp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn off an official's second factor when they lost their phone."""
    official = _managed_official(request, pk)
    _conflict_to_message(request, lambda: services.totp_disable(
        actor=request.user, user=official.user,
    ), _("The second factor is off; the official can turn it on again with a new phone."))
    return redirect("accounts:official_edit", pk=official.pk)
