"""Pages for proposals: the list, writing, the proposal page and moving it on. Amendments are in
amendment_views.py, the discussion and agendas in discussion_views.py. The rules are in
proposals.py; these views only read forms and call it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from folkmoot.assemblies import services as assembly_services
from folkmoot.assemblies.models import Assembly

from . import discussion, proposals
from .amendments import amendment_diff, word_diff_html
from .models import Amendment, Proposal
from .proposal_forms import MoveForm, ProposalCommentForm, ProposalForm

Status = Proposal.Status


def proposal_or_404(request: HttpRequest, pk: int) -> Proposal:
    """The proposal, if this person may see it (drafts are private: others get "not found")."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("assembly", "author", "meeting"), pk=pk
    )
    if not proposals.can_see(request.user, proposal):
        raise Http404
    return proposal


def back_to_proposal(proposal: Proposal, anchor: str = "") -> HttpResponse:
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
    proposal = proposal_or_404(request, pk)
    if not proposals.is_author(request.user, proposal):
        raise PermissionDenied
    if proposal.status != Status.DRAFT:
        messages.error(
            request,
            _("It is open now, so it cannot be changed directly. Suggest a change instead."),
        )
        return back_to_proposal(proposal)
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
            return back_to_proposal(proposal)
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
    proposal = proposal_or_404(request, pk)
    user = request.user
    versions = list(proposal.versions.select_related("created_by", "amendment__author"))
    current = versions[-1]
    previous = {v.number: v for v in versions}
    for version in versions:
        before = previous.get(version.number - 1)
        version.diff = word_diff_html(before.body, version.body) if before else None
    manager = proposals.can_manage(user, proposal.assembly)
    author = proposals.is_author(user, proposal)
    amendments = list(proposal.amendments.select_related("author"))
    for amendment in amendments:
        amendment.diff = amendment_diff(amendment, previous)
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
            "threads": discussion.discussion(proposal, user),
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
    proposal = proposal_or_404(request, pk)
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
                return back_to_proposal(proposal)
            messages.success(request, _moved_message(proposal))
            return back_to_proposal(proposal, "timeline")
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
