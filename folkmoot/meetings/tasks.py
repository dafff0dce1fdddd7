"""Emails about meetings, sent in the background so a slow mail server never slows a page.

One email per person (nobody sees who else got it), each with the meeting as an .ics file.
"""

from dataclasses import asdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from folkmoot.network.models import Network

from . import services
from .feeds import calendar_for, location_of, meeting_url
from .models import Meeting

KINDS = {
    "invitation": "meetings/email/invitation",
    "moved": "meetings/email/moved",
    "cancelled": "meetings/email/cancelled",
}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _recipients(meeting: Meeting, kind: str) -> list[services.Recipient]:
    if kind == "invitation":
        return services.recipients_for(meeting)
    return services.recipients_for_change(meeting)


def build_message(meeting: Meeting, kind: str, recipient: services.Recipient) -> EmailMessage:
    """The email for one notice about a meeting, to one recipient."""
    template = KINDS[kind]
    context = {
        "meeting": meeting,
        "network": Network.current(),
        "when": services.format_span(meeting.starts_at, meeting.ends_at),
        "place": location_of(meeting),
        "access": services.access_lines(meeting),
        "agenda": list(meeting.agenda.all()),
        "meeting_url": meeting_url(meeting),
        "recipient": recipient,
        "remove_url": _absolute(
            reverse("assemblies:support_remove", args=[recipient.supporter_token])
        )
        if recipient.supporter_token
        else "",
    }
    message = EmailMessage(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        body=render_to_string(f"{template}.txt", context),
        to=[recipient.email],
    )
    ics = calendar_for([meeting], meeting.assembly.name)
    message.attach(f"meeting-{meeting.pk}.ics", ics, "text/calendar; method=PUBLISH")
    return message


def build_messages(meeting: Meeting, kind: str) -> list[EmailMessage]:
    """The emails for one notice about a meeting, one per recipient."""
    return [build_message(meeting, kind, r) for r in _recipients(meeting, kind)]


@task()
def send_meeting_notice(meeting_id: int, kind: str) -> int:
    """Work out who should hear about a meeting ("invitation", "moved" or "cancelled") and queue
    one email each: if the mail server fails part-way, only the failed emails are tried again,
    and nobody gets the same notice twice. Returns how many emails were queued."""
    meeting = Meeting.objects.select_related("assembly").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    recipients = _recipients(meeting, kind)
    for recipient in recipients:
        send_meeting_email.enqueue(meeting.pk, kind, asdict(recipient))
    return len(recipients)


@task()
def send_meeting_email(meeting_id: int, kind: str, recipient: dict) -> None:
    """One email about a meeting to one person."""
    meeting = Meeting.objects.select_related("assembly").filter(pk=meeting_id).first()
    if meeting is None:
        return
    build_message(meeting, kind, services.Recipient(**recipient)).send()
