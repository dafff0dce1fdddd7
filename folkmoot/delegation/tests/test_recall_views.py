"""Recall pages: opening a petition, signing it (POST only), a council's own recall."""

import datetime

import pytest
from django.urls import reverse

from folkmoot.delegation import recall
from folkmoot.delegation.elections import appoint_delegates
from folkmoot.delegation.models import RecallPetition

from .conftest import WHO, client_for
from .test_recall import add_members


def open_url(term):
    return reverse("delegation:recall_open", args=[term.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 200),
        ("other_organiser", 403),
        ("organiser", 403),
        ("delegate", 200),
        ("network_organiser", 403),
    ],
    indirect=["who"],
)
def test_only_members_of_the_electing_assembly_open_a_petition(ann_term, who, status):
    assert client_for(who).get(open_url(ann_term)).status_code == status


def test_open_a_petition(ann_term, member, elm_park):
    add_members(elm_park, 40)
    response = client_for(member).post(open_url(ann_term), {"reason": "Broke the mandate."})
    assert response.status_code == 302
    assert response["Location"] == ann_term.get_absolute_url()
    petition = RecallPetition.objects.get()
    assert petition.reason == "Broke the mandate."
    assert petition.signatures.count() == 1


def test_reason_required(ann_term, member):
    response = client_for(member).post(open_url(ann_term), {"reason": " "})
    assert response.status_code == 400
    assert not RecallPetition.objects.exists()


def test_threshold_reached_at_once_goes_to_the_vote(ann_term, member):
    response = client_for(member).post(open_url(ann_term), {"reason": "Reason."})
    petition = RecallPetition.objects.get()
    assert petition.status == "voting"
    assert response["Location"] == petition.vote.get_absolute_url()


def test_a_second_petition_sends_members_to_the_first(ann_term, member, elm_people, elm_park):
    add_members(elm_park, 40)
    recall.open_petition(ann_term, member, "Reason.")
    response = client_for(elm_people[1]).get(open_url(ann_term))
    assert response.status_code == 302
    assert response["Location"] == ann_term.get_absolute_url()


def sign_url(petition):
    return reverse("delegation:recall_sign", args=[petition.pk])


def test_signing_is_post_only_and_once(ann_term, member, elm_people, elm_park):
    add_members(elm_park, 40)
    petition = recall.open_petition(ann_term, member, "Reason.")
    signer = client_for(elm_people[1])
    assert signer.get(sign_url(petition)).status_code == 405
    assert signer.post(sign_url(petition)).status_code == 302
    response = signer.post(sign_url(petition), follow=True)
    assert "already signed" in response.text
    assert petition.signatures.count() == 2


@pytest.mark.parametrize("who", ["other_organiser", "network_organiser"])
def test_outsiders_cannot_sign(ann_term, member, elm_park, who, request):
    add_members(elm_park, 40)
    petition = recall.open_petition(ann_term, member, "Reason.")
    response = client_for(request.getfixturevalue(who)).post(sign_url(petition), follow=True)
    assert "Only members of Elm Park Assembly" in response.text
    assert petition.signatures.count() == 1


def test_anonymous_signing_asks_to_sign_in(ann_term, member, elm_park, client):
    add_members(elm_park, 40)
    petition = recall.open_petition(ann_term, member, "Reason.")
    response = client.post(sign_url(petition))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_council_recall_by_conveners_only(east_seat, ann_term, convener, organiser):
    (term,) = appoint_delegates(
        east_seat,
        [ann_term.person],
        convener,
        datetime.date(2030, 1, 1),
        datetime.date(2030, 12, 31),
        "Minute 1",
    )
    url = reverse("delegation:council_recall", args=[term.pk])
    assert client_for(organiser).get(url).status_code == 403
    assert client_for(convener).post(url, {"minute": ""}).status_code == 400
    response = client_for(convener).post(url, {"minute": "Minute 2: recalled."})
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.end_reason == "recalled"


@pytest.mark.parametrize("who", WHO, indirect=True)
def test_council_recall_is_not_for_assembly_delegates(ann_term, who):
    response = client_for(who).get(reverse("delegation:council_recall", args=[ann_term.pk]))
    assert response.status_code in (302, 403)
