"""Opening and closing a council vote, the result by each rule, and withdrawn votes."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.audit.models import Entry
from folkmoot.councils.errors import CouncilError
from folkmoot.councils.models import Competence, Question, Referral, SeatVote
from folkmoot.councils.questions import raise_question, refer
from folkmoot.councils.seat_votes import (
    cast_seat_vote,
    close_voting,
    open_voting,
    residents_by_member,
    withdraw_open_votes,
)
from folkmoot.decisions.models import Decision, Proposal
from folkmoot.delegation.mandates import issue_mandate

from .conftest import decide, in_a_week


def residents(assembly, n):
    for i in range(n):
        person = make_person(f"r{assembly.pk}-{i}@example.org")
        Membership.objects.create(assembly=assembly, person=person, residency="verified")


def mandate(member, question, instruction, **kw):
    decision = Decision.objects.create(
        assembly=member.assembly, summary="Decided", decided_at=timezone.now()
    )
    return issue_mandate(
        member, instruction=instruction, question=question, decision=decision, **kw
    )


@pytest.fixture
def east_question(confed, convener):
    competence = Competence.objects.create(council=confed.east, matter="Street parties")
    question = raise_question(confed.east, convener, title="A party", competence=competence)
    return open_voting(question, convener)


# --- Opening ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["organiser", "delegate", "member", "city_convener"])
def test_only_conveners_open(confed, convener, who, request):
    competence = Competence.objects.create(council=confed.east, matter="Parties")
    question = raise_question(confed.east, convener, title="A party", competence=competence)
    with pytest.raises(CouncilError, match="conveners"):
        open_voting(question, request.getfixturevalue(who))
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_outside_the_competences_refer_first(confed, convener):
    question = raise_question(confed.east, convener, title="Close the road")
    with pytest.raises(CouncilError, match="refer it to the member bodies first"):
        open_voting(question, convener)


def test_a_referred_question_opens_when_all_have_decided(
    confed, convener, organiser, other_organiser
):
    question = raise_question(confed.east, convener, title="Close the road")
    refer(question, convener, in_a_week())
    decide(Proposal.objects.get(assembly=confed.elm_park), "carried", organiser)
    with pytest.raises(CouncilError, match="1 member bodies are still deciding"):
        open_voting(question, convener)
    decide(Proposal.objects.get(assembly=confed.oak_row), "not_carried", other_organiser)
    assert open_voting(question, convener).status == Question.Status.VOTING
    assert Entry.objects.filter(kind="council_question.voting_opened").count() == 1


def test_a_referred_question_opens_after_the_deadline(confed, convener):
    question = raise_question(confed.east, convener, title="Close the road")
    refer(question, convener, in_a_week())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        open_voting(question, convener)
    assert question.status == Question.Status.VOTING
    assert set(question.referrals.values_list("status", flat=True)) == {"missed"}


def test_a_question_from_above_is_not_voted_on_below(confed, city_convener, convener):
    question = raise_question(confed.city, city_convener, title="Buses")
    refer(question, city_convener, in_a_week())
    child = Question.objects.get(council=confed.east)
    with pytest.raises(CouncilError, match="came from the council above"):
        open_voting(child, convener)


# --- Closing and the result ------------------------------------------------------------------


def test_only_conveners_close(east_question, delegate, organiser):
    for who in (delegate, organiser):
        with pytest.raises(CouncilError, match="conveners"):
            close_voting(east_question, who)


def test_closing_counts_by_the_rule_and_uncast_seats_abstain(
    confed, east_question, delegate, convener
):
    mandate(confed.seats.elm, east_question, "for")
    cast_seat_vote(east_question, delegate, answer="for")
    close_voting(east_question, convener)
    east_question.refresh_from_db()
    result = east_question.result
    assert east_question.status == Question.Status.DECIDED
    assert result["rule"] == "bodies"
    assert result["outcome"] == "carried"  # Elm Park for, Oak Row did not vote (abstains)
    assert result["seats"] == {"for": 1, "against": 0, "abstain": 1}
    oak = next(b for b in result["per_body"] if b["name"] == "Oak Row Assembly")
    assert (oak["cast"], oak["position"], oak["answers"]["abstain"]) == (0, "abstain", 1)
    assert Entry.objects.filter(kind="council_question.decided").count() == 1
    with pytest.raises(CouncilError, match="not open"):
        close_voting(east_question, convener)


@pytest.fixture
def three_bodies(confed):
    """East with Birch Lane as a third member: Elm Park 3 seats and 30 residents, Oak Row 1
    seat and 10 residents, Birch Lane 1 seat and 5 residents, each seat with a delegate."""
    from folkmoot.councils.models import CouncilMember

    from .conftest import make_term

    confed.seats.elm.seats = 3
    confed.seats.elm.save()
    birch = CouncilMember.objects.create(council=confed.east, assembly=confed.birch_lane, seats=1)
    residents(confed.elm_park, 30)
    residents(confed.oak_row, 10)
    residents(confed.birch_lane, 5)
    elm = [confed.people.dee] + [make_person(f"e{i}@example.org", f"E{i}") for i in range(2)]
    for person in elm[1:]:
        make_term(confed.seats.elm, person)
    bd = make_person("bd@example.org", "BD")
    make_term(birch, bd)
    return {
        "elm": (confed.seats.elm, elm),
        "oak": (confed.seats.oak, [confed.people.ola]),
        "birch": (birch, [bd]),
    }


def run(confed, convener, bodies, rule, answers):
    """Open a question under ``rule``; each body's seats vote its answer (None: no vote)."""
    confed.east.result_rule = rule
    confed.east.save()
    competence, _ = Competence.objects.get_or_create(council=confed.east, matter="Parties")
    question = open_voting(
        raise_question(confed.east, convener, title=rule, competence=competence), convener
    )
    for key, answer in answers.items():
        member, people = bodies[key]
        if answer is None:
            continue
        mandate(member, question, answer)
        for person in people:
            cast_seat_vote(question, person, answer=answer)
    close_voting(question, convener)
    return question.result


@pytest.mark.parametrize(
    ("rule", "outcome"),
    [
        ("seats", "carried"),  # 3 seats for, 2 against
        ("bodies", "not_carried"),  # 1 body for, 2 against
        ("residents", "carried"),  # 30 residents for, 15 against
        ("double", "not_carried"),  # residents yes, bodies no
        ("consensus", "not_carried"),  # a body against
    ],
)
def test_each_result_rule(confed, convener, three_bodies, rule, outcome):
    result = run(
        confed, convener, three_bodies, rule, {"elm": "for", "oak": "against", "birch": "against"}
    )
    assert result["outcome"] == outcome
    assert result["seats"] == {"for": 3, "against": 2, "abstain": 0}
    assert result["bodies"] == {"for": 1, "against": 2, "abstain": 0}
    assert result["residents"] == {"for": 30.0, "against": 15.0, "abstain": 0.0}


def test_consensus_with_a_body_abstaining(confed, convener, three_bodies):
    answers = {"elm": "for", "oak": None, "birch": "for"}
    assert run(confed, convener, three_bodies, "consensus", answers)["outcome"] == "carried"


def test_a_tie_does_not_carry(confed, convener, three_bodies):
    answers = {"elm": None, "oak": "for", "birch": "against"}
    result = run(confed, convener, three_bodies, "bodies", answers)
    assert result["bodies"] == {"for": 1, "against": 1, "abstain": 1}
    assert result["outcome"] == "not_carried"


def test_a_ranking_result(confed, convener):
    competence = Competence.objects.create(council=confed.east, matter="Parks")
    question = open_voting(
        raise_question(
            confed.east,
            convener,
            title="Which park?",
            kind="ranking",
            options=["Elm", "Oak", "Ash"],
            competence=competence,
        ),
        convener,
    )
    mandate(confed.seats.elm, question, "ranking", ranking=["Oak", "Elm", "Ash"])
    mandate(confed.seats.oak, question, "ranking", ranking=["Oak", "Ash", "Elm"])
    cast_seat_vote(question, confed.people.dee, ranking=["Oak", "Elm", "Ash"])
    cast_seat_vote(question, confed.people.ola, ranking=["Oak", "Ash", "Elm"])
    close_voting(question, convener)
    assert question.result["ranking"] == ["Oak", "Elm", "Ash"]  # Elm and Ash tie: listed order
    assert question.result["scores"] == {"Elm": 1.0, "Oak": 4.0, "Ash": 1.0}


def test_residents_of_a_council_are_its_members_sum(confed):
    residents(confed.elm_park, 3)
    residents(confed.oak_row, 4)
    residents(confed.birch_lane, 5)
    Membership.objects.create(
        assembly=confed.elm_park, person=make_person("sd@example.org"), residency="self_declared"
    )
    counted = residents_by_member()
    assert counted[confed.seats.elm.pk] == 3
    assert counted[confed.seats.east.pk] == 7
    assert counted[confed.seats.west.pk] == 5


# --- Withdrawing a recalled delegate's votes -------------------------------------------------


def test_withdraw_open_votes(confed, east_question, delegate, convener):
    decided = open_voting(
        raise_question(
            confed.east,
            convener,
            title="Earlier",
            competence=Competence.objects.get(council=confed.east),
        ),
        convener,
    )
    cast_seat_vote(decided, delegate, answer="abstain")
    close_voting(decided, convener)
    cast_seat_vote(east_question, delegate, answer="abstain")

    assert withdraw_open_votes(confed.terms.dee, "Recalled by Elm Park Assembly") == 1
    withdrawn = SeatVote.objects.get(question=east_question)
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawn_reason == "Recalled by Elm Park Assembly"
    assert SeatVote.objects.get(question=decided).withdrawn_at is None
    assert Entry.objects.filter(kind="seat_vote.withdrawn").count() == 1
    # The seat may be filled again and the new delegate votes.
    assert withdraw_open_votes(confed.terms.dee, "again") == 0
    close_voting(east_question, convener)
    east_question.refresh_from_db()
    assert east_question.result["per_body"][0]["cast"] == 0


def test_referral_status_is_in_the_result(confed, convener):
    question = raise_question(confed.east, convener, title="Close the road")
    refer(question, convener, in_a_week())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        open_voting(question, convener)
        close_voting(question, convener)
    question.refresh_from_db()
    assert [b["referral"] for b in question.result["per_body"]] == ["missed", "missed"]
    assert question.result["outcome"] == "not_carried"
    assert Referral.objects.filter(status="missed").count() == 2
