"""Emails about delegates, sent in the background so a slow mail server never slows a page."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from folkmoot.assemblies.models import Role
from folkmoot.network.models import Network

from .models import DelegateTerm


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@task()
def send_seat_notice(term_id: int) -> None:
    """Tell an assembly's organisers that one of its delegates has left a seat, who (if
    anyone) stepped up, and, if the seat is empty, that a by-election is needed."""
    from .elections import vacancies

    term = (
        DelegateTerm.objects.select_related("member__assembly", "member__council", "person")
        .filter(pk=term_id, ended_at__isnull=False)
        .first()
    )
    if term is None or term.member.assembly_id is None:
        return
    assembly = term.member.assembly
    today = timezone.localdate()
    organisers = (
        Role.objects.filter(assembly=assembly, kind=Role.Kind.ORGANISER, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .select_related("person")
    )
    recipients = sorted({r.person.email for r in organisers if r.person.is_active})
    if not recipients:
        return
    stepped_up = (
        DelegateTerm.objects.filter(
            member=term.member, ended_at__isnull=True, seated_at__gte=term.ended_at
        )
        .select_related("person")
        .first()
    )
    context = {
        "term": term,
        "assembly": assembly,
        "council": term.member.council,
        "stepped_up": stepped_up,
        "vacancies": vacancies(term.member),
        "network": Network.current(),
        "delegates_url": _absolute(reverse("delegation:assembly_delegates", args=[assembly.slug])),
    }
    send_mail(
        subject=render_to_string("delegation/email/seat_left_subject.txt", context).strip(),
        message=render_to_string("delegation/email/seat_left.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
