"""Referring a question down: a proposal on each assembly's agenda, a question of its own in
each council below (referred on at once), and the rules on who may refer and when."""

import datetime

import pytest
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.councils.errors import CouncilError
from folkmoot.councils.models import Competence, Question, Referral
from folkmoot.councils.questions import raise_question, refer
from folkmoot.decisions.models import Proposal

from .conftest import in_a_week


@pytest.fixture
def city_question(confed, city_convener):
    return raise_question(
        confed.city, city_convener, title="Close Market Street to cars", text="Saturdays only."
    )


def test_refer_creates_a_proposal_per_assembly_and_cascades(confed, city_question, city_convener):
    deadline = in_a_week()
    made = refer(city_question, city_convener, deadline)

    assert [r.member for r in made] == [confed.seats.east, confed.seats.west]
    city_question.refresh_from_db()
    assert city_question.status == Question.Status.REFERRED
    assert city_question.deadline == deadline
    east_question = made[0].child_question
    assert east_question.council == confed.east
    assert east_question.parent == city_question
    assert east_question.status == Question.Status.REFERRED
    assert east_question.deadline == deadline
    assert (east_question.title, east_question.text) == (city_question.title, city_question.text)

    proposals = Proposal.objects.order_by("pk")
    assert [p.assembly for p in proposals] == [confed.elm_park, confed.oak_row, confed.birch_lane]
    for proposal in proposals:
        assert proposal.status == Proposal.Status.DISCUSSION
        assert proposal.author == city_convener
        assert proposal.title == "Close Market Street to cars"
        assert "Referred by" in proposal.body
        assert "/council-questions/" in proposal.body
        assert proposal.referral.status == Referral.Status.PENDING
    elm_referral = Proposal.objects.get(assembly=confed.elm_park).referral
    assert elm_referral.question == east_question
    assert "East Testbury District Council" in elm_referral.proposal.body
    assert Entry.objects.filter(kind="council_question.referred").count() == 3


def test_ranking_question_lists_the_options_in_the_proposal(confed, convener):
    question = raise_question(
        confed.east, convener, title="Which park first?", kind="ranking", options="Elm\nOak\nAsh"
    )
    refer(question, convener, in_a_week())
    proposal = Proposal.objects.get(assembly=confed.elm_park)
    assert "- Elm\n- Oak\n- Ash" in proposal.body


@pytest.mark.parametrize("who", ["organiser", "delegate", "member", "other_person"])
def test_only_conveners_refer(confed, city_question, who, request):
    with pytest.raises(CouncilError, match="Only the conveners"):
        refer(city_question, request.getfixturevalue(who), in_a_week())
    assert not Referral.objects.exists()
    assert not Proposal.objects.exists()


def test_network_organiser_may_refer(confed, city_question, network_organiser):
    assert len(refer(city_question, network_organiser, in_a_week())) == 2


def test_deadline_must_be_in_the_future(confed, city_question, city_convener):
    with pytest.raises(CouncilError, match="future"):
        refer(city_question, city_convener, timezone.now() - datetime.timedelta(minutes=1))
    city_question.refresh_from_db()
    assert city_question.status == Question.Status.DRAFT
    assert not Referral.objects.exists()


def test_refer_only_once(confed, city_question, city_convener):
    refer(city_question, city_convener, in_a_week())
    with pytest.raises(CouncilError, match="already"):
        refer(city_question, city_convener, in_a_week())
    assert Referral.objects.filter(question=city_question).count() == 2


def test_a_question_from_above_cannot_be_referred_again(
    confed, city_question, city_convener, convener
):
    refer(city_question, city_convener, in_a_week())
    child = Question.objects.get(council=confed.east)
    with pytest.raises(CouncilError, match="council above"):
        refer(child, convener, in_a_week())


def test_within_a_competence_it_may_be_referred_by_choice(confed, convener):
    competence = Competence.objects.create(council=confed.east, matter="Shared tool library")
    question = raise_question(
        confed.east, convener, title="Buy a second ladder", competence=competence
    )
    assert len(refer(question, convener, in_a_week())) == 2


def test_a_council_with_no_members_cannot_refer(confed, convener):
    empty = confed.east.__class__.objects.create(name="Empty", slug="empty", level=confed.district)
    empty.conveners.add(convener)
    question = raise_question(empty, convener, title="Anything?")
    with pytest.raises(CouncilError, match="no member bodies"):
        refer(question, convener, in_a_week())


def test_an_empty_council_below_abstains_at_once(confed, city_convener):
    """A member council with no members of its own has nobody to wait for."""
    from folkmoot.councils.models import Council, CouncilMember

    empty = Council.objects.create(name="North", slug="north", level=confed.district)
    CouncilMember.objects.create(council=confed.city, member_council=empty, seats=1)
    question = raise_question(confed.city, city_convener, title="Anything?")
    refer(question, city_convener, in_a_week())
    north = Referral.objects.get(question=question, member__member_council=empty)
    assert north.status == Referral.Status.DECIDED
    assert north.outcome["instruction"] == "abstain"
    assert north.child_question.status == Question.Status.DECIDED
    # The other members are still deciding.
    assert question.referrals.filter(status="pending").count() == 2
