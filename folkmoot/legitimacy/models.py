"""The network's process template, and facilitators' records of the steps checked by hand."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from folkmoot.meetings.models import Meeting


class ProcessStep(models.Model):
    """One step of the network's process template, checked from data or recorded by hand."""

    class Rule(models.TextChoices):
        AGENDA_PUBLISHED = "agenda_published", _("Agenda published at least N days before")
        ROLES_NAMED = "roles_named", _("Facilitator and note-taker named")
        MINUTES_PUBLISHED = "minutes_published", _("Minutes published within N days")
        REPORT_BACKS = "report_backs", _("Delegates' report-backs received")
        RECORDED = "recorded", _("Recorded by the facilitator")

    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("step"), max_length=150)
    description = models.TextField(_("what it means"), blank=True)
    rule = models.CharField(_("how it is checked"), max_length=30, choices=Rule.choices)
    days = models.PositiveIntegerField(
        _("days (N)"), null=True, blank=True, help_text=_("For steps that count days.")
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    def __str__(self) -> str:
        return self.name


class ProcessRecord(models.Model):
    """The facilitator's record that a hand-recorded step was (or was not) followed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="process_records")
    step = models.ForeignKey(ProcessStep, on_delete=models.PROTECT, related_name="records")
    met = models.BooleanField(_("done"))
    note = models.CharField(_("short note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("process record")
        verbose_name_plural = _("process records")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "step"], name="record_a_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {'met' if self.met else 'not met'}"
