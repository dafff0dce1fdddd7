"""Delegates: how they are elected, the mandates that bind them, recall, and report-backs.

A delegate holds a seat of a member body on a council for a term. The body gives the
mandates, the body may recall them at any time, and the delegate reports back to the body.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from folkmoot.councils.models import CouncilMeeting, CouncilMember, Question
from folkmoot.decisions.models import Decision, Vote


class Election(models.Model):
    """An election of a member body's delegates, counted by the decisions module. When the
    vote closes the winners take the seats (and the next ones become substitutes)."""

    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="elections")
    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="election")
    seats = models.PositiveIntegerField(_("seats to fill"))
    substitutes = models.PositiveIntegerField(_("substitutes"), default=0)
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"))
    by_election_for = models.ForeignKey(
        "DelegateTerm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="by_elections",
    )
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends__gte=models.F("term_starts")),
                name="election_term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Election of delegates of {self.member.body} to {self.member.council}"


class DelegateTerm(models.Model):
    """One person holding one of a member body's seats on a council, from election to the end
    of the term, resignation or recall."""

    class EndReason(models.TextChoices):
        TERM = "term", _("Term ended")
        RECALLED = "recalled", _("Recalled")
        RESIGNED = "resigned", _("Resigned")

    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="delegate_terms"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="delegate_terms"
    )
    substitute = models.BooleanField(_("substitute"), default=False)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    seated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When they took the seat: the result declared, the appointment, or a "
        "substitute stepping up. Empty for a substitute who never took a seat.",
    )
    appointed_minute = models.TextField(
        _("the council's decision that appointed them"),
        blank=True,
        help_text="For delegates of a council: the lower council's decision, in its words.",
    )

    class Meta:
        ordering = ["member", "substitute", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "person"],
                condition=Q(ended_at__isnull=True),
                name="one_current_term_per_person_and_seat",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="delegate_term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.member.body} on {self.member.council}"

    def get_absolute_url(self) -> str:
        return reverse("delegation:delegate", kwargs={"pk": self.pk})


class Mandate(models.Model):
    """A body's instruction to its delegates on a council: standing (no question) or for one
    question. Made by a decision of the body, or derived from the results below it."""

    class Instruction(models.TextChoices):
        FOR = "for", _("Vote for")
        AGAINST = "against", _("Vote against")
        ABSTAIN = "abstain", _("Abstain")
        RANKING = "ranking", _("Vote this ranking")
        SPLIT = "split", _("Split the seats")
        DISCRETION = "discretion", _("Discretion within bounds")

    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="mandates")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="mandates"
    )
    instruction = models.CharField(max_length=12, choices=Instruction.choices)
    ranking = models.JSONField(default=list, blank=True)
    split = models.JSONField(default=dict, blank=True, help_text="Seats per answer.")
    allowed = models.JSONField(
        default=list, blank=True, help_text="For discretion: the answers the delegate may give."
    )
    text = models.TextField(_("the instruction in words"), blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="mandates"
    )
    source_question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_mandates",
        help_text="For a council's seats above: the referred question its members decided.",
    )
    derived = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "question"],
                condition=Q(superseded_at__isnull=True, question__isnull=False),
                name="one_current_mandate_per_question",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(superseded_at__isnull=True, question__isnull=True),
                name="one_current_standing_mandate",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(source_question__isnull=False),
                name="mandate_comes_from_a_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instruction_display()} ({self.member.body})"


class RecallPetition(models.Model):
    class Status(models.TextChoices):
        GATHERING = "gathering", _("Gathering signatures")
        VOTING = "voting", _("Recall vote open")
        RECALLED = "recalled", _("Recalled")
        KEPT = "kept", _("Not recalled")
        LAPSED = "lapsed", _("Ended: the delegate left the seat another way")

    delegate = models.ForeignKey(
        DelegateTerm, on_delete=models.PROTECT, related_name="recall_petitions"
    )
    reason = models.TextField(_("why recall this delegate"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    threshold = models.PositiveIntegerField(help_text="Signatures needed, fixed when opened.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.GATHERING)
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="recall_petition"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate"],
                condition=Q(status__in=["gathering", "voting"]),
                name="one_live_recall_per_delegate",
            ),
        ]

    def __str__(self) -> str:
        return f"Recall of {self.delegate}"


class RecallSignature(models.Model):
    petition = models.ForeignKey(
        RecallPetition, on_delete=models.PROTECT, related_name="signatures"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "person"], name="sign_recall_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} signed {self.petition_id}"


class ReportBack(models.Model):
    """What a delegate tells their body after a council meeting."""

    delegate = models.ForeignKey(DelegateTerm, on_delete=models.PROTECT, related_name="reports")
    meeting = models.ForeignKey(
        CouncilMeeting, on_delete=models.PROTECT, related_name="report_backs"
    )
    text = models.TextField(_("what was decided, how you voted and under which mandate"))
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(fields=["delegate", "meeting"], name="report_back_once"),
        ]

    def __str__(self) -> str:
        return f"Report-back by {self.delegate} on {self.meeting}"
