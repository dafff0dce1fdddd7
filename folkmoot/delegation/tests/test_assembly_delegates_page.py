"""The assembly's delegates page: seats, holders, substitutes, vacancies, elections,
mandates, report-backs and recall petitions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.delegation import elections, recall
from folkmoot.delegation.mandates import issue_mandate

from .conftest import WHO, client_for, in_a_week, make_term


def url(assembly):
    return reverse("delegation:assembly_delegates", args=[assembly.slug])


@pytest.mark.parametrize("who", WHO, indirect=True)
def test_public_and_organiser_actions_for_organisers_only(elm_park, elm_seat, ann_term, who):
    response = client_for(who).get(url(elm_park))
    assert response.status_code == 200
    assert "East Testbury Council" in response.text
    assert "Ann" in response.text
    assert "Empty seat" in response.text  # two seats, one held
    organiser_links = "Issue a mandate from a decision" in response.text
    assert organiser_links is (who is not None and who.email == "olu@example.org")


def test_empty_page(elm_park, client):
    assert "does not sit on any council yet" in client.get(url(elm_park)).text


def test_vacancy_after_recall_offers_the_by_election(elm_park, elm_seat, ann_term, organiser):
    elm_seat.seats = 1
    elm_seat.save()
    ann_term.ended_at, ann_term.end_reason = timezone.now(), "recalled"
    ann_term.save()
    text = client_for(organiser).get(url(elm_park)).text
    assert "Start the by-election" in text
    assert f'name="by_election_for" value="{ann_term.pk}"' in text
    public = client_for(None).get(url(elm_park)).text
    assert "A by-election is needed" in public
    assert "Start the by-election" not in public


def test_lists_substitutes_elections_mandates_and_petitions(
    elm_park, elm_seat, ann_term, elm_people, organiser, question, decision, member
):
    make_term(elm_seat, elm_people[3], substitute=True)
    issue_mandate(elm_seat, instruction="for", question=question, decision=decision, by=organiser)
    issue_mandate(elm_seat, instruction="against", question=question, decision=decision)
    elections.start_election(
        elm_seat,
        organiser,
        elections.ElectionSetup(
            candidates=elm_people[1:3],
            seats=1,
            term_starts=datetime.date(2030, 1, 1),
            term_ends=datetime.date(2030, 12, 31),
            closes_at=in_a_week(),
        ),
    )
    recall.open_petition(ann_term, member, "Reason.")
    text = client_for(None).get(url(elm_park)).text
    assert "Substitutes, in the order they step up" in text
    assert "Di" in text
    assert "Elect 1 delegate of Elm Park Assembly to East Testbury Council" in text
    assert "Vote against" in text
    assert "1 earlier mandate, since replaced" in text
    assert "petition to recall Ann" in text


def test_derived_mandates_say_where_they_come_from(elm_park, elm_seat, question, decision):
    issue_mandate(elm_seat, instruction="for", question=question, decision=decision, derived=True)
    text = client_for(None).get(url(elm_park)).text
    assert "Derived from the assembly's decision" in text


def test_unknown_assembly_is_404(db, client):
    assert client.get(reverse("delegation:assembly_delegates", args=["nowhere"])).status_code == 404


def test_query_count_is_bounded(
    elm_park, elm_seat, oak_seat, ann_term, past_meeting, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        client.get(url(elm_park))
