from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.views.generic import TemplateView

from roles.models import RoleKey
from schools import selectors


class HomeView(LoginRequiredMixin, TemplateView):
    """Each person's own start page: their schools and roles in the current school year."""

    template_name = "schools/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.actor
        if actor is None:
            context["no_membership"] = True
            return context
        year = selectors.current_school_year(actor.municipality.pk)
        mine: dict = {}
        for a in selectors.assignments_for(actor, school_year=year).filter(
            user=actor.user, school__is_active=True
        ):
            mine.setdefault(a.school, []).append(a.role)
        principal_ids = [s.pk for s, roles in mine.items() if any(r.key == RoleKey.PRINCIPAL for r in roles)]
        # Only the principal's own schools get their whole roster.
        principal_of = (
            list(selectors.schools_with_year_assignments(actor, year).filter(pk__in=principal_ids))
            if principal_ids
            else []
        )
        overview = (
            list(selectors.schools_overview(actor, year).filter(is_active=True))
            if actor.is_coordinator
            else []
        )
        context.update(
            school_year=year,
            my_schools=[{"school": s, "roles": roles} for s, roles in mine.items()],
            principal_schools=principal_of,
            all_schools=overview,
        )
        return context


urlpatterns = [path("", HomeView.as_view(), name="home")]
