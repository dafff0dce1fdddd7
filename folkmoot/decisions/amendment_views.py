"""Pages for amendments: suggesting a change to a proposal, and taking it, turning it down,
withdrawing it or putting it to a vote. The rules are in amendments.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from folkmoot.assemblies import services as assembly_services

from . import amendments, proposals
from .models import Amendment, Proposal
from .proposal_forms import AmendmentForm
from .proposal_views import back_to_proposal, proposal_or_404

Status = Proposal.Status


@login_required
def proposal_amend(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, pk)
    if not assembly_services.is_member(request.user, proposal.assembly):
        return render(
            request,
            "decisions/proposals/members_only.html",
            {"assembly": proposal.assembly, "proposal": proposal},
            status=403,
        )
    if proposal.status != Status.DISCUSSION:
        messages.error(request, _("Changes can only be suggested while it is open for discussion."))
        return back_to_proposal(proposal)
    current = amendments.current_version(proposal)
    form = AmendmentForm(
        request.POST or None, initial={"text": current.body, "based_on": current.number}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amendments.propose_amendment(
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
            return back_to_proposal(proposal, "amendments")
    return render(
        request,
        "decisions/proposals/amend.html",
        {"proposal": proposal, "form": form, "current": current},
        status=400 if form.errors else 200,
    )


AMENDMENT_ACTIONS = {
    "accept": (
        amendments.accept_amendment,
        gettext_lazy("The change is taken. The proposal's text is updated."),
    ),
    "reject": (
        amendments.reject_amendment,
        gettext_lazy("The change is turned down. The organisers can still put it to a vote."),
    ),
    "withdraw": (amendments.withdraw_amendment, gettext_lazy("Your change is withdrawn.")),
    "to_vote": (
        amendments.put_amendment_to_vote,
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
    return back_to_proposal(proposal, f"amendment-{amendment.pk}")
