"""The question page with its nested trace, on a small phone without JavaScript, and a
delegate's vote page: nothing hides off the side, every field has a label."""

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.browser_testing import DESKTOP, PHONE, browser, browser_page, check_page_basics, shoot
from folkmoot.councils.models import Competence, SeatVote
from folkmoot.councils.questions import raise_question
from folkmoot.councils.seat_votes import open_voting
from folkmoot.decisions.models import Decision
from folkmoot.delegation.mandates import issue_mandate

__all__ = ["browser", "browser_page"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


def sign_in(page, live_server, client, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_the_trace_reads_on_a_phone_without_javascript(browser_page, decided, viewport):
    page = browser_page(viewport=viewport, javascript=False)
    page.goto(decided.get_absolute_url())
    check_page_basics(page, skip_link=False)
    assert page.locator("text=Every vote and the decision behind it").count() == 1
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    assert page.locator("text=Close Market Street to cars: Carried").first.is_visible()
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    shoot(page, "council-question-trace")


def test_a_delegate_votes_on_a_phone(browser_page, confed, convener, live_server, client):
    competence = Competence.objects.create(council=confed.east, matter="Parks")
    question = open_voting(
        raise_question(
            confed.east,
            convener,
            title="Which park first?",
            kind="ranking",
            options=["Elm", "Oak", "Ash"],
            competence=competence,
        ),
        convener,
    )
    decision = Decision.objects.create(
        assembly=confed.elm_park, summary="Parks: Oak first", decided_at=timezone.now()
    )
    issue_mandate(
        confed.seats.elm,
        instruction="ranking",
        ranking=["Oak", "Elm", "Ash"],
        question=question,
        decision=decision,
    )
    page = browser_page(viewport=PHONE, javascript=False)
    sign_in(page, live_server, client, confed.people.dee)
    page.goto(reverse("councils:question_vote", args=[question.pk]))
    check_page_basics(page, skip_link=False)
    assert not page.evaluate(WIDER_THAN_THE_SCREEN)
    shoot(page, "council-seat-vote")
    assert page.locator("text=Vote this ranking: Oak, then Elm, then Ash").count() == 1
    page.get_by_label("Elm").fill("1")
    page.get_by_label("Oak").fill("2")
    page.get_by_label("Ash").fill("3")
    page.get_by_role("button", name="Cast your seat's vote").click()
    assert page.locator("text=is this ranking: Oak, Elm, Ash.").count() == 1
    page.get_by_label("Elm").fill("2")
    page.get_by_label("Oak").fill("1")
    page.get_by_role("button", name="Cast your seat's vote").click()
    assert page.locator("text=Your seat's vote is cast.").count() == 1
    assert SeatVote.objects.get().ranking == ["Oak", "Elm", "Ash"]
