from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from .dashboard import home_cards as dashboard_home_cards
        from .evaluation import home_cards as evaluation_home_cards

        # The principal's school overview card, and the card while this year's evaluation is open.
        dashboard_home_cards.register()
        evaluation_home_cards.register()
