"""Meetings and attendance in the API: when and where, the agenda, how many said they are coming,
public minutes, and how many came.

Everything here is public and counts only: no attendee, RSVP, facilitator or note-taker is ever
named. The rules come from the apps' services (upcoming and past meetings, RSVP counts, who may
read minutes, attendance counts); this module only shapes them as JSON.
"""

import datetime
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from folkmoot.assemblies.models import Assembly
from folkmoot.attendance import services as attendance_services
from folkmoot.meetings import services as meeting_services
from folkmoot.meetings.models import AgendaItem, Meeting, Minutes

# Made before api.py is imported: api.py adds this router at its end, so importing this module
# first (a test, a shell) must not find it missing.
router = Router(tags=["meetings"])

from .api import ErrorOut, Pages, api  # noqa: E402

# Nobody is signed in as far as the API is concerned: it shows only what anyone may see, even
# when the request happens to carry a member's session.
_ANYONE = AnonymousUser()


class NotFound(Exception):
    """A 404 naming the path parameter at fault, from views whose answers are paginated (they
    cannot return a ``Status``: the paginator would try to page it)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"errors": {exc.field: [exc.message]}}, status=404)


# --- Shapes ---------------------------------------------------------------------------------


class AccessibilityOut(Schema):
    step_free: bool
    hearing_loop: bool
    childcare: bool
    interpretation: str = Field(description="Languages booked, including sign language.")
    notes: str


class AgendaItemOut(Schema):
    title: str
    details: str


class RsvpCountsOut(Schema):
    yes: int
    maybe: int
    no: int


class MinutesOut(Schema):
    published_at: datetime.datetime
    members_only: bool = Field(
        description="Members-only minutes are read on the meeting's page, after signing in."
    )
    url: str


class MeetingOut(Schema):
    id: int
    assembly_id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = Field(
        description="Empty when nobody said: take the meeting to last two hours."
    )
    venue: str
    address: str
    online_link: str
    accessibility: AccessibilityOut
    status: Literal["planned", "cancelled"]
    cancel_reason: str
    invitation_published_at: datetime.datetime | None
    agenda: list[AgendaItemOut]
    rsvps: RsvpCountsOut = Field(description="How many answered yes, maybe and no.")
    url: str
    calendar_url: str
    minutes_published: bool
    minutes: MinutesOut | None = Field(
        description="Empty until the minutes are published. The text is only in one meeting's "
        "answer (/meetings/{meeting_id}), and only when the minutes are not members only."
    )

    @staticmethod
    def resolve_accessibility(obj: Meeting) -> dict:
        return {
            "step_free": obj.step_free,
            "hearing_loop": obj.hearing_loop,
            "childcare": obj.childcare,
            "interpretation": obj.interpretation,
            "notes": obj.accessibility_notes,
        }

    @staticmethod
    def resolve_status(obj: Meeting) -> str:
        return "cancelled" if obj.is_cancelled else "planned"

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[dict]:
        # Prefetched in order (AgendaItem's own ordering: position, then pk).
        return [{"title": item.title, "details": item.details} for item in obj.agenda.all()]

    @staticmethod
    def resolve_rsvps(obj: Meeting) -> dict[str, int]:
        if not hasattr(obj, "yes_count"):
            return meeting_services.rsvp_counts(obj)
        return {"yes": obj.yes_count, "maybe": obj.maybe_count, "no": obj.no_count}

    @staticmethod
    def resolve_url(obj: Meeting) -> str:
        return settings.SITE_URL + obj.get_absolute_url()

    @staticmethod
    def resolve_calendar_url(obj: Meeting) -> str:
        return settings.SITE_URL + reverse("meetings:meeting_calendar", kwargs={"pk": obj.pk})

    @staticmethod
    def resolve_minutes_published(obj: Meeting) -> bool:
        minutes = _published_minutes(obj)
        return minutes is not None

    @staticmethod
    def resolve_minutes(obj: Meeting) -> dict | None:
        minutes = _published_minutes(obj)
        if minutes is None:
            return None
        return {
            "published_at": minutes.published_at,
            "members_only": minutes.members_only,
            "url": f"{settings.SITE_URL}{obj.get_absolute_url()}#minutes",
        }


class MeetingDetailOut(MeetingOut):
    minutes_html: str | None = Field(
        description="The published minutes as sanitised HTML; empty when there are none yet or "
        "they are for members only."
    )

    @staticmethod
    def resolve_minutes_html(obj: Meeting) -> str | None:
        minutes = _published_minutes(obj)
        if minutes is None or not meeting_services.can_read_minutes(_ANYONE, obj):
            return None
        return meeting_services.minutes_html(minutes)


class AttendanceOut(Schema):
    meeting_id: int
    attendees: int = Field(description="People checked in by name (each counted once).")
    verified_residents: int = Field(description="Local residents with checked proof.")
    self_declared_residents: int = Field(description="Checked-in people who say they live locally.")
    tallied_people: int = Field(description="People counted at the door without a name.")
    tallied_residents: int = Field(description="Of the tallied people, local residents.")
    local_residents: int = Field(
        description="verified_residents + self_declared_residents + tallied_residents."
    )
    people_in_all: int = Field(description="attendees + tallied_people.")
    attendance_closed: bool = Field(description="Closed attendance changes only by correction.")
    attendance_closed_at: datetime.datetime | None


class MeetingFilters(Schema):
    when: Literal["upcoming", "past", "all"] = Field(
        "all",
        description="upcoming: not over yet (cancelled ones too), soonest first. past: over, "
        "newest first. all: every meeting, oldest first.",
    )


# --- Reading --------------------------------------------------------------------------------


def _published_minutes(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes once published; drafts are nobody's business here."""
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        return None
    return minutes if minutes.published_at is not None else None


def _for_api(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Everything an answer shows, in a fixed number of queries however many meetings:
    RSVP counts annotated, minutes joined, the agenda prefetched."""
    counted = meeting_services.with_rsvp_counts(meetings)
    return counted.select_related("minutes").prefetch_related(
        Prefetch("agenda", queryset=AgendaItem.objects.order_by("position", "pk"))
    )


_NO_MEETING = {"errors": {"meeting_id": ["There is no meeting with that id."]}}


@router.get(
    "/assemblies/{assembly_id}/meetings",
    response={200: list[MeetingOut], 400: ErrorOut, 404: ErrorOut},
    summary="An assembly's meetings: upcoming, past or all",
)
@paginate(Pages, page_size=50, max_page_size=100)
def list_meetings(request: HttpRequest, assembly_id: int, filters: Query[MeetingFilters]):
    assembly = Assembly.objects.filter(pk=assembly_id).first()
    if assembly is None:
        raise NotFound("assembly_id", "There is no assembly with that id.")
    if filters.when == "upcoming":
        meetings = meeting_services.upcoming_meetings(assembly, include_cancelled=True)
    elif filters.when == "past":
        meetings = meeting_services.past_meetings(assembly)
    else:
        meetings = assembly.meetings.order_by("starts_at", "pk")
    return _for_api(meetings)


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, 400: ErrorOut, 404: ErrorOut},
    summary="One meeting, with its minutes when they are published for everyone",
)
def get_meeting(request: HttpRequest, meeting_id: int):
    meeting = _for_api(Meeting.objects.all()).filter(pk=meeting_id).first()
    if meeting is None:
        return Status(404, _NO_MEETING)
    return meeting


@router.get(
    "/meetings/{meeting_id}/attendance",
    response={200: AttendanceOut, 400: ErrorOut, 404: ErrorOut},
    summary="How many came to a meeting and how many live locally (counts only)",
)
def meeting_attendance(request: HttpRequest, meeting_id: int):
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return Status(404, _NO_MEETING)
    counts = attendance_services.counts(meeting)
    return {
        "meeting_id": meeting.pk,
        "attendees": counts.attendees,
        "verified_residents": counts.verified_residents,
        "self_declared_residents": counts.self_declared_residents,
        "tallied_people": counts.tallied_people,
        "tallied_residents": counts.tallied_residents,
        "local_residents": counts.local_residents,
        "people_in_all": counts.people_in_all,
        "attendance_closed": meeting.attendance_closed,
        "attendance_closed_at": meeting.attendance_closed_at,
    }
