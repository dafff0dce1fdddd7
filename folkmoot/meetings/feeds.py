"""iCalendar feeds: one per assembly (public), one per person (by their secret calendar link),
and one file per meeting (also attached to invitation emails)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly

from . import services
from .models import Meeting

PRODID = "-//Folkmoot//Meetings//EN"


def meeting_url(meeting: Meeting) -> str:
    return f"{settings.SITE_URL}{meeting.get_absolute_url()}"


def meeting_uid(meeting: Meeting) -> str:
    """The same for a meeting forever, so calendars update it instead of adding a copy."""
    host = urlsplit(settings.SITE_URL).hostname or "folkmoot"
    return f"meeting-{meeting.pk}@{host}"


def location_of(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.venue, meeting.address) if part)


def description_of(meeting: Meeting) -> str:
    lines: list[str] = []
    if meeting.is_cancelled:
        lines += [_("Cancelled: %(reason)s") % {"reason": meeting.cancel_reason}, ""]
    agenda = list(meeting.agenda.all())
    if agenda:
        lines.append(_("Agenda:"))
        lines += [f"{number}. {item.title}" for number, item in enumerate(agenda, start=1)]
        lines.append("")
    lines.append(_("Access:"))
    lines += [f"{what}: {answer}" for what, answer in services.access_lines(meeting)]
    if meeting.online_link:
        lines += ["", _("Join online: %(link)s") % {"link": meeting.online_link}]
    lines += ["", meeting_url(meeting)]
    return "\n".join(lines)


def event_for(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", services.ends_at(meeting))
    event.add("summary", f"{meeting.assembly.name}: {meeting.title}")
    event.add("location", location_of(meeting))
    event.add("description", description_of(meeting))
    event.add("url", meeting_url(meeting))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if meeting.created_at:
        event.add("created", meeting.created_at)
    return event


def calendar_for(meetings: Iterable[Meeting], name: str) -> bytes:
    """A calendar of meetings. Times are in UTC, so every calendar app reads them right."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        calendar.add_component(event_for(meeting))
    return calendar.to_ical()


def _meetings(queryset) -> Iterable[Meeting]:
    return queryset.select_related("assembly").prefetch_related("agenda").order_by("starts_at")


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def assembly_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Every meeting of an assembly (cancelled ones marked so), for anyone to subscribe to."""
    assembly = get_object_or_404(Assembly, slug=slug)
    body = calendar_for(_meetings(assembly.meetings.all()), assembly.name)
    return _calendar_response(body, f"{assembly.slug}-meetings.ics")


def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """Meetings of every assembly someone is a member of now. The secret link is the key:
    calendar apps cannot sign in."""
    person = User.objects.filter(calendar_token=token, is_active=True).first()
    if person is None or not token:
        raise Http404
    meetings = Meeting.objects.filter(
        assembly__memberships__person=person, assembly__memberships__left_at__isnull=True
    ).distinct()
    body = calendar_for(_meetings(meetings), _("My assembly meetings"))
    response = _calendar_response(body, "my-meetings.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting, to add to a calendar."""
    meeting = get_object_or_404(Meeting.objects.select_related("assembly"), pk=pk)
    body = calendar_for([meeting], meeting.assembly.name)
    return _calendar_response(body, f"meeting-{meeting.pk}.ics")
