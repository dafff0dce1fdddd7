"""Pages for council questions: the agenda, a new question, the question page with its
referrals, result and trace, referring it, opening and closing the vote, and a seat's vote.

The rules are in questions.py, referrals.py and seat_votes.py; these views read forms, call
a rule and say what happened next.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from . import questions, seat_votes
from .errors import CouncilError
from .models import Council, Question, Referral
from .question_forms import QuestionForm, RankingVoteForm, ReferForm, YesNoVoteForm
from .referrals import is_overdue
from .trace import read as read_trace

OUTCOME_WORDS = {
    "carried": gettext_lazy("Carried"),
    "not_carried": gettext_lazy("Not carried"),
    "ranked": gettext_lazy("Ranked"),
    "no_ranking": gettext_lazy("No ranking: every seat abstained"),
}


def _question(pk: int) -> Question:
    """The question as it is now: referrals past the deadline are recorded as missed first."""
    question = get_object_or_404(
        Question.objects.select_related(
            "council__level", "competence", "meeting", "parent__council", "raised_by"
        ),
        pk=pk,
    )
    overdue = question.status == Question.Status.REFERRED and is_overdue(question)
    if overdue and questions.expire_overdue(question):
        question.refresh_from_db()
    return question


def _vote_form(question: Question, data=None):
    if question.kind == Question.Kind.RANKING:
        return RankingVoteForm(data, options=list(question.options))
    return YesNoVoteForm(data)


def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council.objects.select_related("level"), slug=slug)
    agenda = list(questions.agenda(council))
    return render(
        request,
        "councils/question_list.html",
        {
            "council": council,
            "questions": agenda,
            "can_raise": questions.can_raise(request.user, council),
        },
    )


@login_required
def question_new(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    if not questions.can_raise(request.user, council):
        raise PermissionDenied(
            _("Only the conveners and organisers of member assemblies set the agenda.")
        )
    form = QuestionForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = questions.raise_question(
                council,
                request.user,
                title=data["title"],
                text=data["text"],
                kind=data["kind"],
                options=data["options"],
                competence=data.get("competence"),
                meeting=data.get("meeting"),
            )
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            if questions.must_refer(question):
                next_step = _("Next, the conveners refer it to every member body to decide.")
            else:
                next_step = _("It is one of the council's own matters: voting can open now.")
            messages.success(request, _("The question is on the agenda.") + " " + next_step)
            return redirect(question)
    return render(request, "councils/question_form.html", {"council": council, "form": form})


def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    user = request.user
    # Once referred, the trace reads the referrals with everything else it shows.
    tree = read_trace(question) if question.status != Question.Status.DRAFT else None
    referrals = (
        tree.referrals()
        if tree
        else list(
            question.referrals.select_related(
                "member__assembly", "member__member_council", "proposal", "child_question"
            )
        )
    )
    seat = (
        seat_votes.seat_for(question, user, referrals)
        if question.status == Question.Status.VOTING
        else None
    )
    convener = questions.can_convene(user, question.council)
    counts = dict.fromkeys(Referral.Status.values, 0)
    for referral in referrals:
        counts[referral.status] += 1
    result = question.result or {}
    return render(
        request,
        "councils/question_detail.html",
        {
            "question": question,
            "council": question.council,
            "referrals": referrals,
            "counts": counts,
            "seat": seat,
            "vote_form": _vote_form(question) if seat and not seat.vote else None,
            "can_convene": convener,
            "can_refer": convener
            and question.status == Question.Status.DRAFT
            and question.parent_id is None,
            "opening_problem": seat_votes.opening_problem(question)
            if convener and question.status != Question.Status.VOTING
            else None,
            "trace": tree.trace() if tree else None,
            "result": result,
            "outcome_words": OUTCOME_WORDS.get(result.get("outcome"), ""),
        },
    )


@login_required
def question_refer(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    if not questions.can_convene(request.user, question.council):
        raise PermissionDenied(_("Only the council's conveners refer its questions."))
    form = ReferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = questions.refer(question, request.user, form.cleaned_data["deadline"])
        except CouncilError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Referred to %(n)s member bodies. Each assembly has it on its agenda as a "
                    "proposal; each council below has referred it on. Voting can open when "
                    "they have all decided, or after the deadline."
                )
                % {"n": len(made)},
            )
            return redirect(question)
    return render(
        request,
        "councils/question_refer.html",
        {
            "question": question,
            "council": question.council,
            "form": form,
            "members": question.council.members.select_related("assembly", "member_council"),
        },
    )


def _convener_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    question = _question(pk)
    if not questions.can_convene(request.user, question.council):
        raise PermissionDenied(_("Only the council's conveners can do that."))
    try:
        action(question, request.user)
    except CouncilError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(question)


@login_required
@require_POST
def question_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _convener_action(
        request,
        pk,
        seat_votes.open_voting,
        _("Voting is open. Each delegate casts their seat's vote as their body decided."),
    )


@login_required
@require_POST
def question_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _convener_action(
        request,
        pk,
        seat_votes.close_voting,
        _("Voting is closed and the result is counted. Delegates now report back to their bodies."),
    )


def _seat_vote_rate(group, request) -> str:
    return settings.SEAT_VOTE_RATE


@login_required
@ratelimit(key="user", rate=_seat_vote_rate, method="POST", block=True)
def question_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A delegate's seat's vote. The page shows the mandate in words before the choice."""
    question = _question(pk)
    seat = seat_votes.seat_for(question, request.user)
    if seat is None:
        raise PermissionDenied(
            _("Only delegates holding a seat on %(council)s vote on its questions.")
            % {"council": question.council.name}
        )
    form = _vote_form(question, request.POST or None)
    if request.method == "POST" and seat.vote is None:
        abstain = request.POST.get("abstain") == "1"
        if abstain or form.is_valid():
            data = {} if abstain else form.cleaned_data
            try:
                seat_votes.cast_seat_vote(
                    question,
                    request.user,
                    answer="abstain" if abstain else data.get("answer", ""),
                    ranking=data.get("ranking"),
                )
            except CouncilError as error:
                if abstain:
                    form = _vote_form(question)
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Your seat's vote is cast. Next, tell your body how you voted."),
                )
                return redirect(question)
    return render(
        request,
        "councils/question_vote.html",
        {
            "question": question,
            "council": question.council,
            "seat": seat,
            "form": form,
            "voting_open": question.status == Question.Status.VOTING,
        },
        status=400 if request.method == "POST" else 200,  # a POST that gets here was refused
    )
