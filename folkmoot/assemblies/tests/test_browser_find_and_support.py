"""In a real browser: find your assembly by postcode, show support where there is none, confirm
it from the email, and search the directory, with JavaScript on and off."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from folkmoot.assemblies.models import Supporter
from folkmoot.browser_testing import DESKTOP, PHONE, check_page_basics, shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def testbury(elm_park, oak_row, testbury_health):
    """The whole small network: two neighbourhood assemblies and a themed one."""
    return elm_park


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_find_then_show_support_and_confirm_from_the_email(
    browser_page, live_server, settings, testbury, javascript
):
    # The email's link must point at the live server so the browser can open it.
    settings.SITE_URL = live_server.url
    page = browser_page(viewport=PHONE, javascript=javascript)

    page.goto("/")
    check_page_basics(page)
    page.get_by_label("Your postcode").fill("TB1 1AB")
    page.get_by_role("button", name="Find my assembly").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assemblies for TB1 1AB")
    expect(page.get_by_role("link", name="Elm Park Assembly")).to_be_visible()
    expect(page.get_by_role("link", name="Testbury Health Assembly")).to_be_visible()
    expect(page.get_by_role("link", name="Oak Row Assembly")).to_have_count(0)
    check_page_basics(page)

    page.get_by_role("link", name="Try another postcode").click()
    page.get_by_label("Your postcode").fill("tb1 4xy")
    page.get_by_role("button", name="Find my assembly").click()
    expect(
        page.get_by_role("heading", name="There is no assembly in Ash Fields yet")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="Show support for an assembly in your area")
    ).to_be_visible()
    check_page_basics(page)

    assert page.get_by_label("Your postcode").input_value() == "TB1 4XY"
    page.get_by_label("Your name").fill("Ash Neighbour")
    page.get_by_label("Your email").fill("Ash@Example.org")
    page.get_by_label("Your comments (if you like)").fill("A bus stop on Ash Road, please.")
    page.get_by_label("I agree", exact=False).check()
    page.get_by_role("button", name="Show support").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page_basics(page)
    supporter = Supporter.objects.get(email="ash@example.org")
    assert supporter.confirmed_at is None
    assert supporter.assembly is None
    assert supporter.area.slug == "ash-fields"

    # The live server runs in a thread of this process, so locmem's outbox is this one.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ash@example.org"]
    links = re.findall(r"https?://\S+", mail.outbox[0].body)
    confirm_url = next(link for link in links if "/support/confirm/" in link)
    assert confirm_url.startswith(live_server.url)

    page.goto(confirm_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your support")
    expect(page.get_by_text("Ash Neighbour, press the button")).to_be_visible()
    check_page_basics(page)
    supporter.refresh_from_db()
    assert supporter.confirmed_at is None, "opening the link alone must not confirm"

    page.get_by_role("button", name="Yes, count me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, you are counted")
    check_page_basics(page)
    supporter.refresh_from_db()
    assert supporter.confirmed_at is not None


def test_support_form_errors_are_shown_next_to_the_fields(browser_page, testbury):
    page = browser_page(viewport=PHONE, javascript=False)
    page.goto("/find/?postcode=TB1+4XY")
    page.get_by_role("button", name="Show support").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing has been saved yet")
    expect(page.get_by_text("Tick the box to say you agree")).to_be_visible()
    check_page_basics(page)
    assert not Supporter.objects.exists()
    assert mail.outbox == []


def test_directory_live_search_updates_as_you_type(browser_page, testbury):
    page = browser_page(viewport=DESKTOP, javascript=True)
    page.goto("/assemblies/")
    check_page_basics(page)
    results = page.locator("#results")
    expect(results.locator(".card")).to_have_count(3)
    # A full page load would lose this; htmx swapping the list keeps it.
    page.evaluate("() => { window.stillTheSamePage = true; }")

    with page.expect_response(
        lambda response: (
            "/assemblies/?" in response.url and response.request.headers.get("hx-request") == "true"
        )
    ):
        page.get_by_label("Name").press_sequentially("oak", delay=50)
    expect(results.locator(".card")).to_have_count(1)
    expect(results.get_by_role("link", name="Oak Row Assembly")).to_be_visible()
    expect(results).to_contain_text("1 assembly")
    assert page.evaluate("() => window.stillTheSamePage") is True
    expect(page).to_have_url(re.compile(r"/assemblies/\?q=oak"))

    page.get_by_label("Name").fill("")
    page.get_by_label("Postcode").press_sequentially("TB1 1", delay=50)
    expect(results.locator(".card")).to_have_count(2)  # Elm Park, and the city-wide health one
    expect(results.get_by_role("link", name="Elm Park Assembly")).to_be_visible()
    assert page.evaluate("() => window.stillTheSamePage") is True


def test_directory_search_works_without_javascript(browser_page, testbury):
    page = browser_page(viewport=PHONE, javascript=False)
    page.goto("/assemblies/")
    expect(page.locator("#results .card")).to_have_count(3)

    page.get_by_label("Name").fill("oak")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/assemblies/\?q=oak"))
    expect(page.locator("#results .card")).to_have_count(1)
    expect(page.get_by_role("link", name="Oak Row Assembly")).to_be_visible()
    check_page_basics(page)

    page.get_by_label("Name").fill("nothing like this")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No assemblies match that search.")).to_be_visible()
    page.get_by_role("link", name="Want one where you live? Show support.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Show support for an assembly in your area"
    )


# --- How the main pages look: no sideways scrolling on a phone, big enough targets ----------

MAIN_PAGES = [
    ("front", "/"),
    ("find-results", "/find/?postcode=TB1+1AB"),
    ("no-assembly", "/find/?postcode=TB1+4XY"),
    ("directory", "/assemblies/"),
    ("detail", "/assemblies/elm-park/"),
    ("support", "/support/"),
    ("check-your-email", "/support/sent/"),
]

_OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
# Buttons, fields and menu links at least 44px high; checkboxes at least 24px square.
_SMALL_TARGETS_JS = """() => Array.from(document.querySelectorAll(
    'button, .button, input:not([type=hidden]), select, textarea, nav a'
)).filter(el => el.offsetParent !== null && !el.closest('.honeypot'))
  .filter(el => {
    const r = el.getBoundingClientRect();
    const min = el.type === 'checkbox' ? 24 : 44;
    return r.height < min || r.width < 24;
  })
  .map(el => el.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_main_pages_fit_the_screen_and_have_big_targets(browser_page, testbury, viewport):
    """Screenshots of each page go to $FOLKMOOT_SHOTS if it is set."""
    testbury.about = "Neighbours of Elm Park meeting to decide things together."
    testbury.venue = "Elm Park Community Centre, 12 Elm Road"
    testbury.save()
    page = browser_page(viewport=viewport, javascript=True)
    for name, url in MAIN_PAGES:
        page.goto(url)
        check_page_basics(page, skip_link=False)
        assert page.evaluate(_OVERFLOW_JS) <= 0, f"{name} scrolls sideways"
        assert page.evaluate(_SMALL_TARGETS_JS) == [], f"{name} has small tap targets"
        shoot(page, name)
