"""Emails about meetings, sent in the background so a slow mail server never slows a page.

One email per person (nobody sees who else got it), each with the meeting as an .ics file.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
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


def build_messages(meeting: Meeting, kind: str) -> list[EmailMessage]:
    """The emails for one notice about a meeting, one per recipient."""
    template = KINDS[kind]
    recipients = (
        services.recipients_for(meeting)
        if kind == "invitation"
        else services.recipients_for_change(meeting)
    )
    network = Network.current()
    ics = calendar_for([meeting], meeting.assembly.name)
    base = {
        "meeting": meeting,
        "network": network,
        "when": services.format_span(meeting.starts_at, meeting.ends_at),
        "place": location_of(meeting),
        "access": services.access_lines(meeting),
        "agenda": list(meeting.agenda.all()),
        "meeting_url": meeting_url(meeting),
    }
    messages = []
    for recipient in recipients:
        context = {
            **base,
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
        message.attach(f"meeting-{meeting.pk}.ics", ics, "text/calendar; method=PUBLISH")
        messages.append(message)
    return messages


@task()
def send_meeting_notice(meeting_id: int, kind: str) -> int:
    """Email everyone who should hear about a meeting: "invitation", "moved" or "cancelled".

    Returns how many emails went out.
    """
    meeting = Meeting.objects.select_related("assembly").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    messages = build_messages(meeting, kind)
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
