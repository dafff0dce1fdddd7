"""The decision log: every decision of an assembly, and organisers' updates on how it is
going. The rules are in decision_log.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly

from . import decision_log as log
from .decision_forms import ProgressUpdateForm
from .models import Decision
from .voting import VotingError


def decision_log(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    decisions = log.decision_log(assembly)
    counts = {key: 0 for key, _label in Decision.Progress.choices}
    for decision in decisions:
        counts[decision.progress] += 1
    return render(
        request,
        "decisions/votes/decision_log.html",
        {
            "assembly": assembly,
            "decisions": decisions,
            "counts": [(label, counts[key], key) for key, label in Decision.Progress.choices],
            "can_update": log.can_update_decisions(request.user, assembly),
        },
    )


def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    decision = get_object_or_404(
        Decision.objects.select_related("proposal", "vote"), pk=pk, assembly=assembly
    )
    can_update = log.can_update_decisions(request.user, assembly)
    form = None
    status = 200
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied(_("Only organisers can add updates to a decision."))
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
                return redirect("decisions:decision", slug=assembly.slug, pk=decision.pk)
        status = 400
    elif can_update:
        form = ProgressUpdateForm(initial={"progress": decision.progress})
    return render(
        request,
        "decisions/votes/decision.html",
        {
            "assembly": assembly,
            "decision": decision,
            "updates": decision.updates.select_related("by"),
            "form": form,
        },
        status=status,
    )
