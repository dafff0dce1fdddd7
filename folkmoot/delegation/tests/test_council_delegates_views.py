"""A council's delegates to the council above, and its conveners' appointments."""

import pytest
from django.urls import reverse

from folkmoot.delegation.models import DelegateTerm

from .conftest import WHO, client_for


@pytest.mark.parametrize("who", WHO, indirect=True)
def test_council_delegates_page_is_public(east, east_seat, who):
    response = client_for(who).get(reverse("delegation:council_delegates", args=[east.slug]))
    assert response.status_code == 200
    assert "Testbury City Council" in response.text
    assert "Record the council" not in response.text


def test_convener_sees_the_appointment_button(east, east_seat, convener):
    text = client_for(convener).get(reverse("delegation:council_delegates", args=[east.slug])).text
    assert reverse("delegation:appoint", args=[east_seat.pk]) in text


@pytest.mark.parametrize("who", WHO, indirect=True)
def test_appoint_form_is_for_conveners_only(east_seat, who):
    response = client_for(who).get(reverse("delegation:appoint", args=[east_seat.pk]))
    assert response.status_code in (302, 403)


def test_convener_appoints(east, east_seat, ann_term, convener):
    url = reverse("delegation:appoint", args=[east_seat.pk])
    page = client_for(convener).get(url)
    assert "Ann (Elm Park Assembly)" in page.text
    response = client_for(convener).post(
        url,
        {
            "delegates": [ann_term.pk],
            "minute": "Minute 3: Ann goes to the city.",
            "starts_on": "2030-01-01",
            "ends_on": "2030-12-31",
        },
    )
    assert response.status_code == 302
    term = DelegateTerm.objects.get(member=east_seat)
    assert term.person == ann_term.person
    assert term.appointed_minute.startswith("Minute 3")


def test_appointment_needs_the_minute(east_seat, ann_term, convener):
    response = client_for(convener).post(
        reverse("delegation:appoint", args=[east_seat.pk]),
        {"delegates": [ann_term.pk], "starts_on": "2030-01-01", "ends_on": "2030-12-31"},
    )
    assert response.status_code == 400
    assert not DelegateTerm.objects.filter(member=east_seat).exists()
