from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbsencesConfig(AppConfig):
    name = "absences"
    verbose_name = _("Absence follow-up")

    def ready(self) -> None:
        from . import home_cards, tier_counts  # noqa: F401  (tier_counts: registers the TierCount model)
        from .notifications import register_kinds

        home_cards.register()
        register_kinds()
