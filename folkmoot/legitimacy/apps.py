from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegitimacyConfig(AppConfig):
    name = "folkmoot.legitimacy"
    verbose_name = _("Legitimacy")
