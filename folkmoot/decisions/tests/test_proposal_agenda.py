"""/proposals/<pk>/agenda/: organisers put a proposal on a meeting's agenda."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.meetings.models import AgendaItem, Meeting

from . import proposal_helpers as helpers

author = helpers.author
facilitator = helpers.facilitator
meeting = helpers.meeting
draft = helpers.draft


@pytest.fixture
def open_proposal(elm_park, author, organiser):
    return helpers.make_proposal(elm_park, author, "discussion", organiser)


def _url(proposal):
    return reverse("decisions:proposal_agenda", args=[proposal.pk])


@pytest.mark.parametrize("who", ["person", "member", "author", "facilitator", "other_organiser"])
def test_only_organisers(client, open_proposal, meeting, who, request):
    helpers.sign_in(client, request, who)
    assert client.post(_url(open_proposal), {"meeting": meeting.pk}).status_code == 403
    assert AgendaItem.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, open_proposal, meeting):
    assert client.post(_url(open_proposal), {"meeting": meeting.pk}).status_code == 302
    assert AgendaItem.objects.count() == 0


def test_organiser_puts_it_on_the_agenda(client, open_proposal, meeting, organiser):
    client.force_login(organiser)
    assert "June meeting" in client.get(_url(open_proposal)).content.decode()
    response = client.post(_url(open_proposal), {"meeting": meeting.pk}, follow=True)
    item = AgendaItem.objects.get()
    assert (item.meeting, item.title) == (meeting, "Proposal: Plant fruit trees")
    open_proposal.refresh_from_db()
    assert open_proposal.meeting == meeting
    html = response.content.decode()
    assert "On the agenda of" in html
    assert meeting.get_absolute_url() in html
    again = client.post(_url(open_proposal), {"meeting": meeting.pk})
    assert again.status_code == 400
    assert "already on that meeting" in again.content.decode()
    assert AgendaItem.objects.count() == 1


def test_other_assemblys_and_past_meetings_are_refused(client, open_proposal, organiser, oak_row):
    other = Meeting.objects.create(
        assembly=oak_row, starts_at=timezone.now() + datetime.timedelta(days=3), venue="Hall"
    )
    past = Meeting.objects.create(
        assembly=open_proposal.assembly,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        venue="Hall",
    )
    client.force_login(organiser)
    html = client.get(_url(open_proposal)).content.decode()
    assert "No coming meetings" in html
    for meeting in (other, past):
        assert client.post(_url(open_proposal), {"meeting": meeting.pk}).status_code == 400
    assert AgendaItem.objects.count() == 0


def test_draft_cannot_go_on_an_agenda(client, draft, organiser, meeting):
    from folkmoot.decisions import discussion, proposals

    with pytest.raises(proposals.ProposalError):
        discussion.put_on_agenda(draft, meeting, organiser)
    assert AgendaItem.objects.count() == 0
