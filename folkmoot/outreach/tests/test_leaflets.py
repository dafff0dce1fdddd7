"""Printable leaflets and the poster: the right pages, the meeting's details, a QR code that
scans to the meeting page, and the same permissions as the meeting itself."""

import io

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader

from folkmoot.meetings.models import Meeting

MM = 72 / 25.4


def fetch(client, name, meeting):
    response = client.get(reverse(f"outreach:{name}", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def text_of(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_codes(pdf: bytes, page: int = 0) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def sizes(pdf: bytes) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def meeting_url(meeting):
    return f"http://testserver/meetings/{meeting.pk}/"


def test_a5_leaflet_has_two_sides_with_everything(client, meeting):
    pdf = fetch(client, "leaflet_a5", meeting)
    assert sizes(pdf) == [(148, 210), (148, 210)]
    front, back = text_of(pdf)
    assert "Elm Park Assembly" in front
    assert "Tuesday 3 February, 7pm to 9pm" in front
    assert "St Aidan's Hall" in front
    assert "People's Assembly is a meeting" in front
    assert meeting_url(meeting) in front
    assert "Bus route 7 cuts" in back
    assert "Play park repairs" in back
    assert "Step-free access" in back
    assert "BSL" in back
    assert "How to join" in back
    assert qr_codes(pdf) == [meeting_url(meeting)]


def test_a4_sheet_holds_two_copies_of_each_side(client, meeting):
    pdf = fetch(client, "leaflet_a4", meeting)
    assert sizes(pdf) == [(297, 210), (297, 210)]
    front, back = text_of(pdf)
    assert front.count("Tuesday 3 February, 7pm") == 2
    assert back.count("Bus route 7 cuts") == 2
    assert qr_codes(pdf) == [meeting_url(meeting)] * 2


def test_poster_is_one_a4_page(client, meeting):
    pdf = fetch(client, "poster", meeting)
    assert sizes(pdf) == [(210, 297)]
    (page,) = text_of(pdf)
    assert "Tuesday 3 February, 7pm" in page
    assert "St Aidan's Hall" in page
    assert "Bus route 7 cuts" in page
    assert qr_codes(pdf) == [meeting_url(meeting)]


def test_long_agenda_still_fits(client, meeting):
    for i in range(25):
        meeting.agenda.create(position=10 + i, title=f"Extra item {i}", details="Talk " * 30)
    (page,) = text_of(fetch(client, "poster", meeting))
    assert "Extra item 24" in page
    _front, back = text_of(fetch(client, "leaflet_a5", meeting))
    assert "Extra item 24" in back


def test_cancelled_meeting_says_so(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    meeting.refresh_from_db()
    front, _back = text_of(fetch(client, "leaflet_a5", meeting))
    assert "This meeting is cancelled" in front


@pytest.mark.parametrize("name", ["leaflet_a5", "leaflet_a4", "poster"])
@pytest.mark.parametrize("who", [None, "member", "other_organiser"])
def test_unpublished_meeting_leaflets_are_hidden(client, draft_meeting, name, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(f"outreach:{name}", args=[draft_meeting.pk])).status_code == 404


@pytest.mark.parametrize("name", ["leaflet_a5", "leaflet_a4", "poster"])
def test_organisers_can_print_before_publishing(client, draft_meeting, organiser, name):
    client.force_login(organiser)
    fetch(client, name, draft_meeting)
