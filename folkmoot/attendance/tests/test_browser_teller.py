"""In a real browser on a phone (390x844): a teller at the door searches a member, taps check
in and sees the count go up, adds a walk-in, and taps "+1 local resident" — with JavaScript
(htmx live search) and without."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from folkmoot.attendance.models import Attendance, Tally
from folkmoot.browser_testing import PHONE, check_page_basics, shoot

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user) -> None:
    """Give the browser a signed-in session cookie (the sign-in page has its own tests)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_teller_checks_people_in_on_a_phone(
    browser_page, live_server, meeting, member, teller, javascript
):
    page = browser_page(viewport=PHONE, javascript=javascript)
    sign_in(page, live_server, teller)
    page.goto(f"/meetings/{meeting.pk}/teller/")
    expect(page.get_by_role("heading", level=1)).to_have_text("At the door")
    check_page_basics(page)
    people = page.get_by_test_id("people-in-all")
    residents = page.get_by_test_id("local-residents")
    expect(people).to_have_text("0")

    # Search a member and tap check in.
    page.get_by_label("Find a name").fill("mo")
    if not javascript:
        page.get_by_role("button", name="Search").click()
    check_in = page.get_by_role("button", name="Check in Mo")
    expect(check_in).to_be_visible()
    box = check_in.bounding_box()
    assert box["height"] >= 44
    assert box["x"] + box["width"] <= PHONE["width"]
    shoot(page, f"teller-search-{'js' if javascript else 'nojs'}")
    check_in.click()
    expect(page.get_by_text("Mo is checked in.")).to_be_visible()
    expect(people).to_have_text("1")
    expect(residents).to_have_text("1")

    # Someone new, with no account.
    page.get_by_label("Their name").fill("Ann Lee")
    page.get_by_label("Their postcode").fill("tb1 2dh")
    page.get_by_role("button", name="Check them in").click()
    expect(page.get_by_text("Ann Lee is checked in.")).to_be_visible()
    expect(people).to_have_text("2")

    # Someone who does not want to give a name.
    page.get_by_role("button", name="+1 local resident").click()
    expect(page.get_by_text("Counted one local resident.")).to_be_visible()
    expect(people).to_have_text("3")
    expect(residents).to_have_text("3")
    check_page_basics(page)
    shoot(page, f"teller-after-{'js' if javascript else 'nojs'}")

    assert Attendance.objects.filter(meeting=meeting).count() == 2
    assert Tally.objects.filter(meeting=meeting).count() == 1


def test_the_count_refreshes_itself(browser_page, live_server, meeting, member, teller):
    """Another teller checks someone in: this phone's count catches up without a reload."""
    from folkmoot.attendance import services

    page = browser_page(viewport=PHONE, javascript=True)
    sign_in(page, live_server, teller)
    page.goto(f"/meetings/{meeting.pk}/teller/")
    expect(page.get_by_test_id("people-in-all")).to_have_text("0")
    services.check_in_person(meeting, member)
    expect(page.get_by_test_id("people-in-all")).to_have_text("1", timeout=8000)


def test_walk_in_checks_themselves_in_from_the_qr_code(browser_page, meeting):
    page = browser_page(viewport=PHONE, javascript=True)
    page.goto(f"/check-in/{meeting.check_in_code}/")
    check_page_basics(page)
    page.get_by_label("Your name").fill("Bea")
    page.get_by_label("Your postcode").fill("TB1 1AB")
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("Thank you, Bea, you are checked in.")).to_be_visible()
    assert Attendance.objects.get().name == "Bea"


def test_door_sign_shows_the_qr_code(browser_page, live_server, meeting, organiser):
    page = browser_page(viewport=PHONE, javascript=True)
    sign_in(page, live_server, organiser)
    page.goto(f"/meetings/{meeting.pk}/door-sign/")
    check_page_basics(page)
    image = page.get_by_role("img", name="QR code that opens the check-in page")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_text(f"/check-in/{meeting.check_in_code}/")).to_be_visible()
    shoot(page, "door-sign")
