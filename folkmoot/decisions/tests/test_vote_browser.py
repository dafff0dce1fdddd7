"""In a real browser on a phone (390 x 844): cast a ranked ballot, without JavaScript and with
it, see a mistake explained, then the result page after closing."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from folkmoot import browser_testing
from folkmoot.browser_testing import PHONE, check_page_basics, shoot
from folkmoot.decisions import results, voting
from folkmoot.decisions.models import Ballot

from . import vote_helpers as helpers
from .vote_helpers import open_vote

voter2 = helpers.voter2
browser = browser_testing.browser
browser_page = browser_testing.browser_page

pytestmark = pytest.mark.browser


def signed_in(browser_page, live_server, user, *, javascript: bool):
    client = Client()
    client.force_login(user)
    page = browser_page(viewport=PHONE, javascript=javascript)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_cast_a_ranked_ballot_on_a_phone(
    javascript, browser_page, live_server, elm_park, organiser, member
):
    vote = open_vote(
        elm_park,
        organiser,
        "scottish_stv",
        ["Ann Ash", "Bo Birch", "Cy Cedar"],
        seats=2,
        question="Who should be our delegates?",
    )
    page = signed_in(browser_page, live_server, member, javascript=javascript)
    page.goto(f"/votes/{vote.pk}/")
    check_page_basics(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Who should be our delegates?")
    # Nothing hides off the side of a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A mistake: two candidates given the same number. It is explained and nothing is saved.
    page.get_by_label("Ann Ash").select_option("1")
    page.get_by_label("Bo Birch").select_option("1")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator(".form-errors")).to_contain_text(
        "You gave number 1 to Ann Ash and Bo Birch"
    )
    assert not Ballot.objects.exists()
    # The form is kept: Ann still has 1.
    expect(page.get_by_label("Ann Ash")).to_have_value("1")
    shoot(page, f"vote-ranked-error-{'js' if javascript else 'nojs'}")

    page.get_by_label("Bo Birch").select_option("2")
    page.get_by_label("Cy Cedar").select_option("3")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator(".messages")).to_contain_text("Thank you: your vote is counted")
    expect(page.locator(".prose .message-success")).to_contain_text(
        "You voted: 1. Ann Ash, 2. Bo Birch, 3. Cy Cedar."
    )
    ids = {o.label: str(o.pk) for o in vote.options.all()}
    assert Ballot.objects.get().content == {
        "ranking": [ids["Ann Ash"], ids["Bo Birch"], ids["Cy Cedar"]]
    }
    shoot(page, f"vote-ranked-cast-{'js' if javascript else 'nojs'}")


def test_the_result_page_on_a_phone(browser_page, live_server, elm_park, organiser, member, voter2):
    vote = open_vote(elm_park, organiser, "irv", ["Ann", "Bo", "Cy"], question="Who chairs?")
    ann, bo, cy = (str(o.pk) for o in vote.options.all())
    # Bo is everyone's first choice, so no lot can decide it (a Cy-Bo tie would be drawn by lot).
    voting.cast_ballot(vote, member, {"ranking": [bo, cy]})
    voting.cast_ballot(vote, voter2, {"ranking": [bo, ann]})
    results.close_vote(vote, organiser)
    page = signed_in(browser_page, live_server, member, javascript=False)
    page.goto(f"/votes/{vote.pk}/result/")
    check_page_basics(page)
    expect(page.locator(".result-outcome")).to_contain_text("Bo")
    expect(page.locator("svg.result-chart").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "vote-result")
