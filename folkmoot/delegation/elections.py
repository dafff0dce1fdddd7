"""Elections of a member body's delegates, and appointments by a council a level down.

A member body elects its delegates by a vote of the decisions module: the vote fills
``seats + substitutes`` places, the first ``seats`` people elected (in order of election) take
the seats, and the rest become substitutes, first elected first. When the vote closes the
result is declared here (see ``receivers.py``): the winners take the seats at once.

An assembly's members elect from among its members, and its organisers run the election. A
council a level down is a body of delegates: the vote is the lower council's own vote, its
conveners run it, the delegates holding its seats vote, and they elect from among themselves
(as its appointments always did: a council above is made only of delegates, each accountable
through a council to the assemblies below it).

Appointments by minute remain for a council that decided on paper: its conveners record the
council's decision and appoint the people it chose from among its delegates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from folkmoot.assemblies.models import Assembly, Membership
from folkmoot.assemblies.services import is_organiser
from folkmoot.audit.services import record
from folkmoot.councils.models import CouncilMember
from folkmoot.decisions import results, voting
from folkmoot.decisions.models import Option, Vote

from .models import DelegateTerm, Election

EndReason = DelegateTerm.EndReason


class ElectionError(Exception):
    """An election or appointment that cannot go ahead as asked; the message says why."""


# --- Seats and who holds them ------------------------------------------------------------------


def seated(member: CouncilMember) -> QuerySet[DelegateTerm]:
    """The terms holding ``member``'s seats now (substitutes hold none)."""
    return DelegateTerm.objects.filter(member=member, ended_at__isnull=True, substitute=False)


def substitutes(member: CouncilMember) -> QuerySet[DelegateTerm]:
    """The current substitutes, in the order they step up: first elected first."""
    return DelegateTerm.objects.filter(
        member=member, ended_at__isnull=True, substitute=True
    ).order_by("pk")


def vacancies(member: CouncilMember) -> int:
    return max(0, member.seats - seated(member).count())


def running_election(member: CouncilMember) -> Election | None:
    return (
        Election.objects.filter(member=member, declared_at__isnull=True)
        .select_related("vote")
        .first()
    )


def vacated_term(member: CouncilMember) -> DelegateTerm | None:
    """The term whose seat a by-election would fill: the latest seat left early (recall or
    resignation) while a seat is empty and no election is running."""
    if vacancies(member) == 0 or running_election(member) is not None:
        return None
    return (
        DelegateTerm.objects.filter(
            member=member,
            substitute=False,
            ended_at__isnull=False,
            end_reason__in=[EndReason.RECALLED, EndReason.RESIGNED],
            by_elections__isnull=True,
        )
        .order_by("-ended_at", "-pk")
        .first()
    )


def can_run_elections(user, member: CouncilMember) -> bool:
    """An assembly's organisers run the elections of its delegates; a member council's
    conveners run its own."""
    if member.member_council_id is not None:
        return can_appoint(user, member)
    return is_organiser(user, member.assembly)


def only_runners(member: CouncilMember) -> str:
    if member.member_council_id is not None:
        return _("Only the conveners of %(council)s can start an election of its delegates.") % {
            "council": member.member_council
        }
    return _("Only the assembly's organisers can start an election.")


def can_appoint(user, member: CouncilMember) -> bool:
    """The conveners of a member council record its appointments to the council above."""
    if not getattr(user, "is_authenticated", False) or member.member_council_id is None:
        return False
    return member.member_council.conveners.filter(pk=user.pk).exists()


def eligible_candidates(member: CouncilMember, *, by_election: bool = False):
    """Who may stand: the assembly's current members (memberships), or the delegates holding
    a seat on the member council now (their terms, each person once); for a by-election, not
    the people who already hold a seat or are substitutes for this body."""
    if member.member_council_id is not None:
        people = appointable(member)
    else:
        people = Membership.objects.filter(assembly_id=member.assembly_id, left_at__isnull=True)
    if by_election:
        people = people.exclude(
            person__in=DelegateTerm.objects.filter(member=member, ended_at__isnull=True).values(
                "person"
            )
        )
    return people.select_related("person").order_by("person__display_name", "pk")


# --- Starting an election ------------------------------------------------------------------------


@dataclass
class ElectionSetup:
    """What the organisers chose. ``candidates`` are people (users), in ballot-paper order."""

    candidates: list
    seats: int
    term_starts: datetime.date
    term_ends: datetime.date
    closes_at: datetime.datetime
    substitutes: int = 0
    secret: bool = True
    by_election_for: DelegateTerm | None = None


def _labels(people) -> list[str]:
    """Ballot-paper names: each person's public name, numbered when two share one (option
    names must differ within a vote)."""
    labels, seen = [], {}
    for person in people:
        name = person.public_name.strip() or _("A member")
        seen[name] = seen.get(name, 0) + 1
        labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return labels


def election_question(member: CouncilMember, seats: int, subs: int, by_election: bool) -> str:
    delegates = ngettext("%(n)s delegate", "%(n)s delegates", seats) % {"n": seats}
    words = {"delegates": delegates, "body": member.body, "council": member.council}
    if by_election:
        question = _("By-election: %(delegates)s of %(body)s to %(council)s") % words
    else:
        question = _("Elect %(delegates)s of %(body)s to %(council)s") % words
    if subs:
        question += " " + ngettext("(and %(n)s substitute)", "(and %(n)s substitutes)", subs) % {
            "n": subs
        }
    return question


def _check_setup(member: CouncilMember, setup: ElectionSetup) -> None:
    by_election = setup.by_election_for
    if by_election is not None:
        if by_election.member_id != member.pk or by_election.ended_at is None:
            raise ElectionError(_("A by-election fills the seat of a delegate who has left it."))
        open_seats = vacancies(member)
        if setup.seats > open_seats:
            raise ElectionError(
                ngettext(
                    "There is %(n)s empty seat to fill.",
                    "There are %(n)s empty seats to fill.",
                    open_seats,
                )
                % {"n": open_seats}
            )
    if setup.seats < 1 or setup.seats > member.seats:
        raise ElectionError(
            _("Fill between 1 and %(seats)s seats: %(body)s has %(seats)s on the council.")
            % {"seats": member.seats, "body": member.body}
        )
    if setup.substitutes < 0:
        raise ElectionError(_("The number of substitutes cannot be below 0."))
    if setup.term_ends < setup.term_starts:
        raise ElectionError(_("The term must end after it starts."))
    if setup.closes_at is None or setup.closes_at <= timezone.now():
        raise ElectionError(_("Choose when voting closes, in the future."))
    people = list(setup.candidates)
    if len({p.pk for p in people}) != len(people):
        raise ElectionError(_("Each candidate can stand only once."))
    allowed = set(
        eligible_candidates(member, by_election=by_election is not None).values_list(
            "person_id", flat=True
        )
    )
    if any(p.pk not in allowed for p in people):
        if member.member_council_id is not None:
            raise ElectionError(
                _(
                    "Candidates must be delegates holding a seat on %(body)s now (and, in a "
                    "by-election, not already its delegates or substitutes above)."
                )
                % {"body": member.body}
            )
        raise ElectionError(
            _(
                "Candidates must be current members of %(body)s (and, in a by-election, not "
                "already delegates or substitutes)."
            )
            % {"body": member.body}
        )
    places = setup.seats + setup.substitutes
    if len(people) <= places:
        raise ElectionError(
            _(
                "There are %(places)s places (seats and substitutes) but only %(n)s "
                "candidates. A vote needs more candidates than places: add candidates, or "
                "fill fewer places."
            )
            % {"places": places, "n": len(people)}
        )


def start_election(member: CouncilMember, by, setup: ElectionSetup) -> Election:
    """Set up the election's vote (ready to open on the vote pages) and the election.

    One place is counted by instant runoff, several by STV (Scottish rules), so that the
    seats and substitutes are shared in proportion to the voters' preferences. The vote is the
    member body's own: an assembly's members, or a member council's seated delegates, vote.
    """
    if not can_run_elections(by, member):
        raise ElectionError(only_runners(member))
    _check_setup(member, setup)
    places = setup.seats + setup.substitutes
    with transaction.atomic():
        CouncilMember.objects.select_for_update().get(pk=member.pk)
        if running_election(member) is not None:
            raise ElectionError(
                _("An election for these seats is already running. Wait until it is declared.")
            )
        labels = _labels(setup.candidates)
        try:
            vote = voting.create_vote(
                member.body,
                by,
                voting.VoteSetup(
                    question=election_question(
                        member, setup.seats, setup.substitutes, setup.by_election_for is not None
                    ),
                    method=Vote.Method.SCOTTISH_STV if places > 1 else Vote.Method.IRV,
                    options=labels,
                    seats=places,
                    secret=setup.secret,
                    mode=Vote.Mode.ONLINE,
                    who=Vote.Who.MEMBERS,
                    closes_at=setup.closes_at,
                ),
            )
        except voting.VotingError as error:
            raise ElectionError(str(error)) from error
        options = list(vote.options.order_by("position", "pk"))
        for option, person in zip(options, setup.candidates, strict=True):
            option.candidate = person
        Option.objects.bulk_update(options, ["candidate"])
        election = Election.objects.create(
            member=member,
            vote=vote,
            seats=setup.seats,
            substitutes=setup.substitutes,
            term_starts=setup.term_starts,
            term_ends=setup.term_ends,
            by_election_for=setup.by_election_for,
        )
        record(
            "election.started",
            f"election:{election.pk}",
            {
                "election": election.pk,
                "member": member.pk,
                "council": member.council_id,
                "vote": vote.pk,
                "candidates": [p.pk for p in setup.candidates],
                "seats": setup.seats,
                "substitutes": setup.substitutes,
                "term_starts": setup.term_starts,
                "term_ends": setup.term_ends,
                "by_election_for": setup.by_election_for.pk if setup.by_election_for else None,
                "by": by.pk,
            },
        )
    return election


# --- Declaring the result ------------------------------------------------------------------------


def _end_terms(terms, reason: str, now) -> list[int]:
    ended = [t.pk for t in terms]
    DelegateTerm.objects.filter(pk__in=ended).update(ended_at=now, end_reason=reason)
    from .recall import lapse_petitions  # recall uses elections' seat helpers

    lapse_petitions(ended, now)
    return ended


def declare_election(election: Election, by) -> list[DelegateTerm]:
    """Seat the winners of a closed election vote. A full-term election ends the body's
    previous delegates and substitutes; a by-election fills the empty seats only. Declaring
    twice does nothing the second time."""
    with transaction.atomic():
        election = (
            Election.objects.select_for_update()
            .select_related("vote", "member")
            .get(pk=election.pk)
        )
        if election.declared_at is not None:
            return list(election.terms.all())
        vote = election.vote
        if vote.status != Vote.Status.CLOSED:
            raise ElectionError(_("The election's vote has not closed yet."))
        member = CouncilMember.objects.select_for_update().get(pk=election.member_id)
        now = timezone.now()
        by_election = election.by_election_for_id is not None
        candidates = {o.label: o.candidate for o in vote.options.select_related("candidate")}
        winners = [candidates[w] for w in results.winner_labels(vote) if candidates.get(w)]
        ended: list[int] = []
        if winners and not by_election:
            # Nobody elected (no ballots): the delegates in place stay rather than leave
            # every seat empty.
            current = DelegateTerm.objects.filter(member=member, ended_at__isnull=True)
            ended = _end_terms(list(current), EndReason.TERM, now)
        to_seat = min(election.seats, vacancies(member)) if by_election else election.seats
        holding = set(
            DelegateTerm.objects.filter(member=member, ended_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        terms, skipped = [], []
        for person in winners:
            if person.pk in holding:
                skipped.append(person.pk)
                continue
            seat = len([t for t in terms if not t.substitute]) < to_seat
            terms.append(
                DelegateTerm.objects.create(
                    member=member,
                    person=person,
                    substitute=not seat,
                    election=election,
                    starts_on=election.term_starts,
                    ends_on=election.term_ends,
                    seated_at=now if seat else None,
                )
            )
        election.declared_at = now
        election.save(update_fields=["declared_at"])
        record(
            "election.declared",
            f"election:{election.pk}",
            {
                "election": election.pk,
                "member": member.pk,
                "council": member.council_id,
                "vote": vote.pk,
                "seated": [t.person_id for t in terms if not t.substitute],
                "substitutes": [t.person_id for t in terms if t.substitute],
                "terms": [t.pk for t in terms],
                "ended": ended,
                "skipped_already_holding": skipped,
                "by_election_for": election.by_election_for_id,
                "by": by.pk if by is not None else None,
            },
        )
    return terms


def election_for_vote(vote: Vote) -> Election | None:
    return Election.objects.filter(vote=vote).first()


# --- Appointments by minute: the fallback for a council that decided on paper -----------------


def appointable(member: CouncilMember) -> QuerySet[DelegateTerm]:
    """Who a member council may send up: its own current delegates (seat holders), one term
    per person (someone holding two of its seats stands once)."""
    first_terms = (
        DelegateTerm.objects.filter(
            member__council_id=member.member_council_id,
            ended_at__isnull=True,
            substitute=False,
        )
        .order_by()
        .values("person")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return (
        DelegateTerm.objects.filter(pk__in=first_terms)
        .select_related("person", "member__assembly", "member__member_council")
        .order_by("person__display_name", "pk")
    )


def appoint_delegates(
    member: CouncilMember,
    people,
    by,
    starts_on: datetime.date,
    ends_on: datetime.date,
    minute: str,
) -> list[DelegateTerm]:
    """Record a council's decision, taken on paper, appointing its delegates to the council
    above. The people appointed replace the ones it sent before. A council normally elects them
    by a vote (``start_election``); this is for a decision its delegates took without one."""
    if member.member_council_id is None:
        raise ElectionError(_("An assembly elects its delegates by a vote, not an appointment."))
    if not can_appoint(by, member):
        raise ElectionError(
            _("Only the conveners of %(council)s can record its appointments.")
            % {"council": member.member_council}
        )
    minute = (minute or "").strip()
    if not minute:
        raise ElectionError(
            _("Write the council's decision (its minute), so everyone can see who chose them.")
        )
    people = list(people)
    if not people or len({p.pk for p in people}) != len(people):
        raise ElectionError(_("Choose the people the council appointed, each once."))
    if len(people) > member.seats:
        raise ElectionError(
            _("%(council)s has %(seats)s seats on %(above)s: choose at most that many people.")
            % {"council": member.member_council, "seats": member.seats, "above": member.council}
        )
    allowed = set(appointable(member).values_list("person_id", flat=True))
    if any(p.pk not in allowed for p in people):
        raise ElectionError(
            _("Only current delegates on %(council)s can be appointed to the council above.")
            % {"council": member.member_council}
        )
    if ends_on < starts_on:
        raise ElectionError(_("The term must end after it starts."))
    with transaction.atomic():
        CouncilMember.objects.select_for_update().get(pk=member.pk)
        now = timezone.now()
        ended = _end_terms(
            list(DelegateTerm.objects.filter(member=member, ended_at__isnull=True)),
            EndReason.TERM,
            now,
        )
        terms = [
            DelegateTerm.objects.create(
                member=member,
                person=person,
                starts_on=starts_on,
                ends_on=ends_on,
                seated_at=now,
                appointed_minute=minute,
            )
            for person in people
        ]
        record(
            "delegates.appointed",
            f"member:{member.pk}",
            {
                "member": member.pk,
                "council": member.council_id,
                "member_council": member.member_council_id,
                "people": [p.pk for p in people],
                "terms": [t.pk for t in terms],
                "ended": ended,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "minute": minute,
                "by": by.pk,
            },
        )
    return terms


def electing_assembly(member: CouncilMember) -> Assembly | None:
    return member.assembly if member.assembly_id else None
