"""Talking about a proposal: comments and replies, and putting it on a meeting's agenda."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Comment
from folkmoot.assemblies.services import can_moderate
from folkmoot.meetings import services as meeting_services
from folkmoot.meetings.models import Meeting

from .models import Proposal
from .proposals import (
    ProposalError,
    Status,
    can_comment,
    can_put_on_agenda,
    lock_proposal,
    refresh_from_locked,
)

# --- Comments -------------------------------------------------------------------------------


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]


def discussion(proposal: Proposal, user) -> list[Thread]:
    """Top-level comments with their replies, oldest first. Moderators also see hidden ones."""
    comments = (
        Comment.objects.filter(proposal=proposal)
        .select_related("author")
        .annotate(report_count=Count("reports"))
        .order_by("created_at", "pk")
    )
    if not can_moderate(user, proposal.assembly):
        comments = comments.filter(hidden_at__isnull=True)
    threads: dict[int, Thread] = {}
    orphans: list[Comment] = []
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment, [])
        else:
            orphans.append(comment)
    for reply in orphans:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    return list(threads.values())


@transaction.atomic
def post_comment(proposal: Proposal, author, body: str, parent: Comment | None = None) -> Comment:
    """Comment on a proposal, or reply. A reply to a reply joins the top-level thread."""
    if not can_comment(author, proposal):
        if proposal.status not in (Status.DISCUSSION, Status.VOTING):
            raise ProposalError(_("The discussion is closed."))
        raise ProposalError(_("Only members of the assembly can join the discussion."))
    body = body.strip()
    if not body:
        raise ProposalError(_("Write something before you send it."))
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ProposalError(_("You can only reply to a comment on this proposal."))
        if parent.hidden_at is not None:
            raise ProposalError(_("That comment is hidden, so you cannot reply to it."))
        if parent.parent_id is not None:
            parent = parent.parent
    return Comment.objects.create(
        assembly_id=proposal.assembly_id,
        proposal=proposal,
        parent=parent,
        author=author,
        body=body,
    )


# --- Meetings -------------------------------------------------------------------------------


def meetings_for_agenda(proposal: Proposal) -> list[Meeting]:
    """The assembly's coming meetings whose agenda can still change."""
    meetings = meeting_services.upcoming_meetings(proposal.assembly)
    return [m for m in meetings if not meeting_services.agenda_locked_reason(m)]


@transaction.atomic
def put_on_agenda(proposal: Proposal, meeting: Meeting, by):
    """Organisers put a proposal on one of the assembly's meetings: it gets an agenda item
    with the proposal's title, and the proposal records that meeting."""
    locked = lock_proposal(proposal)
    if not can_put_on_agenda(by, locked):
        raise ProposalError(_("Only the assembly's organisers can plan the agenda."))
    if meeting.assembly_id != locked.assembly_id:
        raise ProposalError(_("Choose one of this assembly's meetings."))
    if locked.status not in (Status.DISCUSSION, Status.VOTING):
        raise ProposalError(
            _("Only a proposal that is open for discussion or being decided can go on an agenda.")
        )
    if locked.meeting_id == meeting.pk:
        raise ProposalError(_("It is already on that meeting's agenda."))
    try:
        item = meeting_services.add_agenda_item(
            meeting,
            (_("Proposal: %(title)s") % {"title": locked.title})[:200],
            _("Written by %(name)s. Read it at %(path)s")
            % {"name": locked.author.public_name, "path": locked.get_absolute_url()},
        )
    except meeting_services.MeetingError as error:
        raise ProposalError(str(error)) from error
    locked.meeting = meeting
    locked.save(update_fields=["meeting", "updated_at"])
    refresh_from_locked(proposal, locked)
    return item
