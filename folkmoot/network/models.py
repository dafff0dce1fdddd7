"""The network: one installation's confederation and the rules it sets for itself."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """The network's own settings. One installation runs one network, so there is one row."""

    name = models.CharField(_("name"), max_length=120, default="Folkmoot")
    tagline = models.CharField(
        _("one line about the network"),
        max_length=200,
        blank=True,
        default="People's Assemblies: decide together, join up, stay in control.",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    supporter_threshold = models.PositiveIntegerField(
        _("supporters that call for a new assembly"),
        default=20,
        help_text=_(
            "When this many confirmed supporters gather in an area with no assembly, "
            "the network organisers are emailed."
        ),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("network organisers"),
        blank=True,
        related_name="organised_networks",
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("network")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "Network":
        """The installation's network, created with the seed's defaults on first use."""
        network = cls.objects.order_by("pk").first()
        if network is None:
            network, _created = cls.objects.get_or_create(pk=1)
        return network
