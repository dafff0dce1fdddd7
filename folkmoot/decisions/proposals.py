"""The rules for proposals: who may do what, writing them, and their life cycle. Amendments are
in ``amendments.py``; the discussion and agendas in ``discussion.py``.

Plain functions you can test without HTTP. Every change happens in a transaction that first
locks the proposal's row, checks the rule against the locked row, and writes the change together
with its `Transition` row and its audit entry, so a refused change changes nothing and two people
pressing a button at once cannot both succeed.

Life cycle (who may move it)::

    draft ──► discussion ──► voting ──► decided (carried, not carried, consensus, blocked, chosen)
      │           │  ▲          │
      └───────────┴──┴──────────┴──► withdrawn

- draft → discussion: the author, or the assembly's organisers and facilitators;
- discussion → voting, voting → discussion (no vote open), voting → decided: organisers and
  facilitators (the voting code calls `start_voting` and `record_outcome`);
- → withdrawn (from draft, discussion or voting, not while a vote on it is open): the author,
  organisers and facilitators. Decided and withdrawn are final.

Network organisers have every organiser power on every assembly, as elsewhere in Folkmoot.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly, Role
from folkmoot.assemblies.services import has_role, is_member
from folkmoot.audit.services import record
from folkmoot.meetings import services as meeting_services
from folkmoot.network.services import is_network_organiser

from .models import Amendment, Decision, Proposal, ProposalVersion, Transition, Vote
from .signals import proposal_decided

Status = Proposal.Status
Outcome = Proposal.Outcome


class ProposalError(Exception):
    """A change was refused; the message says why in plain words. Nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- Who may do what ------------------------------------------------------------------------


def can_manage(user, assembly: Assembly) -> bool:
    """Organisers and facilitators of the assembly (and network organisers) move proposals."""
    if not user.is_authenticated:
        return False
    return has_role(user, assembly, Role.Kind.ORGANISER, Role.Kind.FACILITATOR) or (
        is_network_organiser(user)
    )


def is_author(user, proposal: Proposal) -> bool:
    return user.is_authenticated and proposal.author_id == user.pk


def can_see(user, proposal: Proposal) -> bool:
    """Drafts are seen by their author and the people who move proposals; the rest by all."""
    if proposal.status != Status.DRAFT:
        return True
    return is_author(user, proposal) or can_manage(user, proposal.assembly)


def can_submit(user, assembly: Assembly) -> bool:
    return is_member(user, assembly)


def can_edit(user, proposal: Proposal) -> bool:
    return proposal.status == Status.DRAFT and is_author(user, proposal)


def can_amend(user, proposal: Proposal) -> bool:
    return proposal.status == Status.DISCUSSION and is_member(user, proposal.assembly)


def can_comment(user, proposal: Proposal) -> bool:
    """Members (and those who run the assembly) talk while it is open or being decided."""
    if proposal.status not in (Status.DISCUSSION, Status.VOTING):
        return False
    return is_member(user, proposal.assembly) or can_manage(user, proposal.assembly)


def can_put_on_agenda(user, proposal: Proposal) -> bool:
    return meeting_services.can_manage(user, proposal.assembly)


def visible_proposals(assembly: Assembly, user) -> QuerySet[Proposal]:
    """Everything but other people's drafts (those who move proposals see every draft)."""
    proposals = assembly.proposals.select_related("author", "meeting")
    if can_manage(user, assembly):
        return proposals
    if user.is_authenticated:
        return proposals.filter(~Q(status=Status.DRAFT) | Q(author=user))
    return proposals.exclude(status=Status.DRAFT)


def status_counts(proposals: QuerySet[Proposal]) -> dict[str, int]:
    """How many proposals are in each state (every state listed, zeros included)."""
    counts = dict.fromkeys(Status.values, 0)
    for row in proposals.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


# --- Links ----------------------------------------------------------------------------------


_url_validator = URLValidator(schemes=["http", "https"])


def clean_links(text: str) -> list[str]:
    """One web address per line (blank lines ignored). Only http and https are allowed."""
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            _url_validator(line)
        except ValidationError:
            raise ProposalError(
                _(
                    "Line %(number)s is not a web address starting with http:// or https://. "
                    "Put one address on each line."
                )
                % {"number": number}
            ) from None
        links.append(line)
    return links


def links_of(proposal: Proposal) -> list[str]:
    """The stored links, checked again so nothing but http(s) ever becomes a link."""
    result = []
    for line in proposal.links.splitlines():
        line = line.strip()
        try:
            _url_validator(line)
        except ValidationError:
            continue
        result.append(line)
    return result


# --- Writing a proposal ---------------------------------------------------------------------


def _audit_transition(proposal: Proposal, transition: Transition, **extra) -> None:
    payload = {
        "proposal": proposal.pk,
        "assembly": proposal.assembly_id,
        "from": transition.from_status,
        "to": transition.to_status,
        "by": transition.by_id,
        "at": transition.at,
    }
    payload.update(extra)
    record("proposal.transition", f"proposal:{proposal.pk}", payload)


def _check_text(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    if not title:
        raise ProposalError(_("Give the proposal a short title."))
    if "\x00" in title + body:
        raise ProposalError(_("Take out the invisible control characters and try again."))
    if len(title) > Proposal._meta.get_field("title").max_length:
        raise ProposalError(_("Make the title shorter: up to 200 characters."))
    if not body:
        raise ProposalError(_("Write what you propose."))
    return title, body


@transaction.atomic
def submit_proposal(
    assembly: Assembly,
    author,
    *,
    title: str,
    body: str,
    links: str = "",
    authorised: bool = False,
    **audit,
) -> Proposal:
    """A member writes a proposal. It starts as a draft that only they and the people who
    run the assembly can see.

    ``authorised`` is for proposals the rules put on an assembly's agenda (a council referring
    a question down): the caller has checked who may do it. ``audit`` adds to the audit entry.
    """
    if not authorised and not can_submit(author, assembly):
        raise ProposalError(
            _("Only members of %(name)s can write proposals to it.") % {"name": assembly.name}
        )
    title, body = _check_text(title, body)
    link_list = clean_links(links)
    proposal = Proposal.objects.create(
        assembly=assembly,
        author=author,
        title=title,
        body=body,
        links="\n".join(link_list),
    )
    ProposalVersion.objects.create(proposal=proposal, number=1, body=body, created_by=author)
    transition = Transition.objects.create(
        proposal=proposal, from_status="", to_status=Status.DRAFT, by=author
    )
    _audit_transition(proposal, transition, **audit)
    return proposal


def lock_proposal(proposal: Proposal) -> Proposal:
    """The proposal's row, locked until the transaction ends, with its current values."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def refresh_from_locked(proposal: Proposal, locked: Proposal) -> None:
    """Give the caller's object the values just written through the locked row."""
    for field in ("title", "body", "links", "status", "outcome", "meeting_id", "updated_at"):
        setattr(proposal, field, getattr(locked, field))


@transaction.atomic
def edit_draft(proposal: Proposal, by, *, title: str, body: str, links: str = "") -> Proposal:
    """The author changes their draft. Once it is open, changes come as amendments."""
    locked = lock_proposal(proposal)
    if not is_author(by, locked):
        raise ProposalError(_("Only the person who wrote it can change a draft."))
    if locked.status != Status.DRAFT:
        raise ProposalError(
            _("It is open now, so it cannot be changed directly. Suggest a change instead.")
        )
    title, body = _check_text(title, body)
    locked.links = "\n".join(clean_links(links))
    locked.title, locked.body = title, body
    locked.save(update_fields=["title", "body", "links", "updated_at"])
    ProposalVersion.objects.filter(proposal=locked, number=1).update(body=body)
    refresh_from_locked(proposal, locked)
    return proposal


def body_html(text: str) -> SafeString:
    """The proposal's Markdown as sanitised HTML (the same cleaner as the minutes)."""
    return mark_safe(meeting_services.render_markdown(text))  # noqa: S308 -- nh3-cleaned


# --- The life cycle -------------------------------------------------------------------------


# Which moves exist at all. Voting → decided needs an outcome (see `record_outcome`).
MOVES: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.DISCUSSION, Status.WITHDRAWN),
    Status.DISCUSSION: (Status.VOTING, Status.WITHDRAWN),
    Status.VOTING: (Status.DECIDED, Status.DISCUSSION, Status.WITHDRAWN),
    Status.DECIDED: (),
    Status.WITHDRAWN: (),
}


def _may_move(user, proposal: Proposal, to: str) -> bool:
    manager = can_manage(user, proposal.assembly)
    if to == Status.DISCUSSION and proposal.status == Status.DRAFT:
        return manager or is_author(user, proposal)
    if to == Status.WITHDRAWN:
        return manager or is_author(user, proposal)
    return manager


def allowed_moves(user, proposal: Proposal) -> list[str]:
    """The moves this person may make now (for buttons; the rules are checked again on POST)."""
    return [to for to in MOVES[proposal.status] if _may_move(user, proposal, to)]


def _open_vote_on(proposal: Proposal) -> bool:
    return Vote.objects.filter(proposal=proposal, status=Vote.Status.OPEN).exists()


def _check_move(locked: Proposal, to: str, by) -> None:
    if to not in Status.values:
        raise ProposalError(_("That is not a step a proposal can take."))
    if locked.status == to:
        raise ProposalError(_("It is already “%(status)s”.") % {"status": Status(to).label})
    if to not in MOVES[locked.status]:
        if locked.status in (Status.DECIDED, Status.WITHDRAWN):
            raise ProposalError(
                _("It is already %(status)s, so it cannot change any more.")
                % {"status": Status(locked.status).label.lower()}
            )
        raise ProposalError(
            _("A proposal that is “%(from)s” cannot go straight to “%(to)s”.")
            % {"from": Status(locked.status).label, "to": Status(to).label}
        )
    if not _may_move(by, locked, to):
        if to == Status.WITHDRAWN:
            raise ProposalError(
                _("Only the person who wrote it, or the organisers, can withdraw it.")
            )
        raise ProposalError(_("Only the assembly's organisers and facilitators can do that."))
    if locked.status == Status.VOTING and to != Status.DECIDED and _open_vote_on(locked):
        raise ProposalError(_("A vote on it is open. Close the vote first."))


def _transition(proposal: Proposal, to: str, by, *, note: str = "", **audit) -> Transition:
    """Check and make one move. Call inside a transaction."""
    locked = lock_proposal(proposal)
    _check_move(locked, to, by)
    from_status = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    if "outcome" in audit:
        locked.outcome = audit["outcome"]
        fields.append("outcome")
    locked.save(update_fields=fields)
    transition = Transition.objects.create(
        proposal=locked, from_status=from_status, to_status=to, by=by, note=note.strip()[:300]
    )
    _audit_transition(locked, transition, **audit)
    refresh_from_locked(proposal, locked)
    return transition


@transaction.atomic
def open_for_discussion(proposal: Proposal, by) -> Transition:
    return _transition(proposal, Status.DISCUSSION, by)


@transaction.atomic
def withdraw(proposal: Proposal, by, note: str = "") -> Transition:
    return _transition(proposal, Status.WITHDRAWN, by, note=note)


@transaction.atomic
def start_voting(proposal: Proposal, by) -> Transition:
    """Discussion → voting (for the voting code, or an organiser's button).

    Refused while an amendment put to a vote is still waiting: amendments are decided first,
    so everyone votes on the final text.
    """
    locked = lock_proposal(proposal)
    waiting = Amendment.objects.filter(proposal=locked, status=Amendment.Status.TO_VOTE)
    if waiting.exists() and locked.status == Status.DISCUSSION:
        raise ProposalError(_("Some changes are waiting for their own vote. Decide those first."))
    return _transition(proposal, Status.VOTING, by)


@transaction.atomic
def back_to_discussion(proposal: Proposal, by, note: str = "") -> Transition:
    """Voting → discussion, when no vote on it is open (e.g. the vote was called off)."""
    return _transition(proposal, Status.DISCUSSION, by, note=note)


def default_summary(proposal: Proposal, outcome: str) -> str:
    return f"{proposal.title}: {Outcome(outcome).label}"[:300]


@transaction.atomic
def record_outcome(
    proposal: Proposal,
    outcome: str,
    by,
    vote: Vote | None = None,
    *,
    summary: str = "",
) -> Decision:
    """Voting → decided with an outcome; creates the `Decision` (for the voting code).

    ``vote`` is the vote that decided it, if any. ``summary`` defaults to "title: outcome".
    Only one decision per proposal (a database constraint as well as this rule).
    """
    if outcome not in Outcome.values:
        raise ProposalError(_("Choose what was decided."))
    if vote is not None and vote.proposal_id not in (None, proposal.pk):
        raise ProposalError(_("That vote is about another proposal."))
    transition = _transition(
        proposal,
        Status.DECIDED,
        by,
        note=Outcome(outcome).label,
        outcome=outcome,
        vote=vote.pk if vote is not None else None,
    )
    decision = Decision.objects.create(
        assembly_id=proposal.assembly_id,
        proposal=proposal,
        vote=vote,
        summary=(summary.strip() or default_summary(proposal, outcome))[:300],
        decided_at=transition.at,
    )
    proposal_decided.send(
        sender=Proposal, proposal=proposal, decision=decision, outcome=outcome, by=by
    )
    return decision


def move(proposal: Proposal, to: str, by, *, outcome: str = "", note: str = ""):
    """One entry point for the "move" page: dispatches to the functions above."""
    if to == Status.DISCUSSION and proposal.status == Status.VOTING:
        return back_to_discussion(proposal, by, note)
    if to == Status.DISCUSSION:
        return open_for_discussion(proposal, by)
    if to == Status.VOTING:
        return start_voting(proposal, by)
    if to == Status.DECIDED:
        return record_outcome(proposal, outcome, by)
    if to == Status.WITHDRAWN:
        return withdraw(proposal, by, note)
    raise ProposalError(_("That is not a step a proposal can take."))
