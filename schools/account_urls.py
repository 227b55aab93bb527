"""Sign-in, sign-out, password reset and invitation acceptance (Django's own auth views)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse, reverse_lazy

from .forms_auth import EmailAuthenticationForm, EmailPasswordResetForm
from .selectors import own_pending_invitations
from .views import two_factor as two_factor_views


class SignInView(auth_views.LoginView):
    """Django's sign-in; a person with invitations waiting for an answer lands on their account page."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        if own_pending_invitations(self.request.user).exists():
            return reverse("account")
        return super().get_default_redirect_url()


urlpatterns = [
    path(
        "login/",
        SignInView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=EmailPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path(
        "invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/invitation_accept.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="invitation_accept",
    ),
    path(
        "password-change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path("password-change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include(two_factor_views.urlpatterns)),
]
