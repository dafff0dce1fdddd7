"""The rules for attendance: who may check in, how we know they live locally, counting, closing
and corrections.

Views call these functions and stay thin; the functions take plain values and model instances
and can be tested without HTTP. Every change after attendance is closed is a correction with a
reason, kept as an ``AttendanceCorrection``; nothing is ever deleted (rows are struck out).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly, Membership
from folkmoot.assemblies.services import current_membership, is_organiser, is_teller
from folkmoot.meetings.models import Meeting
from folkmoot.places.postcodes import InvalidPostcode, normalise_postcode
from folkmoot.places.services import areas_covering

from .models import Attendance, AttendanceCorrection, Residency, Tally

# How early the door opens: check-in is refused more than this long before the start.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(days=1)


class AttendanceError(Exception):
    """A rule said no. The message says why, in words a person can act on."""


# --- Who may do what ------------------------------------------------------------------------


def can_tell(user, meeting: Meeting) -> bool:
    """Tellers and organisers of the meeting's assembly run the door."""
    return is_teller(user, meeting.assembly)


def can_correct(user, meeting: Meeting) -> bool:
    """Only the assembly's organisers correct attendance and close it."""
    return is_organiser(user, meeting.assembly)


def can_strike_out(user, attendance: Attendance) -> bool:
    """Organisers may strike out any entry (as a correction); before closing, a teller may strike
    out a check-in they made themselves by mistake."""
    meeting = attendance.meeting
    if can_correct(user, meeting):
        return True
    return (
        not meeting.attendance_closed
        and attendance.recorded_by_id == getattr(user, "pk", None)
        and can_tell(user, meeting)
    )


# --- Identity and residency -----------------------------------------------------------------


def normalise_name(name: str) -> str:
    """``"  Ann   O'Neill "`` → ``"ann o'neill"``: case and spacing never make a new person."""
    return " ".join((name or "").split()).casefold()


def person_identity(person) -> str:
    return f"user:{person.pk}"


def walk_in_identity(name: str, postcode: str) -> str:
    """Someone without an account is their name and postcode (raises InvalidPostcode)."""
    return f"walkin:{normalise_name(name)}|{normalise_postcode(postcode)}"


def postcode_in_area(postcode: str, assembly: Assembly) -> bool:
    """Whether a postcode lies inside the assembly's area. Bad or empty postcodes do not."""
    try:
        postcode = normalise_postcode(postcode)
    except InvalidPostcode:
        return False
    return any(area.pk == assembly.area_id for area in areas_covering(postcode))


def residency_for_postcode(postcode: str, assembly: Assembly) -> str:
    """A walk-in's word: they live here if their postcode is inside the area."""
    if postcode_in_area(postcode, assembly):
        return Residency.SELF_DECLARED
    return Residency.NOT_LOCAL


def residency_for_person(person, assembly: Assembly) -> str:
    """Verified if their membership's residency was checked; self-declared if their membership
    says so or their profile postcode is inside the area; otherwise not local."""
    membership = current_membership(person, assembly)
    if membership is not None:
        if membership.residency == Membership.Residency.VERIFIED:
            return Residency.VERIFIED
        if membership.residency == Membership.Residency.SELF_DECLARED:
            return Residency.SELF_DECLARED
    if person.postcode and postcode_in_area(person.postcode, assembly):
        return Residency.SELF_DECLARED
    return Residency.NOT_LOCAL


# --- Checking in ----------------------------------------------------------------------------


def check_in_problem(meeting: Meeting, now: datetime.datetime | None = None) -> str | None:
    """Why nobody can check in to this meeting now, or None when the door is open."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        return _("This meeting was cancelled, so there is nothing to check in to.")
    if meeting.attendance_closed:
        return _("Attendance for this meeting is closed. Ask an organiser if you were there.")
    if now < meeting.starts_at - CHECK_IN_OPENS_BEFORE:
        return _("Check-in opens one day before the meeting starts. Come back then.")
    return None


def _ensure_open(meeting: Meeting) -> None:
    problem = check_in_problem(meeting)
    if problem:
        raise AttendanceError(problem)


@dataclass
class CheckIn:
    """What happened at the door: the record, and whether this tap made it."""

    attendance: Attendance
    created: bool

    @property
    def already(self) -> bool:
        return not self.created


def _snapshot(attendance: Attendance) -> dict:
    return {
        "name": attendance.name,
        "postcode": attendance.postcode,
        "identity": attendance.identity,
        "residency": attendance.residency,
        "verification_method": attendance.verification_method,
        "verified_by": attendance.verified_by_id,
        "struck_out_at": attendance.struck_out_at.isoformat() if attendance.struck_out_at else None,
    }


def _tally_snapshot(tally: Tally) -> dict:
    return {
        "people": tally.people,
        "local_residents": tally.local_residents,
        "teller": tally.teller_id,
        "struck_out_at": tally.struck_out_at.isoformat() if tally.struck_out_at else None,
    }


def _record(meeting: Meeting, identity: str, fields: dict, *, reinstated_by=None) -> CheckIn:
    """Check someone in once. The unique (meeting, identity) constraint is the real guard: two
    tellers tapping at the same moment make one row, and the slower one hears "already"."""
    existing = Attendance.objects.filter(meeting=meeting, identity=identity).first()
    if existing is None:
        try:
            with transaction.atomic():
                return CheckIn(
                    Attendance.objects.create(meeting=meeting, identity=identity, **fields), True
                )
        except IntegrityError:
            existing = Attendance.objects.get(meeting=meeting, identity=identity)
    if existing.struck_out_at is None:
        return CheckIn(existing, False)
    # Struck out earlier (a mistake), and here again: put them back, on the record.
    if reinstated_by is None:
        raise AttendanceError(
            _("Your check-in was struck out earlier. Please ask a teller at the door.")
        )
    with transaction.atomic():
        row = Attendance.objects.select_for_update().get(pk=existing.pk)
        if row.struck_out_at is None:
            return CheckIn(row, False)
        before = _snapshot(row)
        row.struck_out_at = None
        row.residency = fields["residency"]
        row.save(update_fields=["struck_out_at", "residency"])
        AttendanceCorrection.objects.create(
            meeting=meeting,
            attendance=row,
            action="check_in_again",
            before=before,
            after=_snapshot(row),
            reason="Checked in again after being struck out",
            made_by=reinstated_by,
        )
    return CheckIn(row, True)


def check_in_person(meeting: Meeting, person, *, recorded_by=None) -> CheckIn:
    """A signed-in person checks in (or a teller checks a member in). Residency comes from their
    membership of the assembly and the postcode on their profile."""
    _ensure_open(meeting)
    recorded_by = recorded_by or person
    fields = {
        "person": person,
        "name": person.public_name,
        "postcode": person.postcode or "",
        "residency": residency_for_person(person, meeting.assembly),
        "method": Attendance.Method.SELF
        if recorded_by.pk == person.pk
        else Attendance.Method.TELLER,
        "recorded_by": recorded_by,
    }
    return _record(meeting, person_identity(person), fields, reinstated_by=recorded_by)


def clean_walk_in_name(name: str) -> str:
    """A walk-in's name with spacing tidied and invisible control characters dropped, or
    AttendanceError saying what to type. The forms use it too, so they agree with the service."""
    name = "".join(c for c in (name or "") if c.isprintable() or c.isspace())
    name = " ".join(name.split())
    if not name:
        raise AttendanceError(_("Enter a name. A first name is fine."))
    if len(name) > Attendance._meta.get_field("name").max_length:
        raise AttendanceError(_("Enter a name of up to 80 letters. A first name is fine."))
    return name


def check_in_walk_in(
    meeting: Meeting,
    name: str,
    postcode: str,
    *,
    recorded_by=None,
    verified_by=None,
    verification_method: str = "",
) -> CheckIn:
    """Someone without an account gives their name and postcode. They say they live here when
    the postcode is inside the area; a teller may verify it then (``verified_by`` and
    ``verification_method``) or later. A postcode outside the area is never verified as local.
    Raises InvalidPostcode."""
    _ensure_open(meeting)
    name = clean_walk_in_name(name)
    postcode = normalise_postcode(postcode)
    fields = {
        "name": name,
        "postcode": postcode,
        "residency": residency_for_postcode(postcode, meeting.assembly),
        "method": Attendance.Method.TELLER if recorded_by else Attendance.Method.SELF,
        "recorded_by": recorded_by,
    }
    result = _record(meeting, walk_in_identity(name, postcode), fields, reinstated_by=recorded_by)
    method = (verification_method or "").strip()
    if (
        verified_by is not None
        and method
        and result.created
        and result.attendance.residency == Residency.SELF_DECLARED
    ):
        result.attendance = verify_residency(result.attendance, verified_by, method)
    return result


def attendance_of(meeting: Meeting, person) -> Attendance | None:
    """A signed-in person's own check-in, if they are counted."""
    if not person.is_authenticated:
        return None
    return Attendance.objects.filter(
        meeting=meeting, identity=person_identity(person), struck_out_at__isnull=True
    ).first()


def verify_residency(attendance: Attendance, teller, method: str) -> Attendance:
    """A teller saw proof of address: the attendance, and the person's membership if they are a
    member, become verified, with the method and the teller kept."""
    meeting = attendance.meeting
    _ensure_open(meeting)
    method = method.strip()
    if not method:
        raise AttendanceError(_("Say how you checked where they live."))
    if attendance.struck_out_at is not None:
        raise AttendanceError(_("This check-in was struck out, so it cannot be verified."))
    with transaction.atomic():
        attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
        attendance.residency = Residency.VERIFIED
        attendance.verified_by = teller
        attendance.verification_method = method
        attendance.save(update_fields=["residency", "verified_by", "verification_method"])
        if attendance.person_id:
            Membership.objects.filter(
                assembly=meeting.assembly, person_id=attendance.person_id, left_at__isnull=True
            ).update(
                residency=Membership.Residency.VERIFIED,
                residency_verified_by=teller,
                residency_method=method,
                residency_verified_at=timezone.now(),
            )
    return attendance


def strike_out(attendance: Attendance, user, reason: str) -> Attendance:
    """Strike out a wrong entry (never delete it). Organisers may at any time; before closing a
    teller may strike out their own mistaken check-in. Always kept as a correction."""
    reason = reason.strip()
    if not reason:
        raise AttendanceError(_("Say why this entry is wrong."))
    if not can_strike_out(user, attendance):
        raise AttendanceError(_("Only an organiser can strike out this entry."))
    with transaction.atomic():
        row = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if row.struck_out_at is not None:
            raise AttendanceError(_("This entry is already struck out."))
        before = _snapshot(row)
        row.struck_out_at = timezone.now()
        row.save(update_fields=["struck_out_at"])
        AttendanceCorrection.objects.create(
            meeting=row.meeting,
            attendance=row,
            action="strike_out",
            before=before,
            after=_snapshot(row),
            reason=reason,
            made_by=user,
        )
    return row


# --- Tallies --------------------------------------------------------------------------------


def add_tally(meeting: Meeting, teller, *, local: bool) -> Tally:
    """One tap at the door: one person counted without a name."""
    _ensure_open(meeting)
    return Tally.objects.create(
        meeting=meeting, teller=teller, people=1, local_residents=1 if local else 0
    )


def undo_last_tally(meeting: Meeting, teller) -> Tally | None:
    """Strike out the teller's own last tally (before closing only), on the record. Returns
    None when there is nothing to undo."""
    if meeting.attendance_closed:
        raise AttendanceError(
            _("Attendance is closed. Ask an organiser to correct the tally, with a reason.")
        )
    with transaction.atomic():
        tally = (
            Tally.objects.select_for_update()
            .filter(meeting=meeting, teller=teller, struck_out_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if tally is None:
            return None
        before = _tally_snapshot(tally)
        tally.struck_out_at = timezone.now()
        tally.save(update_fields=["struck_out_at"])
        AttendanceCorrection.objects.create(
            meeting=meeting,
            tally=tally,
            action="undo_tally",
            before=before,
            after=_tally_snapshot(tally),
            reason="Undone by the teller straight away",
            made_by=teller,
        )
    return tally


# --- Counting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceCounts:
    """Who was at a meeting. Struck-out entries never count.

    ``attendees`` are the named check-ins (distinct people); ``tallied_people`` were counted
    without names. Local residents are the verified and self-declared check-ins plus the
    tallied residents."""

    attendees: int = 0
    verified_residents: int = 0
    self_declared_residents: int = 0
    tallied_people: int = 0
    tallied_residents: int = 0

    @property
    def local_residents(self) -> int:
        return self.verified_residents + self.self_declared_residents + self.tallied_residents

    @property
    def said_so(self) -> int:
        """Local residents we have only their word for (self-declared and tallied)."""
        return self.self_declared_residents + self.tallied_residents

    @property
    def people_in_all(self) -> int:
        return self.attendees + self.tallied_people


def count_annotations() -> dict:
    """The counts as annotations of a Meeting query (one correlated subquery each), so a
    list of meetings gets its attendance in the same query that reads the meetings.

    A meeting's check-ins are distinct people already (one row per identity and meeting,
    the ``attend_a_meeting_once`` constraint), so they are counted as rows: counting
    distinct identities sorted every meeting's names, two thirds of a directory page's
    legitimacy query. The live rows are counted from the ``attendance_live`` index alone.

    The expressions are built once: a query copies each expression it is given, so the
    same ones serve every query (building them took a millisecond each time)."""
    return dict(_count_expressions())


@functools.cache
def _count_expressions() -> dict:
    live = Q(struck_out_at__isnull=True)

    def distinct_identities(residency: str | None = None):
        rows = Attendance.objects.filter(live, meeting=OuterRef("pk"))
        if residency is not None:
            rows = rows.filter(residency=residency)
        return Coalesce(
            Subquery(rows.order_by().values("meeting").annotate(n=Count("*")).values("n")), 0
        )

    def tallied(column: str):
        rows = Tally.objects.filter(live, meeting=OuterRef("pk"))
        return Coalesce(
            Subquery(rows.order_by().values("meeting").annotate(n=Sum(column)).values("n")), 0
        )

    return {
        "attendees": distinct_identities(),
        "verified_residents": distinct_identities(Residency.VERIFIED),
        "self_declared_residents": distinct_identities(Residency.SELF_DECLARED),
        "tallied_people": tallied("people"),
        "tallied_residents": tallied("local_residents"),
    }


COUNT_FIELDS = (
    "attendees",
    "verified_residents",
    "self_declared_residents",
    "tallied_people",
    "tallied_residents",
)


def counts_from(meeting: Meeting) -> AttendanceCounts:
    """The counts of a meeting read with ``count_annotations()``."""
    return AttendanceCounts(**{name: getattr(meeting, name) for name in COUNT_FIELDS})


def counts_for(meetings: Iterable[Meeting | int]) -> dict[int, AttendanceCounts]:
    """Counts for many meetings in one query."""
    ids = [m if isinstance(m, int) else m.pk for m in meetings]
    if not ids:
        return {}
    rows = (
        Meeting.objects.filter(pk__in=ids)
        .annotate(**count_annotations())
        .values("pk", *COUNT_FIELDS)
    )
    found = {pk: AttendanceCounts() for pk in ids}
    for row in rows:
        pk = row.pop("pk")
        found[pk] = AttendanceCounts(**row)
    return found


def counts(meeting: Meeting) -> AttendanceCounts:
    """The count that matters: distinct local residents, verified and self-declared apart."""
    return counts_for([meeting.pk])[meeting.pk]


# --- Finding people at the door -------------------------------------------------------------


@dataclass
class Found:
    """One search result on the teller page: a member, or someone already checked in."""

    name: str
    person_id: int | None
    attendance: Attendance | None
    member: bool


def search_people(meeting: Meeting, text: str, limit: int = 20) -> list[Found]:
    """Members of the assembly and people already checked in whose name contains ``text``."""
    text = " ".join((text or "").split())
    if not text:
        return []
    checked_in = {
        row.identity: row
        for row in meeting.attendances.filter(
            struck_out_at__isnull=True, name__icontains=text
        ).select_related("recorded_by")[: limit * 2]
    }
    memberships = (
        Membership.objects.filter(
            assembly=meeting.assembly,
            left_at__isnull=True,
            person__display_name__icontains=text,
            person__erased_at__isnull=True,
        )
        .select_related("person")
        .order_by("person__display_name")[:limit]
    )
    member_ids = [m.person_id for m in memberships]
    # Members checked in whose attendance name differs from today's display name.
    for row in meeting.attendances.filter(
        struck_out_at__isnull=True, person_id__in=member_ids
    ).select_related("recorded_by"):
        checked_in.setdefault(row.identity, row)
    results = [
        Found(
            name=m.person.public_name,
            person_id=m.person_id,
            attendance=checked_in.pop(person_identity(m.person), None),
            member=True,
        )
        for m in memberships
    ]
    results += [
        Found(name=row.name, person_id=row.person_id, attendance=row, member=False)
        for row in sorted(checked_in.values(), key=lambda row: normalise_name(row.name))
    ]
    return results[:limit]


def recent_check_ins(meeting: Meeting, limit: int = 8) -> QuerySet[Attendance]:
    return meeting.attendances.filter(struck_out_at__isnull=True).order_by("-checked_in_at", "-pk")[
        :limit
    ]


def last_tally_of(meeting: Meeting, teller) -> Tally | None:
    return (
        Tally.objects.filter(meeting=meeting, teller=teller, struck_out_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
