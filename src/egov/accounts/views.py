from __future__ import annotations

import pyotp
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from egov.accounts.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request: HttpRequest) -> HttpResponse:
    official = getattr(request.user, "official", None) if request.user.is_official else None
    return render(request, "accounts/home.html", {"official": official})


class TotpForm(forms.Form):
    code = forms.CharField(label=_("Six-digit code"), max_length=6, min_length=6)


@login_required
def totp_verify(request: HttpRequest) -> HttpResponse:
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if pyotp.TOTP(request.user.totp_secret).verify(form.cleaned_data["code"], valid_window=1):
            request.session[SESSION_KEY] = True
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = "accounts:home"
            return redirect(target)
        form.add_error("code", _("The code is wrong or has expired."))
    return render(request, "accounts/totp_verify.html", {"form": form})
