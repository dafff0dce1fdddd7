"""Query budgets of the pages about assemblies: the front page, the directory and its search,
finding by postcode, an assembly's page, members, outreach and legitimacy, and your profile."""

import pytest
from django.urls import reverse

from . import builders
from .budget import Page, check

HTMX = {"HX-Request": "true"}


def _directory(query: str) -> str:
    return f"{reverse('assemblies:directory')}?{query}"


PAGES = [
    Page("home", builders.assemblies, lambda net: reverse("network:home")),
    Page("directory", builders.assemblies, lambda net: reverse("assemblies:directory")),
    Page(
        "directory, page 2 as a network organiser",
        builders.assemblies,
        lambda net: _directory("page=2"),
        viewer=lambda net: net.network_organiser,
    ),
    Page(
        "directory search by name (htmx)",
        builders.assemblies,
        lambda net: _directory(f"q={net.tag}"),
        headers=HTMX,
    ),
    Page(
        "directory search by postcode (htmx)",
        builders.assemblies,
        lambda net: _directory(f"postcode={net.place.letters}"),
        headers=HTMX,
    ),
    Page(
        "directory search by area and theme",
        builders.assemblies,
        lambda net: _directory(f"area={net.place.city.slug}&q=Assembly"),
    ),
    Page(
        "find by postcode",
        builders.assemblies,
        lambda net: f"{reverse('assemblies:find')}?postcode={net.place.letters}1+1AA",
    ),
    Page(
        "find by postcode, no assembly yet",
        builders.assemblies,
        lambda net: f"{reverse('assemblies:find')}?postcode={net.place.empty_postcode}",
    ),
    Page(
        "support gathering where there is no assembly (network organiser)",
        builders.assemblies,
        lambda net: reverse("assemblies:gatherings"),
        viewer=lambda net: net.network_organiser,
    ),
    Page(
        "assembly page (anonymous)",
        builders.assembly,
        lambda net: reverse("assemblies:detail", args=[net.home.slug]),
    ),
    Page(
        "assembly page (organiser)",
        builders.assembly,
        lambda net: reverse("assemblies:detail", args=[net.home.slug]),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "members (organiser)",
        builders.assembly,
        lambda net: reverse("assemblies:members", args=[net.home.slug]),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "members (member)",
        builders.assembly,
        lambda net: reverse("assemblies:members", args=[net.home.slug]),
        viewer=lambda net: net.members[0],
    ),
    Page(
        "roles (organiser)",
        builders.assembly,
        lambda net: reverse("assemblies:roles", args=[net.home.slug]),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "supporters (organiser)",
        builders.assembly,
        lambda net: reverse("assemblies:supporters", args=[net.home.slug]),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "outreach log (organiser)",
        builders.assembly,
        lambda net: reverse("outreach:log", args=[net.home.slug]),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "outreach log (anonymous)",
        builders.assembly,
        lambda net: reverse("outreach:log", args=[net.home.slug]),
    ),
    Page(
        "legitimacy",
        builders.assembly,
        lambda net: reverse("legitimacy:assembly", args=[net.home.slug]),
    ),
    Page(
        "profile",
        builders.assemblies,
        lambda net: reverse("accounts:profile"),
        viewer=lambda net: net.organiser,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_queries_do_not_grow(page, measured):
    check(page, measured[page.name])
