"""Tellers' pages: entering the count from the room (a show of hands, or paper ranked ballots
uploaded as a BLT file). The rules are in room.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import room, voting
from .models import Vote
from .room_forms import BltUploadForm, RoomCountForm
from .vote_views import vote_or_404


@login_required
def vote_room(request: HttpRequest, pk: int) -> HttpResponse:
    """Tellers enter the count from the room (show of hands or paper)."""
    vote = vote_or_404(pk)
    if not voting.can_count(request.user, vote.body):
        raise PermissionDenied(_("Only tellers and organisers can enter the count."))
    if vote.mode == Vote.Mode.ONLINE:
        raise Http404
    current = room.current_room_count(vote)
    form = RoomCountForm(request.POST or None, vote=vote, correcting=current is not None)
    status = 200
    if request.method == "POST" and vote.method not in voting.RANKED:
        if form.is_valid():
            try:
                room.enter_room_count(
                    vote,
                    request.user,
                    form.counts(),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except voting.VotingError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    _(
                        "The count from the room is saved. It is added to the online votes when "
                        "the vote is closed."
                    ),
                )
                return redirect("decisions:vote_room", pk=vote.pk)
        status = 400
    return render(
        request,
        "decisions/votes/room.html",
        {
            "vote": vote,
            "form": form,
            "blt_form": BltUploadForm(),
            "current": current,
            "history": _history(vote),
            "current_people": room.room_people(vote, current),
            "voted_online": room.voted_online_in_room(vote),
            "capacity": room.room_capacity(vote),
            "ranked": vote.method in voting.RANKED,
            "answers": room.room_answers(vote),
        },
        status=status,
    )


def _history(vote: Vote) -> list[dict]:
    """Every count entered, newest first, in words ("For 12, Against 3")."""
    labels = dict(room.room_answers(vote))
    labels["people"] = _("people")
    return [
        {
            "count": count,
            # In ballot-paper order: PostgreSQL's jsonb does not keep the keys' order.
            "words": ", ".join(
                f"{label} {count.counts[key]}"
                for key, label in labels.items()
                if key in count.counts
            ),
            "papers": room.room_people(vote, count) if vote.method in voting.RANKED else None,
        }
        for count in vote.room_counts.select_related("entered_by").order_by("-entered_at")
    ]


@login_required
@require_http_methods(["POST"])
def vote_room_blt(request: HttpRequest, pk: int) -> HttpResponse:
    """Tellers upload the paper ranked ballots as a BLT file."""
    vote = vote_or_404(pk)
    if not voting.can_count(request.user, vote.body):
        raise PermissionDenied(_("Only tellers and organisers can enter the count."))
    if vote.mode == Vote.Mode.ONLINE or vote.method not in voting.RANKED:
        raise Http404
    form = BltUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            papers = room.paper_ballots_from_blt(vote, form.cleaned_data["file"])
            room.enter_room_count(
                vote,
                request.user,
                {},
                paper_ballots=papers,
                reason=form.cleaned_data.get("reason", ""),
            )
        except voting.VotingError as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                _(
                    "%(n)s paper ballots are saved. They are counted with the online votes when "
                    "the vote is closed."
                )
                % {"n": sum(weight for weight, _ranking in papers)},
            )
            return redirect("decisions:vote_room", pk=vote.pk)
    current = room.current_room_count(vote)
    return render(
        request,
        "decisions/votes/room.html",
        {
            "vote": vote,
            "form": None,
            "blt_form": form,
            "current": current,
            "history": _history(vote),
            "current_people": room.room_people(vote, current),
            "voted_online": room.voted_online_in_room(vote),
            "capacity": room.room_capacity(vote),
            "ranked": True,
            "answers": room.room_answers(vote),
        },
        status=400,
    )
