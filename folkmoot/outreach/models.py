"""Outreach: what an assembly did to invite everyone in its area, where, when and by whom."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.models import Assembly
from folkmoot.meetings.models import Meeting


class OutreachActivity(models.Model):
    class Kind(models.TextChoices):
        LEAFLETS = "leaflets", _("Leaflets through doors")
        DOOR_KNOCKING = "door_knocking", _("Door-knocking")
        POSTERS = "posters", _("Posters")
        STALL = "stall", _("Stall")
        SOCIAL_MEDIA = "social_media", _("Social media")
        LOCAL_PRESS = "local_press", _("Local press")
        COMMUNITY_GROUPS = "community_groups", _("Community groups")
        TRANSLATED = "translated", _("Translated material")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="outreach")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("for which meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach",
    )
    kind = models.CharField(_("what you did"), max_length=30, choices=Kind.choices)
    done_on = models.DateField(_("when"))
    units = models.JSONField(
        _("postcodes reached"),
        default=list,
        blank=True,
        help_text=_("Full postcodes of the streets you covered."),
    )
    streets = models.TextField(_("streets"), blank=True)
    people_reached = models.PositiveIntegerField(_("about how many people you reached"), default=0)
    languages = models.CharField(_("languages"), max_length=200, blank=True, default="English")
    done_by = models.CharField(_("who did it"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.done_on}"
