from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "folkmoot.councils"
    verbose_name = _("Councils")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to the decisions signals)
