"""Query budgets of the meeting pages: an assembly's meetings, a meeting's page, attendance,
the teller's page, outreach coverage and the process followed, and checking in."""

import pytest
from django.urls import reverse

from . import builders
from .budget import Page, check

HTMX = {"HX-Request": "true"}


def _meeting(name: str, *, upcoming: bool = False):
    def url(net) -> str:
        meeting = net.upcoming[0] if upcoming else net.meeting
        return reverse(name, args=[meeting.pk])

    return url


PAGES = [
    Page(
        "meetings list (anonymous)",
        builders.assembly,
        lambda net: reverse("meetings:list", args=[net.home.slug]),
    ),
    Page(
        "meetings list (organiser)",
        builders.assembly,
        lambda net: reverse("meetings:list", args=[net.home.slug]),
        viewer=lambda net: net.organiser,
    ),
    Page("meeting page, held (anonymous)", builders.assembly, _meeting("meetings:detail")),
    Page(
        "meeting page, held (organiser)",
        builders.assembly,
        _meeting("meetings:detail"),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "meeting page, to come (organiser)",
        builders.assembly,
        _meeting("meetings:detail", upcoming=True),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "meeting page, to come (member)",
        builders.assembly,
        _meeting("meetings:detail", upcoming=True),
        viewer=lambda net: net.members[0],
    ),
    Page("attendance (anonymous)", builders.assembly, _meeting("attendance:attendance")),
    Page(
        "attendance (organiser)",
        builders.assembly,
        _meeting("attendance:attendance"),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "attendance (teller)",
        builders.assembly,
        _meeting("attendance:attendance"),
        viewer=lambda net: net.teller,
    ),
    Page(
        "teller page",
        builders.assembly,
        _meeting("attendance:teller"),
        viewer=lambda net: net.teller,
    ),
    Page(
        "teller search (htmx)",
        builders.assembly,
        lambda net: reverse("attendance:teller", args=[net.meeting.pk]) + "?q=member",
        viewer=lambda net: net.teller,
        headers=HTMX,
    ),
    Page(
        "teller search, whole page",
        builders.assembly,
        lambda net: reverse("attendance:teller", args=[net.meeting.pk]) + "?q=walk",
        viewer=lambda net: net.teller,
    ),
    Page(
        "check-in page (member)",
        builders.assembly,
        lambda net: reverse("attendance:check_in", args=[net.meeting.check_in_code]),
        viewer=lambda net: net.members[0],
    ),
    Page("outreach coverage of a meeting", builders.assembly, _meeting("outreach:coverage")),
    Page(
        "outreach coverage of a meeting (organiser)",
        builders.assembly,
        _meeting("outreach:coverage"),
        viewer=lambda net: net.organiser,
    ),
    Page(
        "process followed at a meeting", builders.assembly, _meeting("legitimacy:meeting_process")
    ),
    Page(
        "process followed at a meeting (organiser)",
        builders.assembly,
        _meeting("legitimacy:meeting_process"),
        viewer=lambda net: net.organiser,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_queries_do_not_grow(page, measured):
    check(page, measured[page.name])
