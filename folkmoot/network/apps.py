from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "folkmoot.network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from . import page_cache, request_cache

        request_cache.connect()
        page_cache.connect()
