"""In a real browser on a small phone, without JavaScript: the confederation page and a
council's page read well, the tree opens and closes, and nothing is wider than the screen
except the drawing, which scrolls on its own."""

import pytest
from playwright.sync_api import expect

from folkmoot import browser_testing
from folkmoot.browser_testing import check_page_basics, shoot

from . import fixtures_councils

pytestmark = pytest.mark.browser

browser = browser_testing.browser
browser_page = browser_testing.browser_page
council_net = fixtures_councils.council_net

SMALL_PHONE = {"width": 375, "height": 740}
WIDTH_JS = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_network_on_a_small_phone(browser_page, council_net, javascript):
    fixtures_councils.grow(
        (council_net.district_level, council_net.city_level), council_net.city, 3, 4, "p"
    )
    page = browser_page(viewport=SMALL_PHONE, javascript=javascript)
    page.goto("/confederation/")
    check_page_basics(page)
    shoot(page, f"confederation-{'js' if javascript else 'nojs'}")
    assert page.evaluate(WIDTH_JS) <= SMALL_PHONE["width"]
    expect(page.get_by_role("img", name="Overview of the network")).to_be_attached()

    city = page.locator("#council-testbury-city > details")
    eli = page.locator("#council-east-testbury").get_by_role("link", name="Eli", exact=True)
    expect(eli).to_be_visible()
    city.locator("> summary").click()  # close the city council: its districts fold away
    expect(eli).to_be_hidden()
    city.locator("> summary").click()
    expect(eli).to_be_visible()

    page.get_by_role("link", name="East Testbury District Council: its page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("East Testbury District Council")
    check_page_basics(page)
    shoot(page, "council-detail")
    assert page.evaluate(WIDTH_JS) <= SMALL_PHONE["width"]
    expect(page.get_by_text("Vacant seat")).to_be_visible()
