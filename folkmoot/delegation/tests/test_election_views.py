"""The election form: organisers only, the vote set up on submit, clear errors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.decisions.models import Vote
from folkmoot.delegation.models import Election

from .conftest import client_for, make_term


def url(seat, **query):
    base = reverse("delegation:election_new", args=[seat.assembly.slug, seat.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def form_data(people, **extra):
    closes = timezone.localtime() + datetime.timedelta(days=7)
    data = {
        "candidates": [str(m.pk) for m in people],
        "seats": "2",
        "substitutes": "1",
        "term_starts": "2030-01-01",
        "term_ends": "2030-12-31",
        "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        "secret": "on",
    }
    data.update(extra)
    return data


def memberships(assembly, people):
    return [assembly.memberships.get(person=p) for p in people]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_organiser", 403),
        ("organiser", 200),
        ("delegate", 403),
        ("network_organiser", 403),
    ],
    indirect=["who"],
)
def test_only_organisers_see_the_form(elm_seat, who, status):
    response = client_for(who).get(url(elm_seat))
    assert response.status_code == status
    if status == 200:
        assert "the next ones become substitutes" in response.text


def test_organiser_sets_up_the_election(elm_park, elm_seat, elm_people, organiser):
    response = client_for(organiser).post(
        url(elm_seat), form_data(memberships(elm_park, elm_people))
    )
    election = Election.objects.get()
    assert response.status_code == 302
    assert response["Location"] == election.vote.get_absolute_url()
    assert election.seats == 2
    assert election.substitutes == 1
    assert election.vote.seats == 3
    assert election.vote.secret


def test_too_few_candidates_is_explained_and_nothing_is_made(
    elm_park, elm_seat, elm_people, organiser
):
    response = client_for(organiser).post(
        url(elm_seat), form_data(memberships(elm_park, elm_people[:3]))
    )
    assert response.status_code == 400
    assert "more candidates than places" in response.text
    assert not Election.objects.exists()
    assert not Vote.objects.exists()


def test_someone_else_cannot_post(elm_park, elm_seat, elm_people, other_organiser):
    response = client_for(other_organiser).post(
        url(elm_seat), form_data(memberships(elm_park, elm_people))
    )
    assert response.status_code == 403
    assert not Election.objects.exists()


def test_by_election_form_is_prefilled(elm_park, elm_seat, ann_term, elm_people, organiser):
    make_term(elm_seat, elm_people[1])
    ann_term.ended_at, ann_term.end_reason = timezone.now(), "recalled"
    ann_term.save()
    response = client_for(organiser).get(url(elm_seat, by_election_for=ann_term.pk))
    assert response.status_code == 200
    assert "This fills the seat Ann left (recalled)" in response.text
    assert f'value="{ann_term.pk}"' in response.text
    assert ann_term.ends_on.isoformat() in response.text
    # People holding a seat or waiting as substitutes do not stand; the recalled may (the
    # members decide).
    assert [c.choice_label for c in response.context["form"]["candidates"]] == [
        "Ann",
        "Cy",
        "Di",
    ]
    data = form_data(memberships(elm_park, elm_people[2:]), seats="2", substitutes="0")
    data["by_election_for"] = ann_term.pk
    response = client_for(organiser).post(url(elm_seat), data)
    assert response.status_code == 400
    assert "1 empty seat" in response.text
    data["seats"] = "1"
    response = client_for(organiser).post(url(elm_seat), data)
    assert response.status_code == 302
    assert Election.objects.get().by_election_for == ann_term


def test_a_current_seat_is_not_a_by_election(elm_seat, ann_term, organiser):
    response = client_for(organiser).get(url(elm_seat, by_election_for=ann_term.pk))
    assert response.status_code == 404
