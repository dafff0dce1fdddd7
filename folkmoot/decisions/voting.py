"""The rules for votes: setting one up, who may vote, casting and changing ballots, counts in
the room, closing and counting, and the decision log.

Views call these functions and stay thin. Counting itself is done by the plain functions in
``counting/``; this module only gathers the stored ballots and room counts for them, applies
the quorum, stores the result and records every step in the audit chain.

One person, one vote is kept by the database: ``Participation`` is unique per (vote, person)
and an open ballot is unique per (vote, voter). A secret ballot is written with no voter and
no time, in the same transaction as the participation row, and nothing links the two.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.assemblies.services import has_role, is_teller
from folkmoot.attendance.models import Attendance
from folkmoot.audit.services import record
from folkmoot.network.services import is_network_organiser

from .models import Ballot, Decision, Option, Participation, ProgressUpdate, RoomCount, Vote
from .proposals import ProposalError
from .signals import vote_closed

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
THRESHOLDS = {"1/2": Fraction(1, 2), "2/3": Fraction(2, 3), "3/4": Fraction(3, 4)}


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


def can_manage(user, assembly: Assembly) -> bool:
    """Organisers and facilitators set up, open and close votes; so do network organisers."""
    return has_role(user, assembly, Role.Kind.ORGANISER, Role.Kind.FACILITATOR) or (
        is_network_organiser(user)
    )


def can_count(user, assembly: Assembly) -> bool:
    """Tellers (and organisers, who may always do a teller's job) enter counts in the room."""
    return is_teller(user, assembly) or is_network_organiser(user)


def can_update_decisions(user, assembly: Assembly) -> bool:
    return has_role(user, assembly, Role.Kind.ORGANISER) or is_network_organiser(user)


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
    """Everyone who may vote, as a queryset of memberships' person ids."""
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


# --- Setting up, opening, closing -----------------------------------------------------------


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


def setup_problems(assembly: Assembly, setup: VoteSetup) -> dict[str, str]:
    """Every problem with a vote's settings, by field, in plain words."""
    problems: dict[str, str] = {}
    labels = [label.strip() for label in setup.options if label.strip()]
    if setup.method in WITH_OPTIONS:
        if len(labels) < 2:
            problems["options"] = _("Write at least two options, one on each line.")
        elif len(set(labels)) != len(labels):
            problems["options"] = _("Two options have the same name. Make each one different.")
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
    needs_meeting = setup.mode != Vote.Mode.ONLINE or setup.who == Vote.Who.CHECKED_IN
    if needs_meeting and setup.meeting is None:
        problems["meeting"] = _(
            "Choose the meeting: votes in the room, and votes for people checked in, "
            "belong to a meeting."
        )
    if setup.meeting is not None and setup.meeting.assembly_id != assembly.pk:
        problems["meeting"] = _("That meeting belongs to another assembly.")
    if setup.method == M.SCORE and setup.mode != Vote.Mode.ONLINE:
        problems["mode"] = _(
            "Score votes can only be cast online: a show of hands cannot give each option a "
            "number. Choose 'Online'."
        )
    if setup.proposal is not None and setup.proposal.assembly_id != assembly.pk:
        problems["proposal"] = _("That proposal belongs to another assembly.")
    if setup.closes_at is not None and setup.closes_at <= timezone.now():
        problems["closes_at"] = _("The closing time has passed. Choose a time in the future.")
    return problems


def create_vote(assembly: Assembly, by, setup: VoteSetup, *, authorised: bool = False) -> Vote:
    """Make a vote, ready to open. Raises VotingError with the first problem.

    ``authorised`` is for votes the rules themselves call (a recall petition that reached its
    threshold): the caller has already decided that ``by`` may start it.
    """
    if not authorised and not can_manage(by, assembly):
        raise NotAllowed(_("Only organisers and facilitators can set up a vote."))
    problems = setup_problems(assembly, setup)
    if problems:
        raise VotingError(next(iter(problems.values())))
    proposal = setup.proposal
    if setup.amendment is not None:
        proposal = setup.amendment.proposal
    with transaction.atomic():
        vote = Vote.objects.create(
            assembly=assembly,
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


def _locked(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().get(pk=vote.pk)


def open_vote(vote: Vote, by, *, authorised: bool = False) -> Vote:
    """Open the vote: ballots may be cast, and tellers may enter counts. ``authorised`` as
    for ``create_vote``."""
    if not authorised and not can_manage(by, vote.assembly):
        raise NotAllowed(_("Only organisers and facilitators can open a vote."))
    with transaction.atomic():
        locked = _locked(vote)
        if locked.status != Vote.Status.READY:
            raise NotOpen(_("This vote has already been opened."))
        locked.status = Vote.Status.OPEN
        locked.opened_at = timezone.now()
        locked.lot_seed = secrets.token_hex(16)
        locked.save(update_fields=["status", "opened_at", "lot_seed"])
        if locked.proposal_id and locked.amendment_id is None:
            from . import proposals

            if locked.proposal.status != locked.proposal.Status.VOTING:
                proposals.start_voting(locked.proposal, by)
        record(
            "vote.opened",
            f"vote:{locked.pk}",
            {
                "vote": locked.pk,
                "assembly": locked.assembly_id,
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


# --- Ballots --------------------------------------------------------------------------------


def option_names(vote: Vote) -> dict[str, str]:
    """Option id (as text) -> its name, in ballot-paper order."""
    return {str(o.pk): o.label.strip() for o in vote.options.all()}


def option_ids(vote: Vote) -> list[str]:
    return [str(pk) for pk in vote.options.values_list("pk", flat=True)]


def clean_ballot(vote: Vote, content: dict) -> dict:
    """The ballot in its stored shape, or BadBallot saying what is wrong with it."""
    if not isinstance(content, dict):
        raise BadBallot(_("That ballot could not be read."))
    if vote.method in FIXED_ANSWERS:
        answer = content.get("answer")
        if answer not in FIXED_ANSWERS[vote.method]:
            raise BadBallot(_("Choose one answer."))
        if vote.method == M.CONSENSUS:
            reason = str(content.get("reason") or "").strip()
            if answer in ("stand_aside", "block") and not reason:
                raise BadBallot(_("Say why you stand aside or block, so everyone can hear it."))
            return {"answer": answer, "reason": reason[:1000]}
        return {"answer": answer}
    known = option_ids(vote)
    if vote.method == M.APPROVAL:
        approved = [str(x) for x in content.get("approved") or []]
        if not approved:
            raise BadBallot(_("Tick at least one option."))
        if set(approved) - set(known) or len(set(approved)) != len(approved):
            raise BadBallot(_("That ballot names an option that is not in this vote."))
        return {"approved": sorted(approved, key=known.index)}
    if vote.method == M.SCORE:
        low, high = score_range(vote)
        scores = content.get("scores") or {}
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
    ranking = [str(x) for x in content.get("ranking") or []]
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

    Returns the open ballot, or None for a secret one (the caller never needs its id).
    A second ballot is refused by the database even when two arrive at the same moment.
    """
    vote = Vote.objects.select_related("assembly").get(pk=vote.pk)
    if not is_accepting(vote):
        raise NotOpen(_("This vote is not open, so no ballots can be cast."))
    problem = eligibility_problem(vote, person) or online_problem(vote, person)
    if problem:
        raise NotAllowed(problem)
    content = clean_ballot(vote, content)
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


# --- In the room ----------------------------------------------------------------------------


def room_answers(vote: Vote) -> list[tuple[str, str]]:
    """What tellers count in the room, as (key, label) pairs."""
    if vote.method in (M.MAJORITY, M.QUALIFIED):
        return [("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))]
    if vote.method == M.CONSENSUS:
        return [("agree", _("Agree")), ("stand_aside", _("Stand aside")), ("block", _("Block"))]
    return [(str(o.pk), o.label) for o in vote.options.all()]


def current_room_count(vote: Vote) -> RoomCount | None:
    return vote.room_counts.filter(replaced_at__isnull=True).order_by("-entered_at").first()


def room_people(vote: Vote, count: RoomCount | None) -> int:
    """How many people voted in the room according to a count."""
    if count is None:
        return 0
    if vote.method in RANKED:
        return sum(int(weight) for weight, _ranking in count.paper_ballots)
    if vote.method == M.APPROVAL:
        return int(count.counts.get("people", 0))
    return sum(int(count.counts.get(key, 0)) for key, _label in room_answers(vote))


def voted_online_in_room(vote: Vote) -> list[Attendance]:
    """People checked in at the meeting who already voted online: they must not vote again."""
    if not vote.meeting_id:
        return []
    voted = Participation.objects.filter(vote=vote, channel="online").values("person")
    return list(
        Attendance.objects.filter(
            meeting_id=vote.meeting_id, struck_out_at__isnull=True, person__in=voted
        ).order_by("name")
    )


def room_capacity(vote: Vote) -> int | None:
    """How many people may be counted in the room: eligible people checked in at the meeting,
    less those who already voted online. None when the vote has no meeting."""
    if not vote.meeting_id:
        return None
    checked_in = set(
        Attendance.objects.filter(
            meeting_id=vote.meeting_id, struck_out_at__isnull=True, person__isnull=False
        ).values_list("person_id", flat=True)
    )
    eligible = checked_in & set(eligible_people(vote))
    online = set(Participation.objects.filter(vote=vote).values_list("person_id", flat=True))
    return len(eligible - online)


def _check_room_total(vote: Vote, people: int) -> None:
    capacity = room_capacity(vote)
    if capacity is not None and people > capacity:
        online = len(voted_online_in_room(vote))
        raise RoomCountProblem(
            _(
                "That is %(people)s people, but only %(capacity)s people checked in at the "
                "meeting may still vote (%(online)s of those checked in already voted online). "
                "Count again, or check people in first."
            )
            % {"people": people, "capacity": capacity, "online": online}
        )


def enter_room_count(
    vote: Vote,
    teller,
    counts: dict[str, int],
    *,
    paper_ballots: list | None = None,
    reason: str = "",
) -> RoomCount:
    """Store the tellers' count. A second count replaces the first (which is kept, marked
    replaced) and needs a reason."""
    if not can_count(teller, vote.assembly):
        raise NotAllowed(_("Only tellers and organisers can enter the count in the room."))
    if vote.mode == Vote.Mode.ONLINE:
        raise RoomCountProblem(_("This vote is online only: there is no count in the room."))
    reason = reason.strip()
    with transaction.atomic():
        vote = _locked(vote)
        if vote.status != Vote.Status.OPEN:
            raise NotOpen(_("Counts can only be entered while the vote is open."))
        previous = current_room_count(vote)
        if previous is not None and not reason:
            raise RoomCountProblem(_("There is already a count. Say why you are correcting it."))
        counts = _clean_counts(vote, counts)
        paper_ballots = paper_ballots or []
        new = RoomCount(vote=vote, counts=counts, paper_ballots=paper_ballots, entered_by=teller)
        _check_room_total(vote, room_people(vote, new))
        if previous is not None:
            previous.replaced_at = timezone.now()
            previous.save(update_fields=["replaced_at"])
        new.reason = reason
        new.save()
        record(
            "room_count.entered",
            f"vote:{vote.pk}",
            {
                "vote": vote.pk,
                "room_count": new.pk,
                "counts": counts,
                "paper_ballots": len(paper_ballots),
                "replaces": previous.pk if previous else None,
                "reason": reason,
                "by": teller.pk,
            },
        )
    return new


def _clean_counts(vote: Vote, counts: dict) -> dict:
    if vote.method in RANKED:
        return {}
    keys = [key for key, _label in room_answers(vote)]
    if vote.method == M.APPROVAL:
        keys.append("people")
    cleaned = {}
    for key in keys:
        value = counts.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RoomCountProblem(_("Each count must be a whole number, 0 or more."))
        cleaned[key] = value
    if vote.method == M.APPROVAL and any(
        cleaned[key] > cleaned["people"] for key in keys if key != "people"
    ):
        raise RoomCountProblem(
            _("An option has more hands than there were people voting. Count again.")
        )
    return cleaned


def paper_ballots_from_blt(vote: Vote, text: str) -> list:
    """Read a BLT file of paper ballots into stored form: [[weight, [option ids...]], ...].
    The file's candidates must be this vote's options, with the same names. A paper is used
    up to the rank before any equal ranking (as under the Scottish rules)."""
    from .counting.blt import BltError, parse_blt

    try:
        election = parse_blt(text, source=_("the file"))
    except BltError as error:
        raise RoomCountProblem(
            _("The file could not be read: %(error)s") % {"error": error}
        ) from error
    by_label = {o.label.strip().casefold(): str(o.pk) for o in vote.options.all()}
    missing = [name for name in election.names if name.strip().casefold() not in by_label]
    if missing:
        raise RoomCountProblem(
            _("These candidates in the file are not options of this vote: %(names)s")
            % {"names": ", ".join(missing)}
        )
    ids = [by_label[name.strip().casefold()] for name in election.names]
    withdrawn = set(election.withdrawn)
    rows = []
    for weight, ranking in election.ballots:
        kept = []
        for choice in ranking:
            if not isinstance(choice, int):
                break
            if choice not in withdrawn:
                kept.append(ids[choice - 1])
        if kept and weight:
            rows.append([int(weight), kept])
    return rows


def ballots_as_blt(vote: Vote) -> str:
    """Every ranked ballot (online and paper), as a BLT file, for other counting programs."""
    from .counting.blt import BltElection, write_blt

    options = list(vote.options.all())
    number = {str(o.pk): index for index, o in enumerate(options, 1)}
    grouped: dict[tuple[int, ...], int] = {}
    for content in stored_ballots(vote):
        key = tuple(number[pk] for pk in content["ranking"])
        grouped[key] = grouped.get(key, 0) + 1
    return write_blt(
        BltElection(
            num_candidates=len(options),
            seats=vote.seats,
            ballots=[(weight, list(ranking)) for ranking, weight in sorted(grouped.items())],
            names=[o.label for o in options],
            title=vote.question,
        )
    )


# --- Counting -------------------------------------------------------------------------------


def stored_ballots(vote: Vote) -> list[dict]:
    """Every ballot's content, online and in the room (paper ballots as single ballots),
    in a fixed order so the count never depends on the order they were cast in."""
    online = list(vote.ballots.order_by("pk").values_list("content", flat=True))
    room = current_room_count(vote)
    if room is not None and vote.method in RANKED:
        for weight, ranking in room.paper_ballots:
            online.extend({"ranking": list(ranking)} for _i in range(int(weight)))
    return online


def _answers(vote: Vote, ballots: list[dict], room: RoomCount | None) -> list[str]:
    answers = [b["answer"] for b in ballots]
    if room is not None:
        for key in FIXED_ANSWERS[vote.method]:
            answers.extend([key] * int(room.counts.get(key, 0)))
    return answers


def _majority_rule(vote: Vote, threshold_key: str = "threshold"):
    from .counting.majority import MajorityRule

    rules = vote.rules or {}
    percent = int(rules.get("quorum_percent") or 0)
    threshold = None
    if vote.method != M.MAJORITY or threshold_key != "threshold":
        threshold = THRESHOLDS.get(rules.get(threshold_key) or "2/3", Fraction(2, 3))
        if threshold == Fraction(1, 2):
            threshold = None
    return MajorityRule(
        threshold=threshold,
        abstentions="counted" if rules.get("abstentions") == "counted" else "excluded",
        quorum=int(rules.get("quorum_people") or 0) or None,
        quorum_share=Fraction(percent, 100) if percent else None,
        electorate=electorate_size(vote) if percent else None,
    )


def _consensus_rounds(vote: Vote) -> list[list[tuple[str, str]]]:
    """This vote's responses, after those of earlier consensus rounds on the same question."""
    rounds = []
    for earlier in earlier_rounds(vote):
        room = current_room_count(earlier)
        rounds.append(_responses(earlier, stored_ballots(earlier), room))
    rounds.append(_responses(vote, stored_ballots(vote), current_room_count(vote)))
    return rounds


def _responses(vote: Vote, ballots: list[dict], room: RoomCount | None):
    responses = [(b["answer"], b.get("reason", "")) for b in ballots]
    if room is not None:
        for key in CONSENSUS_ANSWERS:
            responses.extend([(key, "")] * int(room.counts.get(key, 0)))
    return responses


def _count(vote: Vote, ballots: list[dict], room: RoomCount | None):
    """Hand the ballots to the method's counting function; returns a counting.types.Result.

    Options go to the counting functions by their names (unique within a vote), so the
    explanations and stage notes they write read "Ann wins", not "12 wins"."""
    rules = vote.rules or {}
    names = option_names(vote)
    candidates = list(names.values())
    if vote.method in (M.MAJORITY, M.QUALIFIED):
        return _majority_rule(vote).decide(_answers(vote, ballots, room))
    if vote.method == M.CONSENSUS:
        from .counting.consensus import consensus

        fallback = rules.get("fallback") or ""
        after = int(rules.get("fallback_after") or 0)
        use_fallback = fallback in THRESHOLDS and after > 0
        return consensus(
            _consensus_rounds(vote),
            block_threshold=int(rules.get("block_threshold") or 1),
            fallback=_majority_rule(vote, "fallback") if use_fallback else None,
            fallback_after_rounds=after if use_fallback else None,
        )
    if vote.method == M.APPROVAL:
        from .counting.approval import approval

        sets = [[names[x] for x in b["approved"]] for b in ballots]
        if room is not None:
            for key, name in names.items():
                sets.extend([[name]] * int(room.counts.get(key, 0)))
        return approval(sets, candidates, seed=vote.lot_seed)
    if vote.method == M.SCORE:
        from .counting.score import score

        _low, high = score_range(vote)
        return score(
            [{names[k]: v for k, v in b["scores"].items()} for b in ballots],
            candidates,
            max_score=high,
            aggregate="mean" if rules.get("score_aggregate") == "mean" else "total",
            seed=vote.lot_seed,
        )
    rankings: dict[tuple[str, ...], int] = {}
    for ballot in ballots:
        key = tuple(names[x] for x in ballot["ranking"])
        rankings[key] = rankings.get(key, 0) + 1
    if vote.method == M.IRV:
        from .counting.irv import instant_runoff

        return instant_runoff(rankings, candidates, seed=vote.lot_seed)
    if vote.method == M.SCOTTISH_STV:
        from .counting.stv_scottish import count_scottish_stv

        return count_scottish_stv(candidates, rankings, vote.seats, seed=vote.lot_seed)
    from .counting.stv_meek import count_meek_stv  # written against the Scottish one's shape

    return count_meek_stv(candidates, rankings, vote.seats, seed=vote.lot_seed)


def earlier_rounds(vote: Vote) -> list[Vote]:
    """Earlier closed consensus votes on the same proposal (or amendment): earlier rounds."""
    if not vote.proposal_id or vote.method != M.CONSENSUS:
        return []
    earlier = Vote.objects.filter(
        proposal_id=vote.proposal_id,
        amendment_id=vote.amendment_id,
        method=M.CONSENSUS,
        status=Vote.Status.CLOSED,
        closed_at__isnull=False,
    ).exclude(pk=vote.pk)
    if vote.closed_at:
        earlier = earlier.filter(closed_at__lt=vote.closed_at)
    return list(earlier.order_by("closed_at", "pk"))


def _plain(value):
    """A counting value as JSON: whole numbers stay whole, fractions become decimals."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else round(float(value), 5)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 5)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return str(value)


def result_json(result) -> dict:
    return {
        "method": result.method,
        "winners": [str(w) for w in result.winners],
        "stages": [
            {
                "number": stage.number,
                "action": stage.action,
                "votes": _plain(stage.votes),
                "elected": [str(x) for x in stage.elected],
                "excluded": [str(x) for x in stage.excluded],
                "transfers": _plain(stage.transfers),
                "non_transferable": _plain(stage.non_transferable),
                "note": stage.note,
            }
            for stage in result.stages
        ],
        "details": _plain(result.details),
        "tie_breaks": list(result.tie_breaks),
        "explanation": result.explanation,
    }


def electorate_size(vote: Vote) -> int:
    """How many people could vote. Taken once, when the vote closes, and kept with the result:
    people joining or leaving later must not change a past result or its recount."""
    stored = (vote.result or {}).get("turnout", {}).get("eligible")
    if vote.status == Vote.Status.CLOSED and stored is not None:
        return stored
    return len(eligible_people(vote))


def quorum(vote: Vote, participants: int) -> dict:
    """The quorum: a number of people and/or a share of those who may vote."""
    rules = vote.rules or {}
    needed = int(rules.get("quorum_people") or 0)
    percent = int(rules.get("quorum_percent") or 0)
    if percent:
        needed = max(needed, math.ceil(electorate_size(vote) * percent / 100))
    return {"required": needed, "participants": participants, "met": participants >= needed}


def compute_result(vote: Vote) -> dict:
    """The result as stored in ``Vote.result``: the count, the quorum and the outcome."""
    room = current_room_count(vote)
    ballots = stored_ballots(vote)
    online = vote.participations.count()
    participants = online + room_people(vote, room)
    counted = result_json(_count(vote, ballots, room))
    counted["quorum"] = quorum(vote, participants)
    counted["turnout"] = {
        "online": online,
        "room": room_people(vote, room),
        "total": participants,
        "eligible": electorate_size(vote),
    }
    counted["outcome"] = outcome_of(vote, counted)
    return counted


def outcome_of(vote: Vote, result: dict) -> str:
    """The proposal's outcome word (``Proposal.Outcome``) for this result, or "no_consensus"
    when a consensus round failed and the rules allow another round before a fallback vote."""
    if not result["quorum"]["met"]:
        return "not_carried"
    winners = result["winners"]
    if vote.method in (M.MAJORITY, M.QUALIFIED):
        return "carried" if winners == ["for"] else "not_carried"
    if vote.method == M.CONSENSUS:
        details = result.get("details") or {}
        outcome = details.get("outcome")
        if outcome == "consensus":
            return "consensus"
        if outcome == "fallback_carried":
            return "carried"
        if outcome in ("fallback_not_carried", "fallback_no_quorum"):
            return "not_carried"
        if details.get("fallback"):
            return "no_consensus"  # another round may be held, then the fallback decides
        rounds = details.get("rounds") or [{}]
        return "blocked" if rounds[-1].get("status") == "blocked" else "not_carried"
    return "chosen" if winners else "not_carried"


def result_hash(result: dict) -> str:
    canonical = json.dumps(result, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def close_vote(vote: Vote, by, *, automatic: bool = False) -> Vote:
    """Close the vote, count it, store and record the result, and tell the proposal.

    ``automatic`` is the vote reaching its closing time: nobody presses a button, so the person
    who set the vote up is recorded as closing it, and the audit entry says it was automatic.
    """
    if not automatic and not can_manage(by, vote.assembly):
        raise NotAllowed(_("Only organisers and facilitators can close a vote."))
    with transaction.atomic():
        vote = _locked(vote)
        if vote.status != Vote.Status.OPEN:
            raise NotOpen(_("Only an open vote can be closed."))
        vote.status = Vote.Status.CLOSED
        vote.closed_at = timezone.now()
        vote.result = compute_result(vote)
        vote.save(update_fields=["status", "closed_at", "result"])
        record(
            "vote.closed",
            f"vote:{vote.pk}",
            {
                "vote": vote.pk,
                "result_hash": result_hash(vote.result),
                "winners": vote.result["winners"],
                "outcome": vote.result["outcome"],
                "ballots": vote.ballots.count(),
                "participants": vote.result["turnout"]["total"],
                "by": by.pk,
                "automatic": automatic,
            },
        )
        try:
            _apply_outcome(vote, by)
        except ProposalError as error:
            raise VotingError(str(error)) from error
        vote_closed.send(sender=Vote, vote=vote, by=by)
    return vote


def close_if_due(vote: Vote, now=None) -> Vote:
    """Close a vote whose closing time has passed (pages and the API call this before showing
    a vote, and ``manage.py close_due_votes`` does it on a schedule), so results appear at the
    closing time without anyone pressing "Close"."""
    now = now or timezone.now()
    if vote.status != Vote.Status.OPEN or vote.closes_at is None or vote.closes_at > now:
        return vote
    try:
        return close_vote(vote, vote.created_by, automatic=True)
    except NotOpen:  # someone else closed it a moment ago
        vote.refresh_from_db()
        return vote


def close_due_votes(now=None) -> list[Vote]:
    now = now or timezone.now()
    due = Vote.objects.filter(status=Vote.Status.OPEN, closes_at__lte=now)
    return [close_if_due(vote, now) for vote in due]


def _apply_outcome(vote: Vote, by) -> None:
    outcome = vote.result["outcome"]
    if vote.amendment_id:
        from . import proposals

        if outcome == "carried":
            proposals.apply_carried_amendment(vote.amendment, by)
        elif outcome != "no_consensus":
            proposals.amendment_not_carried(vote.amendment, by)
        return
    if outcome == "no_consensus":
        return  # the assembly talks again and holds another round
    if vote.proposal_id:
        from . import proposals

        proposals.record_outcome(vote.proposal, outcome, by, vote=vote)
        return
    Decision.objects.create(
        assembly=vote.assembly,
        vote=vote,
        summary=decision_summary(vote)[:300],
        decided_at=vote.closed_at,
    )


def winner_labels(vote: Vote) -> list[str]:
    """The winners' names (results name options by their names)."""
    return list((vote.result or {}).get("winners", []))


def decision_summary(vote: Vote) -> str:
    result = vote.result or {}
    if not result.get("quorum", {}).get("met", True):
        return _("%(question)s: not decided (too few people voted)") % {"question": vote.question}
    if vote.method in WITH_OPTIONS:
        return _("%(question)s: %(winners)s") % {
            "question": vote.question,
            "winners": ", ".join(winner_labels(vote)) or _("no one chosen"),
        }
    words = {
        "carried": _("carried"),
        "not_carried": _("not carried"),
        "consensus": _("consensus reached"),
        "blocked": _("blocked"),
    }
    return f"{vote.question}: {words.get(result.get('outcome'), result.get('outcome'))}"


def results_visible(vote: Vote) -> bool:
    """Results are published only after the vote closes."""
    return vote.status == Vote.Status.CLOSED and vote.result is not None


# --- The decision log -----------------------------------------------------------------------


def add_progress_update(decision: Decision, by, progress: str, note: str) -> ProgressUpdate:
    if not can_update_decisions(by, decision.assembly):
        raise NotAllowed(_("Only organisers can add updates to a decision."))
    if progress not in Decision.Progress.values:
        raise VotingError(_("Choose how it is going."))
    note = note.strip()
    if not note:
        raise VotingError(_("Write what happened."))
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            decision=decision, progress=progress, note=note, by=by
        )
        Decision.objects.filter(pk=decision.pk).update(progress=progress)
        decision.progress = progress
        record(
            "decision.progress",
            f"decision:{decision.pk}",
            {"decision": decision.pk, "progress": progress, "update": update.pk, "by": by.pk},
        )
    return update


def decision_log(assembly: Assembly):
    return (
        Decision.objects.filter(assembly=assembly)
        .select_related("proposal", "vote")
        .prefetch_related("updates")
        .order_by("-decided_at", "-pk")
    )


# --- Checking stored results ----------------------------------------------------------------


def recount_problems(vote: Vote) -> list[str]:
    """Recount a closed vote from its stored ballots and room count; say what differs."""
    if vote.result is None:
        return [_("has no stored result")]
    fresh = compute_result(vote)
    stored = vote.result
    problems = []
    for key in ("winners", "stages", "outcome", "turnout"):
        if fresh.get(key) != stored.get(key):
            problems.append(
                _("the %(part)s counted again from the ballots differ from the stored result")
                % {"part": key}
            )
    if not problems and fresh != stored:
        problems.append(_("the result counted again differs from the stored result"))
    return problems


def closed_hash_problems(vote: Vote) -> list[str]:
    """Whether the stored result is the one the audit chain recorded at closing."""
    from folkmoot.audit.models import Entry

    entry = Entry.objects.filter(kind="vote.closed", subject=f"vote:{vote.pk}").last()
    if entry is None:
        return [_("no 'vote.closed' entry in the audit record")]
    if vote.result is None or entry.payload.get("result_hash") != result_hash(vote.result):
        return [_("the stored result is not the one recorded when the vote closed")]
    return []


def open_ballot_list(vote: Vote):
    """Who voted how, for open ballots only (secret ballots have no voter)."""
    if vote.secret:
        return Ballot.objects.none()
    return vote.ballots.filter(voter__isnull=False).select_related("voter").order_by("cast_at")


def votes_of(assembly: Assembly):
    return Vote.objects.filter(assembly=assembly).select_related("proposal").order_by("-created_at")


def voted_count(vote: Vote) -> int:
    return Participation.objects.filter(Q(vote=vote)).count()
