"""A council elects its delegates to the council above by its own vote, as an assembly does.

East Testbury Council (a district) has two seats on Testbury City Council. The delegates holding
East Testbury's seats (Ann, Bo and Cy for Elm Park, Ed and Flo for Oak Row) elect two of
themselves and a substitute, by STV, over HTTP; Cora (East Testbury's convener) sets the
election up, opens and closes the vote; when it closes the winners take the seats above.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.audit.models import Entry
from folkmoot.councils.models import CouncilMember
from folkmoot.decisions.models import Decision, Vote
from folkmoot.delegation.elections import (
    ElectionError,
    ElectionSetup,
    appoint_delegates,
    eligible_candidates,
    seated,
    start_election,
    substitutes,
    vacated_term,
)
from folkmoot.delegation.models import DelegateTerm, Election
from folkmoot.delegation.recall import recall_appointed

from .conftest import cast_and_close, client_for, in_a_week, join, make_term


@pytest.fixture
def east_delegates(elm_seat, oak_seat, east_seat, elm_people, oak_row):
    """Ann, Bo and Cy hold Elm Park's three seats on East Testbury, Ed and Flo Oak Row's two;
    East Testbury has two seats on the city council. Di is a member of Elm Park, no delegate."""
    CouncilMember.objects.filter(pk=elm_seat.pk).update(seats=3)
    CouncilMember.objects.filter(pk=oak_seat.pk).update(seats=2)
    CouncilMember.objects.filter(pk=east_seat.pk).update(seats=2)
    east_seat.refresh_from_db()
    ann, bo, cy, _di = elm_people
    ed = join(oak_row, "ed@example.org", "Ed")
    flo = join(oak_row, "flo@example.org", "Flo")
    for seat, people in ((elm_seat, (ann, bo, cy)), (oak_seat, (ed, flo))):
        for person in people:
            make_term(seat, person)
    return {"ann": ann, "bo": bo, "cy": cy, "ed": ed, "flo": flo}


@pytest.fixture
def city_delegate(city_council, testbury_health):
    """Hal holds the health assembly's seat on the city council: a delegate, but not one of
    East Testbury's."""
    hal = join(testbury_health, "hal@example.org", "Hal")
    make_term(CouncilMember.objects.create(council=city_council, assembly=testbury_health), hal)
    return hal


def election_url(east, east_seat, **query) -> str:
    url = reverse("delegation:council_election_new", args=[east.slug, east_seat.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def candidate_terms(east_seat, people) -> list[str]:
    """The form's values for these candidates (their terms on East Testbury)."""
    terms = {t.person_id: t.pk for t in eligible_candidates(east_seat)}
    return [str(terms[p.pk]) for p in people]


def form_data(east_seat, people, **extra) -> dict:
    closes = timezone.localtime() + datetime.timedelta(days=7)
    data = {
        "candidates": candidate_terms(east_seat, people),
        "seats": "2",
        "substitutes": "1",
        "term_starts": "2030-01-01",
        "term_ends": "2030-12-31",
        "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        "secret": "on",
    }
    data.update(extra)
    return data


def ranks(vote, labels: list[str]) -> dict:
    """A ranked ballot as the vote page's form sends it."""
    options = {o.label: o.pk for o in vote.options.all()}
    return {f"rank_{options[label]}": str(n) for n, label in enumerate(labels, 1)}


# --- The whole election over HTTP ----------------------------------------------------------------


def test_a_council_elects_two_delegates_and_a_substitute_to_the_council_above(
    east, city_council, east_seat, east_delegates, convener, member, elm_people, city_delegate
):
    d = east_delegates
    # East Testbury had sent Flo up by a minute, on paper, before it voted on the site.
    appoint_delegates(
        east_seat,
        [d["flo"]],
        convener,
        datetime.date(2029, 1, 1),
        datetime.date(2029, 12, 31),
        "Minute 2: Flo goes to the city for now.",
    )
    old_term = DelegateTerm.objects.get(member=east_seat, person=d["flo"])
    cora = client_for(convener)

    # The convener sets the election up: the candidates are East Testbury's delegates.
    page = cora.get(election_url(east, east_seat))
    assert page.status_code == 200
    assert "Elect delegates to Testbury City Council" in page.text
    assert "the delegates who hold its seats vote" in page.text
    assert 'href="/delegates/councils/east-testbury/"' in page.text
    for name in ("Ann", "Bo", "Cy", "Ed", "Flo"):
        assert f" {name}</label>" in page.text
    assert " Di</label>" not in page.text
    response = cora.post(
        election_url(east, east_seat),
        form_data(east_seat, [d["ann"], d["bo"], d["cy"], d["ed"]]),
    )
    election = Election.objects.get()
    vote = election.vote
    assert response.status_code == 302
    assert response["Location"] == vote.get_absolute_url()
    assert vote.council == east
    assert vote.assembly is None
    assert (vote.method, vote.seats, vote.secret) == ("scottish_stv", 3, True)
    assert [o.candidate for o in vote.options.all()] == [d["ann"], d["bo"], d["cy"], d["ed"]]

    # The convener opens it; East Testbury's delegates vote on the vote's page.
    assert cora.post(f"/votes/{vote.pk}/open/").status_code == 302
    ballots = {
        "ann": ["Ann", "Cy"],
        "bo": ["Bo", "Cy"],
        "cy": ["Cy", "Ann"],
        "ed": ["Ann", "Bo"],
        "flo": ["Bo", "Cy"],
    }
    for name, ranking in ballots.items():
        response = client_for(d[name]).post(vote.get_absolute_url(), ranks(vote, ranking))
        assert response.status_code == 302, name

    # Nobody else votes: a member of a member assembly, a delegate of another council, the
    # convener herself.
    for person in (elm_people[3], member, city_delegate, convener):
        response = client_for(person).post(vote.get_absolute_url(), ranks(vote, ["Ed"]))
        assert response.status_code == 403
        assert "Only the delegates who hold a seat on East Testbury Council" in response.text
    assert vote.participations.count() == 5

    # A delegate cannot close it; the convener closes it and the winners take the seats.
    assert client_for(d["ann"]).post(f"/votes/{vote.pk}/close/").status_code == 403
    response = cora.post(f"/votes/{vote.pk}/close/")
    assert response["Location"] == f"/votes/{vote.pk}/result/"
    vote.refresh_from_db()
    assert set(vote.result["winners"][:2]) == {"Ann", "Bo"}
    assert vote.result["winners"][2] == "Cy"
    assert vote.result["turnout"]["eligible"] == 5

    election.refresh_from_db()
    assert election.declared_at is not None
    assert {t.person for t in seated(east_seat)} == {d["ann"], d["bo"]}
    assert [t.person for t in substitutes(east_seat)] == [d["cy"]]
    assert all(t.election == election and t.appointed_minute == "" for t in seated(east_seat))
    old_term.refresh_from_db()
    assert old_term.ended_at is not None
    assert old_term.end_reason == DelegateTerm.EndReason.TERM
    declared = Entry.objects.get(kind="election.declared")
    assert set(declared.payload["seated"]) == {d["ann"].pk, d["bo"].pk}
    assert declared.payload["substitutes"] == [d["cy"].pk]
    assert declared.payload["ended"] == [old_term.pk]

    # The council's record: its vote list, its decision log, its delegates above.
    decision = Decision.objects.get(vote=vote)
    assert decision.council == east
    votes_page = client_for(None).get("/councils/east-testbury/votes/").text
    assert vote.question in votes_page
    log = client_for(None).get("/councils/east-testbury/decisions/").text
    assert decision.summary in log
    delegates_page = (
        client_for(None).get(reverse("delegation:council_delegates", args=[east.slug])).text
    )
    for name in ("Ann", "Bo", "Cy"):
        assert f">{name}</a>" in delegates_page
    assert "Substitutes, in the order they step up:" in delegates_page
    assert f"/votes/{vote.pk}/result/" in delegates_page


# --- Who sets it up ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("organiser", 403),
        ("delegate", 403),
        ("network_organiser", 403),
        ("convener", 200),
    ],
)
def test_only_the_lower_councils_conveners_set_it_up(
    request, east, east_seat, east_delegates, who, status
):
    person = None
    if who == "delegate":
        person = east_delegates["ann"]
    elif who != "anonymous":
        person = request.getfixturevalue(who)
    response = client_for(person).get(election_url(east, east_seat))
    assert response.status_code == status
    assert client_for(person).post(
        election_url(east, east_seat),
        form_data(east_seat, list(east_delegates.values())[:4]),
    ).status_code == (302 if status == 200 else status)
    assert Election.objects.exists() == (status == 200)


def test_the_council_route_is_only_for_a_council_seat(east, elm_seat, convener, elm_park):
    url = reverse("delegation:council_election_new", args=[east.slug, elm_seat.pk])
    assert client_for(convener).get(url).status_code == 404
    url = reverse("delegation:election_new", args=[elm_park.slug, elm_seat.pk])
    assert client_for(convener).get(url).status_code == 403


def test_the_council_page_links_conveners_to_the_election(east, east_seat, convener, organiser):
    page = reverse("delegation:council_delegates", args=[east.slug])
    text = client_for(convener).get(page).text
    assert election_url(east, east_seat) in text
    assert "decided on paper? Record its appointments by minute" in text
    assert 'href="/councils/east-testbury/votes/"' in text
    other = client_for(organiser).get(page).text
    assert election_url(east, east_seat) not in other
    assert reverse("delegation:appoint", args=[east_seat.pk]) not in other


# --- The rules -----------------------------------------------------------------------------------


def setup_for(people, seats=2, subs=1, **extra) -> ElectionSetup:
    return ElectionSetup(
        candidates=list(people),
        seats=seats,
        substitutes=subs,
        term_starts=datetime.date(2030, 1, 1),
        term_ends=datetime.date(2030, 12, 31),
        closes_at=in_a_week(),
        **extra,
    )


def test_candidates_are_the_councils_seated_delegates(
    east_seat, east_delegates, elm_people, convener, elm_seat
):
    di = elm_people[3]
    sub = join(elm_seat.assembly, "sue@example.org", "Sue")
    make_term(elm_seat, sub, substitute=True)
    d = east_delegates
    assert {t.person for t in eligible_candidates(east_seat)} == set(d.values())
    for outsider in (di, sub):
        with pytest.raises(ElectionError, match="delegates holding a seat on East Testbury"):
            start_election(east_seat, convener, setup_for([d["ann"], d["bo"], d["cy"], outsider]))
    assert not Vote.objects.exists()


def test_a_delegate_holding_two_seats_stands_once(
    east, east_seat, east_delegates, convener, testbury_health
):
    ann = east_delegates["ann"]
    make_term(CouncilMember.objects.create(council=east, assembly=testbury_health), ann)
    people = [t.person for t in eligible_candidates(east_seat)]
    assert people.count(ann) == 1


def test_an_assembly_organiser_cannot_start_it(east_seat, east_delegates, organiser):
    with pytest.raises(ElectionError, match="Only the conveners of East Testbury Council"):
        start_election(east_seat, organiser, setup_for(list(east_delegates.values())[:4]))


def test_a_by_election_after_a_recall_by_minute(east_seat, east_delegates, convener):
    d = east_delegates
    election = start_election(east_seat, convener, setup_for([d["ann"], d["bo"], d["cy"]], subs=0))
    cast_and_close(
        election.vote,
        convener,
        [(d["ann"], {"ranking": ["Ann", "Bo"]}), (d["bo"], {"ranking": ["Bo", "Ann"]})],
    )
    bo_term = seated(east_seat).get(person=d["bo"])
    recall_appointed(bo_term, convener, "Minute 9: Bo is recalled.")
    bo_term.refresh_from_db()
    assert vacated_term(east_seat) == bo_term
    by = setup_for([d["cy"], d["ed"]], seats=1, subs=0, by_election_for=bo_term)
    with pytest.raises(ElectionError, match="delegates holding a seat"):
        start_election(
            east_seat,
            convener,
            setup_for([d["ann"], d["cy"]], seats=1, subs=0, by_election_for=bo_term),
        )
    by_election = start_election(east_seat, convener, by)
    assert by_election.vote.council_id == east_seat.member_council_id
    cast_and_close(by_election.vote, convener, [(d["flo"], {"ranking": ["Ed"]})])
    assert {t.person for t in seated(east_seat)} == {d["ann"], d["ed"]}
