"""Network settings, areas and assemblies are editable in the admin, by staff only."""

import pytest
from django.urls import reverse

from conftest import make_person

PAGES = [
    "admin:network_network_changelist",
    "admin:places_area_changelist",
    "admin:places_area_add",
    "admin:assemblies_assembly_changelist",
    "admin:assemblies_assembly_add",
    "admin:assemblies_supporter_changelist",
    "admin:assemblies_theme_changelist",
    "admin:accounts_user_changelist",
    "admin:legitimacy_processstep_changelist",
    "admin:meetings_meeting_changelist",
    "admin:meetings_meeting_add",
    "admin:attendance_attendance_changelist",
    "admin:outreach_outreachactivity_changelist",
]


@pytest.fixture
def admin_person(db):
    user = make_person("admin@example.org", "Ada")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.mark.parametrize("name", PAGES)
def test_admin_pages_open_for_staff(client, admin_person, elm_park, network, name):
    client.force_login(admin_person)
    assert client.get(reverse(name)).status_code == 200


def test_admin_is_closed_to_others(client, person):
    client.force_login(person)
    response = client.get(reverse("admin:places_area_changelist"))
    assert response.status_code == 302


def test_admin_normalises_area_postcodes(client, admin_person, city):
    client.force_login(admin_person)
    response = client.post(
        reverse("admin:places_area_add"),
        {
            "name": "Birch End",
            "slug": "birch-end",
            "kind": "neighbourhood",
            "postcodes-TOTAL_FORMS": "2",
            "postcodes-INITIAL_FORMS": "0",
            "postcodes-0-prefix": "tb1  5",
            "postcodes-1-prefix": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from folkmoot.places.models import Area

    assert list(Area.objects.get(slug="birch-end").postcodes.values_list("prefix", flat=True)) == [
        "TB1 5"
    ]


def test_admin_refuses_a_bad_postcode(client, admin_person, city):
    client.force_login(admin_person)
    response = client.post(
        reverse("admin:places_area_add"),
        {
            "name": "Birch End",
            "slug": "birch-end",
            "kind": "neighbourhood",
            "postcodes-TOTAL_FORMS": "1",
            "postcodes-INITIAL_FORMS": "0",
            "postcodes-0-prefix": "not one",
        },
    )
    assert response.status_code == 200
    assert "Enter a postcode or the start of one" in response.content.decode()
    from folkmoot.places.models import Area

    assert not Area.objects.filter(slug="birch-end").exists()


def test_second_network_cannot_be_added(client, admin_person, network):
    client.force_login(admin_person)
    assert client.get(reverse("admin:network_network_add")).status_code == 403


def test_attendance_cannot_be_edited_in_the_admin(client, admin_person):
    client.force_login(admin_person)
    assert client.get(reverse("admin:attendance_attendance_add")).status_code == 403
