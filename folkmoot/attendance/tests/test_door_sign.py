"""The printable door sign: the QR code large and the short address written out."""

import pytest
from django.urls import reverse

from .conftest import ALLOWED, REFUSED


def url(meeting):
    return reverse("attendance:door_sign", args=[meeting.pk])


def test_anonymous_is_sent_to_sign_in(client, meeting):
    assert client.get(url(meeting)).status_code == 302


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused(login_as, meeting, who):
    assert login_as(who).get(url(meeting)).status_code == 403


@pytest.mark.parametrize("who", ALLOWED)
def test_shows_the_code_and_the_address(login_as, meeting, who, settings):
    settings.SITE_URL = "https://folkmoot.example"
    html = login_as(who).get(url(meeting)).content.decode()
    assert reverse("attendance:check_in_qr", args=[meeting.pk]) in html
    assert f'href="https://folkmoot.example/check-in/{meeting.check_in_code}/"' in html
    assert f">folkmoot.example/check-in/{meeting.check_in_code}/<" in html
    assert "Check in here" in html
