from django.urls import reverse

from folkmoot.attendance.models import Attendance


def url(assembly):
    return reverse("legitimacy:assembly", args=[assembly.slug])


def test_legitimate_assembly_shows_the_evidence(client, legitimate, elm_park):
    response = client.get(url(elm_park))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Legitimacy" in html
    assert "✓</span> Legitimate" in html
    assert "150 checked local residents (3 more say they live here)" in html
    assert "80% of postcodes reached (8 of 10)" in html
    assert "invitation published 20 days before" in html
    for meeting in legitimate:
        assert reverse("meetings:detail", args=[meeting.pk]) in html
        assert reverse("legitimacy:meeting_process", args=[meeting.pk]) in html
    assert "What is missing" not in html


def test_not_yet_says_what_is_missing(client, legitimate, elm_park):
    ids = list(
        Attendance.objects.filter(meeting=legitimate[0], residency="verified").values_list(
            "pk", flat=True
        )[:32]
    )
    Attendance.objects.filter(pk__in=ids).delete()
    html = client.get(url(elm_park)).content.decode()
    assert "○</span> Not yet" in html
    assert "The last meeting had 118: 32 more." in html


def test_a_new_assembly(client, elm_park, network):
    html = client.get(url(elm_park)).content.decode()
    assert "No meetings have been held yet" in html
    assert "Hold 3 more meetings." in html


def test_history_is_listed(client, legitimate, elm_park):
    html = client.get(url(elm_park)).content.decode()
    assert "Over time" in html
    assert html.count("After the meeting on") == 1


def test_unknown_assembly(client, db):
    assert client.get("/assemblies/nowhere/legitimacy/").status_code == 404


def test_page_is_public_and_shows_no_names(client, legitimate, elm_park):
    html = client.get(url(elm_park)).content.decode()
    assert "Person 1" not in html


def test_not_yet_links_to_the_step_by_step_help(client, elm_park, network):
    html = client.get(url(elm_park)).content.decode()
    assert reverse("network:help_page", args=["organisers"]) in html


def test_a_legitimate_assembly_needs_no_help_link(client, legitimate, elm_park):
    html = client.get(url(elm_park)).content.decode()
    assert reverse("network:help_page", args=["organisers"]) not in html


def test_organisers_can_plan_the_first_meeting_from_here(client, elm_park, organiser, network):
    plan = reverse("meetings:new", args=[elm_park.slug])
    assert plan not in client.get(url(elm_park)).content.decode()
    client.force_login(organiser)
    assert plan in client.get(url(elm_park)).content.decode()
