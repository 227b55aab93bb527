"""The municipality's people with the roles they hold (staffing); the writes are schools' people pages."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.urls import path
from django.views.generic import ListView, TemplateView

from schools import selectors as school_selectors
from schools import two_factor
from schools.forms import MemberFilterForm
from schools.models import Membership
from schools.views.access import OrganisationManagerRequiredMixin
from schools.views.people import MemberMixin

from .. import selectors


class MemberListView(OrganisationManagerRequiredMixin, ListView):
    template_name = "schools/member_list.html"
    context_object_name = "memberships"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Membership]:
        self.school_year = school_selectors.current_school_year(self.actor.municipality.pk)
        self.filter_form = MemberFilterForm(self.request.GET or None)
        memberships = school_selectors.members_for(self.actor, include_inactive=True)
        if self.filter_form.is_valid():
            # Each word must match the first name, last name or e-mail, so "Olli Virta" finds Olli Virtanen.
            for word in self.filter_form.cleaned_data["q"].split():
                memberships = memberships.filter(
                    Q(user__first_name__icontains=word)
                    | Q(user__last_name__icontains=word)
                    | Q(user__email__icontains=word)
                )
            show = self.filter_form.cleaned_data["show"]
            if show == "active":
                memberships = memberships.filter(is_active=True, user__is_active=True)
            elif show == "inactive":
                memberships = memberships.filter(Q(is_active=False) | Q(user__is_active=False))
            elif show == "coordinators":
                memberships = memberships.filter(is_coordinator=True)
        year_assignments = selectors.assignments_in_year(self.actor, self.school_year).order_by(
            "school__name", "role__order"
        )
        return memberships.prefetch_related(
            Prefetch("user__assignments", queryset=year_assignments, to_attr="year_assignments")
        )

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            school_year=self.school_year,
            filter_query=query.urlencode(),
            is_filtered=any(self.request.GET.get(key) for key in ("q", "show")),
            pending_invitations=list(school_selectors.pending_invitations_for(self.actor)),
        )
        return context


class MemberDetailView(OrganisationManagerRequiredMixin, MemberMixin, TemplateView):
    tenant_object_lookup = staticmethod(school_selectors.access_membership)
    template_name = "schools/member_detail.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        membership = self.membership
        assignments = (
            selectors.assignments_for(self.actor)
            .filter(user=membership.user)
            .order_by("-school_year__starts_on", "school__name", "role__order")
        )
        context.update(
            membership=membership,
            person=membership.user,
            assignments=assignments,
            is_self=membership.user_id == self.actor.user.pk,
            current_year=school_selectors.current_school_year(self.actor.municipality.pk),
            second_factor=two_factor.has_second_factor(membership.user),
        )
        return context


urlpatterns = [
    path("people/", MemberListView.as_view(), name="member_list"),
    path("people/<int:pk>/", MemberDetailView.as_view(), name="member_detail"),
]
