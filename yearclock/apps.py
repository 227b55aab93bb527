from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearclockConfig(AppConfig):
    name = "yearclock"
    verbose_name = _("Yearclock")

    def ready(self) -> None:
        from core.registries import (
            MunicipalityDefaults,
            agenda_suggestions,
            listen,
            register_municipality_defaults,
        )

        from . import home_cards, notifications
        from .agenda import suggest
        from .services.clocks import entries_done_by_minutes
        from .services.template import template_install

        # Minutes approved in groups: the entries their meeting handled are done.
        listen("groups.minutes_approved", "yearclock.entries_done", entries_done_by_minutes)

        # A meeting's agenda proposes the month's entries for the group's level.
        agenda_suggestions.register("yearclock", suggest)

        # The monthly digest and the home page's "this month" card.
        notifications.register_kinds()
        home_cards.register()

        # A new municipality starts with an empty template the coordinator fills in.
        register_municipality_defaults(
            MunicipalityDefaults("yearclock.template", lambda m: template_install(municipality=m), order=30)
        )
