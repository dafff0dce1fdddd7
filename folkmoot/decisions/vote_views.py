"""Pages for votes: the list, setting one up, casting a ballot, and opening and closing it.
Counts in the room are in room_views.py, results in result_views.py and the decision log in
decision_views.py. An assembly's and a council's votes share every page; only how the body is
found differs.

The rules live in voting.py; these views parse input, call a rule and say what happened.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council

from . import proposals, results, voting
from .bodies import Body, is_council, page_links
from .models import Amendment, Proposal, Vote
from .vote_forms import VoteSetupForm, ballot_form_class, initial_for

M = Vote.Method


def vote_or_404(pk: int) -> Vote:
    """The vote, closed first if its closing time has passed (so every page shows it
    as it is now)."""
    vote = get_object_or_404(
        Vote.objects.select_related("assembly", "council", "proposal", "amendment", "meeting"),
        pk=pk,
    )
    return results.close_if_due(vote)


# --- Votes of an assembly or a council, and setting one up ----------------------------------


def vote_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _list(request, get_object_or_404(Assembly, slug=slug))


def council_vote_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _list(request, get_object_or_404(Council, slug=slug))


def _list(request: HttpRequest, body: Body) -> HttpResponse:
    return render(
        request,
        "decisions/votes/list.html",
        {
            **page_links(body),
            "votes": voting.votes_of(body),
            "can_manage": voting.can_manage(request.user, body),
        },
    )


@login_required
def vote_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Organisers and facilitators set up a vote: on a proposal, on an amendment, or on a
    question of its own (such as an election of delegates)."""
    return _new(request, get_object_or_404(Assembly, slug=slug))


@login_required
def council_vote_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A council's conveners set up a vote of its delegates, on a question of its own."""
    return _new(request, get_object_or_404(Council, slug=slug))


def _new(request: HttpRequest, body: Body) -> HttpResponse:
    if not voting.can_manage(request.user, body):
        raise PermissionDenied(voting.only_managers(body, "set_up"))
    proposal, amendment = (None, None) if is_council(body) else _on_proposal(request, body)
    if request.method == "POST":
        form = VoteSetupForm(request.POST, body=body)
        if form.is_valid():
            try:
                vote = voting.create_vote(
                    body,
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
        form = VoteSetupForm(initial=initial, body=body)
    return render(
        request,
        "decisions/votes/new.html",
        {**page_links(body), "form": form, "proposal": proposal, "amendment": amendment},
        status=400 if form.errors else 200,
    )


def _on_proposal(request: HttpRequest, assembly: Assembly):
    """The proposal (and amendment) an assembly's vote is set up on, if any."""
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
    return proposal, amendment


# --- One vote: casting a ballot -------------------------------------------------------------


def _ballot_rate(group, request) -> str:
    return settings.BALLOT_RATE


@ratelimit(key="user_or_ip", rate=_ballot_rate, method="POST", block=True)
def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The vote's page. Its one job: cast your ballot (or see that you have)."""
    vote = vote_or_404(pk)
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
                ballot = voting.cast_ballot(vote, user, form.content())
            except voting.VotingError as error:
                form.add_error(None, str(error))
                status = 409 if isinstance(error, voting.AlreadyVoted) else 400
                if isinstance(error, voting.NotAllowed):
                    status = 403
            else:
                changed = ballot is not None and ballot.changed
                messages.success(request, _cast_message(vote, changed=changed))
                return redirect(vote)
        else:
            status = 400
    elif can_cast:
        form = FormClass(vote=vote, initial=initial_for(vote, own.content if own else None))
    return render(
        request,
        "decisions/votes/detail.html",
        {
            **page_links(vote.body),
            "vote": vote,
            "form": form if (can_cast or request.method == "POST") else None,
            "voted": voted,
            "own": own,
            "own_labels": ballot_words(vote, own.content) if own else "",
            "problem": problem,
            "accepting": accepting,
            "can_manage": voting.can_manage(user, vote.body),
            "can_count": vote.mode != Vote.Mode.ONLINE and voting.can_count(user, vote.body),
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


def ballot_words(vote: Vote, content: dict) -> str:
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
        words = (
            _("The proposal is carried if more people vote for it than against it.")
            if vote.proposal_id
            else _("It is carried if more people vote for it than against it.")
        )
    elif vote.method == M.QUALIFIED:
        words = (
            _("The proposal is carried if at least %(share)s of the votes are for it.")
            if vote.proposal_id
            else _("It is carried if at least %(share)s of the votes are for it.")
        ) % {
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
    vote = vote_or_404(pk)
    if not voting.can_manage(request.user, vote.body):
        raise PermissionDenied(voting.only_managers(vote.body, "open"))
    if request.method == "POST":
        try:
            voting.open_vote(vote, request.user)
        except (voting.VotingError, proposals.ProposalError) as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("The vote is open. Members can vote now, on this page."))
        return redirect(vote)
    return render(request, "decisions/votes/confirm.html", {"vote": vote, "action": "open"})


@login_required
@require_http_methods(["GET", "POST"])
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    vote = vote_or_404(pk)
    if not voting.can_manage(request.user, vote.body):
        raise PermissionDenied(voting.only_managers(vote.body, "close"))
    if request.method == "POST":
        try:
            results.close_vote(vote, request.user)
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
