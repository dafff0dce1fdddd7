"""The delegates' pages: one delegate, an assembly's delegates, and a council's delegates to
the councils above. All public: accountability is the point."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council

from . import overview
from .models import DelegateTerm


def delegate(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(
        DelegateTerm.objects.select_related(
            "person",
            "member__council__level",
            "member__assembly",
            "member__member_council",
            "election__vote",
        ),
        pk=pk,
    )
    return render(request, "delegation/delegate.html", overview.delegate_page(term, request.user))


def assembly_delegates(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    return render(
        request,
        "delegation/assembly_delegates.html",
        overview.assembly_page(assembly, request.user),
    )


def council_delegates(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    return render(
        request, "delegation/council_delegates.html", overview.council_page(council, request.user)
    )
