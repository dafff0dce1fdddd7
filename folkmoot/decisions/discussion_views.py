"""Pages for the discussion of a proposal (comments, replies, reports and moderation) and for
putting it on a meeting's agenda. The rules are in discussion.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from folkmoot.assemblies import services as assembly_services
from folkmoot.assemblies.forms import ReportForm
from folkmoot.assemblies.models import Comment

from . import discussion, proposals
from .models import Proposal
from .proposal_forms import AgendaForm, ProposalCommentForm
from .proposal_views import back_to_proposal, proposal_or_404

Status = Proposal.Status


# --- Comments -------------------------------------------------------------------------------


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, pk)
    if not proposals.can_comment(request.user, proposal):
        if proposal.status in (Status.DISCUSSION, Status.VOTING):
            raise PermissionDenied
        messages.error(request, _("The discussion is closed."))
        return back_to_proposal(proposal, "discussion")
    form = ProposalCommentForm(request.POST)
    parent = None
    if form.is_valid() and form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], proposal=proposal).first()
        if parent is None:
            form.add_error(None, _("You can only reply to a comment on this proposal."))
    if form.is_valid():
        try:
            comment = discussion.post_comment(
                proposal, request.user, form.cleaned_data["body"], parent
            )
        except proposals.ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your comment is on the page now."))
            return back_to_proposal(proposal, f"comment-{comment.pk}")
    return render(
        request,
        "decisions/proposals/comment_form.html",
        {"proposal": proposal, "form": form},
        status=400,
    )


def _proposal_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("proposal__assembly", "author"),
        pk=pk,
        proposal__isnull=False,
    )
    if not proposals.can_see(request.user, comment.proposal):
        raise Http404
    return comment


@login_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _proposal_comment(request, pk)
    if comment.hidden_at is not None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if assembly_services.report_comment(comment, request.user, form.cleaned_data["reason"]):
            messages.success(request, _("Thank you. The organisers will look at that comment."))
        else:
            messages.info(request, _("You had already reported that comment. Thank you."))
        return back_to_proposal(comment.proposal, f"comment-{comment.pk}")
    return render(
        request, "decisions/proposals/comment_report.html", {"comment": comment, "form": form}
    )


def _moderated(request: HttpRequest, pk: int) -> Comment:
    comment = _proposal_comment(request, pk)
    if not assembly_services.can_moderate(request.user, comment.proposal.assembly):
        raise PermissionDenied
    return comment


@login_required
@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _moderated(request, pk)
    assembly_services.hide_comment(comment, request.user)
    messages.success(request, _("The comment is hidden from the public. You can restore it."))
    return back_to_proposal(comment.proposal, f"comment-{comment.pk}")


@login_required
@require_POST
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _moderated(request, pk)
    assembly_services.restore_comment(comment)
    messages.success(request, _("The comment is public again."))
    return back_to_proposal(comment.proposal, f"comment-{comment.pk}")


# --- Agenda ---------------------------------------------------------------------------------


@login_required
def proposal_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, pk)
    if not proposals.can_put_on_agenda(request.user, proposal):
        raise PermissionDenied
    meetings = discussion.meetings_for_agenda(proposal)
    form = AgendaForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            discussion.put_on_agenda(proposal, meeting, request.user)
        except proposals.ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("It is on the agenda of %(meeting)s. Everyone invited will see it there.")
                % {"meeting": meeting.title},
            )
            return back_to_proposal(proposal)
    return render(
        request,
        "decisions/proposals/agenda.html",
        {"proposal": proposal, "form": form, "meetings": meetings},
        status=400 if form.errors else 200,
    )
