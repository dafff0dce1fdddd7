"""Council votes: opening them, each delegate casting their seat's vote as mandated, closing
them with the council's result, and withdrawing a recalled delegate's open votes.

A delegate administers their body's decision: a vote against the mandate is refused with a
message naming the mandate, and every vote records the mandate it was cast under.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Membership
from folkmoot.audit.services import record
from folkmoot.delegation.mandates import (
    as_terms,
    current_mandate,
    mandate_name,
    mandates_on,
    seat_of,
    standing_mandate,
)
from folkmoot.delegation.models import DelegateTerm, Mandate
from folkmoot.legitimacy.services import assess_assembly

from . import rules
from .errors import CouncilError
from .models import Council, CouncilMember, Question, Referral, SeatVote
from .questions import can_convene, expire_overdue, must_refer
from .referrals import is_overdue

Status = Question.Status


def _subject(question: Question) -> str:
    return f"council-question:{question.pk}"


# --- Residents (for the residents and double-majority rules) ---------------------------------


def residents_by_member() -> dict[int, int]:
    """Verified resident members behind each member body (a council: the sum of its own
    members'), for every council at once, in two queries."""
    per_assembly = dict(
        Membership.objects.filter(left_at__isnull=True, residency=Membership.Residency.VERIFIED)
        .values("assembly_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("assembly_id", "n")
    )
    rows = list(
        CouncilMember.objects.values_list("pk", "council_id", "assembly_id", "member_council_id")
    )
    by_council: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_council[row[1]].append(row)
    totals: dict[int, int] = {}

    def council_total(council_id: int, seen: frozenset[int]) -> int:
        if council_id in seen:  # a loop in the membership: count nothing twice
            return 0
        if council_id not in totals:
            totals[council_id] = sum(
                member_total(row, seen | {council_id}) for row in by_council[council_id]
            )
        return totals[council_id]

    def member_total(row: tuple, seen: frozenset[int]) -> int:
        _pk, _council, assembly_id, member_council_id = row
        if assembly_id:
            return per_assembly.get(assembly_id, 0)
        return council_total(member_council_id, seen)

    return {row[0]: member_total(row, frozenset()) for row in rows}


# --- Opening -----------------------------------------------------------------------------------


def opening_problem(question: Question, now: datetime.datetime | None = None) -> str | None:
    """Why voting cannot open on this question now, or None."""
    if question.parent_id is not None:
        return _(
            "This question came from the council above. Its member bodies decide it, and this "
            "council's delegates vote on it up there."
        )
    if question.status == Status.VOTING:
        return _("Voting is already open.")
    if question.status == Status.DECIDED:
        return _("This question has been decided.")
    if question.status == Status.DRAFT:
        if must_refer(question):
            return _(
                "It is outside the council's competences, so refer it to the member bodies "
                "first. Voting opens once they have decided."
            )
        return None
    pending = question.referrals.filter(status=Referral.Status.PENDING).count()
    if pending and not is_overdue(question, now):
        return _(
            "%(n)s member bodies are still deciding. Voting can open when they all have, or "
            "after the deadline."
        ) % {"n": pending}
    return None


@transaction.atomic
def open_voting(question: Question, by) -> Question:
    """Conveners open the delegates' vote: within a competence at once; on a referred
    question once every body has decided or the deadline has passed."""
    if not can_convene(by, question.council):
        raise CouncilError(_("Only the council's conveners can open voting."))
    expire_overdue(question)
    locked = Question.objects.select_for_update().get(pk=question.pk)
    problem = opening_problem(locked)
    if problem:
        raise CouncilError(problem)
    locked.status = Status.VOTING
    locked.voting_opened_at = timezone.now()
    locked.save(update_fields=["status", "voting_opened_at"])
    record(
        "council_question.voting_opened",
        _subject(locked),
        {"question": locked.pk, "by": by.pk, "at": locked.voting_opened_at},
    )
    question.status, question.voting_opened_at = locked.status, locked.voting_opened_at
    return question


# --- A delegate's seat -------------------------------------------------------------------------


def legitimacy_problem(council: Council, member: CouncilMember) -> str | None:
    """Where the council lets only legitimate assemblies' delegates vote: why this seat may
    not, or None."""
    if not council.only_legitimate_vote or not member.assembly_id:
        return None
    assessment, _history = assess_assembly(member.assembly)
    if assessment.is_legitimate:
        return None
    gaps = [
        f"{criterion.title}: {criterion.missing[0]}" if criterion.missing else criterion.title
        for criterion in assessment.criteria
        if criterion.status != "met"
    ]
    return _(
        "Only delegates of legitimate assemblies vote in %(council)s, and %(assembly)s is not "
        "legitimate yet (%(why)s)."
    ) % {
        "council": council.name,
        "assembly": member.assembly.name,
        "why": "; ".join(gaps) or _("its records do not show it yet"),
    }


def missed_problem(member: CouncilMember, referral: Referral | None) -> str | None:
    if referral is None or referral.status != Referral.Status.MISSED:
        return None
    return _(
        "%(body)s did not decide by the deadline, so its seats abstain. Your seat can only abstain."
    ) % {"body": member.body}


def describe(mandate: Mandate | None) -> str:
    """A mandate in words, with its name: what binds the seat and where it came from."""
    if mandate is None:
        return ""
    words = rules.instruction_words(
        mandate.instruction, mandate.ranking, mandate.split, mandate.allowed
    )
    return f"{words} — {mandate_name(mandate)}"


@dataclass
class Seat:
    """A delegate's seat on one question: what binds it, and what they did."""

    term: DelegateTerm
    member: CouncilMember
    referral: Referral | None
    mandate: Mandate | None
    standing: Mandate | None
    vote: SeatVote | None
    problem: str | None

    @property
    def binding(self) -> Mandate | None:
        """The mandate a vote is cast under: the one on this question, else a standing one
        that gives discretion."""
        if self.mandate is not None:
            return self.mandate
        if self.standing is not None and self.standing.instruction == "discretion":
            return self.standing
        return None

    @property
    def words(self) -> str:
        if self.binding is not None:
            return describe(self.binding)
        return _(
            "There is no mandate on this question and no standing mandate that leaves it to "
            "your judgement, so your seat abstains."
        )

    @property
    def only_abstain(self) -> bool:
        return self.binding is None or (
            self.binding.instruction == rules.ABSTAIN or self.referral_missed
        )

    @property
    def referral_missed(self) -> bool:
        return self.referral is not None and self.referral.status == Referral.Status.MISSED


def seat_for(question: Question, person, referrals: list[Referral] | None = None) -> Seat | None:
    """The seat ``person`` holds on the question's council, with its mandate, or None.
    ``referrals``: the question's referrals, when the caller has read them already."""
    term = seat_of(person, question.council)
    if term is None:
        return None
    member = term.member
    if referrals is None:
        referral = Referral.objects.filter(question=question, member=member).first()
    else:
        referral = next((r for r in referrals if r.member_id == member.pk), None)
    vote = SeatVote.objects.filter(
        question=question, delegate=term, withdrawn_at__isnull=True
    ).first()
    problem = missed_problem(member, referral) or legitimacy_problem(question.council, member)
    mandate, standing = mandates_on(member, question)
    return Seat(
        term=term,
        member=member,
        referral=referral,
        mandate=mandate,
        standing=standing,
        vote=vote,
        problem=problem,
    )


# --- Casting -----------------------------------------------------------------------------------


def _term_problem(term: DelegateTerm) -> str | None:
    today = timezone.localdate()
    if term.starts_on > today:
        return _("Your term as a delegate starts on %(day)s.") % {
            "day": date_format(term.starts_on, "j F Y")
        }
    if term.ends_on < today:
        return _("Your term as a delegate ended on %(day)s.") % {
            "day": date_format(term.ends_on, "j F Y")
        }
    return None


def cast_seat_vote(
    question: Question, person, *, answer: str = "", ranking: list[str] | None = None
) -> SeatVote:
    """Cast ``person``'s seat's vote: for / against / abstain, or a ranking (an empty ranking
    or the answer "abstain" abstains). Refused, with the mandate named, if it is not what the
    body decided."""
    council = question.council
    term = seat_of(person, council)
    if term is None:
        raise CouncilError(
            _("Only delegates holding a seat on %(council)s can vote on its questions.")
            % {"council": council.name}
        )
    problem = _term_problem(term)
    if problem:
        raise CouncilError(problem)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status != Status.VOTING:
            raise CouncilError(_("Voting on this question is not open."))
        # One body's seats are cast one at a time, so a split mandate is kept exactly. Only
        # this row is locked: PostgreSQL cannot lock the nullable side of an outer join.
        member = (
            CouncilMember.objects.select_for_update(of=("self",))
            .select_related("assembly", "member_council")
            .get(pk=term.member_id)
        )
        problem = legitimacy_problem(council, member)
        if problem:
            raise CouncilError(problem)
        live = SeatVote.objects.filter(question=locked, withdrawn_at__isnull=True)
        if live.filter(delegate=term).exists():
            raise CouncilError(_("You have already cast your seat's vote on this question."))
        cast = list(live.filter(member=member).values_list("answer", flat=True))
        if len(cast) >= member.seats:
            raise CouncilError(
                _("All %(n)s seats of %(body)s have already voted on this question.")
                % {"n": member.seats, "body": member.body}
            )
        referral = Referral.objects.filter(question=locked, member=member).first()
        mandate = current_mandate(member, locked)
        standing = standing_mandate(member)
        if locked.kind == Question.Kind.RANKING:
            ranking = [] if answer == rules.ABSTAIN else [str(o) for o in ranking or []]
            answer = "" if ranking else rules.ABSTAIN
            problem = (missed_problem(member, referral) if ranking else None) or (
                rules.ranking_problem(
                    ranking, list(locked.options), as_terms(mandate), as_terms(standing)
                )
            )
        else:
            ranking = []
            problem = (missed_problem(member, referral) if answer != rules.ABSTAIN else None) or (
                rules.mandate_problem(answer, as_terms(mandate), as_terms(standing), Counter(cast))
            )
        if problem:
            raise CouncilError(problem)
        binding = mandate
        if binding is None and standing is not None and standing.instruction == "discretion":
            binding = standing
        try:
            with transaction.atomic():
                vote = SeatVote.objects.create(
                    question=locked,
                    member=member,
                    delegate=term,
                    answer=answer,
                    ranking=ranking,
                    mandate=binding,
                )
        except IntegrityError as error:
            raise CouncilError(
                _("You have already cast your seat's vote on this question.")
            ) from error
        record(
            "seat_vote.cast",
            _subject(locked),
            {
                "seat_vote": vote.pk,
                "question": locked.pk,
                "member": member.pk,
                "delegate": term.pk,
                "person": person.pk,
                "answer": answer,
                "ranking": ranking,
                "mandate": binding.pk if binding else None,
            },
        )
    return vote


# --- Closing -----------------------------------------------------------------------------------


def count_votes(question: Question) -> dict:
    """The council's result from its seats' votes, by its rule, with each body's votes.
    Seats that cast nothing abstain; withdrawn votes do not count."""
    council = question.council
    members = list(council.members.select_related("assembly", "member_council"))
    residents = residents_by_member()
    referrals = {r.member_id: r for r in question.referrals.all()}
    votes: dict[int, list[SeatVote]] = defaultdict(list)
    for vote in SeatVote.objects.filter(question=question, withdrawn_at__isnull=True):
        votes[vote.member_id].append(vote)
    bodies = []
    for member in members:
        cast = votes[member.pk]
        bodies.append(
            rules.BodyVotes(
                key=str(member.pk),
                seats=member.seats,
                answers=Counter(v.answer for v in cast if v.answer),
                rankings=[v.ranking for v in cast if v.ranking],
                residents=residents.get(member.pk, 0),
            )
        )
    if question.kind == Question.Kind.RANKING:
        result = rules.ranking_result(council.result_rule, bodies, list(question.options))
        positions = {}
    else:
        result = rules.council_result(council.result_rule, bodies)
        positions = {row["key"]: row for row in result["per_body"]}
    per_body = []
    for member, body in zip(members, bodies, strict=True):
        row = positions.get(body.key, {})
        referral = referrals.get(member.pk)
        per_body.append(
            {
                "member": member.pk,
                "name": str(member.body),
                "kind": "assembly" if member.assembly_id else "council",
                "seats": member.seats,
                "residents": body.residents,
                "referral": referral.status if referral else None,
                "cast": len(votes[member.pk]),
                "answers": row.get("answers", dict(body.answers)),
                "position": row.get("position"),
                "rankings": [list(r) for r in body.rankings],
            }
        )
    result["per_body"] = per_body
    return result


@transaction.atomic
def close_voting(question: Question, by) -> Question:
    """Conveners close the vote; the result is counted by the council's rule and kept."""
    if not can_convene(by, question.council):
        raise CouncilError(_("Only the council's conveners can close voting."))
    locked = Question.objects.select_for_update().select_related("council").get(pk=question.pk)
    if locked.status != Status.VOTING:
        raise CouncilError(_("Voting on this question is not open."))
    result = count_votes(locked)
    locked.status = Status.DECIDED
    locked.decided_at = timezone.now()
    result["closed_at"] = locked.decided_at.isoformat()
    locked.result = result
    locked.save(update_fields=["status", "decided_at", "result"])
    record(
        "council_question.decided",
        _subject(locked),
        {"question": locked.pk, "result": result, "by": by.pk},
    )
    question.status, question.decided_at, question.result = (
        locked.status,
        locked.decided_at,
        locked.result,
    )
    return question


# --- Recall ------------------------------------------------------------------------------------


@transaction.atomic
def withdraw_open_votes(term: DelegateTerm, reason: str) -> int:
    """A recalled (or resigned) delegate's votes on questions not yet decided stop counting.
    They are kept, marked withdrawn with the reason, never deleted. Returns how many."""
    now = timezone.now()
    reason = reason.strip()[:200]
    open_votes = list(
        SeatVote.objects.select_for_update()
        .filter(delegate=term, withdrawn_at__isnull=True)
        .exclude(question__status=Status.DECIDED)
    )
    for vote in open_votes:
        vote.withdrawn_at = now
        vote.withdrawn_reason = reason
        vote.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        record(
            "seat_vote.withdrawn",
            f"council-question:{vote.question_id}",
            {
                "seat_vote": vote.pk,
                "question": vote.question_id,
                "delegate": term.pk,
                "reason": reason,
            },
        )
    return len(open_votes)
