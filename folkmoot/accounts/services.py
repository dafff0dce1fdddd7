"""A person's own data: everything we hold about them, and erasing it."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from folkmoot.assemblies.models import Comment, CommentReport, Membership, Role, Supporter

from .models import User

ERASED_COMMENT = "[This comment was removed when its author deleted their account.]"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def confirmed_addresses(user: User) -> set[str]:
    """The addresses a person has shown are theirs.

    Not the unconfirmed ones: anyone can type someone else's address into "change email", and
    that must not let them download, or erase, the support given under it.
    """
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {user.email.lower(), *(email.lower() for email in verified)}


def personal_data(user: User) -> dict[str, Any]:
    """Everything the site holds about a person, as JSON-ready data (their right of access)."""
    emails = list(EmailAddress.objects.filter(user=user))
    addresses = confirmed_addresses(user)
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "postcode": user.postcode,
            "show_name_to_members": user.show_name_to_members,
            "allow_organiser_contact": user.allow_organiser_contact,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary} for e in emails
        ],
        "network_organiser_of": [network.name for network in user.organised_networks.all()],
        "memberships": [
            {
                "assembly": m.assembly.name,
                "residency": m.residency,
                "joined_at": _iso(m.joined_at),
                "left_at": _iso(m.left_at),
            }
            for m in Membership.objects.filter(person=user).select_related("assembly")
        ],
        "roles": [
            {
                "assembly": r.assembly.name,
                "role": r.kind,
                "starts_on": _iso(r.starts_on),
                "ends_on": _iso(r.ends_on),
            }
            for r in Role.objects.filter(person=user).select_related("assembly")
        ],
        "comments": [
            {
                "assembly": c.assembly.name,
                "body": c.body,
                "created_at": _iso(c.created_at),
                "hidden": c.hidden_at is not None,
            }
            for c in Comment.objects.filter(author=user).select_related("assembly")
        ],
        "comment_reports": [
            {"comment_id": r.comment_id, "reason": r.reason, "created_at": _iso(r.created_at)}
            for r in CommentReport.objects.filter(reporter=user)
        ],
        "support": [
            {
                "name": s.name,
                "email": s.email,
                "postcode": s.postcode,
                "assembly": s.assembly.name if s.assembly else None,
                "area": s.area.name if s.area else None,
                "comment": s.comment,
                "confirmed_at": _iso(s.confirmed_at),
            }
            for s in Supporter.objects.filter(email__in=addresses).select_related(
                "assembly", "area"
            )
        ],
    }


@transaction.atomic
def erase_account(user: User) -> None:
    """Delete a person's account: erase what identifies them, keep what they were counted in.

    The row stays (memberships, attendance, votes and reports point at it) but it can never be
    signed into again. Supporter records under their addresses keep their count and their
    postcode sector, and lose name, email, full postcode and comment.
    """
    addresses = confirmed_addresses(user)
    for supporter in Supporter.objects.filter(email__in=addresses):
        supporter.name = ""
        supporter.email = f"erased-{supporter.pk}@erased.invalid"
        supporter.postcode = supporter.postcode_sector
        supporter.comment = ""
        supporter.save(update_fields=["name", "email", "postcode", "comment"])
    Comment.objects.filter(author=user).update(body=ERASED_COMMENT)
    CommentReport.objects.filter(reporter=user).update(reason="")
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = ""
    user.postcode = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # Dated assembly roles stay as a record; being a network organiser is a power held now.
    user.organised_networks.clear()
    # The new (unusable) password hash invalidates every session the person had open.
