from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Roles")

    def ready(self) -> None:
        from core.registries import MunicipalityDefaults, register_municipality_defaults

        from . import home_cards
        from .notifications import register_kinds
        from .services import catalog_install_standard_roles

        home_cards.register()
        register_kinds()
        # A new municipality starts with the 12 standard roles and act sections.
        register_municipality_defaults(
            MunicipalityDefaults(
                "roles.catalog", lambda m: catalog_install_standard_roles(municipality=m), order=10
            )
        )
