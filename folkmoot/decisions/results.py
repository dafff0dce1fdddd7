"""Closing a vote and its result: gathering the stored ballots and room count, counting them
with the plain functions in ``counting/``, applying the quorum, storing and recording the
result, and telling the proposal (or the decision log) what was decided.

Closed votes can be counted again from what is stored (``recount_problems``) and checked
against the hash the audit chain recorded when they closed (``closed_hash_problems``).
"""

from __future__ import annotations

import hashlib
import json
import math
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.audit.services import record

from .amendments import amendment_not_carried, apply_carried_amendment
from .bodies import owner
from .models import Ballot, Decision, RoomCount, Vote
from .proposals import ProposalError, record_outcome
from .room import current_room_count, room_people
from .signals import vote_closed
from .voting import (
    CONSENSUS_ANSWERS,
    FIXED_ANSWERS,
    RANKED,
    WITH_OPTIONS,
    M,
    NotAllowed,
    NotOpen,
    VotingError,
    can_manage,
    eligible_people,
    lock_vote,
    only_managers,
    option_names,
    score_range,
)

THRESHOLDS = {"1/2": Fraction(1, 2), "2/3": Fraction(2, 3), "3/4": Fraction(3, 4)}


# --- Gathering the ballots ------------------------------------------------------------------


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


# --- Counting -------------------------------------------------------------------------------


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


# --- Closing --------------------------------------------------------------------------------


def close_vote(vote: Vote, by, *, automatic: bool = False) -> Vote:
    """Close the vote, count it, store and record the result, and tell the proposal.

    ``automatic`` is the vote reaching its closing time: nobody presses a button, so the person
    who set the vote up is recorded as closing it, and the audit entry says it was automatic.
    """
    if not automatic and not can_manage(by, vote.body):
        raise NotAllowed(only_managers(vote.body, "close"))
    with transaction.atomic():
        vote = lock_vote(vote)
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
        if outcome == "carried":
            apply_carried_amendment(vote.amendment, by)
        elif outcome != "no_consensus":
            amendment_not_carried(vote.amendment, by)
        return
    if outcome == "no_consensus":
        return  # the assembly talks again and holds another round
    if vote.proposal_id:
        record_outcome(vote.proposal, outcome, by, vote=vote)
        return
    Decision.objects.create(
        **owner(vote.body),
        vote=vote,
        summary=decision_summary(vote)[:300],
        decided_at=vote.closed_at,
    )


# --- Showing the result ---------------------------------------------------------------------


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


def open_ballot_list(vote: Vote):
    """Who voted how, for open ballots only (secret ballots have no voter)."""
    if vote.secret:
        return Ballot.objects.none()
    return vote.ballots.filter(voter__isnull=False).select_related("voter").order_by("cast_at")


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
