"""Comments on an assembly's page: post, report, hide and restore."""

import pytest
from django.urls import reverse

from folkmoot.assemblies.models import Comment, CommentReport


@pytest.fixture
def comment(elm_park, member):
    return Comment.objects.create(assembly=elm_park, author=member, body="Let's fix the park")


POST = reverse("assemblies:comment_post", args=["elm-park"])


def test_signed_in_person_comments(client, elm_park, person):
    client.force_login(person)
    response = client.post(POST, {"body": "  Hello neighbours  "})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == "Hello neighbours"
    assert comment.author == person
    assert "Hello neighbours" in client.get(elm_park.get_absolute_url()).content.decode()


def test_anonymous_cannot_comment(client, elm_park):
    response = client.post(POST, {"body": "Hi"})
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert Comment.objects.count() == 0


def test_empty_or_long_comment_is_refused_with_a_message(client, elm_park, person):
    client.force_login(person)
    response = client.post(POST, {"body": "   "})
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    response = client.post(POST, {"body": "x" * 4001})
    assert response.status_code == 400
    assert "at most 4000 characters" in response.content.decode()
    assert Comment.objects.count() == 0


def test_get_is_not_allowed(client, elm_park, person):
    client.force_login(person)
    assert client.get(POST).status_code == 405


def test_report_once_per_person(client, comment, person):
    url = reverse("assemblies:comment_report", args=[comment.pk])
    client.force_login(person)
    assert "Report a comment" in client.get(url).content.decode()
    client.post(url, {"reason": "Unkind"})
    client.post(url, {"reason": "Still unkind"})
    assert CommentReport.objects.count() == 1
    assert CommentReport.objects.get().reason == "Unkind"


def test_anonymous_cannot_report(client, comment):
    url = reverse("assemblies:comment_report", args=[comment.pk])
    assert client.post(url).status_code == 302
    assert CommentReport.objects.count() == 0


def test_organiser_sees_report_count(client, comment, person, organiser):
    CommentReport.objects.create(comment=comment, reporter=person)
    client.force_login(organiser)
    html = client.get(comment.assembly.get_absolute_url()).content.decode()
    assert "reported 1 time" in html


@pytest.mark.parametrize("who", ["person", "member", "other_organiser"])
def test_others_cannot_hide(client, comment, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("assemblies:comment_hide", args=[comment.pk]))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is None


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_moderators_hide_and_restore(client, comment, who, request):
    moderator = request.getfixturevalue(who)
    client.force_login(moderator)
    client.post(reverse("assemblies:comment_hide", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert comment.hidden_by == moderator
    client.logout()
    html = client.get(comment.assembly.get_absolute_url()).content.decode()
    assert "Let&#x27;s fix the park" not in html
    assert Comment.objects.filter(pk=comment.pk).exists()  # kept, not deleted
    client.force_login(moderator)
    client.post(reverse("assemblies:comment_restore", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.hidden_at is None
    client.logout()
    html = client.get(comment.assembly.get_absolute_url()).content.decode()
    assert "Let&#x27;s fix the park" in html


def test_hidden_comment_cannot_be_reported(client, comment, organiser, person):
    client.force_login(organiser)
    client.post(reverse("assemblies:comment_hide", args=[comment.pk]))
    client.force_login(person)
    assert client.get(reverse("assemblies:comment_report", args=[comment.pk])).status_code == 404


def test_others_cannot_restore(client, comment, organiser, member):
    client.force_login(organiser)
    client.post(reverse("assemblies:comment_hide", args=[comment.pk]))
    client.force_login(member)
    assert client.post(reverse("assemblies:comment_restore", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is not None
