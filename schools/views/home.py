from django.contrib.auth.mixins import LoginRequiredMixin
from django.template.loader import render_to_string
from django.urls import path
from django.utils.safestring import SafeString
from django.views.generic import TemplateView

from core.page_cache import CachedPageMixin
from core.registries import home_cards
from schools import selectors


class HomeView(LoginRequiredMixin, CachedPageMixin, TemplateView):
    """Each person's own start page: the cards the apps register (core.registries.home_cards) for them."""

    template_name = "schools/home.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        # Invitations of other municipalities wait for the person's own answer on their account page.
        context["pending_invitations"] = selectors.own_pending_invitations(self.request.user).count()
        actor = self.request.actor
        if actor is None:
            context["no_membership"] = True
            return context
        shared = {"school_year": selectors.current_school_year(actor.municipality.pk)}
        context.update(shared, cards=self._cards(actor, shared))
        return context

    def _cards(self, actor, shared: dict) -> list[SafeString]:
        rendered = []
        for card in sorted(home_cards, key=lambda c: c.order):
            card_context = card.build(self.request, actor, shared)
            if card_context is not None:
                rendered.append(
                    render_to_string(card.template, {**shared, **card_context}, request=self.request)
                )
        return rendered


urlpatterns = [path("", HomeView.as_view(), name="home")]
