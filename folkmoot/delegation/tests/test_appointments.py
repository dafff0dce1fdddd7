"""A council sends its delegates up by its own decision, recorded by its conveners."""

import datetime

import pytest

from folkmoot.audit.models import Entry
from folkmoot.delegation.elections import ElectionError, appoint_delegates, seated
from folkmoot.delegation.models import DelegateTerm

from .conftest import make_term

START, END = datetime.date(2030, 1, 1), datetime.date(2030, 12, 31)
MINUTE = "Minute 4, 3 March 2030: agreed to send Ann to the city council."


def test_convener_appoints_one_of_the_councils_delegates(east_seat, ann_term, convener):
    (term,) = appoint_delegates(east_seat, [ann_term.person], convener, START, END, MINUTE)
    assert term.member == east_seat
    assert term.appointed_minute == MINUTE
    assert term.seated_at is not None
    assert not term.substitute
    entry = Entry.objects.get(kind="delegates.appointed")
    assert entry.payload["minute"] == MINUTE
    assert entry.payload["by"] == convener.pk


def test_a_new_appointment_replaces_the_old(east_seat, elm_seat, elm_people, convener):
    ann = make_term(elm_seat, elm_people[0])
    bo = make_term(elm_seat, elm_people[1])
    (first,) = appoint_delegates(east_seat, [ann.person], convener, START, END, MINUTE)
    appoint_delegates(east_seat, [bo.person], convener, START, END, "Minute 9: Bo instead.")
    first.refresh_from_db()
    assert first.end_reason == "term"
    assert first.ended_at is not None
    assert [t.person for t in seated(east_seat)] == [bo.person]


@pytest.mark.parametrize("who", ["organiser", "network_organiser", "delegate"])
def test_only_conveners_appoint(east_seat, ann_term, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(ElectionError, match="conveners"):
        appoint_delegates(east_seat, [ann_term.person], person, START, END, MINUTE)
    assert not DelegateTerm.objects.filter(member=east_seat).exists()


def test_only_the_lower_councils_current_delegates(
    east_seat, elm_seat, elm_people, convener, member
):
    sub = make_term(elm_seat, elm_people[1], substitute=True)
    for person in (member, sub.person):
        with pytest.raises(ElectionError, match="Only current delegates"):
            appoint_delegates(east_seat, [person], convener, START, END, MINUTE)
    assert not DelegateTerm.objects.filter(member=east_seat).exists()


def test_the_decision_is_required_and_seats_are_limited(east_seat, elm_seat, elm_people, convener):
    terms = [make_term(elm_seat, p) for p in elm_people[:2]]
    with pytest.raises(ElectionError, match="minute"):
        appoint_delegates(east_seat, [terms[0].person], convener, START, END, "  ")
    with pytest.raises(ElectionError, match="at most"):
        appoint_delegates(east_seat, [t.person for t in terms], convener, START, END, MINUTE)


def test_an_assembly_is_not_appointed(elm_seat, ann_term, convener):
    with pytest.raises(ElectionError, match="elects its delegates by a vote"):
        appoint_delegates(elm_seat, [ann_term.person], convener, START, END, MINUTE)
