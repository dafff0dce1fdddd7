"""Proposals, their amendments and life cycle, votes, ballots, and the decisions they make.

Ballots are evidence: one person, one ballot, enforced by database constraints. A secret
ballot has no link to its voter at all; a separate row records only that the person voted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council
from folkmoot.meetings.models import Meeting

# A vote or a decision belongs to exactly one body: an assembly, or a council of delegates.
ONE_BODY = (Q(assembly__isnull=False) & Q(council__isnull=True)) | (
    Q(assembly__isnull=True) & Q(council__isnull=False)
)


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DISCUSSION = "discussion", _("Open for discussion")
        VOTING = "voting", _("Being decided")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        CARRIED = "carried", _("Carried")
        NOT_CARRIED = "not_carried", _("Not carried")
        CONSENSUS = "consensus", _("Consensus reached")
        BLOCKED = "blocked", _("Blocked")
        CHOSEN = "chosen", _("Chosen")  # a choice between options (approval, score, ranked)

    assembly = models.ForeignKey(Assembly, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("the proposal"), help_text=_("Markdown: *italic*, **bold**, - lists.")
    )
    links = models.TextField(
        _("links to documents (if any)"), blank=True, help_text=_("One web address per line.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:proposal", kwargs={"pk": self.pk})


class ProposalVersion(models.Model):
    """Each text the proposal has had: the first, and one per accepted amendment."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    amendment = models.ForeignKey(
        "Amendment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"


class Transition(models.Model):
    """A step in a proposal's life: who moved it, when, from what to what."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Proposal.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Proposal.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class Amendment(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted by the author")
        TO_VOTE = "to_vote", _("Put to a vote")
        CARRIED = "carried", _("Carried by a vote")
        REJECTED = "rejected", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    based_on = models.PositiveIntegerField(help_text="The version number it changes.")
    text = models.TextField(_("the proposal as you would change it"))
    reason = models.CharField(_("why (if you like)"), max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Amendment {self.pk} to {self.proposal}"


class Vote(models.Model):
    """One question put to the assembly (or a council): how it is decided and who may vote."""

    class Method(models.TextChoices):
        MAJORITY = "majority", _("Simple majority")
        QUALIFIED = "qualified", _("Qualified majority")
        CONSENSUS = "consensus", _("Consensus")
        APPROVAL = "approval", _("Approval")
        SCORE = "score", _("Score")
        IRV = "irv", _("Ranked choice (instant runoff)")
        SCOTTISH_STV = "scottish_stv", _("Single Transferable Vote (Scottish rules)")
        MEEK_STV = "meek_stv", _("Single Transferable Vote (Meek)")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        ROOM = "room", _("In the room")
        HYBRID = "hybrid", _("Online and in the room")

    class Who(models.TextChoices):
        # For a council's vote, its members are the delegates holding its seats now.
        MEMBERS = "members", _("Members")
        VERIFIED = "verified", _("Members whose address was checked")
        CHECKED_IN = "checked_in", _("Members checked in at the meeting")

    class Status(models.TextChoices):
        READY = "ready", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    assembly = models.ForeignKey(
        Assembly, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
        help_text="A council's own vote (such as electing its delegates to the council above): "
        "the delegates holding its seats vote.",
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    amendment = models.ForeignKey(
        Amendment, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    question = models.CharField(_("question"), max_length=300)
    method = models.CharField(_("how it is decided"), max_length=20, choices=Method.choices)
    rules = models.JSONField(_("the method's settings"), default=dict, blank=True)
    seats = models.PositiveIntegerField(_("seats (elections)"), default=1)
    secret = models.BooleanField(_("secret ballot"), default=False)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    who = models.CharField(max_length=20, choices=Who.choices, default=Who.MEMBERS)
    changeable = models.BooleanField(
        _("people may change their vote until it closes"), default=False
    )
    lot_seed = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READY)
    opened_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A secret ballot cannot be changed: nothing links it to its voter to replace it.
            models.CheckConstraint(
                condition=~Q(secret=True, changeable=True), name="secret_votes_cannot_change"
            ),
            models.CheckConstraint(condition=ONE_BODY, name="vote_belongs_to_one_body"),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("decisions:vote", kwargs={"pk": self.pk})

    @property
    def body(self) -> Assembly | Council:
        """The assembly or council whose vote it is."""
        return self.council if self.council_id else self.assembly


class Option(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("option"), max_length=200)
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "label"], name="option_labels_differ"),
        ]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """A ballot. ``voter`` is set for open ballots only; secret ballots have a random id and no
    time, so neither the id nor the order can be matched to the participation record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField()
    cast_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "voter"],
                condition=Q(voter__isnull=False),
                name="one_open_ballot_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Ballot in {self.vote_id}"


class Participation(models.Model):
    """That a person voted (in a secret or open vote): the guard against voting twice."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, default="online")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} voted in {self.vote_id}"


class RoomCount(models.Model):
    """Tellers' count in the room: show of hands or paper ballots, per option or per answer."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="room_counts")
    counts = models.JSONField(help_text="Answer or option id → number of people.")
    paper_ballots = models.JSONField(default=list, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["entered_at"]

    def __str__(self) -> str:
        return f"Room count for {self.vote_id}"


class Decision(models.Model):
    """What an assembly (or a council, by a vote of its delegates) decided, and how putting it
    into practice is going."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        STUCK = "stuck", _("Stuck")

    assembly = models.ForeignKey(
        Assembly, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    proposal = models.OneToOneField(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    summary = models.CharField(max_length=300)
    decided_at = models.DateTimeField()
    progress = models.CharField(
        max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(condition=ONE_BODY, name="decision_belongs_to_one_body"),
        ]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        if self.council_id:
            return reverse(
                "decisions:council_decision", kwargs={"slug": self.council.slug, "pk": self.pk}
            )
        return reverse("decisions:decision", kwargs={"slug": self.assembly.slug, "pk": self.pk})

    @property
    def body(self) -> Assembly | Council:
        return self.council if self.council_id else self.assembly


class ProgressUpdate(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="updates")
    progress = models.CharField(max_length=20, choices=Decision.Progress.choices)
    note = models.TextField(_("what happened"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_progress_display()}: {self.note[:40]}"
