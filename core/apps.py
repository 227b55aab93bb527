from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Yhdessä core"

    def ready(self) -> None:
        from . import page_cache

        page_cache.connect()
