"""Elections: counted by the decisions module, declared when the vote closes."""

import datetime

import pytest
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.decisions.models import Vote
from folkmoot.delegation import elections
from folkmoot.delegation.elections import ElectionError, ElectionSetup, start_election
from folkmoot.delegation.models import DelegateTerm, Election

from .conftest import cast_and_close, in_a_week, join, make_term

TODAY = datetime.date(2030, 1, 1)


def setup_for(people, seats=2, substitutes=0, **extra) -> ElectionSetup:
    return ElectionSetup(
        candidates=people,
        seats=seats,
        substitutes=substitutes,
        term_starts=TODAY,
        term_ends=TODAY + datetime.timedelta(days=365),
        closes_at=in_a_week(),
        **extra,
    )


@pytest.fixture
def voters(elm_park):
    return [join(elm_park, f"voter{n}@example.org", f"Voter {n}") for n in range(13)]


def test_stv_election_seats_then_substitutes_in_order_of_election(
    elm_seat, elm_people, organiser, voters
):
    ann, bo, cy, _di = elm_people
    election = start_election(elm_seat, organiser, setup_for(elm_people, seats=2, substitutes=1))
    vote = election.vote
    assert vote.method == Vote.Method.SCOTTISH_STV
    assert vote.seats == 3
    assert vote.secret is True
    assert vote.status == Vote.Status.READY
    assert [o.candidate for o in vote.options.order_by("position")] == elm_people
    ballots = (
        [(v, {"ranking": ["Ann", "Cy"]}) for v in voters[:5]]
        + [(v, {"ranking": ["Bo"]}) for v in voters[5:9]]
        + [(v, {"ranking": ["Cy"]}) for v in voters[9:12]]
        + [(voters[12], {"ranking": ["Di"]})]
    )
    vote = cast_and_close(vote, organiser, ballots)
    assert vote.result["winners"] == ["Ann", "Bo", "Cy"]
    election.refresh_from_db()
    assert election.declared_at is not None
    terms = list(DelegateTerm.objects.filter(member=elm_seat).order_by("pk"))
    assert [(t.person, t.substitute) for t in terms] == [(ann, False), (bo, False), (cy, True)]
    assert all(t.election == election and t.starts_on == TODAY for t in terms)
    assert terms[0].seated_at is not None
    assert terms[2].seated_at is None
    assert Entry.objects.filter(kind="election.declared").count() == 1
    # Declaring again changes nothing.
    assert elections.declare_election(election, organiser) == terms
    assert DelegateTerm.objects.filter(member=elm_seat).count() == 3


def test_one_place_is_counted_by_instant_runoff(elm_seat, elm_people, organiser):
    elm_seat.seats = 1
    elm_seat.save()
    election = start_election(elm_seat, organiser, setup_for(elm_people[:2], seats=1))
    assert election.vote.method == Vote.Method.IRV
    cast_and_close(election.vote, organiser, [(elm_people[2], {"ranking": ["Bo", "Ann"]})])
    assert [t.person for t in elections.seated(elm_seat)] == [elm_people[1]]


def test_new_full_term_election_ends_the_old_terms(elm_seat, elm_people, organiser, ann_term):
    old_sub = make_term(elm_seat, elm_people[3], substitute=True)
    election = start_election(elm_seat, organiser, setup_for(elm_people[:3], seats=1))
    cast_and_close(election.vote, organiser, [(elm_people[3], {"ranking": ["Ann"]})])
    ann_term.refresh_from_db()
    old_sub.refresh_from_db()
    assert ann_term.ended_at is not None
    assert ann_term.end_reason == "term"
    assert old_sub.ended_at is not None
    assert old_sub.end_reason == "term"
    new = elections.seated(elm_seat).get()
    assert new.person == elm_people[0]
    assert new.pk != ann_term.pk


def test_by_election_fills_the_vacancy_and_keeps_the_others(elm_seat, elm_people, organiser):
    ann, bo, cy, di = elm_people
    left = make_term(elm_seat, ann)
    bo_term = make_term(elm_seat, bo)
    left.ended_at, left.end_reason = timezone.now(), "recalled"
    left.save()
    assert elections.vacancies(elm_seat) == 1
    assert elections.vacated_term(elm_seat) == left
    with pytest.raises(ElectionError, match="1 empty seat"):
        start_election(elm_seat, organiser, setup_for([cy, di], seats=2, by_election_for=left))
    with pytest.raises(ElectionError, match="current members"):
        start_election(elm_seat, organiser, setup_for([bo, cy], seats=1, by_election_for=left))
    election = start_election(
        elm_seat, organiser, setup_for([cy, di], seats=1, by_election_for=left)
    )
    assert election.vote.question.startswith("By-election")
    assert elections.vacated_term(elm_seat) is None  # one is running
    cast_and_close(election.vote, organiser, [(ann, {"ranking": ["Cy"]})])
    bo_term.refresh_from_db()
    assert bo_term.ended_at is None
    assert {t.person for t in elections.seated(elm_seat)} == {bo, cy}
    assert elections.vacancies(elm_seat) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seats": 3}, "between 1 and 2"),
        ({"seats": 2, "substitutes": 2}, "more candidates than places"),
        ({"term_ends": TODAY - datetime.timedelta(days=1)}, "end after it starts"),
        ({"closes_at": timezone.now() - datetime.timedelta(hours=1)}, "in the future"),
    ],
)
def test_bad_setups_are_refused_and_nothing_is_made(
    elm_seat, elm_people, organiser, change, message
):
    setup = setup_for(elm_people)
    for key, value in change.items():
        setattr(setup, key, value)
    with pytest.raises(ElectionError, match=message):
        start_election(elm_seat, organiser, setup)
    assert not Election.objects.exists()
    assert not Vote.objects.exists()


def test_candidates_must_be_current_members(elm_seat, elm_people, organiser, other_person):
    with pytest.raises(ElectionError, match="current members"):
        start_election(elm_seat, organiser, setup_for([*elm_people, other_person]))


def test_only_the_assemblys_organisers_start_an_election(
    elm_seat, elm_people, member, other_organiser, network_organiser
):
    for person in (member, other_organiser, network_organiser):
        with pytest.raises(ElectionError, match="organisers"):
            start_election(elm_seat, person, setup_for(elm_people))
    assert not Vote.objects.exists()


def test_one_running_election_at_a_time(elm_seat, elm_people, organiser):
    start_election(elm_seat, organiser, setup_for(elm_people))
    with pytest.raises(ElectionError, match="already running"):
        start_election(elm_seat, organiser, setup_for(elm_people))
    assert Election.objects.count() == 1


def test_a_councils_election_is_not_an_assembly_organisers_to_start(east_seat, organiser):
    # A council elects its delegates by its own vote, run by its conveners (see
    # test_council_elections.py).
    with pytest.raises(ElectionError, match="conveners of East Testbury Council"):
        start_election(east_seat, organiser, setup_for([organiser], seats=1))
    assert not Vote.objects.exists()


def test_same_names_are_told_apart_on_the_ballot(elm_seat, elm_park, organiser):
    twins = [join(elm_park, f"jo{n}@example.org", "Jo") for n in range(3)]
    election = start_election(elm_seat, organiser, setup_for(twins, seats=1))
    assert [o.label for o in election.vote.options.all()] == ["Jo", "Jo (2)", "Jo (3)"]


def test_an_election_nobody_voted_in_leaves_the_delegates_in_place(
    elm_seat, elm_people, organiser, ann_term
):
    election = start_election(elm_seat, organiser, setup_for(elm_people[1:3], seats=1))
    cast_and_close(election.vote, organiser, [])
    ann_term.refresh_from_db()
    election.refresh_from_db()
    assert election.declared_at is not None
    assert ann_term.ended_at is None
