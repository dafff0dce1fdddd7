"""Rate limits on what a script would hammer: signing in and up (allauth's
ACCOUNT_RATE_LIMITS), casting ballots (the vote page and the API), signing recall petitions and
casting a council seat's vote. The support form's limit has its own tests
(assemblies/tests/test_support.py, api/tests/test_create_supporter.py).

Each rate is a setting read from the environment; the tests lower it to reach it quickly.
"""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import make_person

from .world import World, build_world


def _count(rate: str) -> int:
    """How many tries a django-ratelimit or allauth rate allows ("10/m", "5/5m/key")."""
    return int(rate.split(",")[-1].split("/")[0])


@pytest.fixture
def world(elm_park, oak_row, organiser, member) -> World:
    return build_world(elm_park, oak_row, organiser, member)


def test_every_rate_is_a_setting():
    for name in ("SUPPORT_FORM_RATE", "BALLOT_RATE", "BALLOT_API_RATE", "RECALL_SIGN_RATE"):
        assert _count(getattr(settings, name)) > 0, name
    assert _count(settings.SEAT_VOTE_RATE) > 0
    assert {"login_failed", "signup"} <= set(settings.ACCOUNT_RATE_LIMITS)


def test_signing_in_stops_after_too_many_wrong_passwords(client, db):
    make_person("lou@example.org", "Lou", password="the-right-password")
    per_address = _count(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    login = reverse("account_login")
    for _ in range(per_address):
        response = client.post(login, {"login": "lou@example.org", "password": "wrong"})
        assert response.status_code == 200

    response = client.post(login, {"login": "lou@example.org", "password": "the-right-password"})

    assert "_auth_user_id" not in client.session, "signed in after too many failures"
    assert "Too many failed login attempts" in response.content.decode()


def test_signing_up_stops_after_too_many_tries_from_one_address(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/h/ip"}
    signup = reverse("account_signup")
    for _ in range(3):
        assert client.post(signup, {"email": "not an email"}).status_code == 200

    response = client.post(signup, {"email": "not an email"})

    assert response.status_code == 429


def _posts(client, url: str, data, times: int, *, json_body: bool = False) -> list[int]:
    statuses = []
    for _ in range(times):
        if json_body:
            response = client.post(url, json.dumps(data), content_type="application/json")
        else:
            response = client.post(url, data)
        statuses.append(response.status_code)
    return statuses


def test_the_vote_page_limits_ballots(client, world, settings):
    settings.BALLOT_RATE = "2/m"
    client.force_login(world.people["member"])
    url = reverse("decisions:vote", args=[world.open_vote.pk])

    statuses = _posts(client, url, {"answer": "for"}, 3)

    assert statuses[-1] == 429
    assert 429 not in statuses[:-1]


def test_the_api_limits_ballots(client, world, settings):
    settings.BALLOT_API_RATE = "2/m"
    client.force_login(world.people["member"])
    url = reverse("api-1.0.0:cast_ballot", args=[world.open_vote.pk])

    statuses = _posts(client, url, {"answer": "for"}, 3, json_body=True)

    assert statuses == [201, 409, 429]


def test_signing_recall_petitions_is_limited(client, world, settings):
    settings.RECALL_SIGN_RATE = "2/m"
    client.force_login(world.people["other_member"])
    url = reverse("delegation:recall_sign", args=[world.confederation.petition.pk])

    statuses = _posts(client, url, {}, 3)

    assert statuses == [302, 302, 429]


def test_council_seat_votes_are_limited(client, world, settings):
    settings.SEAT_VOTE_RATE = "2/m"
    client.force_login(world.people["delegate"])
    url = reverse("councils:question_vote", args=[world.confederation.district_question.pk])

    statuses = _posts(client, url, {"answer": "for"}, 3)

    assert statuses[-1] == 429
    assert 429 not in statuses[:-1]


def test_a_limit_can_be_switched_off(client, world, settings):
    settings.RECALL_SIGN_RATE = "1/m"
    settings.RATELIMIT_ENABLE = False
    client.force_login(world.people["other_member"])
    url = reverse("delegation:recall_sign", args=[world.confederation.petition.pk])

    assert 429 not in _posts(client, url, {}, 3)
