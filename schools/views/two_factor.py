"""The second factor's own pages: set it up, prove it in this session, get new recovery codes.

The pages with pupil data send people here (`absences.otp.VerifiedRequiredMixin`) with `?next=`; the
`next` target is followed only when it is a path on this site."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.views import View

from core.inputs import local_redirect
from schools import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The six digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off"}
        ),
    )


class VerifyForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
    )


def _next(request: HttpRequest) -> str | None:
    value = request.POST.get("next") if request.method == "POST" else request.GET.get("next")
    return local_redirect(value, host=request.get_host(), secure=request.is_secure())


def _with_next(name: str, target: str | None) -> str:
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


class TwoFactorSetupView(LoginRequiredMixin, View):
    """Scan a QR code (or type the secret), then confirm with a code: the session is verified and ten
    recovery codes are shown once. Replacing an existing authenticator needs a verified session, so a
    stolen password alone cannot move the second factor to another phone."""

    template_name = "schools/two_factor/setup.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if user.is_authenticated and two_factor.has_second_factor(user) and not user.is_verified():
            return HttpResponseRedirect(_with_next("two_factor_verify", request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        device = two_factor.totp_pending(request.user)
        context = {
            "form": form,
            "next": _next(request) or "",
            "qr_svg": two_factor.qr_svg(two_factor.otpauth_url(device)),
            "secret": two_factor.base32_secret(device),
            "replacing": two_factor.has_second_factor(request.user),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                codes = two_factor.totp_confirm(
                    request, two_factor.totp_pending(request.user), form.cleaned_data["code"]
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                return render(
                    request,
                    "schools/two_factor/codes.html",
                    {"codes": codes, "next": _next(request), "just_set_up": True},
                )
        return self.render_page(request, form)


class TwoFactorVerifyView(LoginRequiredMixin, View):
    template_name = "schools/two_factor/verify.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not two_factor.has_second_factor(request.user):
            return HttpResponseRedirect(_with_next("two_factor_setup", _next(request)))
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request: HttpRequest, form: VerifyForm) -> HttpResponse:
        return render(request, self.template_name, {"form": form, "next": _next(request) or ""})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, VerifyForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                two_factor.verify(request, form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                return HttpResponseRedirect(_next(request) or reverse("home"))
        return self.render_page(request, form)


class RecoveryCodesView(LoginRequiredMixin, View):
    """New recovery codes (the old stop working), shown once; only in a verified session."""

    template_name = "schools/two_factor/recovery.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not request.user.is_verified():
            name = "two_factor_verify" if two_factor.has_second_factor(request.user) else "two_factor_setup"
            return HttpResponseRedirect(_with_next(name, request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"left": two_factor.recovery_codes_left(request.user)})

    def post(self, request: HttpRequest) -> HttpResponse:
        codes = two_factor.recovery_codes_regenerate(request.user)
        return render(request, "schools/two_factor/codes.html", {"codes": codes, "next": None})


urlpatterns = [
    path("two-factor/", TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("two-factor/verify/", TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/recovery-codes/", RecoveryCodesView.as_view(), name="two_factor_recovery_codes"),
]
