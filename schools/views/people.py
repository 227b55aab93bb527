"""The municipality's people: the city coordinator invites, edits, deactivates and reactivates them.

`pk` in these URLs is the person's user id; the membership is looked up in the actor's
municipality, so a person who is not a member here is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from core.forms import add_service_errors
from schools import policies, selectors, services, two_factor
from schools.forms import MemberForm, MemberInviteForm
from schools.models import Membership, MembershipInvitation
from schools.views.access import OrganisationManagerRequiredMixin


class MemberMixin:
    """The membership named by the URL's user id, inside the actor's municipality (else 404)."""

    @cached_property
    def membership(self) -> Membership:
        return selectors.access_membership(self.actor, self.kwargs["pk"])


class MemberInviteView(OrganisationManagerRequiredMixin, FormView):
    template_name = "schools/member_form.html"
    form_class = MemberInviteForm
    initial = {"preferred_language": "fi"}

    def form_valid(self, form: MemberInviteForm) -> HttpResponse:
        try:
            invited = services.member_invite(actor=self.actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if isinstance(invited, MembershipInvitation):
            # An existing account: nothing of the person is shown until they accept.
            messages.success(
                self.request,
                _(
                    "An invitation was sent to %(email)s. The person already has an account: they are "
                    "shown here once they accept."
                )
                % {"email": invited.email},
            )
            return redirect("member_list")
        messages.success(
            self.request, _("An invitation was sent to %(email)s.") % {"email": invited.user.email}
        )
        return redirect("member_detail", pk=invited.user_id)


class MemberUpdateView(OrganisationManagerRequiredMixin, MemberMixin, FormView):
    tenant_object_lookup = staticmethod(selectors.access_membership)
    template_name = "schools/member_form.html"
    form_class = MemberForm

    def get_initial(self) -> dict:
        m = self.membership
        return {
            "first_name": m.user.first_name,
            "last_name": m.user.last_name,
            "preferred_language": m.user.preferred_language,
            "title": m.title,
            "is_coordinator": m.is_coordinator,
        }

    @cached_property
    def personal_data_editable(self) -> bool:
        return policies.person.allows(self.actor, "change_personal_data", self.membership.user)

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "personal_data_editable": self.personal_data_editable}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(membership=self.membership, person=self.membership.user, **kwargs)

    def form_valid(self, form: MemberForm) -> HttpResponse:
        try:
            membership = services.member_update(
                actor=self.actor, membership=self.membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(person)s was saved.") % {"person": membership.user.get_full_name()}
        )
        return redirect("member_detail", pk=membership.user_id)


class MemberSetActiveView(OrganisationManagerRequiredMixin, MemberMixin, View):
    tenant_object_lookup = staticmethod(selectors.access_membership)
    http_method_names = ["post"]
    active = False

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.membership
        name = membership.user.get_full_name()
        try:
            services.member_set_active(actor=self.actor, membership=membership, active=self.active)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if self.active:
                messages.success(request, _("%(person)s was reactivated.") % {"person": name})
            else:
                messages.success(
                    request,
                    _("%(person)s was deactivated and can no longer work in this municipality.")
                    % {"person": name},
                )
        return redirect("member_detail", pk=membership.user_id)


class MemberTwoFactorResetView(OrganisationManagerRequiredMixin, MemberMixin, View):
    tenant_object_lookup = staticmethod(selectors.access_membership)
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.membership
        try:
            two_factor.two_factor_reset(actor=self.actor, membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The second factor of %(person)s was removed: they set it up again before pupils' data.")
                % {"person": membership.user.get_full_name()},
            )
        return redirect("member_detail", pk=membership.user_id)


class MemberResendInvitationView(OrganisationManagerRequiredMixin, MemberMixin, View):
    tenant_object_lookup = staticmethod(selectors.access_membership)
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = self.membership
        if not (membership.is_active and membership.user.is_active):
            # The e-mail task sends nothing to a deactivated person; say so rather than pretend.
            messages.error(request, _("Reactivate the person before sending the invitation again."))
        else:
            services.member_resend_invitation(actor=self.actor, membership=membership)
            messages.success(
                request, _("The invitation was sent again to %(email)s.") % {"email": membership.user.email}
            )
        return redirect("member_detail", pk=membership.user_id)


class MemberInvitationCancelView(OrganisationManagerRequiredMixin, View):
    """Withdraw an invitation the person has not answered."""

    tenant_object_lookup = staticmethod(selectors.access_pending_invitation)
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        invitation = selectors.access_pending_invitation(self.actor, pk)
        try:
            invitation = services.member_invitation_cancel(actor=self.actor, invitation=invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
            )
        return redirect("member_list")


urlpatterns = [
    path("people/invite/", MemberInviteView.as_view(), name="member_invite"),
    path("people/<int:pk>/update/", MemberUpdateView.as_view(), name="member_update"),
    path("people/<int:pk>/deactivate/", MemberSetActiveView.as_view(active=False), name="member_deactivate"),
    path("people/<int:pk>/reactivate/", MemberSetActiveView.as_view(active=True), name="member_reactivate"),
    path(
        "people/<int:pk>/resend-invitation/",
        MemberResendInvitationView.as_view(),
        name="member_resend_invitation",
    ),
    path(
        "people/<int:pk>/two-factor/reset/",
        MemberTwoFactorResetView.as_view(),
        name="member_two_factor_reset",
    ),
    path(
        "people/invitations/<int:pk>/cancel/",
        MemberInvitationCancelView.as_view(),
        name="member_invitation_cancel",
    ),
]
