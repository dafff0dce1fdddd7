"""Discussion over HTTP: post, reply, report, hide and restore on a proposal."""

import pytest
from django.urls import reverse

from folkmoot.assemblies.models import Comment, CommentReport
from folkmoot.decisions import discussion

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
second_member = helpers.second_member
draft = helpers.draft


@pytest.fixture
def open_proposal(elm_park, author, organiser):
    return helpers.make_proposal(elm_park, author, "discussion", organiser)


@pytest.fixture
def comment(open_proposal, member):
    return discussion.post_comment(open_proposal, member, "Good idea")


def _post_url(proposal):
    return reverse("decisions:proposal_comment", args=[proposal.pk])


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("person", 403),
        ("other_organiser", 403),
        ("member", 302),
        ("author", 302),
        ("facilitator", 302),
        ("organiser", 302),
    ],
)
def test_who_may_comment(client, open_proposal, who, code, request):
    helpers.sign_in(client, request, who)
    response = client.post(_post_url(open_proposal), {"body": "I agree"})
    assert response.status_code == code
    assert Comment.objects.filter(body="I agree").exists() is (code == 302)


def test_anonymous_is_sent_to_sign_in(client, open_proposal):
    response = client.post(_post_url(open_proposal), {"body": "Hi"})
    assert reverse("account_login") in response.url
    assert Comment.objects.count() == 0


def test_comment_and_reply_show_threaded(client, comment, open_proposal, author, second_member):
    client.force_login(author)
    client.post(_post_url(open_proposal), {"body": "Thanks", "parent": comment.pk})
    reply = Comment.objects.get(body="Thanks")
    client.force_login(second_member)
    client.post(_post_url(open_proposal), {"body": "Me too", "parent": reply.pk})
    assert Comment.objects.get(body="Me too").parent == comment
    html = client.get(open_proposal.get_absolute_url()).content.decode()
    replies = html.split('class="comments comment-replies"')[1]
    assert "Thanks" in replies
    assert "Me too" in replies
    assert "Reply to Mo" in html


def test_empty_comment_and_bad_parent_save_nothing(client, open_proposal, member, elm_park):
    client.force_login(member)
    assert client.post(_post_url(open_proposal), {"body": "  "}).status_code == 400
    other = Comment.objects.create(assembly=elm_park, author=member, body="On the assembly")
    response = client.post(_post_url(open_proposal), {"body": "Hi", "parent": other.pk})
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_closed_discussion(client, elm_park, author, organiser, member):
    proposal = helpers.make_proposal(elm_park, author, "decided", organiser)
    client.force_login(member)
    response = client.post(_post_url(proposal), {"body": "Late"}, follow=True)
    assert "The discussion is closed." in response.content.decode()
    assert Comment.objects.count() == 0


def test_draft_comments_are_not_found(client, draft, member):
    client.force_login(member)
    assert client.post(_post_url(draft), {"body": "Hi"}).status_code == 404


def test_report_once(client, comment, person):
    url = reverse("decisions:proposal_comment_report", args=[comment.pk])
    client.force_login(person)
    assert "Report a comment" in client.get(url).content.decode()
    client.post(url, {"reason": "Unkind"})
    client.post(url, {"reason": "Again"})
    assert CommentReport.objects.get().reason == "Unkind"


def test_anonymous_cannot_report(client, comment):
    client.post(reverse("decisions:proposal_comment_report", args=[comment.pk]))
    assert CommentReport.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("person", 403),
        ("member", 403),
        ("author", 403),
        ("facilitator", 403),
        ("other_organiser", 403),
        ("organiser", 302),
        ("network_organiser", 302),
    ],
)
def test_who_may_hide_and_restore(client, comment, who, code, request):
    helpers.sign_in(client, request, who)
    hide = reverse("decisions:proposal_comment_hide", args=[comment.pk])
    assert client.post(hide).status_code == code
    comment.refresh_from_db()
    assert (comment.hidden_at is not None) is (code == 302)
    if code == 302:
        restore = reverse("decisions:proposal_comment_restore", args=[comment.pk])
        assert client.post(restore).status_code == 302
        comment.refresh_from_db()
        assert comment.hidden_at is None


def test_hidden_comment_is_gone_for_members_but_marked_for_organisers(
    client, comment, open_proposal, organiser, member
):
    client.force_login(organiser)
    client.post(reverse("decisions:proposal_comment_hide", args=[comment.pk]))
    assert "Hidden from the public" in client.get(open_proposal.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "Good idea" not in client.get(open_proposal.get_absolute_url()).content.decode()


def test_assembly_comment_urls_do_not_apply(client, elm_park, member, organiser):
    other = Comment.objects.create(assembly=elm_park, author=member, body="On the assembly")
    client.force_login(organiser)
    url = reverse("decisions:proposal_comment_hide", args=[other.pk])
    assert client.post(url).status_code == 404
