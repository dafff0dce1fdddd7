"""The count fragment the teller page and the public page refresh."""

from django.urls import reverse

from folkmoot.attendance import services


def test_anyone_gets_the_count_fragment(client, meeting, member, teller):
    services.check_in_person(meeting, member)
    services.add_tally(meeting, teller, local=True)
    html = client.get(reverse("attendance:count", args=[meeting.pk])).content.decode()
    assert "<html" not in html
    assert 'data-testid="local-residents">2<' in html
    assert 'data-testid="people-in-all">2<' in html
    assert 'hx-trigger="every 5s"' in html


def test_unknown_meeting(client, db):
    assert client.get(reverse("attendance:count", args=[999])).status_code == 404
