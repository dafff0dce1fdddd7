"""The delegates' pages: one delegate, an assembly's delegates, and a council's delegates to
the councils above. All public: accountability is the point."""

from __future__ import annotations

from django.db.models import Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council

from . import overview
from .models import DelegateTerm


def delegate(request: HttpRequest, pk: int) -> HttpResponse:
    # The term and the person's other seats in one query: every term of theirs, each with
    # what the page shows of it. (Compared as one value, the person is looked up once.)
    person = Subquery(DelegateTerm.objects.filter(pk=pk).order_by().values("person"))
    terms = list(
        DelegateTerm.objects.filter(person=person)
        .select_related(
            "person",
            "member__council__level",
            "member__assembly",
            "member__member_council",
            "election__vote",
        )
        .order_by("-starts_on", "-pk")
    )
    term = next((t for t in terms if t.pk == pk), None)
    if term is None:
        raise Http404
    others = [t for t in terms if t.pk != pk]
    return render(
        request, "delegation/delegate.html", overview.delegate_page(term, request.user, others)
    )


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
