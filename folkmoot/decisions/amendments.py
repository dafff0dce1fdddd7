"""Amendments: a member suggests the whole text as they would change it; the proposal's author
takes it or turns it down, or the organisers put it to a vote (``results.py`` then applies the
vote's outcome). Every accepted change is a new `ProposalVersion`, shown word by word.

Like the life cycle in ``proposals.py``, each change locks the rows it checks first, so a
refused change changes nothing.
"""

from __future__ import annotations

import difflib
import re

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from folkmoot.assemblies.services import is_member
from folkmoot.audit.services import record

from .models import Amendment, Proposal, ProposalVersion, Vote
from .proposals import ProposalError, Status, can_manage, is_author, lock_proposal

# --- Suggesting a change --------------------------------------------------------------------


def current_version(proposal: Proposal) -> ProposalVersion:
    return proposal.versions.order_by("-number").first()


def _stale() -> ProposalError:
    return ProposalError(_("The text changed since; look at it again."))


@transaction.atomic
def propose_amendment(
    proposal: Proposal, author, *, text: str, based_on: int, reason: str = ""
) -> Amendment:
    """A member suggests the whole text as they would change it, based on the version they
    read. If the text changed in the meantime, they are asked to look again."""
    locked = lock_proposal(proposal)
    if locked.status != Status.DISCUSSION:
        raise ProposalError(_("Changes can only be suggested while it is open for discussion."))
    if not is_member(author, locked.assembly):
        raise ProposalError(_("Only members of the assembly can suggest changes."))
    if current_version(locked).number != based_on:
        raise _stale()
    text = text.strip()
    if not text:
        raise ProposalError(_("Write the proposal as you would change it."))
    if "\x00" in text + reason:
        raise ProposalError(_("Take out the invisible control characters and try again."))
    if len(reason.strip()) > Amendment._meta.get_field("reason").max_length:
        raise ProposalError(_("Make the reason shorter: up to 500 characters."))
    if text == locked.body.strip():
        raise ProposalError(_("Your text is the same as the proposal. Change something first."))
    return Amendment.objects.create(
        proposal=locked, author=author, based_on=based_on, text=text, reason=reason.strip()
    )


# --- Taking it, turning it down, voting on it -----------------------------------------------


def _locked_amendment(amendment: Amendment) -> tuple[Amendment, Proposal]:
    proposal = Proposal.objects.select_for_update().get(pk=amendment.proposal_id)
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    return locked, proposal


def _apply(amendment: Amendment, proposal: Proposal, by, status: str, kind: str) -> None:
    """Make the amendment's text the proposal's text: a new version, and an audit entry."""
    if current_version(proposal).number != amendment.based_on:
        raise _stale()
    number = amendment.based_on + 1
    ProposalVersion.objects.create(
        proposal=proposal, number=number, body=amendment.text, amendment=amendment, created_by=by
    )
    proposal.body = amendment.text
    proposal.save(update_fields=["body", "updated_at"])
    amendment.status = status
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["status", "decided_at"])
    record(
        kind,
        f"proposal:{proposal.pk}",
        {
            "proposal": proposal.pk,
            "amendment": amendment.pk,
            "version": number,
            "based_on": amendment.based_on,
            "by": by.pk,
            "at": amendment.decided_at,
        },
    )


def _done(amendment: Amendment, locked: Amendment) -> None:
    amendment.status, amendment.decided_at = locked.status, locked.decided_at


@transaction.atomic
def accept_amendment(amendment: Amendment, by) -> ProposalVersion:
    """The proposal's author takes the change: it becomes the new text (a new version)."""
    locked, proposal = _locked_amendment(amendment)
    if not is_author(by, proposal):
        raise ProposalError(_("Only the person who wrote the proposal can accept a change."))
    if proposal.status != Status.DISCUSSION:
        raise ProposalError(_("Changes can only be taken while it is open for discussion."))
    if locked.status != Amendment.Status.PROPOSED:
        raise ProposalError(_("This change was already dealt with."))
    _apply(locked, proposal, by, Amendment.Status.ACCEPTED, "amendment.accepted")
    _done(amendment, locked)
    return current_version(proposal)


@transaction.atomic
def reject_amendment(amendment: Amendment, by) -> None:
    """The proposal's author does not take the change. It can still be put to a vote."""
    locked, proposal = _locked_amendment(amendment)
    if not is_author(by, proposal):
        raise ProposalError(_("Only the person who wrote the proposal can turn down a change."))
    if locked.status != Amendment.Status.PROPOSED:
        raise ProposalError(_("This change was already dealt with."))
    locked.status = Amendment.Status.REJECTED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    _done(amendment, locked)


@transaction.atomic
def withdraw_amendment(amendment: Amendment, by) -> None:
    """Whoever suggested a change takes it back (not once it is decided or being voted on)."""
    locked, _proposal = _locked_amendment(amendment)
    if by.pk != locked.author_id:
        raise ProposalError(_("Only the person who suggested the change can withdraw it."))
    if locked.status not in (Amendment.Status.PROPOSED, Amendment.Status.TO_VOTE):
        raise ProposalError(_("This change was already dealt with."))
    if Vote.objects.filter(amendment=locked, status=Vote.Status.OPEN).exists():
        raise ProposalError(_("A vote on this change is open. It cannot be withdrawn now."))
    locked.status = Amendment.Status.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    _done(amendment, locked)


@transaction.atomic
def put_amendment_to_vote(amendment: Amendment, by) -> None:
    """Organisers or facilitators put a change to the assembly's vote (whether or not the
    author turned it down). The voting code then opens a `Vote` with ``amendment`` set."""
    locked, proposal = _locked_amendment(amendment)
    if not can_manage(by, proposal.assembly):
        raise ProposalError(_("Only the assembly's organisers and facilitators can do that."))
    if proposal.status != Status.DISCUSSION:
        raise ProposalError(_("Changes can only be voted on while it is open for discussion."))
    if locked.status not in (Amendment.Status.PROPOSED, Amendment.Status.REJECTED):
        raise ProposalError(_("This change was already dealt with."))
    if current_version(proposal).number != locked.based_on:
        raise _stale()
    locked.status = Amendment.Status.TO_VOTE
    locked.decided_at = None
    locked.save(update_fields=["status", "decided_at"])
    _done(amendment, locked)


@transaction.atomic
def apply_carried_amendment(amendment: Amendment, by) -> ProposalVersion:
    """For the voting code: the vote on this change carried, so it becomes the text.

    Refused (ProposalError) unless the amendment is "put to a vote", the proposal is open for
    discussion, and the text has not changed since the amendment was written.
    """
    locked, proposal = _locked_amendment(amendment)
    if locked.status != Amendment.Status.TO_VOTE:
        raise ProposalError(_("This change was not put to a vote."))
    if proposal.status != Status.DISCUSSION:
        raise ProposalError(_("Changes can only be taken while it is open for discussion."))
    _apply(locked, proposal, by, Amendment.Status.CARRIED, "amendment.carried")
    _done(amendment, locked)
    return current_version(proposal)


@transaction.atomic
def amendment_not_carried(amendment: Amendment, by) -> None:
    """For the voting code: the vote on this change did not carry; the text stays."""
    locked, _proposal = _locked_amendment(amendment)
    if locked.status != Amendment.Status.TO_VOTE:
        raise ProposalError(_("This change was not put to a vote."))
    locked.status = Amendment.Status.REJECTED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    record(
        "amendment.not_carried",
        f"proposal:{locked.proposal_id}",
        {
            "proposal": locked.proposal_id,
            "amendment": locked.pk,
            "by": by.pk,
            "at": locked.decided_at,
        },
    )
    _done(amendment, locked)


# --- Readable differences -------------------------------------------------------------------


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def word_diff_html(old: str, new: str) -> SafeString:
    """What changed between two texts, word by word, as escaped HTML.

    Removed words are in <del>, added ones in <ins>, each starting with a hidden "removed:" /
    "added:" label for screen readers (and the page styles them with a line and underline, not
    only colour). Every piece of text is escaped, so the result is safe to show as it is.
    """
    a, b = _tokens(old), _tokens(new)
    removed = escape(_("removed:"))
    added = escape(_("added:"))
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                f'<del><span class="visually-hidden">{removed} </span>'
                f"{escape(''.join(a[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            parts.append(
                f'<ins><span class="visually-hidden">{added} </span>'
                f"{escape(''.join(b[j1:j2]))}</ins>"
            )
    return mark_safe("".join(parts))  # noqa: S308 -- every piece above is escaped


def amendment_diff(
    amendment: Amendment, versions: dict[int, ProposalVersion] | None = None
) -> SafeString:
    """The amendment against the version it is based on. A page showing many amendments
    passes the proposal's ``versions`` (by number) it already has, so none is read again."""
    if versions is not None:
        base = versions.get(amendment.based_on)
    else:
        base = ProposalVersion.objects.filter(
            proposal_id=amendment.proposal_id, number=amendment.based_on
        ).first()
    return word_diff_html(base.body if base else "", amendment.text)
