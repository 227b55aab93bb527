from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from core.inputs import normalise_email


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str | None:
        """The address as the sign-in lockout counts it (core.lockout): stripped, lower case."""
        return normalise_email(self.cleaned_data.get("username"))


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email: str):
        """Also reaches invited people who never set a password, so a lost invitation can be recovered."""
        from .models import User

        return User.objects.filter(
            email__iexact=email, is_active=True, memberships__is_active=True
        ).distinct()
