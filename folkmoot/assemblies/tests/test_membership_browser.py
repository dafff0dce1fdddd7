"""In a real browser, without JavaScript, on a phone: join, get verified, get a role."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from folkmoot.browser_testing import PHONE, check_page_basics, shoot

from . import membership_helpers as helpers

teller = helpers.teller
elm_resident = helpers.elm_resident

pytestmark = pytest.mark.browser


def signed_in(browser_page, live_server, user):
    """A fresh phone-sized page, already signed in as ``user``."""
    client = Client()
    client.force_login(user)
    page = browser_page(viewport=PHONE, javascript=False)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_join_verify_and_give_a_role(browser_page, live_server, elm_resident, teller, organiser):
    page = signed_in(browser_page, live_server, elm_resident)
    page.goto("/assemblies/elm-park/join/")
    check_page_basics(page)
    shoot(page, "member-join")
    page.get_by_role("button", name="Join Elm Park Assembly").click()
    expect(page.locator(".message")).to_contain_text("Welcome to Elm Park Assembly")
    expect(page.locator("tr", has_text="Pat")).to_contain_text("Says they live here")
    check_page_basics(page, skip_link=False)
    shoot(page, "member-list")

    page = signed_in(browser_page, live_server, teller)
    page.goto("/assemblies/elm-park/members/")
    page.locator("tr", has_text="Pat").get_by_role("link", name="Verify residency").click()
    check_page_basics(page)
    page.get_by_label("How did you check?").fill("letter with address shown")
    shoot(page, "member-verify")
    page.get_by_role("button", name="Yes, they live here").click()
    expect(page.locator(".message")).to_contain_text("Pat is now a verified resident")
    expect(page.locator("tr", has_text="Pat")).to_contain_text("Verified resident")

    page = signed_in(browser_page, live_server, organiser)
    page.goto("/assemblies/elm-park/roles/")
    check_page_basics(page)
    page.get_by_label("Who?").select_option(label="Pat")
    page.get_by_label("Which role?").select_option(label="Note-taker")
    page.get_by_role("button", name="Give the role").click()
    expect(page.locator(".message")).to_contain_text("Pat is now a note-taker")
    expect(page.locator("tr", has_text="Note-taker")).to_contain_text("Pat")
    shoot(page, "roles")
