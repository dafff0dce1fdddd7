"""The delegate's page: public, with mandates, votes, report-backs, recall and its actions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.councils.models import SeatVote
from folkmoot.delegation import recall
from folkmoot.delegation.mandates import issue_mandate
from folkmoot.delegation.models import ReportBack

from .conftest import WHO, client_for


def url(term):
    return reverse("delegation:delegate", args=[term.pk])


@pytest.mark.parametrize("who", WHO, indirect=True)
def test_public_for_everyone(ann_term, who):
    response = client_for(who).get(url(ann_term))
    assert response.status_code == 200
    assert "Ann, delegate" in response.text
    assert "East Testbury Council" in response.text
    assert "Elm Park Assembly" in response.text


@pytest.mark.parametrize(
    ("who", "can_start"),
    [
        ("anonymous", False),
        ("member", True),
        ("other_organiser", False),
        ("organiser", False),  # the organiser fixture holds a role, not a membership
        ("delegate", True),
        ("network_organiser", False),
    ],
    indirect=["who"],
)
def test_start_a_recall_only_for_members(ann_term, who, can_start):
    response = client_for(who).get(url(ann_term))
    assert ("Start a recall petition" in response.text) is can_start


def test_shows_mandates_votes_withdrawn_votes_report_backs_and_recall(
    elm_seat, ann_term, question, decision, organiser, past_meeting, member, elm_park
):
    mandate = issue_mandate(
        elm_seat, instruction="for", question=question, decision=decision, by=organiser
    )
    SeatVote.objects.create(
        question=question,
        member=elm_seat,
        delegate=ann_term,
        answer="for",
        mandate=mandate,
        withdrawn_at=timezone.now(),
        withdrawn_reason="Recalled by Elm Park Assembly on 3 March 2030",
    )
    ReportBack.objects.create(delegate=ann_term, meeting=past_meeting, text="We agreed it.")
    from .test_recall import add_members

    add_members(elm_park, 40)
    recall.open_petition(ann_term, member, "Ignored the mandate.")
    text = client_for(member).get(url(ann_term)).text
    assert "Close Elm Road: carried" in text  # the decision behind the mandate
    assert "withdrawn" in text
    assert "Recalled by Elm Park Assembly on 3 March 2030" in text
    assert "We agreed it." in text
    assert "1 of 5 signatures" in text
    assert "Ignored the mandate." in text
    assert "You have signed it." in text


def test_a_member_who_has_not_signed_sees_the_sign_button(ann_term, member, elm_people, elm_park):
    from .test_recall import add_members

    add_members(elm_park, 40)
    recall.open_petition(ann_term, member, "Reason.")
    text = client_for(elm_people[1]).get(url(ann_term)).text
    assert "Sign the recall petition" in text


def test_the_delegate_sees_missing_report_backs_with_a_link(ann_term, past_meeting, delegate):
    text = client_for(delegate).get(url(ann_term)).text
    assert "1 report-back missing" in text
    assert reverse("delegation:report_back", args=[ann_term.pk, past_meeting.pk]) in text
    other = client_for(None).get(url(ann_term)).text
    assert "1 report-back missing" in other
    assert "Write your report-back" not in other


def test_appointed_delegate_says_who_appointed_them(east_seat, ann_term, convener):
    import datetime

    from folkmoot.delegation.elections import appoint_delegates

    (term,) = appoint_delegates(
        east_seat,
        [ann_term.person],
        convener,
        datetime.date(2030, 1, 1),
        datetime.date(2030, 12, 31),
        "Minute 4: Ann goes up.",
    )
    text = client_for(None).get(url(term)).text
    assert "Appointed by the East Testbury Council on" in text
    assert "Minute 4: Ann goes up." in text
    assert (
        reverse("delegation:council_recall", args=[term.pk])
        in client_for(convener).get(url(term)).text
    )


def test_unknown_delegate_is_404(db, client):
    assert client.get(reverse("delegation:delegate", args=[999])).status_code == 404
