"""Attendance: who was at a meeting, and whether they live locally.

Attendance is evidence for legitimacy, so it is never silently changed: each person is checked
in once per meeting (a database constraint), closing attendance freezes it, and later
corrections are organisers' only, need a reason, and are kept as a trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from folkmoot.meetings.models import Meeting


class Residency(models.TextChoices):
    """Whether someone at a meeting lives in the assembly's area, and how we know."""

    VERIFIED = "verified", _("Local resident (checked)")
    SELF_DECLARED = "self_declared", _("Local resident (says so)")
    NOT_LOCAL = "not_local", _("Not a local resident")


class Attendance(models.Model):
    """One person at one meeting. ``identity`` makes the same person count once, even when two
    tellers check them in at the same moment."""

    class Method(models.TextChoices):
        SELF = "self", _("Checked themselves in")
        TELLER = "teller", _("Checked in by a teller")
        CORRECTION = "correction", _("Added by an organiser afterwards")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    name = models.CharField(_("name"), max_length=80)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    identity = models.CharField(max_length=160)
    residency = models.CharField(max_length=20, choices=Residency.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verification_method = models.CharField(max_length=120, blank=True)
    method = models.CharField(max_length=20, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_in_at = models.DateTimeField(auto_now_add=True)
    struck_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["checked_in_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "identity"], name="attend_a_meeting_once"),
        ]
        indexes = [
            # Who counts at a meeting, by residency, without reading the rows themselves
            # (services.count_annotations, for every meeting of a legitimacy list).
            models.Index(
                fields=["meeting", "residency"],
                condition=models.Q(struck_out_at__isnull=True),
                name="attendance_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} at {self.meeting}"


class Tally(models.Model):
    """People a teller counted without names (who do not want to give one, or have no phone),
    with the teller's statement of whether they are local residents."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tallies")
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    people = models.PositiveIntegerField(_("people"))
    local_residents = models.PositiveIntegerField(_("of whom local residents"))
    created_at = models.DateTimeField(auto_now_add=True)
    struck_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.CheckConstraint(
                condition=Q(local_residents__lte=models.F("people")),
                name="tally_residents_within_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.people} counted at {self.meeting}"


class AttendanceCorrection(models.Model):
    """A change to closed attendance: who, when, why, and what it was before and after."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="corrections")
    attendance = models.ForeignKey(
        Attendance, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    tally = models.ForeignKey(
        Tally, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    action = models.CharField(max_length=40)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at"]
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")

    def __str__(self) -> str:
        return f"{self.action} ({self.reason})"
