"""The rules for meetings: planning, inviting, answering, cancelling, moving and minutes.

Views call these functions and stay thin; the functions take plain values and model instances
and can be tested without HTTP. Emails go out through the tasks in ``tasks.py``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import markdown
import nh3
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Supporter
from folkmoot.assemblies.services import is_member, is_organiser
from folkmoot.network.services import is_network_organiser

from .models import AgendaItem, Meeting, Minutes, Rsvp

# A meeting with no end time is taken to last this long (calendars, "still on").
DEFAULT_LENGTH = datetime.timedelta(hours=2)


class MeetingError(Exception):
    """A rule said no. The message says why in plain words, for the page."""


# --- Showing times --------------------------------------------------------------------------


def network_timezone() -> ZoneInfo:
    """The network's time zone (settings.TIME_ZONE): times are entered and shown in it."""
    return ZoneInfo(settings.TIME_ZONE)


def local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, network_timezone())


def _clock(local: datetime.datetime) -> str:
    hour = local.hour % 12 or 12
    suffix = pgettext("time of day", "am") if local.hour < 12 else pgettext("time of day", "pm")
    if local.minute:
        return f"{hour}:{local.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def format_when(value: datetime.datetime | None, *, with_year: bool | None = None) -> str:
    """A moment in the network's time zone, the way people say it: "Tue 3 Feb, 7pm".

    The year is added when it is not this year (or when ``with_year`` says so).
    """
    if value is None:
        return ""
    local = timezone.localtime(value, network_timezone())
    if with_year is None:
        with_year = local.year != timezone.localdate(timezone=network_timezone()).year
    day = dateformat.format(local, "D j M Y" if with_year else "D j M")
    return f"{day}, {_clock(local)}"


def format_span(start: datetime.datetime, end: datetime.datetime | None) -> str:
    """ "Tue 3 Feb, 7pm to 9pm", or with both days when it ends on another day."""
    if end is None:
        return format_when(start)
    if local(start).date() == local(end).date():
        return _("%(start)s to %(end)s") % {"start": format_when(start), "end": _clock(local(end))}
    return _("%(start)s to %(end)s") % {"start": format_when(start), "end": format_when(end)}


def ends_at(meeting: Meeting) -> datetime.datetime:
    """When a meeting ends, or two hours after it starts if nobody said."""
    return meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH


def is_past(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    return ends_at(meeting) <= (now or timezone.now())


def access_lines(meeting: Meeting) -> list[tuple[str, str]]:
    """Access at the meeting as (what, answer) pairs in words, never colour alone."""
    yes, no = _("Yes"), _("No")
    lines = [
        (_("Step-free access"), yes if meeting.step_free else no),
        (_("Hearing loop"), yes if meeting.hearing_loop else no),
        (_("Childcare"), yes if meeting.childcare else no),
        (_("Interpretation"), meeting.interpretation or _("None booked")),
    ]
    if meeting.accessibility_notes:
        lines.append((_("Other notes"), meeting.accessibility_notes))
    return lines


# --- Who may do what ------------------------------------------------------------------------


def can_manage(user, meeting_or_assembly: Meeting | Assembly) -> bool:
    """The assembly's organisers, and the network's organisers, plan and change its meetings."""
    assembly = (
        meeting_or_assembly.assembly
        if isinstance(meeting_or_assembly, Meeting)
        else meeting_or_assembly
    )
    if not user.is_authenticated:
        return False
    return is_organiser(user, assembly) or is_network_organiser(user)


def can_write_minutes(user, meeting: Meeting) -> bool:
    """The meeting's note-taker or an organiser writes (and later corrects) the minutes."""
    if not user.is_authenticated:
        return False
    return (meeting.note_taker_id is not None and meeting.note_taker_id == user.pk) or can_manage(
        user, meeting
    )


def _minutes_of(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def can_read_minutes(user, meeting: Meeting) -> bool:
    """Published minutes are public, unless marked members only: then members of the assembly,
    its organisers and the network's organisers read them. Writers always read their draft."""
    minutes = _minutes_of(meeting)
    if minutes is None:
        return False
    if can_write_minutes(user, meeting):
        return True
    if minutes.published_at is None:
        return False
    if not minutes.members_only:
        return True
    return is_member(user, meeting.assembly) or can_manage(user, meeting)


# --- Finding meetings -----------------------------------------------------------------------


def _not_over(now: datetime.datetime) -> Q:
    return Q(ends_at__gt=now) | Q(ends_at__isnull=True, starts_at__gt=now - DEFAULT_LENGTH)


def upcoming_meetings(assembly: Assembly, *, include_cancelled: bool = False) -> QuerySet[Meeting]:
    """Meetings that have not finished yet, soonest first."""
    meetings = assembly.meetings.filter(_not_over(timezone.now()))
    if not include_cancelled:
        meetings = meetings.exclude(status=Meeting.Status.CANCELLED)
    return meetings.order_by("starts_at", "pk")


def past_meetings(assembly: Assembly) -> QuerySet[Meeting]:
    """Meetings that are over (cancelled ones too), most recent first."""
    return assembly.meetings.exclude(_not_over(timezone.now())).order_by("-starts_at", "-pk")


def next_meeting(assembly: Assembly) -> Meeting | None:
    """The assembly's next meeting that is still on, or None."""
    return upcoming_meetings(assembly).first()


def next_meetings_for(assemblies) -> dict[int, Meeting]:
    """The next meeting of each of many assemblies, in one query: {assembly id: meeting}.

    ``assemblies`` may be assembly objects, ids or a queryset. Assemblies with no meeting
    coming are left out of the answer.
    """
    if isinstance(assemblies, QuerySet):
        ids = assemblies.values("pk")
    else:
        ids = [a if isinstance(a, int) else a.pk for a in assemblies]
    on = Q(_not_over(timezone.now())) & ~Q(status=Meeting.Status.CANCELLED)
    first = (
        Meeting.objects.filter(on, assembly_id=OuterRef("assembly_id"))
        .order_by("starts_at", "pk")
        .values("pk")[:1]
    )
    meetings = Meeting.objects.filter(on, assembly_id__in=ids, pk=Subquery(first))
    return {meeting.assembly_id: meeting for meeting in meetings}


def with_rsvp_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.annotate(
        yes_count=Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.YES)),
        maybe_count=Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.MAYBE)),
        no_count=Count("rsvps", filter=Q(rsvps__answer=Rsvp.Answer.NO)),
    )


# --- Planning -------------------------------------------------------------------------------


def current_members(assembly: Assembly) -> QuerySet[User]:
    """People who are members of the assembly now."""
    return (
        User.objects.filter(memberships__assembly=assembly, memberships__left_at__isnull=True)
        .distinct()
        .order_by("display_name", "pk")
    )


# What changes count as "moving" a meeting: people need to know a new time or place.
MOVING_FIELDS = ("starts_at", "ends_at", "venue", "address")

EDITABLE_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "online_link",
    "step_free",
    "hearing_loop",
    "childcare",
    "interpretation",
    "accessibility_notes",
    "facilitator",
    "note_taker",
)


def _check_times(starts_at: datetime.datetime, ends: datetime.datetime | None) -> None:
    if ends is not None and ends <= starts_at:
        raise MeetingError(_("The meeting must end after it starts."))


def create_meeting(assembly: Assembly, by, **fields) -> Meeting:
    """Plan a meeting. It can be in the past: organisers may record one that already happened."""
    _check_times(fields["starts_at"], fields.get("ends_at"))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    return Meeting.objects.create(assembly=assembly, created_by=by, **fields)


@dataclass
class UpdateOutcome:
    meeting: Meeting
    moved: bool
    notified: bool


def update_meeting(meeting: Meeting, by, **fields) -> UpdateOutcome:
    """Change a meeting. A cancelled meeting cannot change. If a published meeting that has
    not happened yet moves (new time or place), everyone invited or who answered is told."""
    from .tasks import send_meeting_notice

    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.is_cancelled:
            raise MeetingError(_("This meeting is cancelled, so it cannot be changed."))
        was_upcoming = not is_past(current)
        _check_times(
            fields.get("starts_at", current.starts_at), fields.get("ends_at", current.ends_at)
        )
        moved = any(
            name in fields and fields[name] != getattr(current, name) for name in MOVING_FIELDS
        )
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
        notify = moved and was_upcoming and current.invitation_published_at is not None
        if moved and was_upcoming and not notify and current.rsvps.exists():
            notify = True  # not invited yet, but some people said they would come
        if notify:
            send_meeting_notice.enqueue(current.pk, "moved")
    meeting.refresh_from_db()
    return UpdateOutcome(meeting=meeting, moved=moved, notified=notify)


def publish_invitation(meeting: Meeting) -> bool:
    """Send the invitation, once. Returns False if it had already gone out."""
    from .tasks import send_meeting_notice

    if meeting.is_cancelled:
        raise MeetingError(_("This meeting is cancelled, so there is nothing to invite people to."))
    if is_past(meeting):
        raise MeetingError(_("This meeting is over, so we cannot invite people to it."))
    with transaction.atomic():
        updated = Meeting.objects.filter(
            pk=meeting.pk, invitation_published_at__isnull=True, status=Meeting.Status.SCHEDULED
        ).update(invitation_published_at=timezone.now())
        if updated:
            send_meeting_notice.enqueue(meeting.pk, "invitation")
    meeting.refresh_from_db()
    return bool(updated)


def cancel_meeting(meeting: Meeting, by, reason: str) -> bool:
    """Cancel a meeting, keeping it on record. Returns False if it was already cancelled.

    Everyone invited (if the invitation went out) and everyone who answered is told why.
    """
    from .tasks import send_meeting_notice

    reason = reason.strip()
    if not reason:
        raise MeetingError(_("Say why the meeting is cancelled."))
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.is_cancelled:
            return False
        current.status = Meeting.Status.CANCELLED
        current.cancelled_at = timezone.now()
        current.cancel_reason = reason
        current.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        if not is_past(current) and (
            current.invitation_published_at is not None or current.rsvps.exists()
        ):
            send_meeting_notice.enqueue(current.pk, "cancelled")
    meeting.refresh_from_db()
    return True


# --- Who is invited -------------------------------------------------------------------------


@dataclass
class Recipient:
    """One person an email about a meeting goes to. ``supporter_token`` is set when they are a
    supporter, so their email carries the link to stop being a supporter."""

    email: str
    name: str
    is_member: bool = False
    supporter_token: str = ""


def _usable(email: str) -> bool:
    return bool(email) and not email.endswith("@erased.invalid")


def supporters_invited(assembly: Assembly) -> QuerySet[Supporter]:
    """Confirmed supporters of the assembly and, for a neighbourhood assembly, of its area."""
    where = Q(assembly=assembly)
    if assembly.kind == Assembly.Kind.NEIGHBOURHOOD:
        where |= Q(area_id=assembly.area_id)
    return Supporter.objects.filter(where, confirmed_at__isnull=False).order_by("pk")


def recipients_for(meeting: Meeting) -> list[Recipient]:
    """Everyone the invitation goes to: current members and confirmed supporters, each once
    (the same email, whatever its case, is one person)."""
    found: dict[str, Recipient] = {}
    for person in current_members(meeting.assembly).filter(is_active=True):
        key = person.email.strip().lower()
        if _usable(key) and key not in found:
            found[key] = Recipient(email=key, name=person.display_name, is_member=True)
    for supporter in supporters_invited(meeting.assembly):
        key = supporter.email.strip().lower()
        if not _usable(key):
            continue
        if key in found:
            found[key].supporter_token = found[key].supporter_token or supporter.token
        else:
            found[key] = Recipient(email=key, name=supporter.name, supporter_token=supporter.token)
    return list(found.values())


def recipients_for_change(meeting: Meeting) -> list[Recipient]:
    """Who hears that a meeting moved or is cancelled: everyone invited (if the invitation went
    out) and everyone who answered, each once."""
    found: dict[str, Recipient] = {}
    if meeting.invitation_published_at is not None:
        found = {r.email: r for r in recipients_for(meeting)}
    for rsvp in meeting.rsvps.select_related("person").filter(person__is_active=True):
        key = rsvp.person.email.strip().lower()
        if _usable(key) and key not in found:
            found[key] = Recipient(email=key, name=rsvp.person.display_name)
    return list(found.values())


# --- Agenda ---------------------------------------------------------------------------------


def agenda_locked_reason(meeting: Meeting) -> str:
    """Why the agenda can no longer change, or "" if it can.

    It is fixed once the meeting is cancelled or has been held: its start time has passed (for
    a meeting planned in advance), or its attendance or minutes are done. A meeting recorded
    after the fact stays open until then.
    """
    if meeting.is_cancelled:
        return _("This meeting is cancelled, so its agenda cannot change.")
    minutes = _minutes_of(meeting)
    held = (
        meeting.attendance_closed_at is not None
        or (minutes is not None and minutes.published_at is not None)
        or (meeting.starts_at <= timezone.now() and meeting.created_at < meeting.starts_at)
    )
    if held:
        return _("This meeting has happened, so its agenda is kept as it was.")
    return ""


def _check_agenda_open(meeting: Meeting) -> None:
    reason = agenda_locked_reason(meeting)
    if reason:
        raise MeetingError(reason)


def add_agenda_item(meeting: Meeting, title: str, details: str = "") -> AgendaItem:
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_agenda_open(locked)
        last = locked.agenda.order_by("-position").values_list("position", flat=True).first()
        return AgendaItem.objects.create(
            meeting=locked,
            position=(last or 0) + 1,
            title=title.strip(),
            details=details.strip(),
        )


def update_agenda_item(item: AgendaItem, title: str, details: str = "") -> AgendaItem:
    _check_agenda_open(item.meeting)
    item.title = title.strip()
    item.details = details.strip()
    item.save(update_fields=["title", "details"])
    return item


def move_agenda_item(item: AgendaItem, direction: str) -> bool:
    """Move an item one place "up" or "down". Returns False if it is already at that end."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        _check_agenda_open(meeting)
        items = list(meeting.agenda.order_by("position", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        swap = index - 1 if direction == "up" else index + 1
        if swap < 0 or swap >= len(items):
            return False
        items[index], items[swap] = items[swap], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                AgendaItem.objects.filter(pk=other.pk).update(position=position)
    item.refresh_from_db()
    return True


def remove_agenda_item(item: AgendaItem) -> None:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        _check_agenda_open(meeting)
        item.delete()


# --- Answers (RSVP) -------------------------------------------------------------------------


def set_rsvp(meeting: Meeting, person, answer: str) -> Rsvp:
    """Say whether you are coming. A new answer replaces the old one."""
    if answer not in Rsvp.Answer.values:
        raise MeetingError(_("Choose yes, maybe or no."))
    if meeting.is_cancelled:
        raise MeetingError(_("This meeting is cancelled."))
    if is_past(meeting):
        raise MeetingError(_("This meeting is over."))
    rsvp, _created = Rsvp.objects.update_or_create(
        meeting=meeting, person=person, defaults={"answer": answer}
    )
    return rsvp


def rsvp_of(meeting: Meeting, person) -> Rsvp | None:
    if not person.is_authenticated:
        return None
    return meeting.rsvps.filter(person=person).first()


def rsvp_counts(meeting: Meeting) -> dict[str, int]:
    counts = dict.fromkeys(Rsvp.Answer.values, 0)
    for row in meeting.rsvps.values("answer").annotate(n=Count("pk")):
        counts[row["answer"]] = row["n"]
    return counts


# --- Minutes --------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: only a few harmless tags, no scripts, no event
    handlers, no style, and links only to http, https and mailto addresses."""
    html = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def minutes_html(minutes: Minutes) -> str:
    """The minutes as sanitised HTML (mark it safe in the template, nowhere else)."""
    return render_markdown(minutes.body)


def minutes_were_updated(minutes: Minutes) -> bool:
    """Whether the minutes changed after they were published."""
    return minutes.published_at is not None and minutes.updated_at > minutes.published_at


def save_minutes(
    meeting: Meeting, by, *, body: str, members_only: bool, publish: bool = False
) -> Minutes:
    """Write or correct the minutes, and publish them if asked (once: the first publication
    time stays; later changes show as "updated")."""
    if meeting.is_cancelled:
        raise MeetingError(_("This meeting was cancelled, so it has no minutes."))
    # NUL cannot be stored in PostgreSQL's text, and nobody means to type it.
    body = body.replace("\x00", "").strip()
    if not body:
        raise MeetingError(_("Write the minutes before you save them."))
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None:
            minutes = Minutes.objects.create(
                meeting=meeting, body=body, members_only=members_only, written_by=by
            )
        elif minutes.body != body or minutes.members_only != members_only:
            minutes.body = body
            minutes.members_only = members_only
            minutes.save(update_fields=["body", "members_only", "updated_at"])
        if publish and minutes.published_at is None:
            # Published as written: the same moment, so later edits show as "updated".
            Minutes.objects.filter(pk=minutes.pk).update(published_at=F("updated_at"))
        minutes.refresh_from_db()
    return minutes
