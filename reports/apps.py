from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from .evaluation import home_cards as evaluation_home_cards

        # The principal's card while this year's evaluation is open.
        evaluation_home_cards.register()
