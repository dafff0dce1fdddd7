"""/amendments/<pk>/accept|reject|withdraw|to-vote/: POST only, each for the right person."""

import pytest
from django.urls import reverse

from folkmoot.decisions import amendments
from folkmoot.decisions.models import Amendment

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
second_member = helpers.second_member
draft = helpers.draft


@pytest.fixture
def amendment(elm_park, author, organiser, second_member):
    proposal = helpers.make_proposal(elm_park, author, "discussion", organiser)
    return amendments.propose_amendment(proposal, second_member, text="Pears instead.", based_on=1)


def _status(amendment):
    return Amendment.objects.get(pk=amendment.pk).status


# Who may do each action: everyone else gets 403 (anonymous: sent to sign in).
MAY = {
    "amendment_accept": ("author", "accepted"),
    "amendment_reject": ("author", "rejected"),
    "amendment_withdraw": ("second_member", "withdrawn"),
    "amendment_to_vote": ("facilitator", "to_vote"),
}


@pytest.mark.parametrize("name", list(MAY))
@pytest.mark.parametrize("who", [*helpers.WHO, "second_member"])
def test_permissions(client, amendment, name, who, request):
    helpers.sign_in(client, request, who)
    response = client.post(reverse(f"decisions:{name}", args=[amendment.pk]))
    allowed, result = MAY[name]
    if who == allowed or (name == "amendment_to_vote" and who == "organiser"):
        assert response.status_code == 302
        assert _status(amendment) == result
    elif who == "anonymous":
        assert reverse("account_login") in response.url
        assert _status(amendment) == "proposed"
    else:
        assert response.status_code == 403
        assert _status(amendment) == "proposed"


def test_get_is_not_allowed(client, amendment, author):
    client.force_login(author)
    response = client.get(reverse("decisions:amendment_accept", args=[amendment.pk]))
    assert response.status_code == 405
    assert _status(amendment) == "proposed"


def test_accept_updates_the_page(client, amendment, author):
    client.force_login(author)
    response = client.post(reverse("decisions:amendment_accept", args=[amendment.pk]), follow=True)
    html = response.content.decode()
    assert "The change is taken" in html
    assert "Pears instead." in html
    assert "version 2" in html


def test_refusal_is_a_message(client, amendment, author):
    client.force_login(author)
    url = reverse("decisions:amendment_accept", args=[amendment.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already dealt with" in response.content.decode()


def test_draft_amendment_is_hidden(client, draft, author):
    # Amendments cannot exist on drafts through the rules; but a stranger must not learn of one.
    amendment = Amendment.objects.create(proposal=draft, author=author, based_on=1, text="x")
    helpers.sign_in(client, None, "anonymous")
    from conftest import make_person

    client.force_login(make_person("z@example.org"))
    response = client.post(reverse("decisions:amendment_reject", args=[amendment.pk]))
    assert response.status_code == 404
