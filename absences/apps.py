from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbsencesConfig(AppConfig):
    name = "absences"
    verbose_name = _("Absence follow-up")

    def ready(self) -> None:
        from .case_notifications import register_kinds as register_case_kinds

        register_case_kinds()
