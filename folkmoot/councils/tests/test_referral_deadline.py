"""Past the deadline, bodies that have not decided are recorded as missing it; their seats
abstain and the cascade goes on without them."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.councils.models import Question, Referral
from folkmoot.councils.questions import close_due_referrals, expire_overdue, raise_question, refer
from folkmoot.decisions.models import Proposal
from folkmoot.delegation.mandates import current_mandate

from .conftest import decide, in_a_week


@pytest.fixture
def referred(confed, city_convener):
    question = raise_question(confed.city, city_convener, title="Close Market Street to cars")
    refer(question, city_convener, in_a_week())
    return question


def later():
    return time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False)


def test_nothing_is_missed_before_the_deadline(referred):
    assert expire_overdue(referred) == 0
    assert not Referral.objects.filter(status="missed").exists()


def test_missed_bodies_abstain_and_the_cascade_settles(confed, referred, organiser):
    decide(Proposal.objects.get(assembly=confed.elm_park), "carried", organiser)
    with later():
        missed = expire_overdue(referred)
    assert missed == 2  # Oak Row and Birch Lane
    oak = Referral.objects.get(proposal__assembly=confed.oak_row)
    assert oak.status == Referral.Status.MISSED
    assert Entry.objects.filter(kind="referral.missed").count() == 2
    # East: Elm Park for, Oak Row missed → for. West: Birch Lane missed → abstain.
    east_question = Question.objects.get(council=confed.east)
    assert east_question.status == Question.Status.DECIDED
    assert current_mandate(confed.seats.east, referred).instruction == "for"
    assert current_mandate(confed.seats.west, referred).instruction == "abstain"
    assert referred.referrals.filter(status="decided").count() == 2


def test_the_command_closes_due_referrals(confed, referred):
    out = StringIO()
    with later():
        call_command("close_due_referrals", stdout=out)
    assert "3 referral(s) missed" in out.getvalue()
    assert Referral.objects.filter(status="missed").count() == 3
    assert close_due_referrals() == 0


def test_a_child_question_past_its_deadline_settles_on_its_own(confed, referred):
    east_question = Question.objects.get(council=confed.east)
    with later():
        close_due_referrals()
    east_question.refresh_from_db()
    assert east_question.status == Question.Status.DECIDED
    assert east_question.result["mandate"]["instruction"] == "abstain"
