from django.views.generic import DetailView, ListView

from schools.views.mixins import MemberRequiredMixin

from .. import selectors


class RoleListView(MemberRequiredMixin, ListView):
    """The municipality's role catalog, readable by every member."""

    template_name = "roles/role_list.html"
    context_object_name = "roles"

    def get_queryset(self):
        return selectors.roles_for(self.actor, include_inactive=self.actor.is_coordinator).prefetch_related(
            "responsibilities"
        )


class RoleDetailView(MemberRequiredMixin, DetailView):
    template_name = "roles/role_detail.html"
    context_object_name = "role"

    def get_object(self, queryset=None):
        return selectors.get_role(self.actor, self.kwargs["pk"])


urlpatterns: list = []
