"""The trace of a council question: every seat's vote, the mandate behind it, and the
assembly decision behind each mandate (its tally and the meeting's attendance), down through
every level of councils. Nothing is "trust us".

``trace(question) -> dict`` is JSON-ready (the API serves it as it is). It reads the same
number of queries however deep the confederation and however many bodies and votes: the
referrals of the whole tree of questions (the question, the questions it was referred down
as, and theirs) in one recursive query, then the questions below, the member bodies, seat
votes, mandates and meetings of the whole tree in one query each; the levels are put
together here.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
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
# What the trace says of a mandate and the decision behind it; the long texts (a proposal's
# body, a question's background) stay unread.
MANDATE_FIELDS = (
    *("member", "question", "instruction", "ranking", "split", "allowed", "text"),
    *("decision", "source_question", "derived", "created_at", "superseded_at"),
    *("decision__summary", "decision__decided_at", "decision__assembly", "decision__proposal"),
    "decision__vote",
    *("decision__assembly__name", "decision__assembly__slug"),
    *("decision__proposal__title", "decision__proposal__meeting"),
    *(f"decision__vote__{name}" for name in ("question", "method", "secret", "status")),
    *("decision__vote__result", "decision__vote__meeting"),
    "source_question__title",
)
# A seat's vote, and its delegate's public name (not the rest of their account).
VOTE_FIELDS = (
    *("question", "member", "delegate", "answer", "ranking", "mandate", "cast_at"),
    *("withdrawn_at", "withdrawn_reason", "delegate__person"),
    *("delegate__person__display_name", "delegate__person__erased_at"),
)
# A member body: its seats, and the name and address of the assembly or council.
MEMBER_FIELDS = (
    *("council", "assembly", "member_council", "seats"),
    *("assembly__name", "assembly__slug", "member_council__name", "member_council__slug"),
)


def trace(question: Question) -> dict:
    """The whole trace of ``question`` (see the module docstring)."""
    return read(question).trace()


def read(root: Question) -> QuestionTree:
    """What the trace of ``root`` shows, read once, for a page that also lists the question's
    referrals (``QuestionTree.referrals``) without reading them again. ``root`` comes with
    its council's level and its competence (``select_related``), or they are read here."""
    referrals = list(
        Referral.objects.filter(question_id__in=_question_tree(root.pk))
        .select_related("proposal")
        .order_by("pk")
    )
    questions = {root.pk: root}
    below = [r.child_question_id for r in referrals if r.child_question_id]
    if below:
        questions |= {
            q.pk: q
            for q in Question.objects.filter(pk__in=below)
            .select_related("council__level", "competence")
            .order_by()
        }
    ids = list(questions)
    members_by_council: dict[int, list[CouncilMember]] = defaultdict(list)
    members: dict[int, CouncilMember] = {}
    for member in (
        CouncilMember.objects.filter(council_id__in={q.council_id for q in questions.values()})
        .select_related("assembly", "member_council")
        .only(*MEMBER_FIELDS)
        .order_by("pk")
    ):
        members_by_council[member.council_id].append(member)
        members[member.pk] = member
    by_question: dict[int, list[Referral]] = defaultdict(list)
    for referral in referrals:
        if referral.member_id in members:
            referral.member = members[referral.member_id]
        if referral.child_question_id in questions:
            referral.child_question = questions[referral.child_question_id]
        by_question[referral.question_id].append(referral)
    votes: dict[tuple[int, int], list[SeatVote]] = defaultdict(list)
    for vote in (
        SeatVote.objects.filter(question_id__in=ids)
        .select_related("delegate__person")
        .only(*VOTE_FIELDS)
    ):
        votes[(vote.question_id, vote.member_id)].append(vote)
    # The current mandates on the questions, and the ones each vote was cast under.
    under = {v.mandate_id for vs in votes.values() for v in vs if v.mandate_id}
    every_mandate = {
        m.pk: m
        for m in Mandate.objects.filter(
            Q(question_id__in=ids, superseded_at__isnull=True) | Q(pk__in=under)
        )
        .select_related(*MANDATE_RELATED)
        .only(*MANDATE_FIELDS)
        .order_by()
    }
    for mandate in every_mandate.values():
        mandate.member = members.get(mandate.member_id) or mandate.member
    for vs in votes.values():
        for vote in vs:
            if vote.mandate_id:
                vote.mandate = every_mandate[vote.mandate_id]
    return QuestionTree(
        root=root,
        questions=questions,
        members=members_by_council,
        by_question=by_question,
        referral={(r.question_id, r.member_id): r for r in referrals},
        mandates={
            (m.question_id, m.member_id): m
            for m in every_mandate.values()
            if m.question_id in questions and m.superseded_at is None
        },
        votes=votes,
        meetings=_meetings([m.decision for m in every_mandate.values() if m.decision_id]),
    )


def _iso(moment) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime | datetime.date):
        return moment.isoformat()
    return str(moment)


@functools.cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


def _label(obj, name: str) -> str:
    """What ``obj.get_<name>_display()`` says, without translating every choice to find it
    (Django hashes each choice's lazy label on every call)."""
    value = getattr(obj, name)
    return str(_labels(obj._meta.get_field(name)).get(value, value))


def _url(obj) -> str | None:
    """A link, or None while a page for it does not exist yet."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def _question_tree(root: int) -> RawSQL:
    """The ids of ``root`` and of every question referred down from it, level after level,
    as a subquery: however deep the confederation, one query reads them."""
    quote = connection.ops.quote_name
    questions = quote(Question._meta.db_table)
    pk = quote(Question._meta.pk.column)
    referrals = quote(Referral._meta.db_table)
    above = quote(Referral._meta.get_field("question").column)
    below = quote(Referral._meta.get_field("child_question").column)
    # Table and column names come from the models; the question's id is a parameter.
    sql = (
        f"WITH RECURSIVE tree(id) AS (SELECT {pk} FROM {questions} WHERE {pk} = %s "  # noqa: S608
        f"UNION SELECT r.{below} FROM {referrals} r JOIN tree ON r.{above} = tree.id "
        f"WHERE r.{below} IS NOT NULL) SELECT id FROM tree"
    )
    return RawSQL(sql, (root,))  # noqa: S611


@dataclass
class QuestionTree:
    """Everything the trace shows for a question and every question referred down from it,
    keyed by question and member body (see ``read``), put together level by level by
    ``trace``."""

    root: Question
    questions: dict[int, Question]
    members: dict[int, list[CouncilMember]]  # by council
    by_question: dict[int, list[Referral]]  # each question's referrals, in order
    referral: dict[tuple[int, int], Referral]  # by (question, member)
    mandates: dict[tuple[int, int], Mandate]  # the current one, by (question, member)
    votes: dict[tuple[int, int], list[SeatVote]]
    meetings: dict[int, dict]
    said: dict[int, dict] = field(default_factory=dict)  # each mandate as the trace says it

    def referrals(self) -> list[Referral]:
        """The question's own referrals, each with its member body, proposal and the
        question it became below."""
        return self.by_question[self.root.pk]

    def trace(self, question_id: int | None = None) -> dict:
        """One question's level (the root's unless told), with the levels below it nested
        in its member councils."""
        question = self.questions[question_id or self.root.pk]
        bodies = []
        for member in self.members[question.council_id]:
            key = (question.pk, member.pk)
            referral = self.referral.get(key)
            child = referral.child_question_id if referral else None
            bodies.append(
                {
                    "member": member.pk,
                    "name": str(member.body),
                    "kind": "assembly" if member.assembly_id else "council",
                    "url": _url(member.body),
                    "seats": member.seats,
                    "referral": _referral(referral),
                    "mandate": self.mandate(self.mandates.get(key)),
                    "votes": [_vote(v, self.mandate(v.mandate)) for v in self.votes[key]],
                    "child": self.trace(child) if child in self.questions else None,
                }
            )
        return {
            "question": _question(question),
            "council": _council(question.council),
            "result": question.result,
            "bodies": bodies,
        }

    def mandate(self, mandate: Mandate | None) -> dict | None:
        """The mandate as the trace says it, made once however many votes were cast under it."""
        if mandate is None:
            return None
        if mandate.pk not in self.said:
            self.said[mandate.pk] = _mandate(mandate, self.meetings)
        return self.said[mandate.pk]


def _question(question: Question) -> dict:
    return {
        "id": question.pk,
        "title": question.title,
        "text": question.text,
        "kind": question.kind,
        "options": list(question.options),
        "status": question.status,
        "status_label": _label(question, "status"),
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
        "result_rule_label": _label(council, "result_rule"),
        "cascade_rule": council.cascade_rule,
        "cascade_rule_label": _label(council, "cascade_rule"),
    }


def _referral(referral: Referral | None) -> dict | None:
    if referral is None:
        return None
    proposal = referral.proposal
    return {
        "id": referral.pk,
        "status": referral.status,
        "status_label": _label(referral, "status"),
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


def _vote(vote: SeatVote, mandate: dict | None) -> dict:
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
        "mandate": mandate,
    }


def _mandate(mandate: Mandate, meetings: dict) -> dict:
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
        for meeting in _meetings_counted().filter(pk__in=ids)
        for counts in [counts_from(meeting)]
    }


@functools.cache
def _meetings_counted() -> QuerySet[Meeting]:
    """Meetings with their attendance counts, built once and narrowed by each trace:
    building the counts took as long as running the query."""
    return Meeting.objects.only("title", "starts_at").annotate(**count_annotations()).order_by()


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
        "method_label": _label(vote, "method"),
        "secret": vote.secret,
        "status": vote.status,
        "outcome": result.get("outcome"),
        "winners": list(result.get("winners") or []),
        "counts": _in_order(stages[0].get("votes"), vote) if stages else {},
        "final_counts": _in_order(stages[-1].get("votes"), vote) if len(stages) > 1 else None,
        "turnout": result.get("turnout"),
        "explanation": result.get("explanation", ""),
    }
