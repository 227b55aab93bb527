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
        schools = list(selectors.schools_with_year_assignments(actor, year).filter(is_active=True))
        mine = {}
        for school in schools:
            for a in school.year_assignments:
                if a.user_id == actor.user.pk:
                    mine.setdefault(school, []).append(a.role)
        principal_of = [s for s, roles in mine.items() if any(r.key == RoleKey.PRINCIPAL for r in roles)]
        context.update(
            school_year=year,
            my_schools=[{"school": s, "roles": roles} for s, roles in mine.items()],
            principal_schools=principal_of,
            all_schools=schools if actor.is_coordinator else [],
        )
        return context


urlpatterns = [path("", HomeView.as_view(), name="home")]
