"""The signed-in person's own things: the municipality they work in now and by default, their name and
language, their answers to invitations, and the UI language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.inputs import local_redirect
from schools import selectors, services, two_factor
from schools.forms import AccountForm, DefaultMunicipalityForm
from schools.tenancy import SESSION_KEY, active_memberships, default_membership, resolve_actor


@login_required
@require_POST
def municipality_switch(request: HttpRequest) -> HttpResponse:
    """Switch the active municipality (county staff serve several).

    Only to a municipality where the user has an active membership: any other id (another tenant's,
    a missing one, junk) is refused alike and the session keeps the municipality it had.
    """
    requested = request.POST.get("municipality", "")
    actor = resolve_actor(request.user, requested)
    if actor is None or str(actor.municipality.pk) != requested.strip():
        raise PermissionDenied
    request.session[SESSION_KEY] = actor.municipality.pk
    messages.success(request, _("You are now working in %(name)s.") % {"name": actor.municipality.name})
    target = local_redirect(request.POST.get("next"), host=request.get_host(), secure=request.is_secure())
    return redirect(target or reverse("home"))


def language_activate(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the UI language with one link (the header's language links), then go back.

    A plain link rather than a form: the choice only affects this browser's own display, and a link
    is one keyboard stop and one click. Unknown codes change nothing.
    """
    target = local_redirect(request.GET.get("next"), host=request.get_host(), secure=request.is_secure())
    response = redirect(target or reverse("home"))
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


class AccountView(LoginRequiredMixin, View):
    """My account: invitations waiting for my answer, my municipalities and the default one, and my
    name and language (the same in every municipality). Needs no active membership: a person invited
    by a first municipality may have none yet."""

    template_name = "schools/account.html"

    def render_page(
        self,
        request: HttpRequest,
        form: AccountForm | None = None,
        default_form: DefaultMunicipalityForm | None = None,
    ) -> HttpResponse:
        user = request.user
        memberships = active_memberships(user)
        default = default_membership(user, memberships)
        if form is None:
            form = AccountForm(
                initial={
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "preferred_language": user.preferred_language,
                }
            )
        if default_form is None:
            default_form = DefaultMunicipalityForm(
                memberships=memberships,
                initial={"municipality": default.municipality_id if default else None},
            )
        context = {
            "invitations": list(selectors.own_pending_invitations(user)),
            "memberships": memberships,
            "default_membership": default,
            "form": form,
            "default_form": default_form,
            "two_factor": {
                "set_up": two_factor.has_second_factor(user),
                "verified": user.is_verified(),
                "codes_left": two_factor.recovery_codes_left(user),
            },
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AccountForm(request.POST)
        if form.is_valid():
            try:
                services.account_update(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your details were saved."))
                return redirect("account")
        return self.render_page(request, form=form)


class DefaultMunicipalityView(AccountView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DefaultMunicipalityForm(request.POST, memberships=active_memberships(request.user))
        if form.is_valid():
            try:
                user = services.account_set_default_municipality(
                    user=request.user, municipality_id=form.cleaned_data["municipality"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is now your default municipality.")
                    % {"name": user.default_municipality.name},
                )
                return redirect("account")
        return self.render_page(request, default_form=form)


class InvitationAnswerView(LoginRequiredMixin, View):
    """Accept or decline one of my own invitations; anyone else's is a 404."""

    http_method_names = ["post"]
    accept = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        invitation = selectors.access_own_invitation(request.user, pk)
        name = invitation.municipality.name
        try:
            if self.accept:
                services.invitation_accept(user=request.user, invitation=invitation)
            else:
                services.invitation_decline(user=request.user, invitation=invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if self.accept:
                messages.success(
                    request,
                    _("You joined %(name)s.") % {"name": name},
                )
            else:
                messages.success(request, _("You declined the invitation of %(name)s.") % {"name": name})
        return redirect("account")


urlpatterns = [
    path("account/", AccountView.as_view(), name="account"),
    path(
        "account/default-municipality/",
        DefaultMunicipalityView.as_view(),
        name="account_default_municipality",
    ),
    path(
        "account/invitations/<int:pk>/accept/",
        InvitationAnswerView.as_view(accept=True),
        name="membership_invitation_accept",
    ),
    path(
        "account/invitations/<int:pk>/decline/",
        InvitationAnswerView.as_view(accept=False),
        name="membership_invitation_decline",
    ),
    path("municipality/switch/", municipality_switch, name="municipality_switch"),
    path("language/<str:code>/", language_activate, name="language_activate"),
]
