"""The decision log: every decision of an assembly (or of a council, by its delegates' votes),
and updates on how it is going. The rules are in decision_log.py. An assembly's and a
council's pages share one code path; only how the body is found differs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council

from . import decision_log as log
from .bodies import Body, owner, page_links
from .decision_forms import ProgressUpdateForm
from .models import Decision
from .voting import VotingError


def decision_log(request: HttpRequest, slug: str) -> HttpResponse:
    return _log(request, get_object_or_404(Assembly, slug=slug))


def council_decision_log(request: HttpRequest, slug: str) -> HttpResponse:
    return _log(request, get_object_or_404(Council, slug=slug))


def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(Assembly, slug=slug), pk)


def council_decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(Council, slug=slug), pk)


def _log(request: HttpRequest, body: Body) -> HttpResponse:
    decisions = log.decision_log(body)
    counts = {key: 0 for key, _label in Decision.Progress.choices}
    for decision in decisions:
        counts[decision.progress] += 1
    return render(
        request,
        "decisions/votes/decision_log.html",
        {
            **page_links(body),
            "decisions": decisions,
            "counts": [(label, counts[key], key) for key, label in Decision.Progress.choices],
            "can_update": log.can_update_decisions(request.user, body),
        },
    )


def _detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("proposal", "vote", "assembly", "council"),
        pk=pk,
        **owner(body),
    )
    can_update = log.can_update_decisions(request.user, body)
    form = None
    status = 200
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied(log.only_updaters(body))
        form = ProgressUpdateForm(request.POST)
        if form.is_valid():
            try:
                log.add_progress_update(
                    decision, request.user, form.cleaned_data["progress"], form.cleaned_data["note"]
                )
            except VotingError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    _("Your update is added to the decision log. Everyone can read it."),
                )
                return redirect(decision)
        status = 400
    elif can_update:
        form = ProgressUpdateForm(initial={"progress": decision.progress})
    return render(
        request,
        "decisions/votes/decision.html",
        {
            **page_links(body),
            "decision": decision,
            "updates": decision.updates.select_related("by"),
            "form": form,
        },
        status=status,
    )
