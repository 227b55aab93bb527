from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from core.inputs import normalise_email
from core.registries import emit


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str | None:
        """The address as the sign-in lockout counts it (core.lockout): stripped, lower case."""
        return normalise_email(self.cleaned_data.get("username"))


class EmailPasswordResetForm(PasswordResetForm):
    """Sends nothing itself: it announces the request ("password_reset_requested"), and the notifications
    app queues it. The request then does the same work for a known and an unknown address: no lookup
    and no SMTP, so its timing does not tell whether an address has an account."""

    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email: str):
        """Also reaches invited people who never set a password, so a lost invitation can be recovered."""
        from .selectors import users_for_password_reset

        return users_for_password_reset(email)

    def save(self, *args, **kwargs) -> None:
        emit("password_reset_requested", email=self.cleaned_data["email"])
