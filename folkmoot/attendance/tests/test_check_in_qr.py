"""The QR code for the door: tellers and organisers only; it encodes the check-in address."""

import pytest
from django.urls import reverse

from .conftest import ALLOWED, REFUSED


def url(meeting):
    return reverse("attendance:check_in_qr", args=[meeting.pk])


def test_path(meeting):
    assert url(meeting) == f"/meetings/{meeting.pk}/check-in-qr.svg"


def test_anonymous_is_sent_to_sign_in(client, meeting):
    response = client.get(url(meeting))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused(login_as, meeting, who):
    assert login_as(who).get(url(meeting)).status_code == 403


@pytest.mark.parametrize("who", ALLOWED)
def test_tellers_and_organisers_get_an_svg(login_as, meeting, who):
    response = login_as(who).get(url(meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")


def test_it_encodes_the_site_url_and_check_in_path(login_as, meeting, settings):
    """Same text, same code: segno is deterministic, so compare with the expected address."""
    import io

    import segno

    settings.SITE_URL = "https://folkmoot.example"
    expected = f"https://folkmoot.example/check-in/{meeting.check_in_code}/"
    out = io.BytesIO()
    segno.make(expected, error="m").save(out, kind="svg", scale=10, border=4, xmldecl=False)
    body = login_as("organiser").get(url(meeting)).content
    path_of = lambda svg: svg.split(b' d="')[1].split(b'"')[0]  # noqa: E731
    assert path_of(body) == path_of(out.getvalue())
