"""The leave page: GET explains, POST leaves. The record is kept."""

from django.urls import reverse

from folkmoot.assemblies.models import Membership, Role

LEAVE = reverse("assemblies:leave", args=["elm-park"])


def test_anonymous_is_sent_to_sign_in(client, member):
    for response in (client.get(LEAVE), client.post(LEAVE)):
        assert response.status_code == 302
        assert reverse("account_login") in response.url
    assert Membership.objects.get(person=member).left_at is None


def test_the_page_asks_first(client, member):
    client.force_login(member)
    html = client.get(LEAVE).content.decode()
    assert "Yes, leave" in html
    assert Membership.objects.get(person=member).left_at is None


def test_leaving(client, member, elm_park):
    client.force_login(member)
    response = client.post(LEAVE, follow=True)
    assert response.redirect_chain[-1][0] == elm_park.get_absolute_url()
    assert "You have left Elm Park Assembly" in response.content.decode()
    assert "join again" in response.content.decode()
    membership = Membership.objects.get(person=member)  # kept, not deleted
    assert membership.left_at is not None


def test_not_a_member(client, person, elm_park):
    client.force_login(person)
    assert "not a member" in client.get(LEAVE).content.decode()
    html = client.post(LEAVE, follow=True).content.decode()
    assert "not a member" in html


def test_the_last_organiser_cannot_leave(client, organiser, elm_park):
    Membership.objects.create(assembly=elm_park, person=organiser)
    client.force_login(organiser)
    response = client.post(LEAVE, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assemblies:roles", args=["elm-park"])
    assert "only organiser" in response.content.decode()
    assert Membership.objects.get(person=organiser).left_at is None
    assert Role.objects.get(person=organiser).ends_on is None
