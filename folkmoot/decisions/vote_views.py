"""Pages for votes: setting up, opening and closing, casting a ballot, counts in the room,
results (with CSV and BLT downloads) and the decision log.

The rules live in voting.py; these views parse input, call a rule and say what happened.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from folkmoot.assemblies.models import Assembly
from folkmoot.assemblies.services import is_member

from . import voting
from .models import Amendment, Decision, Proposal, Vote
from .vote_forms import (
    BltUploadForm,
    ProgressUpdateForm,
    RoomCountForm,
    VoteSetupForm,
    ballot_form_class,
    initial_for,
)

M = Vote.Method


def _assembly(slug: str) -> Assembly:
    return get_object_or_404(Assembly, slug=slug)


def _vote(pk: int) -> Vote:
    vote = get_object_or_404(
        Vote.objects.select_related("assembly", "proposal", "amendment", "meeting"), pk=pk
    )
    return voting.close_if_due(vote)


# --- Votes of an assembly, and setting one up ------------------------------------------------


def vote_list(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(slug)
    return render(
        request,
        "decisions/votes/list.html",
        {
            "assembly": assembly,
            "votes": voting.votes_of(assembly),
            "can_manage": voting.can_manage(request.user, assembly),
        },
    )


@login_required
def vote_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Organisers and facilitators set up a vote: on a proposal, on an amendment, or on a
    question of its own (such as an election of delegates)."""
    assembly = _assembly(slug)
    if not voting.can_manage(request.user, assembly):
        raise PermissionDenied(_("Only organisers and facilitators can set up a vote."))
    source = request.POST if request.method == "POST" else request.GET
    proposal = amendment = None
    if source.get("amendment"):
        amendment = get_object_or_404(
            Amendment.objects.select_related("proposal"),
            pk=source.get("amendment"),
            proposal__assembly=assembly,
        )
        proposal = amendment.proposal
    elif source.get("proposal"):
        proposal = get_object_or_404(Proposal, pk=source.get("proposal"), assembly=assembly)
    if request.method == "POST":
        form = VoteSetupForm(request.POST, assembly=assembly)
        if form.is_valid():
            try:
                vote = voting.create_vote(
                    assembly,
                    request.user,
                    form.setup(proposal=None if amendment else proposal, amendment=amendment),
                )
            except voting.VotingError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    _(
                        "The vote is set up. Check it, then press 'Open the vote' when people "
                        "are ready to vote."
                    ),
                )
                return redirect(vote)
    else:
        initial = {}
        if amendment is not None:
            initial["question"] = _("Should we make this change to “%(title)s”?") % {
                "title": proposal.title
            }
        elif proposal is not None:
            initial["question"] = _("Should we agree “%(title)s”?") % {"title": proposal.title}
        form = VoteSetupForm(initial=initial, assembly=assembly)
    return render(
        request,
        "decisions/votes/new.html",
        {"assembly": assembly, "form": form, "proposal": proposal, "amendment": amendment},
        status=400 if form.errors else 200,
    )


# --- One vote: casting a ballot ---------------------------------------------------------------


def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The vote's page. Its one job: cast your ballot (or see that you have)."""
    vote = _vote(pk)
    user = request.user
    FormClass = ballot_form_class(vote)
    voted = voting.has_voted(vote, user)
    own = voting.own_ballot(vote, user)
    problem = voting.eligibility_problem(vote, user) or (
        None if voted else voting.online_problem(vote, user)
    )
    accepting = voting.is_accepting(vote)
    can_cast = accepting and problem is None and (not voted or (vote.changeable and own))
    form = None
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        form = FormClass(request.POST, vote=vote)
        if form.is_valid():
            try:
                voting.cast_ballot(vote, user, form.content())
            except voting.VotingError as error:
                form.add_error(None, str(error))
                status = 409 if isinstance(error, voting.AlreadyVoted) else 400
                if isinstance(error, voting.NotAllowed):
                    status = 403
            else:
                messages.success(request, _cast_message(vote, changed=voted))
                return redirect(vote)
        else:
            status = 400
    elif can_cast:
        form = FormClass(vote=vote, initial=initial_for(vote, own.content if own else None))
    return render(
        request,
        "decisions/votes/detail.html",
        {
            "vote": vote,
            "assembly": vote.assembly,
            "form": form if (can_cast or request.method == "POST") else None,
            "voted": voted,
            "own": own,
            "own_labels": _ballot_words(vote, own.content) if own else "",
            "problem": problem,
            "accepting": accepting,
            "can_manage": voting.can_manage(user, vote.assembly),
            "can_count": vote.mode != Vote.Mode.ONLINE and voting.can_count(user, vote.assembly),
            "voted_count": voting.voted_count(vote),
            "method_words": method_words(vote),
            "ranked": vote.method in voting.RANKED,
        },
        status=status,
    )


def _cast_message(vote: Vote, *, changed: bool) -> str:
    if changed:
        return _("Your vote is changed. The new one replaces the old one.")
    if vote.secret:
        return _(
            "Thank you: your vote is counted. It is secret: nobody, not even the organisers, "
            "can see how you voted. The result is shown here when the vote closes."
        )
    if vote.changeable:
        return _(
            "Thank you: your vote is counted. You can change it until the vote closes. "
            "The result is shown here when it closes."
        )
    return _("Thank you: your vote is counted. The result is shown here when the vote closes.")


def _ballot_words(vote: Vote, content: dict) -> str:
    """A ballot in words: "For", "1. Ann, 2. Bo", ..."""
    labels = {str(o.pk): o.label for o in vote.options.all()}
    answers = {
        "for": _("For"),
        "against": _("Against"),
        "abstain": _("Abstain"),
        "agree": _("Agree"),
        "stand_aside": _("Stand aside"),
        "block": _("Block"),
    }
    if "answer" in content:
        words = answers.get(content["answer"], content["answer"])
        if content.get("reason"):
            words += f" ({content['reason']})"
        return words
    if "approved" in content:
        return ", ".join(labels.get(x, x) for x in content["approved"])
    if "scores" in content:
        return ", ".join(f"{labels.get(k, k)}: {v}" for k, v in content["scores"].items())
    return ", ".join(
        f"{n}. {labels.get(x, x)}" for n, x in enumerate(content.get("ranking", []), 1)
    )


def method_words(vote: Vote) -> str:
    """The method explained in plain words."""
    rules = vote.rules or {}
    if vote.method == M.MAJORITY:
        words = _("The proposal is carried if more people vote for it than against it.")
    elif vote.method == M.QUALIFIED:
        words = _("The proposal is carried if at least %(share)s of the votes are for it.") % {
            "share": {"2/3": _("two thirds"), "3/4": _("three quarters")}.get(
                rules.get("threshold", "2/3"), rules.get("threshold", "2/3")
            )
        }
    elif vote.method == M.CONSENSUS:
        words = _(
            "Everyone says agree, stand aside or block. If %(blocks)s or more people block, "
            "it does not go ahead."
        ) % {"blocks": rules.get("block_threshold", 1)}
        if rules.get("fallback"):
            words += " " + _(
                "If there is no consensus by round %(round)s, a vote decides "
                "(%(share)s of the votes needed)."
            ) % {"round": rules.get("fallback_after", 1), "share": rules["fallback"]}
    elif vote.method == M.APPROVAL:
        words = _("Tick every option you are happy with. The option with the most ticks wins.")
    elif vote.method == M.SCORE:
        words = _(
            "Give each option a score from 0 to %(high)s. The option with the highest total wins."
        ) % {"high": voting.score_range(vote)[1]}
    elif vote.method == M.IRV:
        words = _(
            "Number the options: 1 for your first choice, 2 for your next, and so on. If no "
            "option has more than half of the first choices, the one with the fewest is left "
            "out and its votes go to their next choice, until one has more than half."
        )
    else:
        words = _(
            "Number the candidates: 1 for your first choice, 2 for your next, and so on. "
            "%(seats)s people are elected. A candidate with enough votes (the quota) is "
            "elected; votes they do not need go on to the next choice. If nobody reaches the "
            "quota, the candidate with the fewest votes is left out and their votes move on."
        ) % {"seats": vote.seats}
        if vote.method == M.MEEK_STV:
            words += " " + _(
                "Meek's method: votes move on at a share that is worked out again at every stage."
            )
        else:
            words += " " + _("The Scottish rules for council elections are used.")
    if vote.secret:
        words += " " + _("The ballot is secret.")
    if rules.get("quorum_people") or rules.get("quorum_percent"):
        words += " " + _("There is a quorum: if too few people vote, nothing is decided.")
    return words


# --- Opening and closing --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(pk)
    if not voting.can_manage(request.user, vote.assembly):
        raise PermissionDenied(_("Only organisers and facilitators can open a vote."))
    if request.method == "POST":
        try:
            voting.open_vote(vote, request.user)
        except (voting.VotingError, voting.ProposalError) as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("The vote is open. Members can vote now, on this page."))
        return redirect(vote)
    return render(request, "decisions/votes/confirm.html", {"vote": vote, "action": "open"})


@login_required
@require_http_methods(["GET", "POST"])
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(pk)
    if not voting.can_manage(request.user, vote.assembly):
        raise PermissionDenied(_("Only organisers and facilitators can close a vote."))
    if request.method == "POST":
        try:
            voting.close_vote(vote, request.user)
        except voting.VotingError as problem:
            messages.error(request, str(problem))
            return redirect(vote)
        messages.success(request, _("The vote is closed and counted. Here is the result."))
        return redirect("decisions:vote_result", pk=vote.pk)
    return render(
        request,
        "decisions/votes/confirm.html",
        {"vote": vote, "action": "close", "voted_count": voting.voted_count(vote)},
    )


# --- In the room ----------------------------------------------------------------------------


@login_required
def vote_room(request: HttpRequest, pk: int) -> HttpResponse:
    """Tellers enter the count from the room (show of hands or paper)."""
    vote = _vote(pk)
    if not voting.can_count(request.user, vote.assembly):
        raise PermissionDenied(_("Only tellers and organisers can enter the count."))
    if vote.mode == Vote.Mode.ONLINE:
        raise Http404
    current = voting.current_room_count(vote)
    form = RoomCountForm(request.POST or None, vote=vote, correcting=current is not None)
    status = 200
    if request.method == "POST" and vote.method not in voting.RANKED:
        if form.is_valid():
            try:
                voting.enter_room_count(
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
            "current_people": voting.room_people(vote, current),
            "voted_online": voting.voted_online_in_room(vote),
            "capacity": voting.room_capacity(vote),
            "ranked": vote.method in voting.RANKED,
            "answers": voting.room_answers(vote),
        },
        status=status,
    )


def _history(vote: Vote) -> list[dict]:
    """Every count entered, newest first, in words ("For 12, Against 3")."""
    labels = dict(voting.room_answers(vote))
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
            "papers": voting.room_people(vote, count) if vote.method in voting.RANKED else None,
        }
        for count in vote.room_counts.select_related("entered_by").order_by("-entered_at")
    ]


@login_required
@require_http_methods(["POST"])
def vote_room_blt(request: HttpRequest, pk: int) -> HttpResponse:
    """Tellers upload the paper ranked ballots as a BLT file."""
    vote = _vote(pk)
    if not voting.can_count(request.user, vote.assembly):
        raise PermissionDenied(_("Only tellers and organisers can enter the count."))
    if vote.mode == Vote.Mode.ONLINE or vote.method not in voting.RANKED:
        raise Http404
    form = BltUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            papers = voting.paper_ballots_from_blt(vote, form.cleaned_data["file"])
            voting.enter_room_count(
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
    current = voting.current_room_count(vote)
    return render(
        request,
        "decisions/votes/room.html",
        {
            "vote": vote,
            "form": None,
            "blt_form": form,
            "current": current,
            "history": _history(vote),
            "current_people": voting.room_people(vote, current),
            "voted_online": voting.voted_online_in_room(vote),
            "capacity": voting.room_capacity(vote),
            "ranked": True,
            "answers": voting.room_answers(vote),
        },
        status=400,
    )


# --- Results --------------------------------------------------------------------------------


def _labels(vote: Vote) -> dict[str, str]:
    labels = {str(o.pk): o.label for o in vote.options.all()}
    labels.update(
        {
            "for": _("For"),
            "against": _("Against"),
            "abstain": _("Abstain"),
            "agree": _("Agree"),
            "stand_aside": _("Stand aside"),
            "block": _("Block"),
        }
    )
    return labels


CHART_ROW = 44
CHART_LABEL = 190
CHART_BAR = 300


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return str(value)


def _chart(stage: dict, labels: dict[str, str], quota=None) -> dict:
    """A horizontal bar chart of one stage, as numbers for an inline SVG drawn on the server."""
    votes = stage.get("votes") or {}
    values = [float(v) for v in votes.values() if isinstance(v, int | float)]
    top = max([*values, float(quota or 0), 1.0])
    rows = []
    for index, (key, value) in enumerate(
        sorted(votes.items(), key=lambda kv: (-float(kv[1] or 0), labels.get(kv[0], kv[0])))
    ):
        label = labels.get(key, key)
        width = round(CHART_BAR * float(value or 0) / top, 2)
        rows.append(
            {
                "label": label if len(label) <= 22 else label[:21] + "…",
                "full_label": label,
                "value": _number(value),
                "y": index * CHART_ROW,
                "text_y": index * CHART_ROW + 28,
                "width": width,
                "value_x": CHART_LABEL + width + 8,
                "elected": key in stage.get("elected", []),
                "excluded": key in stage.get("excluded", []),
            }
        )
    quota_x = round(CHART_LABEL + CHART_BAR * float(quota) / top, 2) if quota else None
    return {
        "rows": rows,
        "height": max(len(rows), 1) * CHART_ROW,
        "label_x": CHART_LABEL - 8,
        "bar_x": CHART_LABEL,
        "quota_x": quota_x,
        "quota": _number(quota) if quota else None,
    }


def vote_result(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(pk)
    if not voting.results_visible(vote):
        return render(
            request,
            "decisions/votes/result_waiting.html",
            {"vote": vote, "voted_count": voting.voted_count(vote)},
        )
    result = vote.result
    labels = _labels(vote)
    details = result.get("details") or {}
    quota = details.get("quota")
    stages = []
    for stage in result.get("stages", []):
        rows = [
            {
                "label": labels.get(key, key),
                "votes": _number(value),
                "transfer": _number(stage.get("transfers", {}).get(key, ""))
                if key in stage.get("transfers", {})
                else "",
                "elected": key in stage.get("elected", []),
                "excluded": key in stage.get("excluded", []),
            }
            for key, value in stage.get("votes", {}).items()
        ]
        stages.append(
            {
                "stage": stage,
                "rows": rows,
                "chart": _chart(stage, labels, quota if vote.method in voting.RANKED else None),
                "elected": [labels.get(x, x) for x in stage.get("elected", [])],
                "excluded": [labels.get(x, x) for x in stage.get("excluded", [])],
                "non_transferable": _number(stage.get("non_transferable", 0)),
            }
        )
    user = request.user
    show_voters = not vote.secret and (
        is_member(user, vote.assembly) or voting.can_manage(user, vote.assembly)
    )
    return render(
        request,
        "decisions/votes/result.html",
        {
            "vote": vote,
            "assembly": vote.assembly,
            "result": result,
            "winners": [labels.get(w, w) for w in result.get("winners", [])],
            "stages": stages,
            "ranked": vote.method in voting.RANKED,
            "method_words": method_words(vote),
            "reasons": details.get("reasons") or [],
            "open_ballots": (
                [
                    (ballot.voter.public_name, _ballot_words(vote, ballot.content))
                    for ballot in voting.open_ballot_list(vote)
                ]
                if show_voters
                else None
            ),
            "decision": Decision.objects.filter(vote=vote).first(),
        },
    )


def _closed_or_404(pk: int) -> Vote:
    vote = _vote(pk)
    if not voting.results_visible(vote):
        raise Http404
    return vote


def vote_result_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every stage of the count as CSV: one row per option per stage."""
    vote = _closed_or_404(pk)
    labels = _labels(vote)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["stage", "action", "option", "votes", "transfer", "elected", "excluded"])
    for stage in vote.result.get("stages", []):
        for key, value in stage.get("votes", {}).items():
            writer.writerow(
                [
                    stage["number"],
                    stage["action"],
                    labels.get(key, key),
                    _number(value),
                    _number(stage.get("transfers", {}).get(key, "")),
                    "yes" if key in stage.get("elected", []) else "",
                    "yes" if key in stage.get("excluded", []) else "",
                ]
            )
    writer.writerow([])
    writer.writerow(["winners", *[labels.get(w, w) for w in vote.result.get("winners", [])]])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-result.csv"'
    return response


def vote_ballots_blt(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranked ballots as a BLT file (no names: a ballot never says who cast it)."""
    vote = _closed_or_404(pk)
    if vote.method not in voting.RANKED:
        raise Http404
    response = HttpResponse(voting.ballots_as_blt(vote), content_type="text/plain; charset=utf-8")
    name = slugify(vote.question)[:40] or "ballots"
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-{name}.blt"'
    return response


# --- The decision log -----------------------------------------------------------------------


def decision_log(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = _assembly(slug)
    decisions = voting.decision_log(assembly)
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
            "can_update": voting.can_update_decisions(request.user, assembly),
        },
    )


def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = _assembly(slug)
    decision = get_object_or_404(
        Decision.objects.select_related("proposal", "vote"), pk=pk, assembly=assembly
    )
    can_update = voting.can_update_decisions(request.user, assembly)
    form = None
    status = 200
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied(_("Only organisers can add updates to a decision."))
        form = ProgressUpdateForm(request.POST)
        if form.is_valid():
            try:
                voting.add_progress_update(
                    decision, request.user, form.cleaned_data["progress"], form.cleaned_data["note"]
                )
            except voting.VotingError as problem:
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
