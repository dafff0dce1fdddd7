"""The rules for outreach: who may log it, an area's postcode units, coverage and notice.

The pure rules (``coverage``, ``notice_days``, ``outreach_window``, ``parse_unit_lines``, ...)
take plain values and know nothing about the database. The ``*_for`` functions gather what
they need from the database in a fixed number of queries and then call the pure rules, so the
legitimacy app can ask about many meetings at once.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly, Role
from folkmoot.assemblies.services import (
    descendant_area_ids,
    is_member,
    is_organiser,
)
from folkmoot.meetings.models import Meeting
from folkmoot.network.models import Network
from folkmoot.network.services import is_network_organiser
from folkmoot.places.models import Area, AreaPostcode, PostcodeUnit
from folkmoot.places.postcodes import InvalidPostcode, normalise_postcode, postcode_prefixes

from .models import OutreachActivity

# --- Coverage and notice: pure rules ----------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many of an area's postcode units outreach reached. ``percent`` is None when the area
    has no postcode units yet: that is "needs data", not 0%."""

    reached: int
    total: int
    percent: float | None

    @property
    def needs_data(self) -> bool:
        return self.total == 0

    def meets(self, threshold_percent: int) -> bool | None:
        """Whether coverage reaches a threshold (whole numbers, no rounding: 79.9% is not 80%).
        None when there is no data to judge by."""
        if self.needs_data:
            return None
        return self.reached * 100 >= threshold_percent * self.total


def coverage(area_units: set[str], reached: Iterable[Iterable[str]]) -> Coverage:
    """The share of an area's units that any of the activities reached. A unit reached twice
    counts once; units outside the area do not count."""
    total = len(area_units)
    if total == 0:
        return Coverage(reached=0, total=0, percent=None)
    hit: set[str] = set()
    for units in reached:
        hit.update(units)
    count = len(hit & area_units)
    return Coverage(reached=count, total=total, percent=100 * count / total)


def outreach_window(
    meeting_day: datetime.date, window_days: int
) -> tuple[datetime.date, datetime.date]:
    """The days whose outreach counts for a meeting: from ``window_days`` before it to the day
    itself, both included."""
    return meeting_day - datetime.timedelta(days=window_days), meeting_day


def in_window(done_on: datetime.date, meeting_day: datetime.date, window_days: int) -> bool:
    first, last = outreach_window(meeting_day, window_days)
    return first <= done_on <= last


def notice_days(published_at: datetime.datetime | None, starts_at: datetime.datetime) -> int | None:
    """Whole days between publishing the invitation and the meeting starting. None if it was
    never published; 0 if it was published less than a day before (or after the start)."""
    if published_at is None:
        return None
    return max(0, (starts_at - published_at) // datetime.timedelta(days=1))


def meeting_day(meeting: Meeting) -> datetime.date:
    """The meeting's date in the network's timezone."""
    return timezone.localdate(meeting.starts_at)


# --- Coverage from the database ---------------------------------------------------------------


def coverage_for_meetings(meetings: Iterable[Meeting]) -> dict[int, Coverage]:
    """Coverage for each meeting, keyed by meeting id, in a constant number of queries
    (the network, the units of the assemblies' areas, and the activities)."""
    meetings = list(meetings)
    if not meetings:
        return {}
    window = Network.current().outreach_window_days
    assembly_ids = {m.assembly_id for m in meetings}
    units_of: dict[int, set[str]] = {}
    for assembly_id, unit in PostcodeUnit.objects.filter(
        area__assemblies__in=assembly_ids
    ).values_list("area__assemblies", "unit"):
        units_of.setdefault(assembly_id, set()).add(unit)
    windows = {m.pk: outreach_window(meeting_day(m), window) for m in meetings}
    first = min(start for start, _end in windows.values())
    last = max(end for _start, end in windows.values())
    activities: dict[int, list[tuple[datetime.date, list[str]]]] = {}
    for assembly_id, done_on, units in OutreachActivity.objects.filter(
        assembly_id__in=assembly_ids, done_on__gte=first, done_on__lte=last
    ).values_list("assembly_id", "done_on", "units"):
        activities.setdefault(assembly_id, []).append((done_on, units or []))
    result = {}
    for m in meetings:
        start, end = windows[m.pk]
        result[m.pk] = coverage(
            units_of.get(m.assembly_id, set()),
            (
                units
                for done_on, units in activities.get(m.assembly_id, ())
                if start <= done_on <= end
            ),
        )
    return result


def coverage_for(meeting: Meeting) -> Coverage:
    return coverage_for_meetings([meeting])[meeting.pk]


@dataclass
class UnitRow:
    unit: str
    households: int | None
    activities: list[OutreachActivity] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        return bool(self.activities)


@dataclass
class CoverageReport:
    """Everything the coverage page shows for one meeting: the evidence behind the number."""

    meeting: Meeting
    coverage: Coverage
    notice_days: int | None
    window_start: datetime.date
    window_end: datetime.date
    window_days: int
    rows: list[UnitRow]
    activities: list[OutreachActivity]
    coverage_percent_needed: int
    notice_days_needed: int

    @property
    def coverage_met(self) -> bool | None:
        return self.coverage.meets(self.coverage_percent_needed)

    @property
    def notice_met(self) -> bool | None:
        if self.notice_days is None:
            return None
        return self.notice_days >= self.notice_days_needed


def coverage_report(meeting: Meeting) -> CoverageReport:
    network = Network.current()
    day = meeting_day(meeting)
    first, last = outreach_window(day, network.outreach_window_days)
    units = list(PostcodeUnit.objects.filter(area_id=meeting.assembly.area_id))
    activities = list(
        OutreachActivity.objects.filter(
            assembly_id=meeting.assembly_id, done_on__gte=first, done_on__lte=last
        ).order_by("done_on", "pk")
    )
    rows = {u.unit: UnitRow(unit=u.unit, households=u.households) for u in units}
    for activity in activities:
        for unit in dict.fromkeys(activity.units or []):
            if unit in rows:
                rows[unit].activities.append(activity)
    return CoverageReport(
        meeting=meeting,
        coverage=coverage(set(rows), (set(a.units or []) for a in activities)),
        notice_days=notice_days(meeting.invitation_published_at, meeting.starts_at),
        window_start=first,
        window_end=last,
        window_days=network.outreach_window_days,
        rows=sorted(rows.values(), key=lambda r: r.unit),
        activities=activities,
        coverage_percent_needed=network.outreach_coverage_percent,
        notice_days_needed=network.notice_days,
    )


# --- Who may do what --------------------------------------------------------------------------


def can_organise(user, assembly: Assembly) -> bool:
    return is_organiser(user, assembly) or is_network_organiser(user)


def can_log(user, assembly: Assembly) -> bool:
    """Organisers and any current member may record outreach."""
    return can_organise(user, assembly) or is_member(user, assembly)


def can_edit(user, activity: OutreachActivity) -> bool:
    return can_organise(user, activity.assembly)


def can_delete(user, activity: OutreachActivity) -> bool:
    """Only the person who recorded it, or an organiser, may delete an entry."""
    if not user.is_authenticated:
        return False
    return activity.recorded_by_id == user.pk or can_organise(user, activity.assembly)


def can_manage_units(user, area: Area) -> bool:
    """Staff, network organisers, and organisers of any assembly in the area."""
    if not user.is_authenticated:
        return False
    if user.is_staff or is_network_organiser(user):
        return True
    today = timezone.localdate()
    return Role.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        assembly__area=area,
        person=user,
        kind=Role.Kind.ORGANISER,
        starts_on__lte=today,
    ).exists()


def is_published(meeting: Meeting) -> bool:
    return meeting.invitation_published_at is not None


def can_see_meeting_outreach(user, meeting: Meeting) -> bool:
    """Published meetings' leaflets and coverage are public; before that, organisers only."""
    return is_published(meeting) or can_organise(user, meeting.assembly)


# --- Outreach log -----------------------------------------------------------------------------


def parse_postcodes(text: str) -> tuple[list[str], list[str]]:
    """Postcodes typed one a line (or separated by commas): the normalised ones, in order and
    without repeats, and the pieces that are not postcodes at all."""
    good: list[str] = []
    bad: list[str] = []
    for piece in re.split(r"[\n,;]+", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        try:
            good.append(normalise_postcode(piece))
        except InvalidPostcode:
            bad.append(piece)
    return list(dict.fromkeys(good)), bad


def area_units(area: Area) -> set[str]:
    return set(PostcodeUnit.objects.filter(area=area).values_list("unit", flat=True))


def log_list(assembly: Assembly):
    """An assembly's outreach, newest first."""
    return OutreachActivity.objects.filter(assembly=assembly).select_related(
        "meeting", "recorded_by"
    )


@dataclass(frozen=True)
class LogTotals:
    activities: int
    people_reached: int
    units_reached: int


def log_totals(activities: Iterable[OutreachActivity]) -> LogTotals:
    activities = list(activities)
    units: set[str] = set()
    for activity in activities:
        units.update(activity.units or [])
    return LogTotals(
        activities=len(activities),
        people_reached=sum(a.people_reached for a in activities),
        units_reached=len(units),
    )


def delete_activity(activity: OutreachActivity) -> None:
    """Deleting removes the entry, so it no longer counts towards any meeting's coverage."""
    activity.delete()


# --- An area's postcode units -----------------------------------------------------------------


@dataclass(frozen=True)
class LineProblem:
    number: int
    text: str
    message: str


def parse_unit_lines(
    text: str, prefixes: Iterable[str]
) -> tuple[dict[str, int | None], list[LineProblem]]:
    """Read pasted lines like ``EH8 9YL, 23`` (postcode, then optionally how many households).

    Returns the units with their household counts, and every problem found (all at once, so a
    person can fix them in one go). Units must fall under one of ``prefixes``.
    """
    allowed = set(prefixes)
    units: dict[str, int | None] = {}
    first_line: dict[str, int] = {}
    problems: list[LineProblem] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in re.split(r"[,;\t]", line)]
        postcode_text, rest = parts[0], [p for p in parts[1:] if p]
        try:
            unit = normalise_postcode(postcode_text)
        except InvalidPostcode:
            problems.append(
                LineProblem(number, line, _("This is not a full postcode. Write it like EH8 9YL."))
            )
            continue
        households: int | None = None
        if len(rest) > 1:
            problems.append(
                LineProblem(
                    number, line, _("Write the postcode, a comma, then one number at most.")
                )
            )
            continue
        if rest:
            if not rest[0].isdigit():
                problems.append(
                    LineProblem(
                        number,
                        line,
                        _("After the comma, write how many households, as a whole number."),
                    )
                )
                continue
            households = int(rest[0])
        if not allowed.intersection(postcode_prefixes(unit)):
            problems.append(LineProblem(number, line, _("This postcode is not in the area.")))
            continue
        if unit in units:
            problems.append(
                LineProblem(
                    number,
                    line,
                    _("This postcode is already on line %(line)s.") % {"line": first_line[unit]},
                )
            )
            continue
        units[unit] = households
        first_line[unit] = number
    return units, problems


def area_prefixes(area: Area) -> set[str]:
    """The postcode prefixes of an area and of every area inside it."""
    return set(
        AreaPostcode.objects.filter(area_id__in=descendant_area_ids(area)).values_list(
            "prefix", flat=True
        )
    )


@dataclass(frozen=True)
class UnitChange:
    added: int
    removed: int
    kept: int


@transaction.atomic
def set_area_units(area: Area, units: dict[str, int | None]) -> UnitChange:
    """Make the area's postcode units exactly ``units`` (with their household counts)."""
    existing = {u.unit: u for u in PostcodeUnit.objects.select_for_update().filter(area=area)}
    removed = [row.pk for unit, row in existing.items() if unit not in units]
    PostcodeUnit.objects.filter(pk__in=removed).delete()
    added = []
    changed = []
    for unit, households in units.items():
        row = existing.get(unit)
        if row is None:
            added.append(PostcodeUnit(area=area, unit=unit, households=households))
        elif row.households != households:
            row.households = households
            changed.append(row)
    PostcodeUnit.objects.bulk_create(added)
    PostcodeUnit.objects.bulk_update(changed, ["households"])
    return UnitChange(added=len(added), removed=len(removed), kept=len(units) - len(added))


def units_as_text(area: Area) -> str:
    return "\n".join(
        f"{u.unit}, {u.households}" if u.households is not None else u.unit
        for u in PostcodeUnit.objects.filter(area=area)
    )


# --- Leaflets ---------------------------------------------------------------------------------


def meeting_url(meeting: Meeting) -> str:
    """The meeting page's full address, for the QR code on leaflets."""
    try:
        path = meeting.get_absolute_url()
    except NoReverseMatch:  # the meetings pages may not be wired up yet
        path = f"/meetings/{meeting.pk}/"
    return settings.SITE_URL.rstrip("/") + path


def when_text(starts_at: datetime.datetime, ends_at: datetime.datetime | None = None) -> str:
    """Like "Tuesday 3 February, 7pm" (or "..., 7pm to 9:30pm"), in the network's timezone."""
    from django.utils.dateformat import format as date_format

    start = timezone.localtime(starts_at)
    text = f"{date_format(start, 'l j F')}, {clock(start)}"
    if ends_at is not None:
        end = timezone.localtime(ends_at)
        if end.date() == start.date():
            text = _("%(start)s to %(end)s") % {"start": text, "end": clock(end)}
    return text


def clock(moment: datetime.datetime | datetime.time) -> str:
    """ "7pm", "7:30pm", "12pm" (noon), "12am" (midnight)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{suffix}"
