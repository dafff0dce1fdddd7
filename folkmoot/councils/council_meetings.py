"""Council meetings: planning one and writing down what it decided.

Conveners keep a council's records; network organisers may too. The meetings matter beyond
the council: every delegate owes their body a report-back after each one.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.audit.services import record
from folkmoot.network.services import is_network_organiser

from .models import Council, CouncilMeeting


class CouncilMeetingError(ValueError):
    """A meeting change that cannot be made; the message says why."""


def can_keep_records(user, council: Council, conveners=None) -> bool:
    """Conveners and network organisers plan council meetings and write their notes.
    ``conveners``: the council's conveners, when the caller has read them already."""
    if not getattr(user, "is_authenticated", False):
        return False
    if conveners is not None and user in conveners:
        return True
    if is_network_organiser(user):
        return True
    if conveners is not None:
        return False
    return council.conveners.filter(pk=user.pk).exists()


@transaction.atomic
def plan_meeting(council: Council, by, *, starts_at: datetime.datetime, place: str):
    """Add a meeting to the council's calendar. A meeting already held may be added too, so
    its report-backs can be asked for."""
    if not can_keep_records(by, council):
        raise CouncilMeetingError(_("Only the council's conveners can add its meetings."))
    place = place.strip()
    if not place:
        raise CouncilMeetingError(_("Say where the council meets."))
    if CouncilMeeting.objects.filter(council=council, starts_at=starts_at).exists():
        raise CouncilMeetingError(_("The council already has a meeting at that time."))
    meeting = CouncilMeeting.objects.create(council=council, starts_at=starts_at, place=place)
    record(
        "council.meeting_planned",
        f"council_meeting:{meeting.pk}",
        {
            "meeting": meeting.pk,
            "council": council.pk,
            "starts_at": starts_at,
            "place": place,
            "by": by.pk,
        },
    )
    return meeting


@transaction.atomic
def write_notes(meeting: CouncilMeeting, by, notes: str, now: datetime.datetime | None = None):
    """Write down what the meeting decided, once it has started. The notes may be corrected;
    the audit record keeps every version."""
    if not can_keep_records(by, meeting.council):
        raise CouncilMeetingError(_("Only the council's conveners can write its notes."))
    if meeting.starts_at > (now or timezone.now()):
        raise CouncilMeetingError(_("Notes are written when the meeting has started."))
    notes = notes.strip()
    if not notes:
        raise CouncilMeetingError(_("Write what the meeting decided."))
    meeting.notes = notes
    meeting.save(update_fields=["notes"])
    record(
        "council.meeting_notes",
        f"council_meeting:{meeting.pk}",
        {"meeting": meeting.pk, "council": meeting.council_id, "notes": notes, "by": by.pk},
    )
    return meeting
