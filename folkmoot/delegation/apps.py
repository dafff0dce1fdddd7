from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationConfig(AppConfig):
    name = "folkmoot.delegation"
    verbose_name = _("Delegates")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to the decisions signals)
