from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from .dashboard import home_cards as dashboard_home_cards

        dashboard_home_cards.register()
