from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Wellbeing groups")

    def ready(self) -> None:
        from core.registries import MunicipalityDefaults, register_municipality_defaults

        from . import home_cards
        from .notifications import register_kinds
        from .services.structure import levels_install_default

        register_kinds()

        # A new municipality starts with the customer's four levels (seed 002).
        register_municipality_defaults(
            MunicipalityDefaults("groups.levels", lambda m: levels_install_default(municipality=m), order=20)
        )
        home_cards.register()
