"""Network organisers start assemblies and name their first organiser."""

import pytest
from django.urls import reverse

from conftest import make_person
from folkmoot.assemblies.models import Assembly, Membership, Role, Supporter
from folkmoot.assemblies.services import StartError, confirm_support, record_support, start_assembly
from folkmoot.places.models import Area

URL = reverse("assemblies:start")


def post(client, **changes):
    data = {
        "name": "Ash Fields Assembly",
        "kind": "neighbourhood",
        "area": Area.objects.get(slug="ash-fields").pk,
        "organiser_email": "ari@example.org",
        "about": "Neighbours of Ash Fields",
    }
    data.update(changes)
    return client.post(URL, data)


@pytest.fixture
def ari(db):
    user = make_person("ari@example.org", "Ari")
    user.postcode = "TB1 4AB"
    user.save()
    return user


def test_network_organiser_starts_one(client, city, network_organiser, ari):
    client.force_login(network_organiser)
    assert "Start an assembly" in client.get(URL).content.decode()
    response = post(client)
    assembly = Assembly.objects.get(slug="ash-fields-assembly")
    assert response.status_code == 302
    assert response.url == assembly.get_absolute_url()
    assert Role.objects.filter(assembly=assembly, person=ari, kind="organiser").exists()
    membership = Membership.objects.get(assembly=assembly, person=ari)
    assert membership.residency == Membership.Residency.SELF_DECLARED
    page = client.get(response.url).content.decode()
    assert "is started. Next: list the area" in page
    from django.core import mail

    welcome = [m for m in mail.outbox if m.to == ["ari@example.org"]]
    assert len(welcome) == 1
    assert "You are the first organiser of Ash Fields Assembly" in welcome[0].subject
    assert assembly.get_absolute_url() in welcome[0].body


@pytest.mark.parametrize("who", ["person", "organiser"])
def test_others_may_not(client, city, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert post(client).status_code == 403
    assert not Assembly.objects.filter(slug="ash-fields-assembly").exists()


def test_anonymous_sent_to_sign_in(client, city):
    assert client.get(URL).status_code == 302


def test_unknown_organiser_email(client, city, network_organiser):
    client.force_login(network_organiser)
    response = post(client, organiser_email="nobody@example.org")
    assert "Nobody has an account with that email" in response.content.decode()
    assert not Assembly.objects.filter(slug="ash-fields-assembly").exists()


def test_one_neighbourhood_assembly_per_area(client, elm_park, network_organiser, ari):
    client.force_login(network_organiser)
    response = post(client, area=elm_park.area.pk, name="Second Elm Park")
    assert "Elm Park already has a neighbourhood assembly." in response.content.decode()
    assert Assembly.objects.filter(area=elm_park.area).count() == 1


def test_themed_needs_a_theme(client, city, network_organiser, ari, health):
    client.force_login(network_organiser)
    city_area = Area.objects.get(slug="testbury")
    response = post(client, kind="themed", area=city_area.pk, name="Testbury Housing")
    assert "Choose the theme of a themed assembly." in response.content.decode()
    post(client, kind="themed", area=city_area.pk, name="Testbury Health", theme=health.pk)
    assert Assembly.objects.get(slug="testbury-health").theme == health


def test_waiting_supporters_move_to_the_new_assembly(city, network, ari):
    confirm_support(record_support(name="S", email="s@example.org", postcode="TB1 4AA").supporter)
    assembly = start_assembly(
        name="Ash Fields Assembly", area=Area.objects.get(slug="ash-fields"), organiser=ari
    )
    assert Supporter.objects.get().assembly == assembly


def test_a_district_is_not_a_neighbourhood(city, ari):
    with pytest.raises(StartError, match="needs a neighbourhood area"):
        start_assembly(name="X", area=Area.objects.get(slug="east-testbury"), organiser=ari)


def test_slugs_stay_unique(city, ari, health):
    first = start_assembly(
        name="Health",
        area=Area.objects.get(slug="testbury"),
        organiser=ari,
        kind="themed",
        theme=health,
    )
    second = start_assembly(
        name="Health",
        area=Area.objects.get(slug="east-testbury"),
        organiser=ari,
        kind="themed",
        theme=health,
    )
    assert (first.slug, second.slug) == ("health", "health-2")


def test_areas_waiting_for_an_assembly_come_first(client, elm_park, network_organiser):
    client.force_login(network_organiser)
    html = client.get(URL).content.decode()
    waiting = html.index("Ash Fields (neighbourhood with no assembly yet)")
    assert waiting < html.index("Elm Park (neighbourhood)")
    assert "Testbury (city or town)" in html
