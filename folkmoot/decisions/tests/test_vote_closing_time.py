"""A vote closes itself at its closing time: the result appears without anyone pressing Close."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.decisions import voting
from folkmoot.decisions.models import Vote

from . import vote_helpers as helpers
from .vote_helpers import open_vote

voter2 = helpers.voter2


def _past_closing(vote):
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    vote.refresh_from_db()
    return vote


def test_the_result_page_closes_a_vote_past_its_time(client, elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, {"answer": "for"})
    _past_closing(vote)
    response = client.get(reverse("decisions:vote_result", args=[vote.pk]))
    vote.refresh_from_db()
    assert vote.status == Vote.Status.CLOSED
    assert vote.result["winners"] == ["for"]
    assert response.status_code == 200
    closed = Entry.objects.get(kind="vote.closed")
    assert closed.payload["automatic"] is True


def test_a_vote_before_its_time_stays_open(client, elm_park, organiser):
    vote = open_vote(elm_park, organiser)
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() + datetime.timedelta(days=1))
    client.get(reverse("decisions:vote", args=[vote.pk]))
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN


def test_the_api_closes_it_too(client, elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, {"answer": "for"})
    _past_closing(vote)
    response = client.get(f"/api/v1/votes/{vote.pk}/result")
    assert response.status_code == 200
    assert response.json()["winners"] == ["for"]


def test_the_command_closes_every_due_vote(elm_park, organiser, member):
    due = _past_closing(open_vote(elm_park, organiser))
    later = open_vote(elm_park, organiser, question="Later?")
    out = io.StringIO()
    call_command("close_due_votes", stdout=out)
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (Vote.Status.CLOSED, Vote.Status.OPEN)
    assert "1 vote(s) closed." in out.getvalue()
