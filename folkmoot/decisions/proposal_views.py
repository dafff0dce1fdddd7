"""Pages for proposals: the list, writing, the proposal page, moving it on, amendments,
discussion and agendas. The rules are in proposals.py; these views only read forms and call it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from folkmoot.assemblies import services as assembly_services
from folkmoot.assemblies.forms import ReportForm
from folkmoot.assemblies.models import Assembly, Comment

from . import proposals
from .models import Amendment, Proposal
from .proposal_forms import AgendaForm, AmendmentForm, MoveForm, ProposalCommentForm, ProposalForm

Status = Proposal.Status


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    """The proposal, if this person may see it (drafts are private: others get "not found")."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("assembly", "author", "meeting"), pk=pk
    )
    if not proposals.can_see(request.user, proposal):
        raise Http404
    return proposal


def _back(proposal: Proposal, anchor: str = "") -> HttpResponse:
    return redirect(proposal.get_absolute_url() + (f"#{anchor}" if anchor else ""))


# --- The list -------------------------------------------------------------------------------


def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    visible = proposals.visible_proposals(assembly, request.user)
    counts = proposals.status_counts(visible)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    shown = visible.filter(status=status) if status else visible
    page = Paginator(shown.order_by("-created_at", "-pk"), 25).get_page(request.GET.get("page"))
    filters = [
        {"value": value, "label": label, "count": counts[value]} for value, label in Status.choices
    ]
    return render(
        request,
        "decisions/proposals/list.html",
        {
            "assembly": assembly,
            "page": page,
            "filters": filters,
            "status": status,
            "total": sum(counts.values()),
            "can_submit": proposals.can_submit(request.user, assembly),
        },
    )


# --- Writing and changing a draft -----------------------------------------------------------


@login_required
def proposal_new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    if not proposals.can_submit(request.user, assembly):
        return render(
            request, "decisions/proposals/members_only.html", {"assembly": assembly}, status=403
        )
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposals.submit_proposal(assembly, request.user, **form.cleaned_data)
        except proposals.ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your proposal is saved as a draft. Only you and the organisers can see it. "
                    "When it is ready, open it for discussion."
                ),
            )
            return redirect(proposal)
    return render(
        request,
        "decisions/proposals/form.html",
        {"assembly": assembly, "form": form, "proposal": None},
        status=400 if form.errors else 200,
    )


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not proposals.is_author(request.user, proposal):
        raise PermissionDenied
    if proposal.status != Status.DRAFT:
        messages.error(
            request,
            _("It is open now, so it cannot be changed directly. Suggest a change instead."),
        )
        return _back(proposal)
    form = ProposalForm(
        request.POST or None,
        instance=None,
        initial={"title": proposal.title, "body": proposal.body, "links": proposal.links},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposals.edit_draft(proposal, request.user, **form.cleaned_data)
        except proposals.ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your draft is saved."))
            return _back(proposal)
    return render(
        request,
        "decisions/proposals/form.html",
        {"assembly": proposal.assembly, "form": form, "proposal": proposal},
        status=400 if form.errors else 200,
    )


# --- The proposal page ----------------------------------------------------------------------


def _main_action(request: HttpRequest, proposal: Proposal, moves: list[str]) -> str:
    """The one main thing this person can do here now."""
    user = request.user
    if not user.is_authenticated:
        return "sign_in"
    if proposal.status == Status.DRAFT and Status.DISCUSSION in moves:
        return "open"
    if proposal.status == Status.DISCUSSION:
        if Status.VOTING in moves:
            return "start_voting"
        if proposals.can_amend(user, proposal):
            return "amend"
    if proposal.status == Status.VOTING and Status.DECIDED in moves:
        return "record_outcome"
    if proposal.status in (Status.DISCUSSION, Status.VOTING) and not proposals.can_comment(
        user, proposal
    ):
        return "join"
    return ""


SECONDARY_MOVES = {
    Status.WITHDRAWN: gettext_lazy("Withdraw it"),
    Status.DISCUSSION: gettext_lazy("Back to discussion"),
}


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    user = request.user
    versions = list(proposal.versions.select_related("created_by", "amendment__author"))
    current = versions[-1]
    previous = {v.number: v for v in versions}
    for version in versions:
        before = previous.get(version.number - 1)
        version.diff = proposals.word_diff_html(before.body, version.body) if before else None
    manager = proposals.can_manage(user, proposal.assembly)
    author = proposals.is_author(user, proposal)
    amendments = list(proposal.amendments.select_related("author"))
    for amendment in amendments:
        amendment.diff = proposals.amendment_diff(amendment)
        amendment.stale = amendment.based_on != current.number
        open_ = proposal.status == Status.DISCUSSION
        waiting = amendment.status == Amendment.Status.PROPOSED
        amendment.can_accept = author and open_ and waiting and not amendment.stale
        amendment.can_reject = author and waiting
        amendment.can_vote = (
            manager
            and open_
            and not amendment.stale
            and amendment.status in (Amendment.Status.PROPOSED, Amendment.Status.REJECTED)
        )
        amendment.can_withdraw = (
            user.is_authenticated
            and amendment.author_id == user.pk
            and (amendment.status in (Amendment.Status.PROPOSED, Amendment.Status.TO_VOTE))
        )
    moves = proposals.allowed_moves(user, proposal)
    decision = getattr(proposal, "decision", None) if proposal.status == Status.DECIDED else None
    return render(
        request,
        "decisions/proposals/detail.html",
        {
            "proposal": proposal,
            "assembly": proposal.assembly,
            "body_html": proposals.body_html(proposal.body),
            "links": proposals.links_of(proposal),
            "versions": versions,
            "current": current,
            "transitions": proposal.transitions.select_related("by"),
            "amendments": amendments,
            "threads": proposals.discussion(proposal, user),
            "comment_form": ProposalCommentForm(),
            "can_comment": proposals.can_comment(user, proposal),
            "can_moderate": assembly_services.can_moderate(user, proposal.assembly),
            "can_edit": proposals.can_edit(user, proposal),
            "can_amend": proposals.can_amend(user, proposal),
            "can_agenda": proposals.can_put_on_agenda(user, proposal)
            and proposal.status in (Status.DISCUSSION, Status.VOTING),
            "is_manager": manager,
            "main_action": _main_action(request, proposal, moves),
            "secondary_moves": [
                (to, SECONDARY_MOVES[to])
                for to in moves
                if to in SECONDARY_MOVES
                and not (to == Status.DISCUSSION and proposal.status == Status.DRAFT)
            ],
            "can_move_page": bool(moves),
            "decision": decision,
            "votes": list(proposal.votes.order_by("created_at")),
        },
    )


# --- Moving it on ---------------------------------------------------------------------------


@login_required
def proposal_move(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    user = request.user
    if not (proposals.can_manage(user, proposal.assembly) or proposals.is_author(user, proposal)):
        raise PermissionDenied
    moves = proposals.allowed_moves(user, proposal)
    if request.method == "POST":
        form = MoveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposals.move(
                    proposal, data["to"], user, outcome=data["outcome"], note=data["note"]
                )
            except proposals.ProposalError as error:
                messages.error(request, error.message)
                return _back(proposal)
            messages.success(request, _moved_message(proposal))
            return _back(proposal, "timeline")
        form = MoveForm(request.POST, moves=moves)
        form.is_valid()
        return render(
            request,
            "decisions/proposals/move.html",
            {"proposal": proposal, "form": form, "moves": moves},
            status=400,
        )
    form = MoveForm(moves=moves, initial={"to": request.GET.get("to") or None})
    return render(
        request,
        "decisions/proposals/move.html",
        {"proposal": proposal, "form": form, "moves": moves},
    )


def _moved_message(proposal: Proposal) -> str:
    return {
        Status.DISCUSSION: _(
            "It is open for discussion. Members can now comment and suggest changes."
        ),
        Status.VOTING: _("It is now being decided. Discussion stays open until the end."),
        Status.DECIDED: _("The decision is recorded and added to the assembly's decisions."),
        Status.WITHDRAWN: _("It is withdrawn. It stays on the list so everyone can see it."),
    }.get(proposal.status, _("Done."))


# --- Amendments -----------------------------------------------------------------------------


@login_required
def proposal_amend(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not assembly_services.is_member(request.user, proposal.assembly):
        return render(
            request,
            "decisions/proposals/members_only.html",
            {"assembly": proposal.assembly, "proposal": proposal},
            status=403,
        )
    if proposal.status != Status.DISCUSSION:
        messages.error(request, _("Changes can only be suggested while it is open for discussion."))
        return _back(proposal)
    current = proposals.current_version(proposal)
    form = AmendmentForm(
        request.POST or None, initial={"text": current.body, "based_on": current.number}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposals.propose_amendment(
                proposal,
                request.user,
                text=data["text"],
                based_on=data["based_on"],
                reason=data["reason"],
            )
        except proposals.ProposalError as error:
            form.add_error(None, error.message)
            if data["based_on"] != current.number:
                # Start again from the current text, keeping theirs to copy from.
                form = AmendmentForm(
                    {"text": current.body, "based_on": current.number, "reason": data["reason"]}
                )
                form.is_valid()
                form.add_error(None, error.message)
                form.their_text = data["text"]
        else:
            messages.success(
                request,
                _(
                    "Your change is added. The person who wrote the proposal can take it, or "
                    "the organisers can put it to a vote."
                ),
            )
            return _back(proposal, "amendments")
    return render(
        request,
        "decisions/proposals/amend.html",
        {"proposal": proposal, "form": form, "current": current},
        status=400 if form.errors else 200,
    )


AMENDMENT_ACTIONS = {
    "accept": (
        proposals.accept_amendment,
        gettext_lazy("The change is taken. The proposal's text is updated."),
    ),
    "reject": (
        proposals.reject_amendment,
        gettext_lazy("The change is turned down. The organisers can still put it to a vote."),
    ),
    "withdraw": (proposals.withdraw_amendment, gettext_lazy("Your change is withdrawn.")),
    "to_vote": (
        proposals.put_amendment_to_vote,
        gettext_lazy("The change will be put to a vote. The organisers will open it."),
    ),
}


def _may_act(user, amendment: Amendment, action: str) -> bool:
    proposal = amendment.proposal
    if action in ("accept", "reject"):
        return proposals.is_author(user, proposal)
    if action == "withdraw":
        return amendment.author_id == user.pk
    return proposals.can_manage(user, proposal.assembly)


@login_required
@require_POST
def amendment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    amendment = get_object_or_404(Amendment.objects.select_related("proposal__assembly"), pk=pk)
    proposal = amendment.proposal
    if not proposals.can_see(request.user, proposal):
        raise Http404
    if not _may_act(request.user, amendment, action):
        raise PermissionDenied
    function, done = AMENDMENT_ACTIONS[action]
    try:
        function(amendment, request.user)
    except proposals.ProposalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _back(proposal, f"amendment-{amendment.pk}")


# --- Discussion -----------------------------------------------------------------------------


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not proposals.can_comment(request.user, proposal):
        if proposal.status in (Status.DISCUSSION, Status.VOTING):
            raise PermissionDenied
        messages.error(request, _("The discussion is closed."))
        return _back(proposal, "discussion")
    form = ProposalCommentForm(request.POST)
    parent = None
    if form.is_valid() and form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], proposal=proposal).first()
        if parent is None:
            form.add_error(None, _("You can only reply to a comment on this proposal."))
    if form.is_valid():
        try:
            comment = proposals.post_comment(
                proposal, request.user, form.cleaned_data["body"], parent
            )
        except proposals.ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your comment is on the page now."))
            return _back(proposal, f"comment-{comment.pk}")
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
        return _back(comment.proposal, f"comment-{comment.pk}")
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
    return _back(comment.proposal, f"comment-{comment.pk}")


@login_required
@require_POST
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _moderated(request, pk)
    assembly_services.restore_comment(comment)
    messages.success(request, _("The comment is public again."))
    return _back(comment.proposal, f"comment-{comment.pk}")


# --- Agenda ---------------------------------------------------------------------------------


@login_required
def proposal_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not proposals.can_put_on_agenda(request.user, proposal):
        raise PermissionDenied
    meetings = proposals.meetings_for_agenda(proposal)
    form = AgendaForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            proposals.put_on_agenda(proposal, meeting, request.user)
        except proposals.ProposalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("It is on the agenda of %(meeting)s. Everyone invited will see it there.")
                % {"meeting": meeting.title},
            )
            return _back(proposal)
    return render(
        request,
        "decisions/proposals/agenda.html",
        {"proposal": proposal, "form": form, "meetings": meetings},
        status=400 if form.errors else 200,
    )
