"""Download your data: everything we hold about you, and nothing about anyone else."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress

from folkmoot.assemblies.models import Comment, CommentReport, Membership, Role

EXPORT = "/accounts/profile/my-data.json"


def download(client) -> dict:
    response = client.get(EXPORT)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def pats_world(person, other_person, elm_park, oak_row, make_supporter):
    """Pat and Sam both take part in Elm Park; everything of Sam's must stay out of Pat's file."""
    person.postcode = "TB1 1AA"
    person.show_name_to_members = False
    person.save()
    Membership.objects.create(assembly=elm_park, person=person)
    Membership.objects.create(assembly=elm_park, person=other_person)
    Membership.objects.create(assembly=oak_row, person=other_person)
    Role.objects.create(
        assembly=elm_park,
        person=person,
        kind=Role.Kind.TELLER,
        starts_on=datetime.date(2024, 5, 1),
    )
    Role.objects.create(
        assembly=elm_park,
        person=other_person,
        kind=Role.Kind.ORGANISER,
        starts_on=datetime.date(2024, 1, 1),
    )
    pats_comment = Comment.objects.create(
        assembly=elm_park, author=person, body="Pat says: more benches"
    )
    sams_comment = Comment.objects.create(
        assembly=elm_park, author=other_person, body="Sam says: fewer cars"
    )
    CommentReport.objects.create(comment=sams_comment, reporter=person, reason="Pat reports")
    CommentReport.objects.create(comment=pats_comment, reporter=other_person, reason="Sam reports")
    make_supporter("pat@example.org", name="Pat P", comment="Pat supports")
    make_supporter("sam@example.org", name="Sam S", comment="Sam supports", postcode="TB1 3XY")
    make_supporter("sam@example.org", name="Sam S", assembly=oak_row, postcode="TB1 3XY")
    return person


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={EXPORT}"


def test_is_a_json_download(client, person):
    client.force_login(person)
    response = client.get(EXPORT)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="folkmoot-my-data-')
    assert response["Content-Disposition"].endswith('.json"')
    json.loads(response.content)


def test_contains_your_account(client, pats_world):
    client.force_login(pats_world)
    account = download(client)["account"]
    assert account["email"] == "pat@example.org"
    assert account["display_name"] == "Pat"
    assert account["postcode"] == "TB1 1AA"
    assert account["show_name_to_members"] is False
    assert account["allow_organiser_contact"] is True
    assert account["date_joined"]
    assert "password" not in account


def test_contains_your_email_addresses(client, pats_world):
    client.force_login(pats_world)
    data = download(client)
    assert data["email_addresses"] == [
        {"email": "pat@example.org", "verified": True, "primary": True}
    ]


def test_contains_your_memberships(client, pats_world):
    client.force_login(pats_world)
    memberships = download(client)["memberships"]
    assert len(memberships) == 1
    assert memberships[0]["assembly"] == "Elm Park Assembly"
    assert memberships[0]["residency"] == "self_declared"
    assert memberships[0]["joined_at"]
    assert memberships[0]["left_at"] is None


def test_contains_your_roles(client, pats_world):
    client.force_login(pats_world)
    assert download(client)["roles"] == [
        {
            "assembly": "Elm Park Assembly",
            "role": "teller",
            "starts_on": "2024-05-01",
            "ends_on": None,
        }
    ]


def test_contains_your_comments_and_reports(client, pats_world):
    client.force_login(pats_world)
    data = download(client)
    assert [c["body"] for c in data["comments"]] == ["Pat says: more benches"]
    assert data["comments"][0]["hidden"] is False
    assert [r["reason"] for r in data["comment_reports"]] == ["Pat reports"]


def test_contains_support_given_under_your_address(client, pats_world):
    client.force_login(pats_world)
    support = download(client)["support"]
    assert len(support) == 1
    assert support[0]["name"] == "Pat P"
    assert support[0]["email"] == "pat@example.org"
    assert support[0]["assembly"] == "Elm Park Assembly"
    assert support[0]["comment"] == "Pat supports"
    assert support[0]["confirmed_at"]


def test_contains_nothing_about_other_people(client, pats_world):
    client.force_login(pats_world)
    text = client.get(EXPORT).content.decode()
    for about_sam in ["sam@example.org", "Sam", "fewer cars", "TB1 3XY", "Oak Row"]:
        assert about_sam not in text, about_sam


def test_each_person_gets_their_own_file(client, pats_world, other_person):
    client.force_login(other_person)
    data = download(client)
    assert data["account"]["email"] == "sam@example.org"
    assert len(data["memberships"]) == 2
    assert [r["role"] for r in data["roles"]] == ["organiser"]
    assert "Pat" not in json.dumps(data)


def test_support_from_an_address_you_have_not_confirmed_is_not_included(
    client, pats_world, other_person
):
    """Anyone can type someone else's address into 'change email'. Until they confirm it,
    it must not pull that person's support (name, postcode, comment) into their download."""
    client.force_login(pats_world)
    client.post("/accounts/email/", {"action_add": "", "email": "sam@example.org"})
    assert EmailAddress.objects.filter(user=pats_world, email="sam@example.org").exists()
    text = client.get(EXPORT).content.decode()
    assert "Sam supports" not in text
    assert "Sam S" not in text
    assert "TB1 3XY" not in text


def test_support_under_every_confirmed_address_is_included(client, pats_world, make_supporter):
    EmailAddress.objects.create(user=pats_world, email="pat.work@example.org", verified=True)
    make_supporter("pat.work@example.org", name="Pat at work", assembly=None)
    client.force_login(pats_world)
    names = {s["name"] for s in download(client)["support"]}
    assert names == {"Pat P", "Pat at work"}


def test_unconfirmed_support_is_included_too(client, person, make_supporter):
    make_supporter("pat@example.org", name="Pat P", confirmed_at=None)
    client.force_login(person)
    support = download(client)["support"]
    assert len(support) == 1
    assert support[0]["confirmed_at"] is None


def test_hidden_comments_are_included_and_marked(client, person, elm_park, organiser):
    from django.utils import timezone

    Comment.objects.create(
        assembly=elm_park,
        author=person,
        body="Hidden by an organiser",
        hidden_at=timezone.now(),
        hidden_by=organiser,
    )
    client.force_login(person)
    comments = download(client)["comments"]
    assert comments[0]["hidden"] is True
    assert "olu@example.org" not in json.dumps(comments)


def test_is_never_cached(client, person):
    client.force_login(person)
    response = client.get(EXPORT)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_says_if_you_organise_the_network(client, network_organiser, person, network):
    client.force_login(network_organiser)
    assert download(client)["network_organiser_of"] == [network.name]
    client.force_login(person)
    assert download(client)["network_organiser_of"] == []
