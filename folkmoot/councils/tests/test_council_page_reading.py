"""What a council's page reads together: its short lists in the council's own query, and its
meetings once for both the calendar and the report-backs owed."""

import datetime

from django.utils import timezone

from conftest import make_person
from folkmoot.councils.models import Competence, CouncilMeeting, CouncilMember
from folkmoot.delegation.models import ReportBack

from . import fixtures_councils

council_net = fixtures_councils.council_net


def page(client, council) -> str:
    response = client.get(council.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def in_order(html: str, *words: str) -> bool:
    places = [html.index(word) for word in words]
    return places == sorted(places)


def test_conveners_competences_and_seats_above_each_in_order(client, council_net):
    district = council_net.district
    district.conveners.add(
        make_person("zed@example.org", "Zed"), make_person("bea@example.org", "Bea")
    )
    gone = make_person("gone-convener@example.org", "Abe")
    gone.erased_at = timezone.now()
    gone.save()
    district.conveners.add(gone)
    Competence.objects.create(council=district, matter="Allotments", granted="")
    Competence.objects.create(council=district, matter="Parks", granted="By three bodies")
    CouncilMember.objects.create(
        council=council_net.health_council, member_council=district, seats=3
    )
    html = page(client, district)
    conveners = html[html.index("Conveners (") :]
    # By the name each gave, an erased account as "Deleted account" in its place.
    assert in_order(conveners, "Deleted account", "Bea", "Cora", "Zed")
    assert "Abe" not in conveners
    assert in_order(html, "Allotments", "Parks", "Sharing the tool library")
    assert "(By three bodies)" in html
    sends = html[html.index("This council sends delegates to:") :]
    # The lower level first.
    assert in_order(sends, "Testbury Health Council", "(3 seats)", "Testbury City Council")
    assert council_net.health_council.get_absolute_url() in sends


def test_no_conveners_competences_or_seats_above(client, council_net):
    html = page(client, council_net.city)
    assert "Conveners (" not in html
    assert "have not given this council any matters of its own" in html
    assert "This council sends delegates to:" not in html


def test_meetings_five_to_come_and_ten_held(client, council_net):
    now = timezone.now()
    for days in range(1, 8):
        for sign, place in ((1, "Later"), (-1, "Earlier")):
            CouncilMeeting.objects.create(
                council=council_net.district,
                starts_at=now + sign * datetime.timedelta(days=days),
                place=f"{place} {days}",
            )
    for days in range(8, 13):
        CouncilMeeting.objects.create(
            council=council_net.district,
            starts_at=now - datetime.timedelta(days=days),
            place=f"Earlier {days}",
        )
    html = page(client, council_net.district)
    coming = html[html.index("Coming up") : html.index("Held")]
    assert in_order(coming, *[f"Later {d}<" for d in range(1, 6)])
    assert "Later 6<" not in coming
    held = html[html.index("Held") : html.index("Report-backs not filed")]
    assert in_order(held, *[f"Earlier {d}<" for d in range(1, 11)])
    assert "Earlier 11<" not in held


def test_a_delegate_who_left_after_a_meeting_still_owes_its_report_back(client, council_net):
    # Gone held a seat from 1 January and was recalled on 1 February.
    held = CouncilMeeting.objects.create(
        council=council_net.district,
        starts_at=datetime.datetime(2026, 1, 15, 18, tzinfo=datetime.UTC),
        place="Church Hall",
    )
    ReportBack.objects.create(delegate=council_net.eli, meeting=held, text="Done.")
    section = page(client, council_net.district).split("Report-backs not filed")[1]
    assert "Gone" in section
    assert "Oona" in section
    assert "Eli" not in section
    assert ">Sub<" not in section


def test_conveners_and_network_organisers_keep_the_records(client, council_net, network):
    client.force_login(council_net.convener)
    assert "Add a council meeting" in page(client, council_net.district)
    organiser = make_person("nora@example.org", "Nora")
    network.organisers.add(organiser)
    client.force_login(organiser)
    assert "Add a council meeting" in page(client, council_net.district)
    client.force_login(make_person("pat@example.org", "Pat"))
    assert "Add a council meeting" not in page(client, council_net.district)
