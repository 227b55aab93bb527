from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearclockConfig(AppConfig):
    name = "yearclock"
    verbose_name = _("Yearclock")

    def ready(self) -> None:
        from core.registries import MunicipalityDefaults, listen, register_municipality_defaults

        from .services.clocks import entries_done_by_minutes
        from .services.template import template_install

        # Minutes approved in groups: the entries their meeting handled are done.
        listen("groups.minutes_approved", "yearclock.entries_done", entries_done_by_minutes)

        # A new municipality starts with an empty template the coordinator fills in.
        register_municipality_defaults(
            MunicipalityDefaults("yearclock.template", lambda m: template_install(municipality=m), order=30)
        )
