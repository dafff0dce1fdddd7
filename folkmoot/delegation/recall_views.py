"""Recall: opening and signing a petition, and a council recording its own recall."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from folkmoot.assemblies.services import is_member

from . import recall
from .elections import can_appoint
from .forms import CouncilRecallForm, RecallForm
from .models import DelegateTerm, RecallPetition


def _term(pk: int) -> DelegateTerm:
    return get_object_or_404(
        DelegateTerm.objects.select_related(
            "person", "member__council", "member__assembly", "member__member_council"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recall_open(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term(pk)
    problem = recall.opening_problem(request.user, term)
    if problem:
        assembly = term.member.assembly
        if (
            recall.live_petition(term) is not None
            and assembly
            and is_member(request.user, assembly)
        ):
            messages.info(request, problem)  # there is a petition already: go and sign it
            return redirect(term)
        raise PermissionDenied(problem)
    form = RecallForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            petition = recall.open_petition(term, request.user, form.cleaned_data["reason"])
        except recall.RecallError as error:
            form.add_error(None, str(error))
        else:
            if petition.status == RecallPetition.Status.VOTING:
                messages.success(
                    request, _("The petition reached its threshold: the recall vote is open.")
                )
                return redirect(petition.vote)
            messages.success(
                request,
                _("The petition is open and your signature is the first. It needs %(n)s.")
                % {"n": petition.threshold},
            )
            return redirect(term)
    return render(
        request,
        "delegation/recall_form.html",
        {"term": term, "form": form, "threshold": recall.threshold_for(term.member.assembly)},
        status=400 if form.errors else 200,
    )


def _sign_rate(group, request) -> str:
    return settings.RECALL_SIGN_RATE


@login_required
@require_POST
@ratelimit(key="user", rate=_sign_rate, method="POST", block=True)
def recall_sign(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_object_or_404(
        RecallPetition.objects.select_related("delegate__member__assembly", "delegate__person"),
        pk=pk,
    )
    try:
        recall.sign_petition(petition, request.user)
    except recall.RecallError as error:
        messages.error(request, str(error))
        return redirect(petition.delegate)
    petition.refresh_from_db()
    if petition.status == RecallPetition.Status.VOTING:
        messages.success(
            request, _("You signed. The petition reached its threshold: the recall vote is open.")
        )
        return redirect(petition.vote)
    messages.success(request, _("You signed the petition."))
    return redirect(petition.delegate)


@login_required
@require_http_methods(["GET", "POST"])
def council_recall(request: HttpRequest, pk: int) -> HttpResponse:
    """A council's conveners record its decision to recall a delegate it sent up."""
    term = _term(pk)
    if term.member.member_council_id is None or not can_appoint(request.user, term.member):
        raise PermissionDenied(_("Only the conveners of the council that sent them can do this."))
    form = CouncilRecallForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            recall.recall_appointed(term, request.user, form.cleaned_data["minute"])
        except recall.RecallError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The recall is recorded: the seat was taken back."))
            return redirect(term)
    return render(
        request,
        "delegation/council_recall_form.html",
        {"term": term, "form": form},
        status=400 if form.errors else 200,
    )
