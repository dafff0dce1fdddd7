"""A council's page: what it does, its rules in plain words, competences, member bodies with
their seats and delegates, legitimacy, questions, meetings and missing report-backs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from folkmoot.councils import confederation
from folkmoot.councils.models import CouncilMeeting, CouncilMember, Question
from folkmoot.delegation.models import ReportBack
from folkmoot.legitimacy.rules import Verdict

from . import fixtures_councils

council_net = fixtures_councils.council_net


def page(client, council) -> str:
    response = client.get(council.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_url_has_its_name(council_net):
    assert reverse("councils:detail", args=["east-testbury"]) == "/councils/east-testbury/"


def test_unknown_council_is_not_found(client, db):
    assert client.get("/councils/nowhere/").status_code == 404


def test_what_it_is_and_where(client, council_net):
    html = page(client, council_net.district)
    assert "<h1>East Testbury District Council</h1>" in html
    assert "District · East Testbury" in html
    assert "Coordinates the east side&#x27;s assemblies." in html


def test_rules_in_plain_words(client, council_net):
    html = page(client, council_net.district)
    assert "Every member body counts once, the way most of its seats voted." in html
    assert "shared out in proportion to what they decided" in html
    assert "Only delegates of legitimate assemblies vote." in html
    city = page(client, council_net.city)
    assert "the bodies for it also have more verified residents" in city
    assert "whether or not their assembly is legitimate yet" in city
    assert "A question from above" not in city  # the top council sends nobody above
    CouncilMember.objects.create(
        council=council_net.city, member_council=council_net.health_council
    )
    health = page(client, council_net.health_council)
    assert "All its own seats above then vote the way most of its member bodies decided" in health


def test_competences_and_that_anything_else_goes_down(client, council_net):
    html = page(client, council_net.district)
    assert "Sharing the tool library" in html
    assert "Agreed by all, March 2026" in html
    assert "Anything else on its agenda is referred down" in html
    city = page(client, council_net.city)
    assert "have not given this council any matters of its own" in city


def test_member_bodies_with_seats_delegates_substitutes_and_vacancies(client, council_net):
    html = page(client, council_net.district)
    assert "2 member bodies · 3 seats, 2 filled, 1 vacant" in html
    assert "Elm Park Assembly" in html
    assert "Oak Row Assembly" in html
    assert "Eli" in html
    assert "Oona" in html
    assert html.count("Vacant seat") == 1
    assert "Substitutes: " in html
    assert ">Sub<" in html
    assert "Gone" not in html  # recalled: holds no seat
    assert "This council sends delegates to:" in html
    assert council_net.city.get_absolute_url() in html


def test_delegates_link_to_their_pages(client, council_net):
    html = page(client, council_net.district)
    assert reverse("delegation:delegate", args=[council_net.eli.pk]) in html
    assert reverse("delegation:delegate", args=[council_net.sub.pk]) in html


def test_member_councils_link_to_their_page(client, council_net):
    html = page(client, council_net.city)
    assert council_net.district.get_absolute_url() in html
    assert "(district)" in html
    assert "Dee" in html


def test_legitimacy_uses_the_directory_words(client, council_net):
    html = page(client, council_net.district)
    assert html.count('<span aria-hidden="true">○</span> Not yet') == 2  # no meetings yet
    assert reverse("legitimacy:assembly", args=["elm-park"]) in html
    # Only legitimate assemblies vote here: say so next to those that are not (yet).
    assert html.count("do not vote here until the assembly is legitimate") == 2


def test_a_legitimate_assembly(client, council_net, elm_park, monkeypatch):
    def verdicts(assemblies, at=None):
        return {
            a.pk: Verdict.LEGITIMATE if a.pk == elm_park.pk else Verdict.NOT_YET for a in assemblies
        }

    monkeypatch.setattr(confederation, "verdicts_for", verdicts)
    html = page(client, council_net.district)
    assert '<span aria-hidden="true">✓</span> Legitimate' in html
    assert '<span aria-hidden="true">○</span> Not yet' in html
    assert html.count("do not vote here until the assembly is legitimate") == 1


def test_latest_questions_link_to_their_pages(client, council_net, person):
    question = Question.objects.create(
        council=council_net.district,
        title="Open the tool library on Sundays?",
        raised_by=person,
        status=Question.Status.REFERRED,
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    html = page(client, council_net.district)
    assert "Open the tool library on Sundays?" in html
    assert "Referred to the member bodies" in html
    assert "member bodies decide by" in html
    assert reverse("councils:question", args=[question.pk]) in html


def test_no_questions_yet(client, council_net):
    assert "No questions on its agenda yet." in page(client, council_net.district)


def test_meetings_coming_up_and_held_with_notes(client, council_net):
    now = timezone.now()
    CouncilMeeting.objects.create(
        council=council_net.district,
        starts_at=now + datetime.timedelta(days=7),
        place="Library Hall",
    )
    CouncilMeeting.objects.create(
        council=council_net.district,
        starts_at=now - datetime.timedelta(days=7),
        place="Church Hall",
        notes="Agreed the Sunday rota.",
    )
    html = page(client, council_net.district)
    assert html.index("Coming up") < html.index("Library Hall") < html.index("Held")
    assert "Church Hall" in html
    assert "Agreed the Sunday rota." in html
    assert "Correct the notes" not in html  # only for those who keep the records


def test_no_meetings_yet(client, council_net):
    assert "No meetings yet." in page(client, council_net.district)


def test_missing_report_backs(client, council_net):
    held = CouncilMeeting.objects.create(
        council=council_net.district,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        place="Church Hall",
    )
    html = page(client, council_net.district)
    section = html[html.index("Report-backs not filed") :]
    assert "These are still missing" in section
    assert "Eli" in section
    assert "Oona" in section
    assert ">Sub<" not in section  # substitutes hold no seat
    ReportBack.objects.create(delegate=council_net.eli, meeting=held, text="We agreed a rota.")
    section = page(client, council_net.district).split("Report-backs not filed")[1]
    assert "Eli" not in section
    assert "Oona" in section


def test_nothing_missing(client, council_net):
    assert "None missing" in page(client, council_net.district)


@pytest.mark.parametrize("who", ["anonymous", "member", "organiser"])
def test_only_conveners_see_the_meeting_buttons(client, council_net, member, organiser, who):
    if who != "anonymous":
        client.force_login({"member": member, "organiser": organiser}[who])
    assert reverse("councils:meeting_new", args=["east-testbury"]) not in page(
        client, council_net.district
    )


def test_queries_do_not_grow_with_the_member_bodies(client, council_net):
    client.get(council_net.district.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        page(client, council_net.district)
    fixtures_councils.grow(
        (council_net.district_level, council_net.city_level), council_net.district, 1, 6, "q"
    )
    with CaptureQueriesContext(connection) as many:
        page(client, council_net.district)
    assert len(many) == len(few)


def test_links_to_every_question(client, council_net):
    html = page(client, council_net.district)
    assert reverse("councils:questions", args=["east-testbury"]) in html
