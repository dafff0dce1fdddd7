"""Deciding a referred proposal derives the delegates' mandate; when every body of a council
below has answered, its seats above are mandated by its cascade rule — and so on upwards."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.councils.models import Question, Referral
from folkmoot.councils.questions import raise_question, refer
from folkmoot.decisions.models import Proposal
from folkmoot.delegation.mandates import current_mandate
from folkmoot.delegation.models import Mandate

from .conftest import decide, in_a_week, vote_on


@pytest.fixture
def referred(confed, city_convener):
    question = raise_question(confed.city, city_convener, title="Close Market Street to cars")
    refer(question, city_convener, in_a_week())
    return question


def proposal_of(assembly):
    return Proposal.objects.get(assembly=assembly)


@pytest.mark.parametrize(
    ("outcome", "instruction"),
    [("carried", "for"), ("consensus", "for"), ("not_carried", "against"), ("blocked", "against")],
)
def test_a_decision_sets_the_mandate(confed, referred, organiser, outcome, instruction):
    decision = decide(proposal_of(confed.elm_park), outcome, organiser)
    east_question = Question.objects.get(council=confed.east)
    mandate = current_mandate(confed.seats.elm, east_question)
    assert mandate.instruction == instruction
    assert mandate.decision == decision
    assert mandate.derived is True
    referral = Referral.objects.get(proposal__assembly=confed.elm_park)
    assert referral.status == Referral.Status.DECIDED
    assert referral.outcome["instruction"] == instruction
    assert referral.outcome["decision"] == decision.pk
    assert Entry.objects.filter(kind="referral.decided").count() == 1


def test_a_vote_decides_it_too(confed, referred, organiser):
    vote_on(
        proposal_of(confed.elm_park),
        organiser,
        [{"answer": "for"}, {"answer": "for"}, {"answer": "against"}],
    )
    east_question = Question.objects.get(council=confed.east)
    mandate = current_mandate(confed.seats.elm, east_question)
    assert mandate.instruction == "for"
    assert mandate.decision.vote.result["outcome"] == "carried"


def test_when_all_members_decide_the_council_above_is_mandated(
    confed, referred, organiser, other_organiser
):
    decide(proposal_of(confed.elm_park), "carried", organiser)
    east_question = Question.objects.get(council=confed.east)
    assert east_question.status == Question.Status.REFERRED
    assert current_mandate(confed.seats.east, referred) is None

    decide(proposal_of(confed.oak_row), "carried", other_organiser)
    east_question.refresh_from_db()
    assert east_question.status == Question.Status.DECIDED
    assert east_question.result["mandate"]["instruction"] == "for"
    mandate = current_mandate(confed.seats.east, referred)
    assert mandate.instruction == "for"
    assert mandate.source_question == east_question
    assert mandate.derived is True
    east_referral = Referral.objects.get(question=referred, member=confed.seats.east)
    assert east_referral.status == Referral.Status.DECIDED
    assert east_referral.outcome["source_question"] == east_question.pk


def test_a_tie_between_member_bodies_abstains(confed, referred, organiser, other_organiser):
    decide(proposal_of(confed.elm_park), "carried", organiser)
    decide(proposal_of(confed.oak_row), "not_carried", other_organiser)
    assert current_mandate(confed.seats.east, referred).instruction == "abstain"


def test_proportional_cascade_splits_the_seats(confed, referred, organiser, other_organiser):
    confed.east.cascade_rule = "proportional"
    confed.east.save()
    decide(proposal_of(confed.elm_park), "carried", organiser)
    decide(proposal_of(confed.oak_row), "not_carried", other_organiser)
    mandate = current_mandate(confed.seats.east, referred)
    assert mandate.instruction == "split"
    assert mandate.split == {"for": 1, "against": 1, "abstain": 0}
    assert "Split the seats: 1 for, 1 against" in mandate.text


def test_a_ranking_question_takes_the_assemblys_ranked_vote(confed, convener, organiser):
    question = raise_question(
        confed.east, convener, title="Which park first?", kind="ranking", options="Elm\nOak\nAsh"
    )
    refer(question, convener, in_a_week())
    # First choices: Oak 2, Elm 2, Ash 1. Ash is out, its ballot goes to Elm: Elm wins 3-2.
    vote_on(
        proposal_of(confed.elm_park),
        organiser,
        [
            {"ranking": ["Oak", "Elm"]},
            {"ranking": ["Oak"]},
            {"ranking": ["Elm", "Oak"]},
            {"ranking": ["Elm"]},
            {"ranking": ["Ash", "Elm"]},
        ],
        method="irv",
        options=["Elm", "Oak", "Ash"],
    )
    mandate = current_mandate(confed.seats.elm, question)
    assert mandate.instruction == "ranking"
    assert mandate.ranking == ["Elm", "Oak", "Ash"]


def test_a_ranking_question_decided_without_a_ranking_abstains(confed, convener, organiser):
    question = raise_question(
        confed.east, convener, title="Which park first?", kind="ranking", options="Elm\nOak"
    )
    refer(question, convener, in_a_week())
    decide(proposal_of(confed.elm_park), "carried", organiser)
    assert current_mandate(confed.seats.elm, question).instruction == "abstain"


def test_a_decision_after_the_deadline_counts_as_missed(confed, referred, organiser):
    proposal = proposal_of(confed.elm_park)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        decide(proposal, "carried", organiser)
    referral = Referral.objects.get(proposal=proposal)
    assert referral.status == Referral.Status.MISSED
    assert not Mandate.objects.filter(member=confed.seats.elm).exists()


def test_an_unreferred_proposal_is_left_alone(confed, organiser, member, elm_park):
    from folkmoot.decisions import proposals

    proposal = proposals.submit_proposal(elm_park, member, title="Plant trees", body="Yes.")
    proposals.open_for_discussion(proposal, organiser)
    decide(proposal, "carried", organiser)
    assert not Mandate.objects.exists()


def test_three_levels_up(confed, city_convener, organiser, other_organiser, birch_organiser):
    """Assemblies decide; the district councils' seats on the city are mandated."""
    from folkmoot.councils.models import Council, CouncilMember, Level

    region_level = Level.objects.create(name="Region", rank=3)
    region = Council.objects.create(name="Wessex", slug="wessex", level=region_level)
    region.conveners.add(city_convener)
    city_seat = CouncilMember.objects.create(council=region, member_council=confed.city, seats=3)
    question = raise_question(region, city_convener, title="A regional bus pass")
    refer(question, city_convener, in_a_week())
    assert Question.objects.filter(parent__parent=question).count() == 2

    decide(proposal_of(confed.elm_park), "carried", organiser)
    decide(proposal_of(confed.oak_row), "carried", other_organiser)
    assert current_mandate(city_seat, question) is None
    decide(proposal_of(confed.birch_lane), "not_carried", birch_organiser)

    city_question = Question.objects.get(council=confed.city)
    assert city_question.status == Question.Status.DECIDED
    # The city's members: East (for), West (against): a tie of bodies, so the city abstains.
    assert current_mandate(city_seat, question).instruction == "abstain"
    assert current_mandate(confed.seats.east, city_question).instruction == "for"
    assert current_mandate(confed.seats.west, city_question).instruction == "against"
    assert Referral.objects.get(question=question).status == Referral.Status.DECIDED
