"""Filing a report-back after a council meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from folkmoot.councils.models import CouncilMeeting

from . import reportbacks
from .forms import ReportBackForm
from .models import DelegateTerm


@login_required
@require_http_methods(["GET", "POST"])
def report_back(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    term = get_object_or_404(
        DelegateTerm.objects.select_related("person", "member__council", "member__assembly"),
        pk=pk,
    )
    meeting = get_object_or_404(CouncilMeeting.objects.select_related("council"), pk=meeting)
    problem = reportbacks.filing_problem(request.user, term, meeting)
    if problem:
        if request.user.pk != term.person_id:
            raise PermissionDenied(problem)
        messages.info(request, problem)
        return redirect(term)
    form = ReportBackForm(
        request.POST if request.method == "POST" else None,
        initial={"text": reportbacks.draft_text(term, meeting)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            reportbacks.file_report_back(term, meeting, request.user, form.cleaned_data["text"])
        except reportbacks.ReportBackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you. Your report-back is filed for everyone to read.")
            )
            return redirect(term)
    return render(
        request,
        "delegation/report_back_form.html",
        {
            "term": term,
            "meeting": meeting,
            "votes": reportbacks.votes_at(term, meeting),
            "questions": list(meeting.questions.order_by("pk")),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
