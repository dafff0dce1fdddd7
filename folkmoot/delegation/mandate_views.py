"""Issuing a mandate: an organiser records what the assembly decided its delegates must do."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from folkmoot.councils.models import CouncilMember

from . import mandates
from .forms import MandateForm


@login_required
@require_http_methods(["GET", "POST"])
def mandate_new(request: HttpRequest, slug: str, member: int) -> HttpResponse:
    """One page per matter: the standing mandate, or one question (``?question=``)."""
    member = get_object_or_404(
        CouncilMember.objects.select_related("assembly", "council"),
        pk=member,
        assembly__slug=slug,
    )
    if not mandates.can_issue_mandates(request.user, member):
        raise PermissionDenied(_("Only the assembly's organisers can issue its mandates."))
    source = request.POST if request.method == "POST" else request.GET
    question = None
    if source.get("question"):
        question = get_object_or_404(mandates.open_questions(member), pk=source.get("question"))
    form = MandateForm(
        request.POST if request.method == "POST" else None, member=member, question=question
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mandates.issue_from_decision(
                member,
                request.user,
                decision=data["decision"],
                instruction=data["instruction"],
                question=question,
                ranking=data["ranking"],
                allowed=data["allowed"],
                text=data["text"],
            )
        except mandates.MandateError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request, _("The mandate is issued. The delegates' votes are bound by it now.")
            )
            return redirect("delegation:assembly_delegates", slug=member.assembly.slug)
    return render(
        request,
        "delegation/mandate_form.html",
        {
            "member": member,
            "assembly": member.assembly,
            "question": question,
            "questions": list(mandates.open_questions(member).order_by("-created_at")[:50]),
            "current": mandates.current_mandate(member, question)
            if question
            else mandates.standing_mandate(member),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
