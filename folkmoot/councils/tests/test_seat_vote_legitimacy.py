"""A council may let only legitimate assemblies' delegates vote; the refusal says why."""

import pytest
from django.utils import timezone

from folkmoot.councils.errors import CouncilError
from folkmoot.councils.models import Competence
from folkmoot.councils.questions import raise_question
from folkmoot.councils.seat_votes import cast_seat_vote, open_voting, seat_for
from folkmoot.legitimacy.tests.conftest import UNITS, hold_meeting
from folkmoot.places.models import PostcodeUnit


@pytest.fixture
def question(confed, convener):
    confed.east.only_legitimate_vote = True
    confed.east.save()
    competence = Competence.objects.create(council=confed.east, matter="Street parties")
    question = raise_question(confed.east, convener, title="A party", competence=competence)
    return open_voting(question, convener)


def test_a_seat_of_an_assembly_not_legitimate_is_refused_with_the_reason(question, delegate):
    with pytest.raises(CouncilError) as refused:
        cast_seat_vote(question, delegate, answer="abstain")
    message = str(refused.value)
    assert "Only delegates of legitimate assemblies vote in East Testbury District Council" in (
        message
    )
    assert "Elm Park Assembly is not legitimate yet (" in message
    assert seat_for(question, delegate).problem == message


def test_a_legitimate_assemblys_seat_votes(confed, question, delegate, organiser, network):
    PostcodeUnit.objects.bulk_create(
        PostcodeUnit(area=confed.elm_park.area, unit=unit) for unit in UNITS
    )
    for days in (40, 70, 100):
        hold_meeting(confed.elm_park, organiser, days)
    assert cast_seat_vote(question, delegate, answer="abstain").cast_at <= timezone.now()


def test_without_the_setting_anyone_with_a_seat_votes(confed, question, delegate):
    confed.east.only_legitimate_vote = False
    confed.east.save()
    question.council.refresh_from_db()
    assert cast_seat_vote(question, delegate, answer="abstain").answer == "abstain"


def test_council_seats_are_not_assessed(confed, city_convener):
    """Legitimacy is an assembly's: a council's seats above vote under the council's rule."""
    confed.city.only_legitimate_vote = True
    confed.city.save()
    competence = Competence.objects.create(council=confed.city, matter="Buses")
    question = raise_question(confed.city, city_convener, title="Buses", competence=competence)
    open_voting(question, city_convener)
    assert cast_seat_vote(question, confed.people.eve, answer="abstain").answer == "abstain"
