"""People: one account per person, identified by a confirmed email address."""

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _calendar_token() -> str:
    return secrets.token_urlsafe(24)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Deleting an account erases what identifies them but keeps the row, so counts of
    what they took part in (support, attendance, votes) stay true."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("your name"),
        max_length=80,
        blank=True,
        help_text=_("How other people in your assembly see you. A first name is fine."),
    )
    postcode = models.CharField(
        _("postcode"),
        max_length=8,
        blank=True,
        help_text=_("Where you live, so we can show your neighbourhood assembly."),
    )
    show_name_to_members = models.BooleanField(
        _("show my name to members of my assemblies"),
        default=True,
        help_text=_("If you untick this, other members see 'A member' instead of your name."),
    )
    allow_organiser_contact = models.BooleanField(
        _("organisers of my assemblies may email me"),
        default=True,
    )
    is_staff = models.BooleanField(_("can use the admin site"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True)
    # A secret for the personal calendar feed: calendar apps cannot sign in.
    calendar_token = models.CharField(max_length=64, unique=True, default=_calendar_token)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.erased_at:
            return str(_("Deleted account"))
        return self.display_name or str(_("A member"))

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name
