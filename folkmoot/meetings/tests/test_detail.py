"""The meeting page: what, when, where, access, agenda, who is coming (counts), minutes."""

import pytest
from django.urls import reverse

from folkmoot.meetings import services

from .helpers import login

pytestmark = pytest.mark.django_db


def page(client, meeting):
    response = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_sees_the_meeting(client, meeting):
    html = page(client, meeting)
    assert "Assembly meeting" in html
    assert services.format_span(meeting.starts_at, meeting.ends_at) in html
    assert "St Aidan&#x27;s Hall" in html
    assert "1 Church Lane" in html
    assert "Saving the library" in html
    assert "Street party" in html
    # Access in words, not colour alone.
    assert "Step-free access" in html
    assert "Yes" in html
    assert "Hearing loop" in html
    assert "BSL" in html
    assert "Sign in to say if you are coming" in html


def test_unknown_meeting_is_404(client, db):
    assert client.get(reverse("meetings:detail", kwargs={"pk": 999})).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "person", "member", "other_organiser"])
def test_counts_but_never_names_for_non_organisers(client, request, meeting, other_person, who):
    services.set_rsvp(meeting, other_person, "yes")
    login(client, request, who)
    html = page(client, meeting)
    assert '<span class="count">1</span> coming' in html
    assert "Sam" not in html
    assert "For organisers" not in html
    assert reverse("meetings:edit", kwargs={"pk": meeting.pk}) not in html


@pytest.mark.parametrize("who", ["organiser", "network_organiser"])
def test_organisers_see_names_and_links(client, request, meeting, other_person, who):
    services.set_rsvp(meeting, other_person, "maybe")
    login(client, request, who)
    html = page(client, meeting)
    assert "Sam: Maybe" in html
    for name in ("edit", "publish", "cancel", "agenda"):
        assert reverse(f"meetings:{name}", kwargs={"pk": meeting.pk}) in html


def test_members_see_who_runs_it_the_public_does_not(client, meeting, member):
    assert "Nat" not in page(client, meeting)
    client.force_login(member)
    assert "Nat" in page(client, meeting)


def test_signed_in_person_sees_answer_buttons_and_their_answer(client, meeting, person):
    services.set_rsvp(meeting, person, "maybe")
    client.force_login(person)
    html = page(client, meeting)
    assert 'name="answer" value="yes"' in html
    assert "Your answer: <strong>Maybe</strong>" in html
    assert 'aria-pressed="true"' in html


def test_cancelled_meeting_says_so_with_the_reason(client, meeting, organiser):
    services.cancel_meeting(meeting, organiser, "The hall flooded")
    html = page(client, meeting)
    assert "Cancelled" in html
    assert "The hall flooded" in html
    assert 'name="answer"' not in html
    assert "Sign in to say if you are coming" not in html


def test_published_minutes_show_sanitised(client, meeting, note_taker):
    services.save_minutes(
        meeting,
        note_taker,
        body="## Decided\n\nKeep the library <script>alert(1)</script>[x](javascript:alert(2))",
        members_only=False,
        publish=True,
    )
    html = page(client, meeting)
    assert "<h2>Decided</h2>" in html
    assert "alert(" not in html
    assert "Published" in html


def test_draft_minutes_are_not_public(client, meeting, note_taker):
    services.save_minutes(meeting, note_taker, body="Secret draft", members_only=False)
    assert "Secret draft" not in page(client, meeting)
    client.force_login(note_taker)
    html = page(client, meeting)
    assert "Secret draft" in html
    assert "Draft: not published yet" in html


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("person", False),
        ("other_organiser", False),
        ("member", True),
        ("note_taker", True),
        ("organiser", True),
        ("network_organiser", True),
    ],
)
def test_members_only_minutes(client, request, meeting, note_taker, who, sees):
    services.save_minutes(
        meeting, note_taker, body="Members stuff", members_only=True, publish=True
    )
    login(client, request, who)
    html = page(client, meeting)
    assert ("Members stuff" in html) is sees
    if not sees:
        assert "for members of the assembly only" in html


def test_more_links_include_is_on_the_page(client, meeting):
    from django.template.loader import get_template

    assert get_template("meetings/_more_links.html")
    page(client, meeting)  # renders with the (empty) include
