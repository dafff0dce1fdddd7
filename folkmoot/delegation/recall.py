"""Recall: the members of the electing body take a delegate's seat back, at any time.

A member opens a petition (their signature is the first); others sign. The number needed is
fixed when it opens: the smaller of the network's share of resident members and its cap.
When it is reached a recall vote opens at once (simple majority, secret, online, seven days).
If it is carried the delegate loses the seat at once: their votes on council questions still
open are withdrawn, the first substitute steps up, and if no one does, the seat is empty
until a by-election fills it. Nothing in a term stops a petition; only one runs at a time.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly, Membership
from folkmoot.audit.services import record
from folkmoot.councils.rules import recall_threshold
from folkmoot.decisions import voting
from folkmoot.decisions.bodies import belongs, is_council, seat_holders
from folkmoot.decisions.models import Vote
from folkmoot.meetings.models import Meeting
from folkmoot.network.models import Network
from folkmoot.network.request_cache import remembered

from .elections import can_appoint, substitutes
from .models import DelegateTerm, RecallPetition, RecallSignature

Status = RecallPetition.Status
RECALL_VOTE_DAYS = 7


class RecallError(Exception):
    """A petition, signature or recall that cannot go ahead; the message says why."""


def resident_members(assembly: Assembly) -> int:
    """Current members who live in the area (self-declared or verified): the base of the
    threshold."""
    return Membership.objects.filter(
        assembly=assembly,
        left_at__isnull=True,
        residency__in=[Membership.Residency.SELF_DECLARED, Membership.Residency.VERIFIED],
    ).count()


def threshold_for(body) -> int:
    """The network's rule, on an assembly's resident members or on the number of people
    holding a seat on a council (its electorate)."""
    network = Network.current()
    base = len(seat_holders(body)) if is_council(body) else resident_members(body)
    return recall_threshold(base, network.recall_percent, network.recall_cap)


def _outsider(user, term: DelegateTerm, action: str) -> str | None:
    """Why ``user`` is not one of the electing body's people (its members, or the delegates
    holding the lower council's seats), for "start" or "sign"."""
    body = term.member.body
    if belongs(user, body):
        return None
    if is_council(body):
        words = {"start": _("start a petition to recall"), "sign": _("sign a petition to recall")}
        return _(
            "Only the delegates who hold a seat on %(council)s can %(action)s its delegates."
        ) % {"council": body.name, "action": words[action]}
    if action == "start":
        return _("Only members of %(assembly)s can start a petition to recall its delegates.") % {
            "assembly": body.name
        }
    return _("Only members of %(assembly)s can sign a petition to recall its delegates.") % {
        "assembly": body.name
    }


def live_petition(term: DelegateTerm) -> RecallPetition | None:
    return (
        RecallPetition.objects.filter(delegate=term, status__in=[Status.GATHERING, Status.VOTING])
        .select_related("vote")
        .first()
    )


def has_signed(petition: RecallPetition, person) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    return remembered(
        ("recall_signed", petition.pk, person.pk),
        lambda: petition.signatures.filter(person=person).exists(),
    )


# --- Who may do what ---------------------------------------------------------------------------


def opening_problem(user, term: DelegateTerm) -> str | None:
    """Why this person cannot open a recall petition on this delegate, or None."""
    if term.ended_at is not None:
        return _("%(name)s no longer holds this seat.") % {"name": term.person.public_name}
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to start a recall petition.")
    if problem := _outsider(user, term, "start"):
        return problem
    if live_petition(term) is not None:
        return _("There is already a petition to recall %(name)s: sign that one.") % {
            "name": term.person.public_name
        }
    return None


def signing_problem(user, petition: RecallPetition) -> str | None:
    """Why this person cannot sign this petition, or None."""
    term = petition.delegate
    if petition.status != Status.GATHERING:
        return _("This petition is no longer gathering signatures.")
    if term.ended_at is not None:
        return _("%(name)s no longer holds this seat.") % {"name": term.person.public_name}
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to sign the petition.")
    if problem := _outsider(user, term, "sign"):
        return problem
    if has_signed(petition, user):
        return _("You have already signed this petition. Each member signs once.")
    return None


# --- Petitions and signatures ------------------------------------------------------------------


def open_petition(term: DelegateTerm, by, reason: str) -> RecallPetition:
    """Open a petition to recall ``term``'s delegate; the opener's signature counts."""
    # NUL cannot be stored in PostgreSQL's text, and nobody means to type it.
    reason = (reason or "").replace("\x00", "").strip()
    problem = opening_problem(by, term)
    if problem:
        raise RecallError(problem)
    if not reason:
        raise RecallError(_("Say why this delegate should be recalled."))
    try:
        with transaction.atomic():
            petition = RecallPetition.objects.create(
                delegate=term,
                reason=reason,
                opened_by=by,
                threshold=threshold_for(term.member.body),
            )
            RecallSignature.objects.create(petition=petition, person=by)
            record(
                "recall.opened",
                f"recall:{petition.pk}",
                {
                    "petition": petition.pk,
                    "delegate_term": term.pk,
                    "delegate": term.person_id,
                    "member": term.member_id,
                    "council": term.member.council_id,
                    "reason": reason,
                    "threshold": petition.threshold,
                    "by": by.pk,
                },
            )
            _vote_if_reached(petition)
    except IntegrityError as error:
        raise RecallError(
            _("There is already a petition to recall %(name)s: sign that one.")
            % {"name": term.person.public_name}
        ) from error
    return petition


def sign_petition(petition: RecallPetition, person) -> RecallSignature:
    """Add ``person``'s signature; at the threshold the recall vote opens at once."""
    try:
        with transaction.atomic():
            # Only the petition row is locked: PostgreSQL cannot lock the nullable side of an
            # outer join (member.assembly), and the petition is what signers queue on.
            petition = (
                RecallPetition.objects.select_for_update(of=("self",))
                .select_related("delegate__member__assembly", "delegate__person")
                .get(pk=petition.pk)
            )
            problem = signing_problem(person, petition)
            if problem:
                raise RecallError(problem)
            signature = RecallSignature.objects.create(petition=petition, person=person)
            record(
                "recall.signed",
                f"recall:{petition.pk}",
                {"petition": petition.pk, "person": person.pk},
            )
            _vote_if_reached(petition)
    except IntegrityError as error:
        raise RecallError(
            _("You have already signed this petition. Each member signs once.")
        ) from error
    return signature


def recall_question(term: DelegateTerm) -> str:
    return _("Recall %(name)s as delegate to %(council)s?") % {
        "name": term.person.public_name,
        "council": term.member.council,
    }


def _recall_meeting(term: DelegateTerm):
    """The assembly's next planned meeting, where the network holds recall votes at meetings
    (in the room and online, so nobody is shut out), or None for a vote online."""
    if not Network.current().recall_vote_at_meeting or not term.member.assembly_id:
        return None
    return (
        Meeting.objects.filter(
            assembly_id=term.member.assembly_id,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )


def _meeting_end(meeting) -> datetime.datetime:
    """Online ballots stay open until the meeting ends (or three hours after it starts)."""
    return meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=3)


def lapse_petitions(term_ids, now=None) -> int:
    """Petitions still gathering on terms that ended another way (a new term, resignation, a
    council's minute) end with them: nobody can sign a petition against an empty seat."""
    now = now or timezone.now()
    live = RecallPetition.objects.filter(delegate_id__in=list(term_ids), status=Status.GATHERING)
    ids = list(live.values_list("pk", flat=True))
    live.update(status=Status.LAPSED, closed_at=now)
    for pk in ids:
        record("recall.lapsed", f"recall:{pk}", {"petition": pk})
    return len(ids)


def _vote_if_reached(petition: RecallPetition) -> None:
    """Open the recall vote when the signatures reach the threshold (inside the caller's
    transaction, with the petition locked)."""
    if petition.status != Status.GATHERING:
        return
    if petition.signatures.count() < petition.threshold:
        return
    term = petition.delegate
    opener = petition.opened_by
    meeting = _recall_meeting(term)
    try:
        vote = voting.create_vote(
            term.member.body,
            opener,
            voting.VoteSetup(
                question=recall_question(term),
                method=Vote.Method.MAJORITY,
                secret=True,
                mode=Vote.Mode.HYBRID if meeting else Vote.Mode.ONLINE,
                who=Vote.Who.MEMBERS,
                meeting=meeting,
                closes_at=_meeting_end(meeting)
                if meeting
                else timezone.now() + datetime.timedelta(days=RECALL_VOTE_DAYS),
            ),
            authorised=True,
        )
        vote = voting.open_vote(vote, opener, authorised=True)
    except voting.VotingError as error:
        raise RecallError(str(error)) from error
    petition.vote = vote
    petition.status = Status.VOTING
    petition.save(update_fields=["vote", "status"])
    record(
        "recall.vote_opened",
        f"recall:{petition.pk}",
        {
            "petition": petition.pk,
            "vote": vote.pk,
            "signatures": petition.signatures.count(),
            "threshold": petition.threshold,
        },
    )


# --- The result ----------------------------------------------------------------------------------


def settle_recall(petition: RecallPetition, by) -> RecallPetition:
    """Apply a closed recall vote: carried takes the seat back, otherwise the delegate keeps
    it. Settling twice does nothing the second time."""
    with transaction.atomic():
        petition = (  # of=("self",): the related rows come from outer joins
            RecallPetition.objects.select_for_update(of=("self",))
            .select_related("vote", "delegate__member__assembly", "delegate__person")
            .get(pk=petition.pk)
        )
        if petition.status != Status.VOTING or petition.vote.status != Vote.Status.CLOSED:
            return petition
        carried = (petition.vote.result or {}).get("outcome") == "carried"
        petition.status = Status.RECALLED if carried else Status.KEPT
        petition.closed_at = timezone.now()
        petition.save(update_fields=["status", "closed_at"])
        record(
            "recall.decided",
            f"recall:{petition.pk}",
            {
                "petition": petition.pk,
                "vote": petition.vote_id,
                "outcome": petition.status,
                "delegate_term": petition.delegate_id,
            },
        )
        if carried:
            term = petition.delegate
            when = date_format(timezone.localtime(petition.closed_at), "j F Y")
            unseat(
                term,
                by=by,
                end_reason=DelegateTerm.EndReason.RECALLED,
                reason=_("Recalled by %(body)s on %(when)s")
                % {"body": term.member.body, "when": when},
            )
    return petition


def unseat(term: DelegateTerm, *, by, end_reason: str, reason: str) -> DelegateTerm | None:
    """End ``term`` now: withdraw its votes on questions still open, seat the first substitute
    if there is one, and tell the organisers. Returns the substitute who stepped up."""
    from folkmoot.councils.seat_votes import withdraw_open_votes

    with transaction.atomic():
        term = DelegateTerm.objects.select_for_update().select_related("member").get(pk=term.pk)
        if term.ended_at is not None:
            return None
        now = timezone.now()
        term.ended_at = now
        term.end_reason = end_reason
        term.save(update_fields=["ended_at", "end_reason"])
        withdraw_open_votes(term, reason)
        lapse_petitions([term.pk], now)
        stepped_up = None
        if not term.substitute:
            stepped_up = substitutes(term.member).select_for_update().first()
        if stepped_up is not None:
            stepped_up.substitute = False
            stepped_up.seated_at = now
            stepped_up.save(update_fields=["substitute", "seated_at"])
            record(
                "delegate.substitute_seated",
                f"delegate:{stepped_up.pk}",
                {"term": stepped_up.pk, "replaces": term.pk, "person": stepped_up.person_id},
            )
        record(
            "delegate.unseated",
            f"delegate:{term.pk}",
            {
                "term": term.pk,
                "person": term.person_id,
                "member": term.member_id,
                "council": term.member.council_id,
                "end_reason": end_reason,
                "reason": reason,
                "substitute_seated": stepped_up.pk if stepped_up else None,
                "by": by.pk if by is not None else None,
            },
        )
        if term.member.assembly_id:
            from .tasks import send_seat_notice

            send_seat_notice.enqueue(term.pk)
    return stepped_up


def recall_appointed(term: DelegateTerm, by, minute: str) -> DelegateTerm | None:
    """A council takes back the seat of a delegate it appointed to the council above: its
    conveners record the council's decision."""
    minute = (minute or "").strip()
    if term.member.member_council_id is None:
        raise RecallError(_("An assembly's delegates are recalled by a petition and a vote."))
    if not can_appoint(by, term.member):
        raise RecallError(
            _("Only the conveners of %(council)s can record its decisions.")
            % {"council": term.member.member_council}
        )
    if term.ended_at is not None:
        raise RecallError(_("%(name)s no longer holds this seat.") % {"name": term.person})
    if not minute:
        raise RecallError(_("Write the council's decision (its minute)."))
    with transaction.atomic():
        record(
            "delegate.recalled_by_council",
            f"delegate:{term.pk}",
            {"term": term.pk, "minute": minute, "by": by.pk},
        )
        return unseat(
            term,
            by=by,
            end_reason=DelegateTerm.EndReason.RECALLED,
            reason=_("Recalled by %(council)s: %(minute)s")
            % {"council": term.member.member_council, "minute": minute[:120]},
        )


def petitions_for(terms) -> list[RecallPetition]:
    from django.db.models import Count

    return list(
        RecallPetition.objects.filter(delegate__in=terms)
        .select_related("vote", "delegate__person")
        .annotate(signature_count=Count("signatures"))
        .order_by("-opened_at", "-pk")
    )
