from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbsencesConfig(AppConfig):
    name = "absences"
    verbose_name = _("Absence follow-up")

    def ready(self) -> None:
        # The pupil-name guard for the texts of groups, yearclocks and roles tools (they pass a context).
        from . import text_guards

        text_guards.register()

        from . import home_cards
        from .notifications import register_kinds

        home_cards.register()
        register_kinds()

        from .case_notifications import register_kinds as register_case_kinds

        register_case_kinds()
