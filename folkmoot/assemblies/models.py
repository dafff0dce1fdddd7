"""Assemblies, the people in them, their supporters and the comments on their public pages."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from folkmoot.places.models import Area


class Theme(models.Model):
    """What a themed assembly works on: health, education, housing, ..."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Assembly(models.Model):
    """A face-to-face body of the people who live in its area. Only assemblies make policy."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood assembly")
        THEMED = "themed", _("Themed assembly")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name for links"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.NEIGHBOURHOOD
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assemblies",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="assemblies"
    )
    about = models.TextField(_("what this assembly is"), blank=True)
    usual_meeting = models.CharField(
        _("when it usually meets"),
        max_length=200,
        blank=True,
        help_text=_("For example: First Tuesday of the month, 7pm."),
    )
    venue = models.CharField(_("where it usually meets"), max_length=200, blank=True)
    how_to_join = models.TextField(_("how to join"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="neighbourhood", theme__isnull=True)
                | Q(kind="themed", theme__isnull=False),
                name="assembly_theme_matches_kind",
                violation_error_message=_(
                    "A themed assembly needs a theme; a neighbourhood assembly has none."
                ),
            ),
        ]
        indexes = [
            # The directory's order: a page of it is read from here, not sorted from them all.
            models.Index(fields=["kind", "name", "id"], name="assembly_directory_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assemblies:detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person in an assembly. Residency starts self-declared and may be verified later."""

    class Residency(models.TextChoices):
        NOT_RESIDENT = "not_resident", _("Not a resident")
        SELF_DECLARED = "self_declared", _("Resident (self-declared)")
        VERIFIED = "verified", _("Resident (verified)")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    residency = models.CharField(
        _("residency"), max_length=20, choices=Residency.choices, default=Residency.SELF_DECLARED
    )
    residency_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    residency_method = models.CharField(
        _("how residency was checked"),
        max_length=120,
        blank=True,
        help_text=_("For example: letter with address shown to a teller."),
    )
    residency_verified_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_reason = models.CharField(_("why they were removed"), max_length=300, blank=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "person"],
                condition=Q(left_at__isnull=True),
                name="one_current_membership_per_assembly",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.assembly}"


class Role(models.Model):
    """A job someone does for an assembly for a term. Only organisers grant roles."""

    class Kind(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        FACILITATOR = "facilitator", _("Facilitator")
        TELLER = "teller", _("Teller")
        NOTE_TAKER = "note_taker", _("Note-taker")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assembly_roles"
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "starts_on"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} ({self.assembly})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Supporter(models.Model):
    """Someone who showed support for an assembly in their area. Counted only once confirmed.

    ``assembly`` is empty when there is no assembly there yet: then the support gathers in the
    area (or, outside every known area, in the postcode sector) until the network's threshold.
    """

    name = models.CharField(_("your name"), max_length=80)
    email = models.EmailField(_("your email"))
    postcode = models.CharField(_("postcode"), max_length=8)
    postcode_sector = models.CharField(max_length=6, db_index=True)
    comment = models.TextField(_("your comments"), max_length=2000, blank=True)
    assembly = models.ForeignKey(
        Assembly, null=True, blank=True, on_delete=models.CASCADE, related_name="supporters"
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="supporters"
    )
    consented_at = models.DateTimeField(_("agreed to be contacted"))
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [
            models.UniqueConstraint(fields=["email", "assembly"], name="support_an_assembly_once"),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(assembly__isnull=True),
                name="support_a_new_assembly_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.postcode_sector})"

    @property
    def gathering_key(self) -> str:
        """Where support for a not-yet-existing assembly gathers."""
        return f"area:{self.area_id}" if self.area_id else f"sector:{self.postcode_sector}"


class SupportThresholdNotice(models.Model):
    """That network organisers were told an area reached the supporter threshold: once only."""

    key = models.CharField(max_length=40, unique=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL)
    postcode_sector = models.CharField(max_length=6, blank=True)
    supporter_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporter threshold notice")
        verbose_name_plural = _("supporter threshold notices")

    def __str__(self) -> str:
        return f"{self.key}: {self.supporter_count}"


class Comment(models.Model):
    """A public comment on an assembly's page ("Tell us what you think").

    Organisers can hide a comment; hidden comments are kept, never deleted, so moderation can
    be reviewed and undone.
    """

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="comments")
    # Set when the comment is part of a proposal's discussion rather than the assembly's page.
    proposal = models.ForeignKey(
        "decisions.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # Replies form threads.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("your comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class CommentReport(models.Model):
    """Someone flagged a comment for the organisers. One report per person per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comment_reports"
    )
    reason = models.CharField(_("what is wrong with it"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_a_comment_once"),
        ]

    def __str__(self) -> str:
        return f"Report on comment {self.comment_id}"
