"""The council list: every council by level, with its seats filled and vacant."""

from django.urls import reverse

from folkmoot.councils.models import Council

from . import fixtures_councils

council_net = fixtures_councils.council_net

URL = "/councils/"


def test_the_url_has_its_name():
    assert reverse("councils:list") == URL


def test_lists_councils_level_by_level_with_seats(client, council_net):
    html = client.get(URL).content.decode()
    assert html.index("District (2 councils)") < html.index("City (1 council)")
    assert "East Testbury District Council" in html
    assert council_net.district.get_absolute_url() in html
    # Elm Park 2 seats (1 held) + Oak Row 1 seat (held; the recalled delegate is gone).
    assert "2 member bodies · 3 seats" in html
    assert "2 filled · <strong>1 vacant</strong>" in html
    # The city council: one member body, the district, with 2 seats and 1 held.
    assert "1 member body · 2 seats" in html
    assert '<span class="tag">Health</span>' in html
    assert "East Testbury" in html


def test_a_council_with_no_member_bodies_yet(client, council_net):
    Council.objects.create(name="West Testbury", slug="west", level=council_net.district_level)
    html = client.get(URL).content.decode()
    assert "0 member bodies · 0 seats" in html


def test_friendly_when_there_are_no_councils(client, db):
    html = client.get(URL).content.decode()
    assert "No councils yet" in html


def test_network_organisers_are_told_to_set_councils_up_in_the_admin(
    client, council_net, network_organiser
):
    client.force_login(network_organiser)
    html = client.get(URL).content.decode()
    assert "set councils up in the admin" in html
    assert reverse("admin:councils_council_changelist") in html


def test_others_are_not_sent_to_the_admin(client, council_net, member, organiser):
    assert "/admin/" not in client.get(URL).content.decode()
    for user in (member, organiser):
        client.force_login(user)
        assert "/admin/" not in client.get(URL).content.decode()


def test_links_to_the_whole_network_and_is_in_the_main_navigation(client, council_net):
    html = client.get(URL).content.decode()
    assert reverse("councils:confederation") in html
    assert f'<a href="{URL}" aria-current="page">Councils</a>' in html
