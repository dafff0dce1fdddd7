"""Councils of delegates, the questions on their agendas, referrals down to the member bodies,
and the seats' votes on those questions.

A council makes no policy of its own: a question outside its competences goes down to every
member body, each decides, and the delegates' votes are then bound by those decisions.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from folkmoot.assemblies.models import Assembly, Theme
from folkmoot.places.models import Area


class Level(models.Model):
    """A tier of councils, as the network names them: district, city, county, region, ..."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    rank = models.PositiveIntegerField(
        _("rank"), unique=True, help_text=_("1 for the level just above the assemblies.")
    )

    class Meta:
        ordering = ["rank"]
        verbose_name = _("council level")
        verbose_name_plural = _("council levels")

    def __str__(self) -> str:
        return self.name


class Council(models.Model):
    class ResultRule(models.TextChoices):
        SEATS = "seats", _("Majority of seats")
        BODIES = "bodies", _("Majority of member bodies")
        RESIDENTS = "residents", _("Weighted by verified residents")
        DOUBLE = "double", _("Double majority (member bodies and residents)")
        CONSENSUS = "consensus", _("Consensus of member bodies")

    class CascadeRule(models.TextChoices):
        MAJORITY = "majority", _("All its seats follow the majority of its member bodies")
        PROPORTIONAL = "proportional", _("Its seats are split in proportion to its members")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name for links"), max_length=120, unique=True)
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="councils"
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
    )
    about = models.TextField(_("what this council does"), blank=True)
    only_legitimate_vote = models.BooleanField(
        _("only delegates of legitimate assemblies vote"), default=False
    )
    result_rule = models.CharField(
        _("how a result is reached"),
        max_length=20,
        choices=ResultRule.choices,
        default=ResultRule.BODIES,
    )
    cascade_rule = models.CharField(
        _("how its own delegates are mandated on a question referred from above"),
        max_length=20,
        choices=CascadeRule.choices,
        default=CascadeRule.MAJORITY,
    )
    conveners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conveners"),
        blank=True,
        related_name="convened_councils",
        help_text=_("They keep the agenda and the records. They have no vote as conveners."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level__rank", "name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", kwargs={"slug": self.slug})


class CouncilMember(models.Model):
    """A member body of a council: an assembly or a council a level down, with its seats."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    assembly = models.ForeignKey(
        Assembly, null=True, blank=True, on_delete=models.PROTECT, related_name="council_seats"
    )
    member_council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="seats_above"
    )
    seats = models.PositiveIntegerField(_("seats"), default=1)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "pk"]
        verbose_name = _("member body")
        verbose_name_plural = _("member bodies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(assembly__isnull=False) & Q(member_council__isnull=True))
                | (Q(assembly__isnull=True) & Q(member_council__isnull=False)),
                name="member_is_assembly_or_council",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="member_has_a_seat"),
            models.UniqueConstraint(
                fields=["council", "assembly"], name="assembly_joins_council_once"
            ),
            models.UniqueConstraint(
                fields=["council", "member_council"], name="council_joins_council_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} in {self.council}"

    @property
    def body(self):
        """The member body itself: an Assembly or a Council."""
        return self.assembly if self.assembly_id else self.member_council

    def clean(self) -> None:
        """Who may sit where: a themed council takes delegates from assemblies or councils of
        its theme; a general council from neighbourhood assemblies or general councils; and a
        council sits only on a council of a higher level (so the tree never loops)."""
        council = self.council
        body = self.body
        if council is None or body is None:
            return
        theme = council.theme_id
        body_theme = body.theme_id
        if theme and body_theme != theme:
            raise ValidationError(
                _("%(council)s is a %(theme)s council: its members are %(theme)s bodies.")
                % {"council": council.name, "theme": council.theme.name}
            )
        if not theme and body_theme:
            raise ValidationError(
                _("%(body)s is themed: it sits on a themed council, not on %(council)s.")
                % {"body": body.name, "council": council.name}
            )
        if self.member_council_id and body.level.rank >= council.level.rank:
            raise ValidationError(
                _("A council sits only on a council of a higher level than its own.")
            )


class Competence(models.Model):
    """A matter the member bodies have delegated to the council. Anything else goes down."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="competences")
    matter = models.CharField(_("matter"), max_length=200)
    granted = models.CharField(
        _("how the member bodies delegated it"),
        max_length=300,
        blank=True,
        help_text=_("For example: agreed by all member assemblies, March 2026."),
    )

    class Meta:
        ordering = ["matter"]
        constraints = [
            models.UniqueConstraint(fields=["council", "matter"], name="competence_once"),
        ]

    def __str__(self) -> str:
        return self.matter


class CouncilMeeting(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    notes = models.TextField(_("what was decided (notes)"), blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.council} {self.starts_at:%d %b %Y}"


class Question(models.Model):
    """A question on a council's agenda. Within a competence the council's delegates vote on
    it under their standing mandates; otherwise it is referred down to every member body."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("For or against")
        RANKING = "ranking", _("A ranking of options")

    class Status(models.TextChoices):
        DRAFT = "draft", _("On the agenda")
        REFERRED = "referred", _("Referred to the member bodies")
        VOTING = "voting", _("Delegates voting")
        DECIDED = "decided", _("Decided")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="questions")
    meeting = models.ForeignKey(
        CouncilMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    title = models.CharField(_("question"), max_length=200)
    text = models.TextField(_("background"), blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    options = models.JSONField(_("options (for a ranking)"), default=list, blank=True)
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("within the council's competence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascades",
        help_text="The question a council above referred here.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateTimeField(_("member bodies decide by"), null=True, blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    voting_opened_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="yes_no") | Q(kind="ranking"), name="question_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("councils:question", kwargs={"pk": self.pk})


class Referral(models.Model):
    """A question sent down to one member body: to an assembly as a proposal on its own
    agenda, or to a council below as a question of its own (the cascade)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Deciding")
        DECIDED = "decided", _("Decided")
        MISSED = "missed", _("Did not decide by the deadline")

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="referrals")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="referrals")
    proposal = models.OneToOneField(
        "decisions.Proposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral",
    )
    child_question = models.OneToOneField(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral_from_above",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(
        null=True,
        blank=True,
        help_text="What the body decided: an answer, a ranking, or seats per answer.",
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "member"], name="refer_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.member.body}"


class SeatVote(models.Model):
    """A delegate's vote for their seat on a question, with the mandate it was cast under.

    A recalled delegate's votes on questions still open are withdrawn (kept, marked), never
    deleted: the trail shows what was cast and why it no longer counts.
    """

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="seat_votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="seat_votes")
    delegate = models.ForeignKey(
        "delegation.DelegateTerm", on_delete=models.PROTECT, related_name="seat_votes"
    )
    answer = models.CharField(max_length=10, blank=True)  # for / against / abstain
    ranking = models.JSONField(default=list, blank=True)
    mandate = models.ForeignKey(
        "delegation.Mandate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seat_votes",
    )
    cast_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "delegate"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_seat_vote_per_delegate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} on {self.question}: {self.answer or self.ranking}"
