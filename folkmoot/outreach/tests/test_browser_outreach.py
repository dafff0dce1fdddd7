"""The outreach pages in a real browser: record outreach, then see it on the coverage page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from folkmoot.browser_testing import DESKTOP, PHONE, check_page_basics, shoot
from folkmoot.outreach.models import OutreachActivity

from .conftest import log

_OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
# Buttons and fields at least 44px high (as in the assemblies' browser tests).
_SMALL_TARGETS_JS = """() => Array.from(document.querySelectorAll(
    'button, .button, input:not([type=hidden]), select, textarea, nav a'
)).filter(el => el.offsetParent !== null)
  .filter(el => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 24; })
  .map(el => el.outerHTML.slice(0, 80))"""


def signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_record_leaflets_then_see_coverage(
    browser_page, live_server, meeting, units, member, javascript
):
    page = browser_page(viewport=PHONE, javascript=javascript)
    signed_in(page, live_server, member)
    page.goto(reverse("outreach:coverage", args=[meeting.pk]))
    check_page_basics(page, skip_link=False)
    page.get_by_role("link", name="Record leaflets delivered").click()
    check_page_basics(page, skip_link=False)
    page.get_by_label("When").fill("2026-01-25")
    page.get_by_label("Postcodes you covered").fill("TB1 1AA\nTB1 9ZZ")
    page.get_by_role("button", name="Record it").click()
    assert "TB1 9ZZ" in page.locator(".errorlist").inner_text()
    assert OutreachActivity.objects.count() == 0
    shoot(page, "outreach-form-error")
    page.get_by_label("Postcodes you covered").fill("TB1 1AA\nTB1 1AB")
    page.get_by_role("button", name="Record it").click()
    assert "Your outreach is recorded" in page.content()
    activity = OutreachActivity.objects.get()
    assert activity.meeting == meeting
    assert activity.kind == "leaflets"
    page.goto(reverse("outreach:coverage", args=[meeting.pk]))
    assert "2 of 5 postcodes reached" in page.content()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_fit_the_screen(browser_page, live_server, meeting, units, organiser, viewport):
    log(
        meeting.assembly,
        organiser,
        datetime.date(2026, 1, 20),
        ["TB1 1AA", "TB1 2AB"],
        streets="Elm Road, Park Lane",
        people_reached=80,
        done_by="Ann and Bo",
    )
    page = browser_page(viewport=viewport)
    signed_in(page, live_server, organiser)
    for name, url in [
        ("outreach-log", reverse("outreach:log", args=["elm-park"])),
        ("outreach-new", reverse("outreach:new", args=["elm-park"])),
        ("outreach-postcodes", reverse("outreach:postcodes", args=["elm-park"])),
        ("outreach-coverage", reverse("outreach:coverage", args=[meeting.pk])),
    ]:
        page.goto(url)
        check_page_basics(page, skip_link=False)
        assert page.evaluate(_OVERFLOW_JS) <= 0, f"{name} scrolls sideways"
        assert page.evaluate(_SMALL_TARGETS_JS) == [], f"{name} has small tap targets"
        shoot(page, name)
