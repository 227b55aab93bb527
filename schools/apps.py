from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools and people")

    def ready(self) -> None:
        from core.actors import install_api_actor_resolver

        from . import text_guards
        from .api_actor import actor_for_request

        install_api_actor_resolver(actor_for_request)
        text_guards.register()
