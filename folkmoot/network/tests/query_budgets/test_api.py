"""Query budgets of the API: every list (a full page of 50 in the large network) and the main
detail answers."""

import pytest

from . import builders
from .budget import Page, check
from .builders_councils import confederation
from .builders_decisions import decisions

API = "/api/v1"


def _api(path: str):
    """``path`` with {placeholders} filled from what was built: ``path.format(w=world)``."""
    return lambda world: API + path.format(w=world)


PAGES = [
    # Assemblies
    Page("GET /assemblies", builders.assemblies, _api("/assemblies")),
    Page(
        "GET /assemblies?postcode=&q=",
        builders.assemblies,
        _api("/assemblies?postcode={w.place.letters}&q=Assembly"),
    ),
    Page("GET /assemblies/{id}", builders.assemblies, _api("/assemblies/{w.home.pk}")),
    Page("GET /find", builders.assemblies, _api("/find?postcode={w.place.letters}1+1AA")),
    Page(
        "GET /assemblies/{id}/legitimacy",
        builders.assembly,
        _api("/assemblies/{w.home.pk}/legitimacy"),
    ),
    # Meetings
    Page(
        "GET /assemblies/{id}/meetings",
        builders.assembly,
        _api("/assemblies/{w.home.pk}/meetings"),
    ),
    Page("GET /meetings/{id}", builders.assembly, _api("/meetings/{w.meeting.pk}")),
    Page(
        "GET /meetings/{id}/attendance",
        builders.assembly,
        _api("/meetings/{w.meeting.pk}/attendance"),
    ),
    # Decisions
    Page(
        "GET /assemblies/{id}/proposals",
        decisions,
        _api("/assemblies/{w.net.home.pk}/proposals"),
    ),
    Page("GET /proposals/{id}", decisions, _api("/proposals/{w.proposal.pk}")),
    Page("GET /assemblies/{id}/votes", decisions, _api("/assemblies/{w.net.home.pk}/votes")),
    Page("GET /votes/{id}", decisions, _api("/votes/{w.open_vote.pk}")),
    Page("GET /votes/{id}/result (majority)", decisions, _api("/votes/{w.majority.pk}/result")),
    Page("GET /votes/{id}/result (STV)", decisions, _api("/votes/{w.election.pk}/result")),
    # Councils and delegates
    Page("GET /councils", confederation, _api("/councils")),
    Page("GET /councils/{slug}", confederation, _api("/councils/{w.districts[0].slug}")),
    Page("GET /councils/{slug} (city)", confederation, _api("/councils/{w.city.slug}")),
    Page(
        "GET /councils/{slug}/questions",
        confederation,
        _api("/councils/{w.districts[0].slug}/questions"),
    ),
    Page("GET /councils/{slug}/votes", confederation, _api("/councils/{w.city.slug}/votes")),
    Page("GET /council-questions/{id}", confederation, _api("/council-questions/{w.question.pk}")),
    Page(
        "GET /council-questions/{id}/trace",
        confederation,
        _api("/council-questions/{w.question.pk}/trace"),
    ),
    Page(
        "GET /councils/{slug}/mandates",
        confederation,
        _api("/councils/{w.districts[0].slug}/mandates"),
    ),
    Page(
        "GET /councils/{slug}/mandates (city)",
        confederation,
        _api("/councils/{w.city.slug}/mandates"),
    ),
    Page("GET /mandates/{id}", confederation, _api("/mandates/{w.mandate.pk}")),
    Page("GET /delegates/{id}", confederation, _api("/delegates/{w.delegate.pk}")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_queries_do_not_grow(page, measured):
    check(page, measured[page.name])
