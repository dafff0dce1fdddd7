"""Pages for checking in at the door, the teller's phone page, the count, closing and
corrections. The rules live in services.py."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from folkmoot.accounts.models import User
from folkmoot.meetings.models import Meeting
from folkmoot.places.postcodes import InvalidPostcode

from . import services
from .forms import (
    VERIFY_METHODS,
    TellerSearchForm,
    TellerWalkInForm,
    VerifyForm,
    WalkInForm,
)
from .models import Attendance, AttendanceCorrection, Residency

# --- Helpers --------------------------------------------------------------------------------


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("assembly", "assembly__area"), pk=pk)


def check_in_url(meeting: Meeting) -> str:
    """The full address printed on the door."""
    return settings.SITE_URL + reverse("attendance:check_in", args=[meeting.check_in_code])


def _require_teller(request: HttpRequest, meeting: Meeting) -> None:
    if not services.can_tell(request.user, meeting):
        raise PermissionDenied


def _require_organiser(request: HttpRequest, meeting: Meeting) -> None:
    if not services.can_correct(request.user, meeting):
        raise PermissionDenied


def _residency_phrase(residency: str) -> str:
    return {
        Residency.VERIFIED: _("They count as a local resident (checked)."),
        Residency.SELF_DECLARED: _("They count as a local resident (they say so)."),
        Residency.NOT_LOCAL: _("They are counted, but not as a local resident."),
    }[residency]


def _teller_url(meeting: Meeting, q: str = "") -> str:
    url = reverse("attendance:teller", args=[meeting.pk])
    return f"{url}?{urlencode({'q': q})}" if q else url


ACTION_LABELS = {  # what each correction did, for the trail
    "strike_out": gettext_lazy("Struck out"),
    "check_in_again": gettext_lazy("Checked in again"),
    "add_person": gettext_lazy("Added a person"),
    "change_residency": gettext_lazy("Changed residency"),
    "add_tally": gettext_lazy("Added a tally"),
    "strike_out_tally": gettext_lazy("Struck out a tally"),
    "undo_tally": gettext_lazy("Undid a tally"),
}


# --- Checking in at the door ----------------------------------------------------------------


def check_in(request: HttpRequest, code: str) -> HttpResponse:
    """The page the QR code on the door opens: one tap if signed in, else name and postcode."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("assembly", "assembly__area"), check_in_code=code
    )
    problem = services.check_in_problem(meeting)
    form = WalkInForm()
    if request.method == "POST" and not problem:
        try:
            if request.user.is_authenticated:
                result = services.check_in_person(meeting, request.user)
                if result.already:
                    messages.info(request, _("You are already checked in. Nothing changed."))
                else:
                    messages.success(
                        request,
                        _("You are checked in. Thank you for coming!")
                        + " "
                        + _own_residency_phrase(result.attendance.residency),
                    )
                return redirect(request.path)
            form = WalkInForm(request.POST)
            if _walk_ins_flooding(request, meeting):
                return render(request, "429.html", status=429)
            if form.is_valid():
                result = services.check_in_walk_in(
                    meeting, form.cleaned_data["name"], form.cleaned_data["postcode"]
                )
                name = result.attendance.name
                if result.already:
                    messages.info(
                        request,
                        _("%(name)s, you are already checked in. Nothing changed.")
                        % {"name": name},
                    )
                else:
                    messages.success(
                        request,
                        _("Thank you, %(name)s, you are checked in.") % {"name": name}
                        + " "
                        + _own_residency_phrase(result.attendance.residency),
                    )
                return redirect(request.path)
        except services.AttendanceError as error:
            problem = str(error)
    return render(
        request,
        "attendance/check_in.html",
        {
            "meeting": meeting,
            "problem": problem,
            "form": form,
            "mine": services.attendance_of(meeting, request.user),
        },
        status=400 if (request.method == "POST" and (problem or form.errors)) else 200,
    )


def _walk_ins_flooding(request: HttpRequest, meeting: Meeting) -> bool:
    """Anonymous check-ins from one address at one meeting, beyond what a full hall sharing one
    wifi connection sends (CHECK_IN_RATE, default 300 an hour): a script typing names."""
    return is_ratelimited(
        request,
        group=f"check-in:{meeting.pk}",
        key="ip",
        rate=settings.CHECK_IN_RATE,
        method="POST",
        increment=True,
    )


def _own_residency_phrase(residency: str) -> str:
    return {
        Residency.VERIFIED: _("You count as a local resident (checked)."),
        Residency.SELF_DECLARED: _(
            "You count as a local resident. A teller at the door can check your address if "
            "you like."
        ),
        Residency.NOT_LOCAL: _(
            "You are counted, but not as a local resident, because your postcode is outside "
            "the area. If you live here, tell a teller at the door."
        ),
    }[residency]


@login_required
def check_in_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code for the door, as an SVG that prints sharp at any size."""
    meeting = _meeting(pk)
    _require_teller(request, meeting)
    qr = segno.make(check_in_url(meeting), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=10, border=4, xmldecl=False, title=_("Check in"))
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def door_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """A page to print and stick on the door: the QR code large and the address written out."""
    meeting = _meeting(pk)
    _require_teller(request, meeting)
    url = check_in_url(meeting)
    return render(
        request,
        "attendance/door_sign.html",
        {
            "meeting": meeting,
            "url": url,
            # Printed without "https://": shorter to type, and browsers add it.
            "short_url": url.split("://", 1)[-1],
        },
    )


# --- The teller's phone ---------------------------------------------------------------------


@login_required
def teller(request: HttpRequest, pk: int, walk_in_form: TellerWalkInForm | None = None):
    """Teller mode: search and check in, add someone new, verify residency, tally."""
    meeting = _meeting(pk)
    _require_teller(request, meeting)
    search = TellerSearchForm(request.GET or None)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    context = {
        "meeting": meeting,
        "q": q,
        "search": search,
        "results": services.search_people(meeting, q),
        "recent": services.recent_check_ins(meeting) if not q else [],
        "problem": services.check_in_problem(meeting),
        "verify_methods": VERIFY_METHODS,
        "user_id": request.user.pk,
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, "attendance/_teller_results.html", context)
    context.update(
        counts=services.counts(meeting),
        walk_in_form=walk_in_form or TellerWalkInForm(),
        last_tally=services.last_tally_of(meeting, request.user),
        is_organiser=services.can_correct(request.user, meeting),
    )
    return render(
        request,
        "attendance/teller.html",
        context,
        status=400 if walk_in_form is not None else 200,
    )


def _teller_post(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting(pk)
    _require_teller(request, meeting)
    return meeting


def _say_checked_in(request: HttpRequest, result: services.CheckIn) -> None:
    name = result.attendance.name
    if result.already:
        messages.info(
            request, _("%(name)s is already checked in. Nothing changed.") % {"name": name}
        )
    else:
        next_step = ""
        if result.attendance.residency == Residency.SELF_DECLARED:
            next_step = " " + _(
                "If they show you proof of their address, use “Verify residency” next to "
                "their name below."
            )
        messages.success(
            request,
            _("%(name)s is checked in.") % {"name": name}
            + " "
            + _residency_phrase(result.attendance.residency)
            + next_step,
        )


@login_required
@require_POST
def teller_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _teller_post(request, pk)
    q = request.POST.get("q", "")
    try:
        person_id = int(request.POST.get("person", ""))
    except ValueError:
        messages.error(request, _("Choose someone from the list to check in."))
        return redirect(_teller_url(meeting, q))
    # Only the assembly's members can be found and checked in by a teller.
    person = get_object_or_404(
        User,
        pk=person_id,
        memberships__assembly=meeting.assembly,
        memberships__left_at__isnull=True,
    )
    try:
        _say_checked_in(
            request, services.check_in_person(meeting, person, recorded_by=request.user)
        )
    except services.AttendanceError as error:
        messages.error(request, str(error))
        return redirect(_teller_url(meeting, q))
    return redirect(_teller_url(meeting))


@login_required
@require_POST
def teller_walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _teller_post(request, pk)
    form = TellerWalkInForm(request.POST)
    if not form.is_valid():
        return teller(request, pk, walk_in_form=form)
    method = form.cleaned_data["method"]
    try:
        result = services.check_in_walk_in(
            meeting,
            form.cleaned_data["name"],
            form.cleaned_data["postcode"],
            recorded_by=request.user,
            verified_by=request.user if method else None,
            verification_method=method,
        )
    except (services.AttendanceError, InvalidPostcode) as error:
        messages.error(request, str(error))
    else:
        _say_checked_in(request, result)
        if method and result.attendance.residency == Residency.NOT_LOCAL:
            messages.warning(
                request,
                _(
                    "Their postcode is outside the area, so they are not counted as a local "
                    "resident. If the postcode is wrong, strike them out and add them again."
                ),
            )
    return redirect(_teller_url(meeting))


@login_required
@require_POST
def teller_verify(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = get_object_or_404(Attendance.objects.select_related("meeting"), pk=pk)
    meeting = _teller_post(request, attendance.meeting_id)
    form = VerifyForm(request.POST)
    q = request.POST.get("q", "")
    if not form.is_valid():
        messages.error(request, _("Choose how you checked where they live."))
        return redirect(_teller_url(meeting, q))
    try:
        services.verify_residency(attendance, request.user, form.cleaned_data["method"])
    except services.AttendanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s now counts as a local resident (checked).") % {"name": attendance.name},
        )
    return redirect(_teller_url(meeting, q))


@login_required
@require_POST
def teller_tally(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _teller_post(request, pk)
    local = request.POST.get("local") == "1"
    try:
        services.add_tally(meeting, request.user, local=local)
    except services.AttendanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Counted one local resident.") if local else _("Counted one person (not local)."),
        )
    return redirect(_teller_url(meeting))


@login_required
@require_POST
def teller_undo_tally(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _teller_post(request, pk)
    try:
        tally = services.undo_last_tally(meeting, request.user)
    except services.AttendanceError as error:
        messages.error(request, str(error))
    else:
        if tally is None:
            messages.info(request, _("You have no tally to undo."))
        else:
            messages.success(
                request, _("Your last tally is undone. It stays on the record, struck out.")
            )
    return redirect(_teller_url(meeting))


# --- The count and the record ---------------------------------------------------------------


def attendance_count(request: HttpRequest, pk: int) -> HttpResponse:
    """Just the count, for the teller page and the public page to refresh."""
    meeting = _meeting(pk)
    return render(
        request,
        "attendance/_count.html",
        {"meeting": meeting, "counts": services.counts(meeting), "live": True},
    )


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who was there: counts for everyone; names and corrections for tellers and organisers."""
    meeting = _meeting(pk)
    can_see = services.can_tell(request.user, meeting)
    context = {
        "meeting": meeting,
        "counts": services.counts(meeting),
        "can_see_names": can_see,
        "can_correct": services.can_correct(request.user, meeting),
        "live": not meeting.attendance_closed and not meeting.is_cancelled,
    }
    if can_see:
        context["attendances"] = meeting.attendances.select_related(
            "recorded_by", "verified_by"
        ).order_by("checked_in_at", "pk")
        context["tallies"] = meeting.tallies.select_related("teller").order_by("created_at", "pk")
        context["corrections"] = [
            (correction, ACTION_LABELS.get(correction.action, correction.action))
            for correction in AttendanceCorrection.objects.filter(meeting=meeting)
            .select_related("made_by", "attendance", "tally")
            .order_by("made_at", "pk")
        ]
        context["user_id"] = request.user.pk
    return render(request, "attendance/attendance.html", context)
