"""Counts in the room: what tellers count, the hybrid guard against counting anyone twice
(online and in the room), and paper ranked ballots read from a BLT file.

A count is only stored here; ``results.py`` adds it to the online ballots when the vote closes.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from folkmoot.attendance.models import Attendance
from folkmoot.audit.services import record

from .models import Participation, RoomCount, Vote
from .voting import (
    RANKED,
    M,
    NotAllowed,
    NotOpen,
    RoomCountProblem,
    can_count,
    eligible_people,
    lock_vote,
)

# --- What is counted ------------------------------------------------------------------------


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


# --- Each person counted once ---------------------------------------------------------------


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


# --- Entering a count -----------------------------------------------------------------------


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
    if not can_count(teller, vote.body):
        raise NotAllowed(_("Only tellers and organisers can enter the count in the room."))
    if vote.mode == Vote.Mode.ONLINE:
        raise RoomCountProblem(_("This vote is online only: there is no count in the room."))
    reason = reason.strip()
    with transaction.atomic():
        vote = lock_vote(vote)
        if vote.status != Vote.Status.OPEN:
            raise NotOpen(_("Counts can only be entered while the vote is open."))
        previous = current_room_count(vote)
        if previous is not None and not reason:
            raise RoomCountProblem(_("There is already a count. Say why you are correcting it."))
        counts = _clean_counts(vote, counts)
        paper_ballots = paper_ballots or []
        new = RoomCount(vote=vote, counts=counts, paper_ballots=paper_ballots, entered_by=teller)
        people = room_people(vote, new)
        if people == 0 and vote.mode == Vote.Mode.ROOM and not reason:
            # Nobody counted in a vote held only in the room is almost always a slip of the
            # thumb. A correction (with its reason) may still record an empty room.
            raise RoomCountProblem(_("Nobody was counted. Check the numbers and enter them again."))
        _check_room_total(vote, people)
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
    if not isinstance(counts, dict):
        raise RoomCountProblem(_("Each count must be a whole number, 0 or more."))
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


# --- Paper ballots from a BLT file ----------------------------------------------------------


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
