"""Query budgets of the confederation's pages: councils, the confederation, council questions
with their trace, delegates, and the assembly pages that show delegates' report-backs."""

import pytest
from django.urls import reverse

from .budget import Page, check
from .builders_councils import confederation, deep_confederation


def _council(name: str, which=lambda conf: conf.districts[0]):
    return lambda conf: reverse(name, args=[which(conf).slug])


def _home(name: str):
    return lambda conf: reverse(name, args=[conf.net.home.slug])


def _convener(conf):
    return conf.convener


def _organiser(conf):
    return conf.net.organiser


PAGES = [
    Page("council list", confederation, lambda conf: reverse("councils:list")),
    Page(
        "council list (network organiser)",
        confederation,
        lambda conf: reverse("councils:list"),
        viewer=_organiser,
    ),
    Page("district council", confederation, _council("councils:detail")),
    Page(
        "district council (a member, not a convener)",
        confederation,
        _council("councils:detail"),
        viewer=lambda conf: conf.net.members[-2],
    ),
    Page(
        "district council (convener)", confederation, _council("councils:detail"), viewer=_convener
    ),
    Page("city council", confederation, _council("councils:detail", lambda conf: conf.city)),
    Page("confederation", confederation, lambda conf: reverse("councils:confederation")),
    Page(
        "city council's questions", confederation, _council("councils:questions", lambda c: c.city)
    ),
    Page(
        "district council's questions (convener)",
        confederation,
        _council("councils:questions"),
        viewer=_convener,
    ),
    Page(
        "city question with its trace",
        confederation,
        lambda conf: conf.question.get_absolute_url(),
    ),
    Page(
        "city question with its trace (convener)",
        confederation,
        lambda conf: conf.question.get_absolute_url(),
        viewer=_convener,
    ),
    Page(
        "national question with its trace four levels down",
        deep_confederation,
        lambda deep: deep.question.get_absolute_url(),
    ),
    Page(
        "district question with its referrals",
        confederation,
        lambda conf: conf.district_question.get_absolute_url(),
        viewer=lambda conf: conf.delegate.person,
    ),
    Page(
        "city question open for voting (a delegate who has not voted)",
        confederation,
        lambda conf: conf.voting_question.get_absolute_url(),
        viewer=lambda conf: conf.terms[-1].person,
    ),
    Page("delegate", confederation, lambda conf: conf.delegate.get_absolute_url()),
    Page(
        "delegate (a member who may sign the recall)",
        confederation,
        lambda conf: conf.delegate.get_absolute_url(),
        viewer=lambda conf: conf.net.members[-2],
    ),
    Page(
        "delegate (themselves)",
        confederation,
        lambda conf: conf.delegate.get_absolute_url(),
        viewer=lambda conf: conf.delegate.person,
    ),
    Page("assembly's delegates", confederation, _home("delegation:assembly_delegates")),
    Page(
        "assembly's delegates (organiser)",
        confederation,
        _home("delegation:assembly_delegates"),
        viewer=_organiser,
    ),
    Page("council's delegates above", confederation, _council("delegation:council_delegates")),
    # The assembly pages again, now that assemblies have delegates who owe report-backs.
    Page("directory, with delegates", confederation, lambda conf: reverse("assemblies:directory")),
    Page("assembly page, with delegates", confederation, _home("assemblies:detail")),
    Page(
        "assembly page, with delegates (organiser)",
        confederation,
        _home("assemblies:detail"),
        viewer=_organiser,
    ),
    Page("legitimacy, with delegates", confederation, _home("legitimacy:assembly")),
    Page(
        "process followed, with delegates",
        confederation,
        lambda conf: reverse("legitimacy:meeting_process", args=[conf.net.meeting.pk]),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_queries_do_not_grow(page, measured):
    check(page, measured[page.name])


@pytest.mark.django_db
def test_the_trace_does_not_grow_with_depth(measured):
    """A question traced through four levels of councils reads what one traced through two
    does: the trace reads the whole tree of questions at once, not level by level."""
    four = measured["national question with its trace four levels down"]
    two = measured["city question with its trace"]
    assert not four.error
    assert not two.error
    assert len(four.large) == len(two.large)
