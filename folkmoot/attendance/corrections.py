"""Closing attendance and correcting it afterwards.

After closing, attendance changes only here: each correction is an organiser's, needs a
reason, and is kept (before and after) as an AttendanceCorrection, so nothing changes silently.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.meetings.models import Meeting
from folkmoot.places.postcodes import normalise_postcode

from .models import Attendance, AttendanceCorrection, Residency, Tally
from .services import (
    AttendanceError,
    _snapshot,
    _tally_snapshot,
    can_correct,
    person_identity,
    walk_in_identity,
)

# --- Closing and corrections ----------------------------------------------------------------


def close_attendance(meeting: Meeting, organiser) -> bool:
    """Freeze the record. Returns False if it was already closed."""
    if not can_correct(organiser, meeting):
        raise AttendanceError(_("Only an organiser can close attendance."))
    updated = Meeting.objects.filter(pk=meeting.pk, attendance_closed_at__isnull=True).update(
        attendance_closed_at=timezone.now(), attendance_closed_by=organiser
    )
    meeting.refresh_from_db()
    return bool(updated)


def _check_correction(meeting: Meeting, organiser, reason: str) -> str:
    if not can_correct(organiser, meeting):
        raise AttendanceError(_("Only an organiser can correct attendance."))
    reason = (reason or "").strip()
    if not reason:
        raise AttendanceError(_("Say why you are making this correction."))
    return reason


def correct_add_person(
    meeting: Meeting,
    organiser,
    *,
    reason: str,
    residency: str,
    name: str = "",
    postcode: str = "",
    person=None,
) -> Attendance:
    """Add someone who was there but is not on the record (a member, or a name and postcode)."""
    reason = _check_correction(meeting, organiser, reason)
    if residency not in Residency.values:
        raise AttendanceError(_("Choose whether they live in the area."))
    if person is not None:
        identity = person_identity(person)
        name, postcode = person.public_name, person.postcode or ""
    else:
        name = " ".join((name or "").split())
        if not name:
            raise AttendanceError(_("Enter a name. A first name is fine."))
        identity = walk_in_identity(name, postcode)
        postcode = normalise_postcode(postcode)
    with transaction.atomic():
        existing = (
            Attendance.objects.select_for_update()
            .filter(meeting=meeting, identity=identity)
            .first()
        )
        if existing is not None and existing.struck_out_at is None:
            raise AttendanceError(_("They are already checked in."))
        if existing is not None:
            before = _snapshot(existing)
            existing.struck_out_at = None
            existing.residency = residency
            existing.save(update_fields=["struck_out_at", "residency"])
            row = existing
        else:
            before = {}
            row = Attendance.objects.create(
                meeting=meeting,
                person=person,
                name=name,
                postcode=postcode,
                identity=identity,
                residency=residency,
                method=Attendance.Method.CORRECTION,
                recorded_by=organiser,
            )
        AttendanceCorrection.objects.create(
            meeting=meeting,
            attendance=row,
            action="add_person",
            before=before,
            after=_snapshot(row),
            reason=reason,
            made_by=organiser,
        )
    return row


def correct_residency(
    attendance: Attendance, organiser, *, reason: str, residency: str, method: str = ""
) -> Attendance:
    """Change whether someone counts as a local resident, and how we know."""
    meeting = attendance.meeting
    reason = _check_correction(meeting, organiser, reason)
    if residency not in Residency.values:
        raise AttendanceError(_("Choose whether they live in the area."))
    method = (method or "").strip()
    if residency == Residency.VERIFIED and not method:
        raise AttendanceError(_("Say how their address was checked."))
    with transaction.atomic():
        row = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if row.residency == residency:
            raise AttendanceError(_("That is already their residency. Nothing was changed."))
        before = _snapshot(row)
        row.residency = residency
        if residency == Residency.VERIFIED:
            row.verified_by, row.verification_method = organiser, method
        else:
            row.verified_by, row.verification_method = None, ""
        row.save(update_fields=["residency", "verified_by", "verification_method"])
        AttendanceCorrection.objects.create(
            meeting=meeting,
            attendance=row,
            action="change_residency",
            before=before,
            after=_snapshot(row),
            reason=reason,
            made_by=organiser,
        )
    return row


def correct_add_tally(
    meeting: Meeting, organiser, *, reason: str, people: int, local_residents: int
) -> Tally:
    """Add people counted without names that the record missed."""
    reason = _check_correction(meeting, organiser, reason)
    if people < 1 or local_residents < 0 or local_residents > people:
        raise AttendanceError(
            _("Count at least one person, and no more local residents than people.")
        )
    with transaction.atomic():
        tally = Tally.objects.create(
            meeting=meeting, teller=organiser, people=people, local_residents=local_residents
        )
        AttendanceCorrection.objects.create(
            meeting=meeting,
            tally=tally,
            action="add_tally",
            before={},
            after=_tally_snapshot(tally),
            reason=reason,
            made_by=organiser,
        )
    return tally


def correct_strike_out_tally(tally: Tally, organiser, *, reason: str) -> Tally:
    reason = _check_correction(tally.meeting, organiser, reason)
    with transaction.atomic():
        row = Tally.objects.select_for_update().get(pk=tally.pk)
        if row.struck_out_at is not None:
            raise AttendanceError(_("This tally is already struck out."))
        before = _tally_snapshot(row)
        row.struck_out_at = timezone.now()
        row.save(update_fields=["struck_out_at"])
        AttendanceCorrection.objects.create(
            meeting=row.meeting,
            tally=row,
            action="strike_out_tally",
            before=before,
            after=_tally_snapshot(row),
            reason=reason,
            made_by=organiser,
        )
    return row
