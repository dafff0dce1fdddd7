"""An assembly's meetings: next first, then past, with counts."""

import pytest
from django.urls import reverse

from folkmoot.meetings import services
from folkmoot.meetings.models import Meeting

from .helpers import in_days, login

pytestmark = pytest.mark.django_db

URL = reverse("meetings:list", kwargs={"slug": "elm-park"})


def test_next_first_then_past_with_counts(client, elm_park, person, other_person):
    past = Meeting.objects.create(assembly=elm_park, starts_at=in_days(-10), venue="Old Hall")
    later = Meeting.objects.create(assembly=elm_park, starts_at=in_days(20), venue="Later Hall")
    soon = Meeting.objects.create(assembly=elm_park, starts_at=in_days(2), venue="Soon Hall")
    services.set_rsvp(soon, person, "yes")
    services.set_rsvp(soon, other_person, "yes")
    html = client.get(URL).content.decode()
    assert html.index("Soon Hall") < html.index("Later Hall") < html.index("Old Hall")
    assert "Coming up (2)" in html
    assert "Past meetings (1)" in html
    assert "2 coming" in html
    assert past.get_absolute_url() in html
    assert later.get_absolute_url() in html


def test_cancelled_meetings_stay_listed_and_say_so(client, meeting, organiser):
    services.cancel_meeting(meeting, organiser, "Flood")
    html = client.get(URL).content.decode()
    assert meeting.get_absolute_url() in html
    assert "Cancelled" in html


def test_empty_state(client, elm_park):
    html = client.get(URL).content.decode()
    assert "No meetings planned yet" in html


@pytest.mark.parametrize(
    ("who", "shown"),
    [("anonymous", False), ("member", False), ("other_organiser", False), ("organiser", True)],
)
def test_plan_button_only_for_organisers(client, request, elm_park, who, shown):
    login(client, request, who)
    html = client.get(URL).content.decode()
    assert (reverse("meetings:new", kwargs={"slug": "elm-park"}) in html) is shown


def test_unknown_assembly_is_404(client, db):
    assert client.get(reverse("meetings:list", kwargs={"slug": "nowhere"})).status_code == 404
