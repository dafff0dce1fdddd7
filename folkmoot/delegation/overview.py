"""What the delegates' pages show, gathered in one place so the views stay thin: for each
council a body sits on, who holds its seats, its elections, mandates, report-backs and
recall petitions; for one delegate, the same seen from their seat."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from folkmoot.assemblies.services import is_organiser
from folkmoot.councils.models import CouncilMember, SeatVote

from . import elections, recall, reportbacks
from .mandates import mandates_of
from .models import DelegateTerm, Election, Mandate, RecallPetition

EndReason = DelegateTerm.EndReason


@dataclass
class Seats:
    """One member body's place on one council."""

    member: CouncilMember
    seated: list[DelegateTerm]
    substitutes: list[DelegateTerm]
    vacancies: int
    vacated: DelegateTerm | None
    running: Election | None
    elections: list[Election]
    current_mandates: list[Mandate]
    past_mandates: list[Mandate]
    report_backs: list
    missing: list
    petitions: list[RecallPetition]
    past_terms: list[DelegateTerm] = field(default_factory=list)

    @property
    def empty_seats(self) -> range:
        return range(self.vacancies)


def _split(mandates: list[Mandate]) -> tuple[list[Mandate], list[Mandate]]:
    current = [m for m in mandates if m.superseded_at is None]
    # Standing mandate first, then per question.
    current.sort(key=lambda m: (m.question_id is not None, -m.pk))
    return current, [m for m in mandates if m.superseded_at is not None]


def seats_of(member: CouncilMember, missing: list | None = None) -> Seats:
    """``missing``: the body's missing report-backs, if the caller already has them."""
    return seats_for([member], missing)[0]


def _vacated(member: CouncilMember, terms: list[DelegateTerm], filled_by: set[int], running):
    """As ``elections.vacated_term``, from terms already read."""
    seated = [t for t in terms if t.ended_at is None and not t.substitute]
    if max(0, member.seats - len(seated)) == 0 or running is not None:
        return None
    left = [
        t
        for t in terms
        if not t.substitute
        and t.ended_at is not None
        and t.end_reason in (EndReason.RECALLED, EndReason.RESIGNED)
        and t.pk not in filled_by
    ]
    return max(left, key=lambda t: (t.ended_at, t.pk), default=None)


def seats_for(members: list[CouncilMember], missing: list | None = None) -> list[Seats]:
    """``seats_of`` for each of several member bodies, in a fixed number of queries."""
    if not members:
        return []
    terms_of: dict[int, list[DelegateTerm]] = defaultdict(list)
    all_terms = list(
        DelegateTerm.objects.filter(member__in=members)
        .select_related("person", "election__vote")
        .order_by("pk")
    )
    for term in all_terms:
        terms_of[term.member_id].append(term)
    mandates: dict[int, list[Mandate]] = defaultdict(list)
    for mandate in mandates_of(members):
        mandates[mandate.member_id].append(mandate)
    elections_of: dict[int, list[Election]] = defaultdict(list)
    filled_by: set[int] = set()
    for election in (
        Election.objects.filter(Q(member__in=members) | Q(by_election_for__in=all_terms))
        .select_related("vote", "by_election_for__person")
        .order_by("-pk")
    ):
        if election.by_election_for_id is not None:
            filled_by.add(election.by_election_for_id)
        elections_of[election.member_id].append(election)
    reports: dict[int, list] = defaultdict(list)
    for report in reportbacks.report_backs_of(all_terms):
        reports[report.delegate.member_id].append(report)
    petitions: dict[int, list[RecallPetition]] = defaultdict(list)
    for petition in recall.petitions_for(all_terms):
        petitions[petition.delegate.member_id].append(petition)
    if missing is None:
        missing = reportbacks.missing_report_backs(members=members)
    seats = []
    for member in members:
        terms = terms_of[member.pk]
        current = [t for t in terms if t.ended_at is None]
        current_mandates, past_mandates = _split(mandates[member.pk])
        member_elections = elections_of[member.pk]
        running = next((e for e in member_elections if e.declared_at is None), None)
        seats.append(
            Seats(
                member=member,
                seated=[t for t in current if not t.substitute],
                substitutes=[t for t in current if t.substitute],
                vacancies=max(0, member.seats - len([t for t in current if not t.substitute])),
                vacated=_vacated(member, terms, filled_by, running),
                running=running,
                elections=member_elections,
                current_mandates=current_mandates,
                past_mandates=past_mandates,
                report_backs=reports[member.pk],
                missing=[pair for pair in missing if pair[0].member_id == member.pk],
                petitions=petitions[member.pk],
                past_terms=sorted(
                    (t for t in terms if t.ended_at is not None),
                    key=lambda t: t.ended_at,
                    reverse=True,
                ),
            )
        )
    return seats


def assembly_page(assembly, user) -> dict:
    members = list(
        CouncilMember.objects.filter(assembly=assembly)
        .select_related("council__level", "assembly")
        .order_by("council__level__rank", "council__name")
    )
    missing = reportbacks.missing_report_backs(assembly=assembly) if members else []
    return {
        "assembly": assembly,
        "seats": seats_for(members, missing),
        "can_organise": is_organiser(user, assembly),
    }


def council_page(council, user) -> dict:
    """A council's own seats on the councils above, and its appointments to them."""
    members = list(
        CouncilMember.objects.filter(member_council=council)
        .select_related("council__level", "member_council")
        .order_by("council__level__rank", "council__name")
    )
    return {
        "council": council,
        "seats": seats_for(members),
        "can_appoint": bool(members) and elections.can_appoint(user, members[0]),
    }


def delegate_page(term: DelegateTerm, user, other_terms: list[DelegateTerm]) -> dict:
    """``term`` read with its person, member body, council and election, and the person's
    other terms (see the view)."""
    member = term.member
    mandates = mandates_of([member])
    current_mandates, past_mandates = _split(mandates)
    petitions = list(
        RecallPetition.objects.filter(delegate=term)
        .select_related("vote")
        .annotate(signature_count=Count("signatures"))
        .order_by("-opened_at", "-pk")
    )
    for petition in petitions:
        petition.delegate = term  # as read already, not joined again for each petition
    live = next((p for p in petitions if p.status in ("gathering", "voting")), None)
    # What the page shows of each vote: its question's title, and the mandate's name. A vote
    # is cast under one of the seat's own mandates, read above.
    votes = list(
        SeatVote.objects.filter(delegate=term)
        .select_related("question")
        .order_by("-cast_at", "-pk")
    )
    by_pk = {mandate.pk: mandate for mandate in mandates}
    for vote in votes:
        if vote.mandate_id in by_pk:
            vote.mandate = by_pk[vote.mandate_id]
    report_backs, missing = reportbacks.delegate_report_backs(term)
    is_self = getattr(user, "is_authenticated", False) and user.pk == term.person_id
    return {
        "term": term,
        "member": member,
        "current_mandates": current_mandates,
        "past_mandates": past_mandates,
        "seat_votes": votes,
        "report_backs": report_backs,
        "missing": missing,
        "is_self": is_self,
        "petitions": petitions,
        "live_petition": live,
        "can_open": recall.opening_problem(user, term) is None,
        "sign_problem": recall.signing_problem(user, live) if live else None,
        "has_signed": recall.has_signed(live, user) if live else False,
        "can_recall_appointed": term.ended_at is None and elections.can_appoint(user, member),
        "other_terms": other_terms,
    }
