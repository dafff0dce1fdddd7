"""Small helpers for the meetings tests."""

import datetime

from django.utils import timezone

from folkmoot.assemblies.models import Supporter


def in_days(days: int, hour: int = 19) -> datetime.datetime:
    """A moment ``days`` from today at ``hour`` o'clock, network time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_supporter(assembly, email, *, confirmed=True, area=None, name="Sup"):
    now = timezone.now()
    return Supporter.objects.create(
        name=name,
        email=email,
        postcode="TB1 1AB",
        postcode_sector="TB1 1",
        assembly=assembly,
        area=area if area is not None else (assembly.area if assembly else None),
        consented_at=now,
        confirmed_at=now if confirmed else None,
    )


def login(client, request, who):
    """Sign in as a named fixture ("anonymous" stays signed out); returns the user or None."""
    if who == "anonymous":
        return None
    user = request.getfixturevalue(who)
    client.force_login(user)
    return user
