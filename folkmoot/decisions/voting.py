"""The rules for votes: setting one up, who may vote, and casting and changing ballots.

Views call these functions and stay thin. Counts in the room are in ``room.py``; closing,
counting and checking results in ``results.py``; the decision log in ``decision_log.py``.

One person, one vote is kept by the database: ``Participation`` is unique per (vote, person)
and an open ballot is unique per (vote, voter). A secret ballot is written with no voter and
no time, in the same transaction as the participation row, and nothing links the two.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Membership
from folkmoot.attendance.models import Attendance
from folkmoot.audit.services import record

from . import proposals
from .bodies import Body, can_manage, holds_seat, is_council, only_managers, owner, seat_holders
from .bodies import can_count as can_count  # used as voting.can_count by the views
from .models import Ballot, Option, Participation, Vote

M = Vote.Method


# The fixed answers of yes/no and consensus votes (their ballots name one of these).
MAJORITY_ANSWERS = ("for", "against", "abstain")
CONSENSUS_ANSWERS = ("agree", "stand_aside", "block")
RANKED = (M.IRV, M.SCOTTISH_STV, M.MEEK_STV)
WITH_OPTIONS = (M.APPROVAL, M.SCORE, *RANKED)
FIXED_ANSWERS = {
    M.MAJORITY: MAJORITY_ANSWERS,
    M.QUALIFIED: MAJORITY_ANSWERS,
    M.CONSENSUS: CONSENSUS_ANSWERS,
}


class VotingError(Exception):
    """A rule said no. The message says why in plain words, and nothing was changed."""


class NotAllowed(VotingError):
    pass


class NotOpen(VotingError):
    pass


class AlreadyVoted(VotingError):
    pass


class BadBallot(VotingError):
    pass


class RoomCountProblem(VotingError):
    pass


# --- Who may do what ------------------------------------------------------------------------
# ``can_manage`` and ``can_count`` are in bodies.py (an assembly's or a council's); they are
# imported above, so ``voting.can_manage`` works for every caller.


def _membership(vote: Vote, person) -> Membership | None:
    if not person.is_authenticated:
        return None
    return Membership.objects.filter(
        assembly_id=vote.assembly_id, person=person, left_at__isnull=True
    ).first()


def _checked_in(meeting_id, person) -> bool:
    return Attendance.objects.filter(
        meeting_id=meeting_id, person=person, struck_out_at__isnull=True
    ).exists()


def eligibility_problem(vote: Vote, person) -> str | None:
    """Why this person may not vote in this vote, or None if they may."""
    if not person.is_authenticated:
        return _("Sign in to vote.")
    if vote.council_id:
        if not holds_seat(person, vote.council):
            return _("Only the delegates who hold a seat on %(council)s can vote in its votes.") % {
                "council": vote.council.name
            }
        return None
    membership = _membership(vote, person)
    if membership is None:
        return _("Only members of %(assembly)s can vote. Join the assembly first.") % {
            "assembly": vote.assembly.name
        }
    if vote.who == Vote.Who.VERIFIED and membership.residency != Membership.Residency.VERIFIED:
        return _(
            "Only members whose address has been checked can vote in this one. A teller or "
            "organiser can check your address at a meeting."
        )
    if vote.who == Vote.Who.CHECKED_IN and not (
        vote.meeting_id and _checked_in(vote.meeting_id, person)
    ):
        return _("Only people checked in at the meeting can vote in this one.")
    return None


def online_problem(vote: Vote, person) -> str | None:
    """Why this person cannot vote online in this vote (they may still vote in the room)."""
    if vote.mode == Vote.Mode.ROOM:
        return _("This vote is in the room at the meeting: the tellers count it there.")
    if (
        vote.mode == Vote.Mode.HYBRID
        and vote.meeting_id
        and person.is_authenticated
        and _checked_in(vote.meeting_id, person)
        and vote.room_counts.filter(replaced_at__isnull=True).exists()
    ):
        return _(
            "You are checked in at the meeting and the room has already been counted, so "
            "your vote was counted there. Each person votes once."
        )
    return None


def may_vote(vote: Vote, person) -> bool:
    return eligibility_problem(vote, person) is None


def eligible_people(vote: Vote):
    """Everyone who may vote, as a queryset of person ids."""
    if vote.council_id:
        return seat_holders(vote.council)
    people = Membership.objects.filter(assembly_id=vote.assembly_id, left_at__isnull=True)
    if vote.who == Vote.Who.VERIFIED:
        people = people.filter(residency=Membership.Residency.VERIFIED)
    if vote.who == Vote.Who.CHECKED_IN:
        people = people.filter(
            person__in=Attendance.objects.filter(
                meeting_id=vote.meeting_id, struck_out_at__isnull=True, person__isnull=False
            ).values("person")
        )
    return people.values_list("person_id", flat=True)


# --- Setting up and opening -----------------------------------------------------------------


@dataclass
class VoteSetup:
    """What an organiser chose. ``rules`` holds the method's settings (see ``clean_rules``)."""

    question: str
    method: str
    options: list[str] = field(default_factory=list)
    rules: dict = field(default_factory=dict)
    seats: int = 1
    secret: bool = False
    mode: str = Vote.Mode.ONLINE
    who: str = Vote.Who.MEMBERS
    changeable: bool = False
    closes_at: Any = None
    meeting: Any = None
    proposal: Any = None
    amendment: Any = None


def options_problem(method: str, options) -> str | None:
    """What is wrong with the options for this method (a list, or the text, one per line)."""
    if isinstance(options, str):
        options = options.splitlines()
    labels = [label.strip() for label in options if label.strip()]
    if method not in WITH_OPTIONS:
        return None
    if len(labels) < 2:
        return _("Write at least two options, one on each line.")
    if len(set(labels)) != len(labels):
        return _("Two options have the same name. Make each one different.")
    return None


def setup_problems(body: Body, setup: VoteSetup) -> dict[str, str]:
    """Every problem with a vote's settings, by field, in plain words."""
    problems: dict[str, str] = {}
    labels = [label.strip() for label in setup.options if label.strip()]
    if not setup.question.strip():
        problems["question"] = _("Write the question people will answer.")
    elif len(setup.question.strip()) > Vote._meta.get_field("question").max_length:
        problems["question"] = _("Make the question shorter: up to 300 characters.")
    if "\x00" in setup.question or any("\x00" in label for label in labels):
        problems["question"] = _("Take out the invisible control characters and try again.")
    if any(len(label) > Option._meta.get_field("label").max_length for label in labels):
        problems["options"] = _("Make each option shorter: up to 200 characters.")
    if problem := options_problem(setup.method, setup.options):
        problems["options"] = problem
    if setup.method in (M.SCOTTISH_STV, M.MEEK_STV):
        if setup.seats < 1:
            problems["seats"] = _("There must be at least one seat.")
        elif labels and setup.seats >= len(labels):
            problems["seats"] = _(
                "There are %(seats)s seats but only %(n)s candidates: everyone would be elected. "
                "Add candidates or fill fewer seats."
            ) % {"seats": setup.seats, "n": len(labels)}
    if setup.secret and setup.changeable:
        problems["changeable"] = _(
            "A secret ballot cannot be changed: nothing links it to the voter. Untick one of them."
        )
    if is_council(body):
        problems.update(council_problems(setup))
    else:
        problems.update(_assembly_problems(body, setup))
    if setup.method == M.SCORE and setup.mode != Vote.Mode.ONLINE:
        problems["mode"] = _(
            "Score votes can only be cast online: a show of hands cannot give each option a "
            "number. Choose 'Online'."
        )
    if setup.closes_at is not None and setup.closes_at <= timezone.now():
        problems["closes_at"] = _("The closing time has passed. Choose a time in the future.")
    return problems


def _assembly_problems(assembly, setup: VoteSetup) -> dict[str, str]:
    problems: dict[str, str] = {}
    needs_meeting = setup.mode != Vote.Mode.ONLINE or setup.who == Vote.Who.CHECKED_IN
    if needs_meeting and setup.meeting is None:
        problems["meeting"] = _(
            "Choose the meeting: votes in the room, and votes for people checked in, "
            "belong to a meeting."
        )
    if setup.meeting is not None and setup.meeting.assembly_id != assembly.pk:
        problems["meeting"] = _("That meeting belongs to another assembly.")
    if setup.proposal is not None and setup.proposal.assembly_id != assembly.pk:
        problems["proposal"] = _("That proposal belongs to another assembly.")
    return problems


def council_problems(setup: VoteSetup) -> dict[str, str]:
    """What a council's vote cannot have: its voters are the delegates holding its seats, and
    they vote online (council meetings have no check-in or tellers)."""
    problems: dict[str, str] = {}
    if setup.who != Vote.Who.MEMBERS:
        problems["who"] = _(
            "In a council's vote the delegates who hold its seats vote. Checked addresses and "
            "checking in at a meeting are for assemblies: choose 'Members'."
        )
    if setup.mode != Vote.Mode.ONLINE:
        problems["mode"] = _(
            "A council's votes are cast online: council meetings have no check-in or tellers. "
            "Choose 'Online'."
        )
    if setup.meeting is not None:
        problems["meeting"] = _("A council's vote does not belong to an assembly's meeting.")
    if setup.proposal is not None or setup.amendment is not None:
        problems["proposal"] = _(
            "Proposals belong to assemblies. A council's vote is on a question of its own."
        )
    return problems


def create_vote(body: Body, by, setup: VoteSetup, *, authorised: bool = False) -> Vote:
    """Make a vote of an assembly or a council, ready to open. Raises VotingError with the
    first problem.

    ``authorised`` is for votes the rules themselves call (a recall petition that reached its
    threshold): the caller has already decided that ``by`` may start it.
    """
    if not authorised and not can_manage(by, body):
        raise NotAllowed(only_managers(body, "set_up"))
    problems = setup_problems(body, setup)
    if problems:
        raise VotingError(next(iter(problems.values())))
    proposal = setup.proposal
    if setup.amendment is not None:
        proposal = setup.amendment.proposal
    with transaction.atomic():
        vote = Vote.objects.create(
            **owner(body),
            proposal=proposal,
            amendment=setup.amendment,
            meeting=setup.meeting,
            question=setup.question.strip(),
            method=setup.method,
            rules=setup.rules,
            seats=setup.seats if setup.method in (M.SCOTTISH_STV, M.MEEK_STV) else 1,
            secret=setup.secret,
            mode=setup.mode,
            who=setup.who,
            changeable=setup.changeable and not setup.secret,
            closes_at=setup.closes_at,
            created_by=by,
        )
        if setup.method in WITH_OPTIONS:
            Option.objects.bulk_create(
                Option(vote=vote, position=index, label=label.strip())
                for index, label in enumerate(label for label in setup.options if label.strip())
            )
    return vote


def lock_vote(vote: Vote) -> Vote:
    """The vote's row, locked until the transaction ends, with its current values."""
    return Vote.objects.select_for_update().get(pk=vote.pk)


def open_vote(vote: Vote, by, *, authorised: bool = False) -> Vote:
    """Open the vote: ballots may be cast, and tellers may enter counts. ``authorised`` as
    for ``create_vote``."""
    if not authorised and not can_manage(by, vote.body):
        raise NotAllowed(only_managers(vote.body, "open"))
    with transaction.atomic():
        locked = lock_vote(vote)
        if locked.status != Vote.Status.READY:
            raise NotOpen(_("This vote has already been opened."))
        locked.status = Vote.Status.OPEN
        locked.opened_at = timezone.now()
        locked.lot_seed = secrets.token_hex(16)
        locked.save(update_fields=["status", "opened_at", "lot_seed"])
        if (
            locked.proposal_id
            and locked.amendment_id is None
            and locked.proposal.status != locked.proposal.Status.VOTING
        ):
            proposals.start_voting(locked.proposal, by)
        record(
            "vote.opened",
            f"vote:{locked.pk}",
            {
                "vote": locked.pk,
                "assembly": locked.assembly_id,
                "council": locked.council_id,
                "question": locked.question,
                "method": locked.method,
                "rules": locked.rules,
                "seats": locked.seats,
                "secret": locked.secret,
                "mode": locked.mode,
                "who": locked.who,
                "changeable": locked.changeable,
                "options": [[o.pk, o.label] for o in locked.options.all()],
                "lot_seed": locked.lot_seed,
                "by": by.pk,
            },
        )
    return locked


def is_accepting(vote: Vote, now=None) -> bool:
    """Whether ballots can be cast now: open, and the closing time (if any) not passed."""
    now = now or timezone.now()
    return vote.status == Vote.Status.OPEN and (vote.closes_at is None or vote.closes_at > now)


def votes_of(body: Body):
    return Vote.objects.filter(**owner(body)).select_related("proposal").order_by("-created_at")


# --- Ballots --------------------------------------------------------------------------------


def option_names(vote: Vote) -> dict[str, str]:
    """Option id (as text) -> its name, in ballot-paper order."""
    return {str(o.pk): o.label.strip() for o in vote.options.all()}


def option_ids(vote: Vote) -> list[str]:
    return [str(pk) for pk in vote.options.values_list("pk", flat=True)]


def _listed(content: dict, key: str) -> list:
    """The list a ballot holds under ``key``, or BadBallot if it holds something else."""
    value = content.get(key) or []
    if not isinstance(value, list | tuple):
        raise BadBallot(_("That ballot could not be read."))
    return list(value)


def clean_ballot(vote: Vote, content: dict) -> dict:
    """The ballot in its stored shape, or BadBallot saying what is wrong with it."""
    if not isinstance(content, dict):
        raise BadBallot(_("That ballot could not be read."))
    if vote.method in FIXED_ANSWERS:
        answer = content.get("answer")
        if answer not in FIXED_ANSWERS[vote.method]:
            raise BadBallot(_("Choose one answer."))
        if vote.method == M.CONSENSUS:
            # NUL cannot be stored (PostgreSQL's jsonb refuses it), and nobody types it.
            reason = str(content.get("reason") or "").replace("\x00", "").strip()
            if answer in ("stand_aside", "block") and not reason:
                raise BadBallot(_("Say why you stand aside or block, so everyone can hear it."))
            return {"answer": answer, "reason": reason[:1000]}
        return {"answer": answer}
    known = option_ids(vote)
    if vote.method == M.APPROVAL:
        approved = [str(x) for x in _listed(content, "approved")]
        if not approved:
            raise BadBallot(_("Tick at least one option."))
        if set(approved) - set(known) or len(set(approved)) != len(approved):
            raise BadBallot(_("That ballot names an option that is not in this vote."))
        return {"approved": sorted(approved, key=known.index)}
    if vote.method == M.SCORE:
        low, high = score_range(vote)
        scores = content.get("scores") or {}
        if not isinstance(scores, dict):
            raise BadBallot(_("That ballot could not be read."))
        if set(map(str, scores)) != set(known):
            raise BadBallot(_("Give every option a score."))
        cleaned = {}
        for key, value in scores.items():
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise BadBallot(
                    _("Each score must be a whole number from %(low)s to %(high)s.")
                    % {"low": low, "high": high}
                )
            cleaned[str(key)] = value
        return {"scores": cleaned}
    # Ranked: a list of option ids, first choice first; any number of them, each once.
    ranking = [str(x) for x in _listed(content, "ranking")]
    if not ranking:
        raise BadBallot(_("Put the number 1 next to your first choice."))
    if len(set(ranking)) != len(ranking):
        raise BadBallot(_("Each option can have only one number."))
    if set(ranking) - set(known):
        raise BadBallot(_("That ballot names an option that is not in this vote."))
    return {"ranking": ranking}


def score_range(vote: Vote) -> tuple[int, int]:
    return 0, int(vote.rules.get("score_max") or 5)


def cast_ballot(vote: Vote, person, content: dict, *, channel: str = "online") -> Ballot | None:
    """Cast (or, where the vote allows it, change) this person's ballot.

    Returns the open ballot, or None for a secret one (the caller never needs its id). The
    open ballot's ``changed`` says whether it replaced an earlier one, decided inside the
    transaction, so two tabs pressing at once are each told what really happened.
    A second ballot is refused by the database even when two arrive at the same moment; on a
    changeable vote the one that lost the race is retried once as a change.
    """
    vote = Vote.objects.select_related("assembly", "council").get(pk=vote.pk)
    if not is_accepting(vote):
        raise NotOpen(_("This vote is not open, so no ballots can be cast."))
    problem = eligibility_problem(vote, person) or online_problem(vote, person)
    if problem:
        raise NotAllowed(problem)
    content = clean_ballot(vote, content)
    try:
        return _store_ballot(vote, person, content, channel)
    except AlreadyVoted:
        if not vote.changeable or vote.secret:
            raise
        return _store_ballot(vote, person, content, channel)  # the race was with itself


def _store_ballot(vote: Vote, person, content: dict, channel: str) -> Ballot | None:
    subject = f"vote:{vote.pk}"
    try:
        with transaction.atomic():
            participation = (
                Participation.objects.select_for_update().filter(vote=vote, person=person).first()
            )
            if participation is not None:
                if not vote.changeable or vote.secret:
                    raise AlreadyVoted(_("You have already voted. Each person votes once."))
                if participation.channel != "online":
                    raise AlreadyVoted(_("You voted in the room. Each person votes once."))
                ballot = Ballot.objects.get(vote=vote, voter=person)
                ballot.content = content
                ballot.cast_at = timezone.now()
                ballot.save(update_fields=["content", "cast_at"])
                record(
                    "ballot.changed",
                    subject,
                    {"vote": vote.pk, "voter": person.pk, "ballot": str(ballot.pk)},
                )
                ballot.changed = True
                return ballot
            Participation.objects.create(vote=vote, person=person, channel=channel)
            if vote.secret:
                Ballot.objects.create(vote=vote, content=content)
                record("ballot.cast", subject, {"vote": vote.pk, "secret": True})
                return None
            ballot = Ballot.objects.create(
                vote=vote, voter=person, content=content, cast_at=timezone.now()
            )
            record(
                "ballot.cast",
                subject,
                {"vote": vote.pk, "voter": person.pk, "ballot": str(ballot.pk)},
            )
            ballot.changed = False
            return ballot
    except IntegrityError as error:
        raise AlreadyVoted(_("You have already voted. Each person votes once.")) from error


def has_voted(vote: Vote, person) -> bool:
    return (
        person.is_authenticated and Participation.objects.filter(vote=vote, person=person).exists()
    )


def own_ballot(vote: Vote, person) -> Ballot | None:
    """An open ballot's voter may see it again; a secret ballot cannot be found by anyone."""
    if vote.secret or not person.is_authenticated:
        return None
    return Ballot.objects.filter(vote=vote, voter=person).first()


def voted_count(vote: Vote) -> int:
    return Participation.objects.filter(Q(vote=vote)).count()
