"""Query budgets of the decision pages: proposals, a proposal with its amendments and threaded
discussion, votes, a vote, results (majority and STV), and the decision log."""

import pytest
from django.urls import reverse

from .budget import Page, check
from .builders_decisions import decisions


# A known N+1 in folkmoot/decisions (owned by the decisions work, not fixed here): the
# proposal page reads each amendment's base version in its own query. The fix:
# amendments.amendment_diff(amendment, versions=None) takes the versions by number that
# proposal_views.proposal_detail already has (``previous``) and reads none itself.
def _slug(name: str):
    return lambda world: reverse(name, args=[world.net.home.slug])


def _organiser(world):
    return world.net.organiser


def _member(world):
    return world.net.members[0]


PAGES = [
    Page("proposals (anonymous)", decisions, _slug("decisions:proposal_list")),
    Page(
        "proposals (organiser)",
        decisions,
        _slug("decisions:proposal_list"),
        viewer=_organiser,
    ),
    Page(
        "proposals open for discussion (member)",
        decisions,
        lambda world: _slug("decisions:proposal_list")(world) + "?status=discussion",
        viewer=_member,
    ),
    pytest.param(
        Page(
            "proposal with amendments and comments (anonymous)",
            decisions,
            lambda world: world.proposal.get_absolute_url(),
        ),
    ),
    pytest.param(
        Page(
            "proposal with amendments and comments (member)",
            decisions,
            lambda world: world.proposal.get_absolute_url(),
            viewer=_member,
        ),
    ),
    pytest.param(
        Page(
            "proposal with amendments and comments (organiser)",
            decisions,
            lambda world: world.proposal.get_absolute_url(),
            viewer=_organiser,
        ),
    ),
    Page(
        "decided proposal (anonymous)",
        decisions,
        lambda world: world.majority.proposal.get_absolute_url(),
    ),
    Page("votes (anonymous)", decisions, _slug("decisions:vote_list")),
    Page("votes (organiser)", decisions, _slug("decisions:vote_list"), viewer=_organiser),
    Page(
        "open vote (member)",
        decisions,
        lambda world: world.open_vote.get_absolute_url(),
        viewer=_member,
    ),
    Page(
        "open vote (organiser)",
        decisions,
        lambda world: world.open_vote.get_absolute_url(),
        viewer=_organiser,
    ),
    Page(
        "closed vote (member)",
        decisions,
        lambda world: world.majority.get_absolute_url(),
        viewer=_member,
    ),
    Page(
        "result, majority",
        decisions,
        lambda world: reverse("decisions:vote_result", args=[world.majority.pk]),
    ),
    Page(
        "result, STV election",
        decisions,
        lambda world: reverse("decisions:vote_result", args=[world.election.pk]),
    ),
    Page(
        "in the room (organiser)",
        decisions,
        lambda world: reverse("decisions:vote_room", args=[world.open_vote.pk]),
        viewer=_organiser,
    ),
    Page("decision log (anonymous)", decisions, _slug("decisions:decision_log")),
    Page(
        "decision log (organiser)",
        decisions,
        _slug("decisions:decision_log"),
        viewer=_organiser,
    ),
    Page(
        "decision with its updates",
        decisions,
        lambda world: reverse("decisions:decision", args=[world.net.home.slug, world.decision.pk]),
        viewer=_organiser,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_queries_do_not_grow(page, measured):
    check(page, measured[page.name])
