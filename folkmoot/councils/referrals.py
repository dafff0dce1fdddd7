"""What happens when the member bodies answer a referred question.

An assembly answers by deciding the proposal the referral put on its agenda: its delegates'
mandate is derived from that decision at once, so nobody retypes it. A council a level down
answers when every one of its own member bodies has decided (or missed the deadline): its
seats above are mandated by its cascade rule, and the council above it hears in turn — up
through every level.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from folkmoot.audit.services import record
from folkmoot.decisions.models import Decision, Proposal, Vote
from folkmoot.delegation.mandates import issue_mandate

from . import rules
from .models import Question, Referral

CARRIED = ("carried", "consensus")
NOT_CARRIED = ("not_carried", "blocked")


def _subject(question: Question) -> str:
    return f"council-question:{question.pk}"


def is_overdue(question: Question, now=None) -> bool:
    return question.deadline is not None and question.deadline <= (now or timezone.now())


# --- An assembly's decision → its delegates' mandate -------------------------------------------


def ranking_from_vote(vote: Vote | None, options: list[str]) -> list[str]:
    """The question's options in the order the assembly's counted vote put them (see
    ``rules.ranking_from_count``). Vote options are matched to the question's options by
    name, ignoring case and spaces at the ends; anything else on the ballot is left out."""
    if vote is None or not vote.result:
        return []
    by_name = {option.strip().casefold(): option for option in options}
    ranking = []
    for label in rules.ranking_from_count(vote.result):
        option = by_name.get(label.strip().casefold())
        if option is not None and option not in ranking:
            ranking.append(option)
    return ranking


def _deciding_vote(proposal: Proposal, decision: Decision) -> Vote | None:
    """The vote that decided it; failing that, its latest closed vote with options (an
    organiser may record the outcome of a ranked vote by hand)."""
    if decision.vote_id:
        return decision.vote
    return (
        proposal.votes.filter(status=Vote.Status.CLOSED, amendment__isnull=True)
        .exclude(options__isnull=True)
        .order_by("-closed_at", "-pk")
        .first()
    )


def mandate_for(question: Question, proposal: Proposal, decision: Decision, outcome: str):
    """The instruction an assembly's decision gives its seats: (instruction, ranking)."""
    if question.kind == Question.Kind.RANKING:
        ranking = ranking_from_vote(_deciding_vote(proposal, decision), list(question.options))
        return ("ranking", ranking) if ranking else (rules.ABSTAIN, [])
    if outcome in CARRIED:
        return rules.FOR, []
    if outcome in NOT_CARRIED:
        return rules.AGAINST, []
    return rules.ABSTAIN, []


def _words(question: Question, terms: dict, how: str) -> str:
    words = rules.instruction_words(terms["instruction"], terms["ranking"], terms.get("split"))
    return f"{words} on “{question.title}” ({how})."


@transaction.atomic
def decide_from_proposal(proposal: Proposal, decision: Decision, outcome: str, by) -> None:
    """A referred proposal was decided: the referral is decided and the assembly's seats on
    the council get their mandate. Decided after the deadline, it counts as missed: the
    council was told the body would answer by then."""
    # of=("self",): PostgreSQL cannot lock the nullable side of an outer join (member.assembly).
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("question", "member__assembly")
        .filter(proposal=proposal)
        .first()
    )
    if referral is None or referral.status != Referral.Status.PENDING:
        return
    question = referral.question
    if is_overdue(question, decision.decided_at):
        mark_missed(referral, note="decided after the deadline")
        settle(question)
        return
    instruction, ranking = mandate_for(question, proposal, decision, outcome)
    how = f"{referral.member.body}'s decision: {decision.summary}"
    mandate = issue_mandate(
        referral.member,
        instruction=instruction,
        question=question,
        ranking=ranking,
        text=_words(question, {"instruction": instruction, "ranking": ranking}, how),
        decision=decision,
        derived=True,
        by=by,
    )
    outcome_json = {"instruction": instruction, "ranking": ranking, "split": {}}
    outcome_json.update(proposal_outcome=outcome, decision=decision.pk, mandate=mandate.pk)
    _decide(referral, outcome_json, decision.decided_at)
    settle(question, by)


def _decide(referral: Referral, outcome: dict, at) -> None:
    referral.status = Referral.Status.DECIDED
    referral.decided_at = at
    referral.outcome = outcome
    referral.save(update_fields=["status", "decided_at", "outcome"])
    record(
        "referral.decided",
        _subject(referral.question),
        {
            "referral": referral.pk,
            "question": referral.question_id,
            "member": referral.member_id,
            "outcome": outcome,
            "at": at,
        },
    )


def mark_missed(referral: Referral, *, note: str = "") -> None:
    """The body did not decide by the deadline: recorded, and its seats abstain."""
    referral.status = Referral.Status.MISSED
    referral.outcome = {"instruction": rules.ABSTAIN, "missed": True, "note": note}
    referral.save(update_fields=["status", "outcome"])
    record(
        "referral.missed",
        _subject(referral.question),
        {
            "referral": referral.pk,
            "question": referral.question_id,
            "member": referral.member_id,
            "deadline": referral.question.deadline,
            "note": note,
        },
    )


# --- A council's members all answered → its seats above are mandated ---------------------------


def member_outcome(referral: Referral, residents: int = 0) -> rules.MemberOutcome:
    """A referral's answer as the cascade rules read it (a missed body decided nothing)."""
    outcome = referral.outcome or {}
    decided = referral.status == Referral.Status.DECIDED
    instruction = outcome.get("instruction") if decided else None
    return rules.MemberOutcome(
        seats=referral.member.seats,
        answer=instruction if instruction in rules.ANSWERS else None,
        ranking=tuple(outcome.get("ranking") or ()) if decided else (),
        split=(outcome.get("split") or None) if decided else None,
        residents=residents,
    )


@transaction.atomic
def settle(question: Question, by=None) -> bool:
    """If ``question`` came down from a council above and all its member bodies have
    answered, mandate this council's seats above by its cascade rule, decide the question
    and the referral above, and go on up. Returns whether it settled now."""
    question = Question.objects.select_for_update().select_related("council").get(pk=question.pk)
    if question.parent_id is None or question.status == Question.Status.DECIDED:
        return False
    referrals = list(
        question.referrals.select_related("member__assembly", "member__member_council")
    )
    if any(r.status == Referral.Status.PENDING for r in referrals):
        return False
    from .seat_votes import residents_by_member  # seat_votes imports this module

    residents = residents_by_member()
    council = question.council
    above = (
        Referral.objects.select_for_update().select_related("member").get(child_question=question)
    )
    options = list(question.options) if question.kind == Question.Kind.RANKING else []
    outcomes = [member_outcome(r, residents.get(r.member_id, 0)) for r in referrals]
    mandate_terms = rules.aggregate(council.cascade_rule, outcomes, above.member.seats, options)
    now = timezone.now()
    rule_words = council.get_cascade_rule_display()
    how = f"{council} from its member bodies' decisions: {rule_words}"
    text = _words(question, mandate_terms, how)
    mandate = issue_mandate(
        above.member,
        instruction=mandate_terms["instruction"],
        question=above.question,
        ranking=mandate_terms["ranking"],
        split=mandate_terms["split"],
        text=text,
        source_question=question,
        derived=True,
        by=by,
    )
    question.status = Question.Status.DECIDED
    question.decided_at = now
    question.result = {
        "kind": "aggregate",
        "rule": council.cascade_rule,
        "mandate": mandate_terms,
        "per_body": [
            {
                "member": r.member_id,
                "name": str(r.member.body),
                "seats": r.member.seats,
                "status": r.status,
                "answer": o.answer,
                "ranking": list(o.ranking),
                "split": dict(o.split or {}),
            }
            for r, o in zip(referrals, outcomes, strict=True)
        ],
    }
    question.save(update_fields=["status", "decided_at", "result"])
    record(
        "council_question.aggregated",
        _subject(question),
        {"question": question.pk, "result": question.result, "mandate": mandate.pk},
    )
    outcome = dict(mandate_terms, source_question=question.pk, mandate=mandate.pk)
    _decide(above, outcome, now)
    settle(above.question, by)
    return True
