"""Closing attendance and the organisers' corrections afterwards (each with a reason, kept)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from folkmoot.meetings.models import Meeting
from folkmoot.places.postcodes import InvalidPostcode

from . import corrections, services
from .forms import (
    AddPersonForm,
    AddTallyForm,
    ReasonForm,
    ResidencyCorrectionForm,
)
from .models import Attendance, Tally
from .views import _meeting, _require_organiser


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_organiser(request, meeting)
    if request.method == "POST":
        if corrections.close_attendance(meeting, request.user):
            messages.success(
                request,
                _(
                    "Attendance is closed. The count is now fixed; any change needs a correction "
                    "with a reason."
                ),
            )
        else:
            messages.info(request, _("Attendance was already closed. Nothing changed."))
        return redirect("attendance:attendance", pk=meeting.pk)
    return render(
        request,
        "attendance/close.html",
        {
            "meeting": meeting,
            "counts": services.counts(meeting),
        },
    )


# --- Corrections ----------------------------------------------------------------------------


def _correction_page(request, meeting, form, *, title, intro, button, subject=None, status=200):
    return render(
        request,
        "attendance/correction_form.html",
        {
            "meeting": meeting,
            "form": form,
            "title": title,
            "intro": intro,
            "button": button,
            "subject": subject,
        },
        status=status,
    )


def _done(request: HttpRequest, meeting: Meeting, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("attendance:attendance", pk=meeting.pk)


@login_required
def strike_out(request: HttpRequest, pk: int) -> HttpResponse:
    """Strike out a wrong check-in: an organiser's correction, or a teller's own mistake before
    closing. The row stays, marked, with the reason."""
    entry = get_object_or_404(Attendance.objects.select_related("meeting__assembly"), pk=pk)
    meeting = entry.meeting
    if not services.can_strike_out(request.user, entry):
        raise PermissionDenied
    if entry.struck_out_at is not None:
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.strike_out(entry, request.user, form.cleaned_data["reason"])
        except services.AttendanceError as error:
            form.add_error(None, str(error))
        else:
            return _done(
                request,
                meeting,
                _("%(name)s is struck out. They no longer count, and the reason is kept.")
                % {"name": entry.name},
            )
    return _correction_page(
        request,
        meeting,
        form,
        title=_("Strike out %(name)s") % {"name": entry.name},
        intro=_(
            "They will no longer count. The entry stays on the record, struck out, with "
            "your reason."
        ),
        button=_("Strike out"),
        subject=entry,
        status=400 if form.errors else 200,
    )


@login_required
def correct_residency(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Attendance.objects.select_related("meeting__assembly"), pk=pk)
    meeting = entry.meeting
    _require_organiser(request, meeting)
    form = ResidencyCorrectionForm(request.POST or None, initial={"residency": entry.residency})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections.correct_residency(
                entry,
                request.user,
                reason=data["reason"],
                residency=data["residency"],
                method=data["method"],
            )
        except services.AttendanceError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, meeting, _("Residency changed. The correction is on the record."))
    return _correction_page(
        request,
        meeting,
        form,
        title=_("Change residency of %(name)s") % {"name": entry.name},
        intro=_("Whether they count as a local resident. Your reason is kept on the record."),
        button=_("Save the correction"),
        subject=entry,
        status=400 if form.errors else 200,
    )


@login_required
def correct_add_person(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_organiser(request, meeting)
    form = AddPersonForm(request.POST or None, assembly=meeting.assembly)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = corrections.correct_add_person(
                meeting,
                request.user,
                reason=data["reason"],
                residency=data["residency"],
                name=data["name"],
                postcode=data["postcode"],
                person=data["member"].person if data["member"] else None,
            )
        except (services.AttendanceError, InvalidPostcode) as error:
            form.add_error(None, str(error))
        else:
            return _done(
                request, meeting, _("%(name)s is added to the record.") % {"name": row.name}
            )
    return _correction_page(
        request,
        meeting,
        form,
        title=_("Add someone who was there"),
        intro=_("For someone who came but was not checked in. Your reason is kept on the record."),
        button=_("Add them"),
        status=400 if form.errors else 200,
    )


@login_required
def correct_add_tally(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_organiser(request, meeting)
    form = AddTallyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            corrections.correct_add_tally(
                meeting,
                request.user,
                reason=data["reason"],
                people=data["people"],
                local_residents=data["local_residents"],
            )
        except services.AttendanceError as error:
            form.add_error(None, str(error))
        else:
            return _done(
                request, meeting, _("The tally is added. The correction is on the record.")
            )
    return _correction_page(
        request,
        meeting,
        form,
        title=_("Add people counted without names"),
        intro=_(
            "For people who were there but were not counted. Your reason is kept on the record."
        ),
        button=_("Add the tally"),
        status=400 if form.errors else 200,
    )


@login_required
def correct_strike_out_tally(request: HttpRequest, pk: int) -> HttpResponse:
    tally = get_object_or_404(Tally.objects.select_related("meeting__assembly"), pk=pk)
    meeting = tally.meeting
    _require_organiser(request, meeting)
    if tally.struck_out_at is not None:
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.correct_strike_out_tally(
                tally, request.user, reason=form.cleaned_data["reason"]
            )
        except services.AttendanceError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, meeting, _("The tally is struck out. The reason is kept."))
    return _correction_page(
        request,
        meeting,
        form,
        title=_("Strike out a tally"),
        intro=_(
            "These people will no longer count. The tally stays on the record, struck out, "
            "with your reason."
        ),
        button=_("Strike out"),
        subject=tally,
        status=400 if form.errors else 200,
    )
