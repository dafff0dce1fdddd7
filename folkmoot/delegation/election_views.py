"""Starting an election of a member body's delegates (an assembly's, or a council's to the
council above: one code path), and recording a council's appointments by minute (the fallback
for a council that decided on paper)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from folkmoot.councils.models import CouncilMember

from . import elections
from .forms import AppointForm, ElectionForm
from .models import DelegateTerm


@login_required
@require_http_methods(["GET", "POST"])
def election_new(request: HttpRequest, slug: str, member: int) -> HttpResponse:
    """An assembly's organisers set up the election of its delegates to a council."""
    member = get_object_or_404(
        CouncilMember.objects.select_related("assembly", "council"),
        pk=member,
        assembly__slug=slug,
    )
    back = reverse("delegation:assembly_delegates", args=[slug])
    return _election_form(request, member, back)


@login_required
@require_http_methods(["GET", "POST"])
def council_election_new(request: HttpRequest, slug: str, member: int) -> HttpResponse:
    """A council's conveners set up the election, by its delegates, of its delegates to the
    council above."""
    member = get_object_or_404(
        CouncilMember.objects.select_related("member_council", "council"),
        pk=member,
        member_council__slug=slug,
    )
    back = reverse("delegation:council_delegates", args=[slug])
    return _election_form(request, member, back)


def _election_form(request: HttpRequest, member: CouncilMember, back: str) -> HttpResponse:
    if not elections.can_run_elections(request.user, member):
        raise PermissionDenied(elections.only_runners(member))
    source = request.POST if request.method == "POST" else request.GET
    by_election_for = None
    if source.get("by_election_for"):
        by_election_for = get_object_or_404(
            DelegateTerm.objects.select_related("person"),
            pk=source.get("by_election_for"),
            member=member,
            ended_at__isnull=False,
        )
    form = ElectionForm(
        request.POST if request.method == "POST" else None,
        member=member,
        by_election_for=by_election_for,
    )
    if request.method == "POST" and form.is_valid():
        try:
            election = elections.start_election(member, request.user, form.setup())
        except elections.ElectionError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _(
                    "The election is set up. Check the vote, then press 'Open the vote'. When "
                    "it closes the winners take the seats."
                ),
            )
            return redirect(election.vote)
    return render(
        request,
        "delegation/election_form.html",
        {
            "member": member,
            "body": member.body,
            "council_body": member.member_council_id is not None,
            "back_url": back,
            "form": form,
            "by_election_for": by_election_for,
            "running": elections.running_election(member),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appoint(request: HttpRequest, member: int) -> HttpResponse:
    member = get_object_or_404(
        CouncilMember.objects.select_related("member_council", "council"),
        pk=member,
        member_council__isnull=False,
    )
    if not elections.can_appoint(request.user, member):
        raise PermissionDenied(_("Only the council's conveners can record its appointments."))
    form = AppointForm(request.POST if request.method == "POST" else None, member=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            elections.appoint_delegates(
                member,
                [t.person for t in data["delegates"]],
                request.user,
                data["starts_on"],
                data["ends_on"],
                data["minute"],
            )
        except elections.ElectionError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The appointments are recorded. They hold the seats now."))
            return redirect("delegation:council_delegates", slug=member.member_council.slug)
    return render(
        request,
        "delegation/appoint_form.html",
        {"member": member, "form": form},
        status=400 if form.errors else 200,
    )
