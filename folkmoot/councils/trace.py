"""The trace of a council question: every seat's vote, the mandate behind it, and the
assembly decision behind each mandate (its tally and the meeting's attendance), down through
every level of councils. Nothing is "trust us".

``trace(question) -> dict`` is JSON-ready (the API serves it as it is). The queries are
bounded by the number of levels, not by the number of bodies or votes: each level is loaded
in one batch for all the questions at that level.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import NoReverseMatch, reverse

from folkmoot.attendance.services import count_annotations, counts_from
from folkmoot.decisions.models import Decision, Vote
from folkmoot.decisions.voting import FIXED_ANSWERS
from folkmoot.delegation.mandates import mandate_name
from folkmoot.delegation.models import Mandate
from folkmoot.meetings.models import Meeting

from . import rules
from .models import CouncilMember, Question, Referral, SeatVote

MANDATE_RELATED = (
    "decision__assembly",
    "decision__proposal",
    "decision__vote",
    "source_question",
)


def trace(question: Question) -> dict:
    """The whole trace of ``question`` (see the module docstring)."""
    return _level([question.pk])[question.pk]


def _iso(moment) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime | datetime.date):
        return moment.isoformat()
    return str(moment)


def _url(obj) -> str | None:
    """A link, or None while a page for it does not exist yet."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def _level(question_ids: list[int]) -> dict[int, dict]:
    questions = list(
        Question.objects.filter(pk__in=question_ids).select_related("council__level", "competence")
    )
    council_ids = {q.council_id for q in questions}
    members_by_council: dict[int, list[CouncilMember]] = defaultdict(list)
    members: dict[int, CouncilMember] = {}
    for member in CouncilMember.objects.filter(council_id__in=council_ids).select_related(
        "assembly", "member_council"
    ):
        members_by_council[member.council_id].append(member)
        members[member.pk] = member
    referrals = {
        (r.question_id, r.member_id): r
        for r in Referral.objects.filter(question_id__in=question_ids).select_related("proposal")
    }
    mandates = {
        (m.question_id, m.member_id): m
        for m in Mandate.objects.filter(
            question_id__in=question_ids, superseded_at__isnull=True
        ).select_related(*MANDATE_RELATED)
    }
    votes: dict[tuple[int, int], list[SeatVote]] = defaultdict(list)
    for vote in SeatVote.objects.filter(question_id__in=question_ids).select_related(
        "delegate__person", "mandate", *(f"mandate__{name}" for name in MANDATE_RELATED)
    ):
        votes[(vote.question_id, vote.member_id)].append(vote)
    every_mandate = list(mandates.values()) + [v.mandate for vs in votes.values() for v in vs]
    for mandate in every_mandate:
        if mandate is not None:
            mandate.member = members.get(mandate.member_id) or mandate.member
    meetings = _meetings([m.decision for m in every_mandate if m is not None and m.decision_id])
    children = [r.child_question_id for r in referrals.values() if r.child_question_id]
    child_traces = _level(children) if children else {}

    traced = {}
    for question in questions:
        bodies = []
        for member in members_by_council[question.council_id]:
            key = (question.pk, member.pk)
            referral = referrals.get(key)
            bodies.append(
                {
                    "member": member.pk,
                    "name": str(member.body),
                    "kind": "assembly" if member.assembly_id else "council",
                    "url": _url(member.body),
                    "seats": member.seats,
                    "referral": _referral(referral),
                    "mandate": _mandate(mandates.get(key), meetings),
                    "votes": [_vote(v, meetings) for v in votes[key]],
                    "child": child_traces.get(referral.child_question_id) if referral else None,
                }
            )
        traced[question.pk] = {
            "question": _question(question),
            "council": _council(question.council),
            "result": question.result,
            "bodies": bodies,
        }
    return traced


def _question(question: Question) -> dict:
    return {
        "id": question.pk,
        "title": question.title,
        "text": question.text,
        "kind": question.kind,
        "options": list(question.options),
        "status": question.status,
        "status_label": str(question.get_status_display()),
        "competence": str(question.competence) if question.competence_id else None,
        "parent": question.parent_id,
        "deadline": _iso(question.deadline),
        "referred_at": _iso(question.referred_at),
        "voting_opened_at": _iso(question.voting_opened_at),
        "decided_at": _iso(question.decided_at),
        "url": question.get_absolute_url(),
    }


def _council(council) -> dict:
    return {
        "id": council.pk,
        "name": council.name,
        "slug": council.slug,
        "url": _url(council),
        "level": council.level.name,
        "result_rule": council.result_rule,
        "result_rule_label": str(council.get_result_rule_display()),
        "cascade_rule": council.cascade_rule,
        "cascade_rule_label": str(council.get_cascade_rule_display()),
    }


def _referral(referral: Referral | None) -> dict | None:
    if referral is None:
        return None
    proposal = referral.proposal
    return {
        "id": referral.pk,
        "status": referral.status,
        "status_label": str(referral.get_status_display()),
        "decided_at": _iso(referral.decided_at),
        "outcome": referral.outcome,
        "proposal": None
        if proposal is None
        else {
            "id": proposal.pk,
            "title": proposal.title,
            "url": proposal.get_absolute_url(),
            "status": proposal.status,
            "outcome": proposal.outcome,
        },
        "child_question": referral.child_question_id,
    }


def _vote(vote: SeatVote, meetings: dict) -> dict:
    return {
        "id": vote.pk,
        "delegate": vote.delegate.person.public_name,
        "delegate_term": vote.delegate_id,
        "delegate_url": _url(vote.delegate),
        "answer": vote.answer,
        "ranking": list(vote.ranking),
        "cast_at": _iso(vote.cast_at),
        "withdrawn": vote.withdrawn_at is not None,
        "withdrawn_at": _iso(vote.withdrawn_at),
        "withdrawn_reason": vote.withdrawn_reason,
        "mandate": _mandate(vote.mandate, meetings),
    }


def _mandate(mandate: Mandate | None, meetings: dict) -> dict | None:
    if mandate is None:
        return None
    source = mandate.source_question
    return {
        "id": mandate.pk,
        "instruction": mandate.instruction,
        "words": rules.instruction_words(
            mandate.instruction, mandate.ranking, mandate.split, mandate.allowed
        ),
        "text": mandate.text,
        "name": mandate_name(mandate),
        "when": _iso(mandate.created_at),
        "standing": mandate.question_id is None,
        "derived": mandate.derived,
        "ranking": list(mandate.ranking),
        "split": dict(mandate.split),
        "allowed": list(mandate.allowed),
        "superseded_at": _iso(mandate.superseded_at),
        "decision": _decision(mandate.decision, meetings) if mandate.decision_id else None,
        "source_question": None
        if source is None
        else {"id": source.pk, "title": source.title, "url": source.get_absolute_url()},
    }


def _meetings(decisions: list[Decision]) -> dict[int, dict]:
    """The meetings the decisions were taken at, with their attendance: one query."""
    ids = set()
    for decision in decisions:
        meeting_id = _meeting_id(decision)
        if meeting_id:
            ids.add(meeting_id)
    if not ids:
        return {}
    return {
        meeting.pk: {
            "id": meeting.pk,
            "title": meeting.title,
            "url": meeting.get_absolute_url(),
            "starts_at": _iso(meeting.starts_at),
            "attendees": counts.people_in_all,
            "local_residents": counts.local_residents,
            "verified_residents": counts.verified_residents,
        }
        for meeting in Meeting.objects.filter(pk__in=ids).annotate(**count_annotations())
        for counts in [counts_from(meeting)]
    }


def _meeting_id(decision: Decision) -> int | None:
    if decision.vote_id and decision.vote.meeting_id:
        return decision.vote.meeting_id
    if decision.proposal_id and decision.proposal.meeting_id:
        return decision.proposal.meeting_id
    return None


def _decision(decision: Decision, meetings: dict) -> dict:
    proposal = decision.proposal
    meeting_id = _meeting_id(decision)
    return {
        "id": decision.pk,
        "summary": decision.summary,
        "decided_at": _iso(decision.decided_at),
        "url": reverse(
            "decisions:decision", kwargs={"slug": decision.assembly.slug, "pk": decision.pk}
        ),
        "assembly": decision.assembly.name,
        "proposal": None
        if proposal is None
        else {"id": proposal.pk, "title": proposal.title, "url": proposal.get_absolute_url()},
        "vote": _tally(decision.vote) if decision.vote_id else None,
        "meeting": meetings.get(meeting_id) if meeting_id else None,
    }


def _in_order(counts: dict | None, vote: Vote) -> dict:
    """Counts in a fixed order — for, against, abstain (or agree, stand aside, block), else
    most votes first — not the order the database gives back (PostgreSQL's jsonb sorts keys)."""
    counts = counts or {}
    fixed = [key for key in FIXED_ANSWERS.get(vote.method, ()) if key in counts]
    rest = sorted((key for key in counts if key not in fixed), key=lambda k: (-counts[k], k))
    return {key: counts[key] for key in [*fixed, *rest]}


def _tally(vote: Vote) -> dict:
    """The assembly vote's count as stored when it closed: first and last rounds, turnout."""
    result = vote.result or {}
    stages = result.get("stages") or []
    return {
        "id": vote.pk,
        "url": vote.get_absolute_url(),
        "result_url": reverse("decisions:vote_result", kwargs={"pk": vote.pk}),
        "question": vote.question,
        "method": vote.method,
        "method_label": str(vote.get_method_display()),
        "secret": vote.secret,
        "status": vote.status,
        "outcome": result.get("outcome"),
        "winners": list(result.get("winners") or []),
        "counts": _in_order(stages[0].get("votes"), vote) if stages else {},
        "final_counts": _in_order(stages[-1].get("votes"), vote) if len(stages) > 1 else None,
        "turnout": result.get("turnout"),
        "explanation": result.get("explanation", ""),
    }
