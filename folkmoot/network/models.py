"""The network: one installation's confederation and the rules it sets for itself."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
    # Legitimacy: computed from an assembly's own records against these rules (the seed's
    # defaults). Changing them changes every assembly's status from then on.
    outreach_window_days = models.PositiveIntegerField(
        _("days before a meeting that outreach counts for it"), default=28
    )
    outreach_coverage_percent = models.PositiveIntegerField(
        _("share of postcode units reached (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    notice_days = models.PositiveIntegerField(
        _("days of notice for a meeting invitation"), default=14
    )
    residents_per_meeting = models.PositiveIntegerField(
        _("distinct local residents at each meeting"), default=150
    )
    meetings_considered = models.PositiveIntegerField(
        _("recent meetings that must each meet the rules"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    count_self_declared = models.BooleanField(
        _("count self-declared residents (not only verified ones)"), default=False
    )
    process_percent = models.PositiveIntegerField(
        _("share of process steps met at each meeting (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Recall: members of the electing body petition; at this many signatures a recall vote
    # opens. The smaller of the share and the cap, so large assemblies are not shielded.
    recall_percent = models.PositiveIntegerField(
        _("signatures to start a recall vote: share of resident members (%)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    recall_cap = models.PositiveIntegerField(
        _("signatures to start a recall vote: never more than"),
        default=20,
        validators=[MinValueValidator(1)],
    )
    recall_vote_at_meeting = models.BooleanField(
        _("hold recall votes at the assembly's next meeting (in the room and online)"),
        default=False,
        help_text=_(
            "Otherwise, and when no meeting is planned, the recall vote is held online for "
            "seven days."
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
        """The installation's network, created with the seed's defaults on first use. Read
        once per request (see request_cache)."""
        from .request_cache import remembered

        return remembered(("network",), cls._read_current)

    @classmethod
    def _read_current(cls) -> "Network":
        network = cls.objects.order_by("pk").first()
        if network is None:
            network, _created = cls.objects.get_or_create(pk=1)
        return network
