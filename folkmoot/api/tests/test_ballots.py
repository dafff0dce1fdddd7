"""POST /api/v1/votes/{id}/ballots: a signed-in member casts a ballot, by the vote page's rules.

Every refusal has its status and says why; a refused ballot changes nothing; one person, one
ballot, however often they press; the answer never identifies the ballot.
"""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.attendance.models import Attendance, Residency
from folkmoot.audit.models import Entry
from folkmoot.decisions import results, voting
from folkmoot.decisions.models import Ballot, Participation, Vote
from folkmoot.meetings.models import Meeting

from .conftest import API

BALLOTS = f"{API}/votes/{{vote_id}}/ballots"


def make_vote(assembly, by, method="majority", options=(), *, open_it=True, **kw) -> Vote:
    setup = voting.VoteSetup(
        question=kw.pop("question", "Shall we?"), method=method, options=list(options), **kw
    )
    vote = voting.create_vote(assembly, by, setup)
    return voting.open_vote(vote, by) if open_it else vote


def post(client, vote, body) -> object:
    vote_id = vote.pk if isinstance(vote, Vote) else vote
    return client.post(
        BALLOTS.format(vote_id=vote_id),
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
    )


def ids(vote) -> dict[str, str]:
    return {o.label: o.pk for o in vote.options.all()}


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def vote(elm_park, organiser) -> Vote:
    return make_vote(elm_park, organiser)


@pytest.fixture
def meeting(elm_park):
    return Meeting.objects.create(
        assembly=elm_park,
        title="May meeting",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )


def nothing_cast(vote) -> bool:
    return not Ballot.objects.filter(vote=vote).exists() and not vote.participations.exists()


# --- Casting --------------------------------------------------------------------------------


def test_a_member_casts_a_ballot(member_client, member, vote, check_schema):
    response = post(member_client, vote, {"answer": "for"})

    assert response.status_code == 201
    check_schema("post", BALLOTS, response)
    assert response.json()["status"] == "cast"
    assert set(response.json()) == {"status", "message"}
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.voter == member
    assert ballot.content == {"answer": "for"}
    assert Participation.objects.filter(vote=vote, person=member, channel="online").exists()
    assert Entry.objects.filter(kind="ballot.cast", subject=f"vote:{vote.pk}").count() == 1


def test_the_answer_never_identifies_the_ballot(member_client, vote):
    response = post(member_client, vote, {"answer": "for"})

    text = response.content.decode()
    ballot = Ballot.objects.get(vote=vote)
    assert str(ballot.pk) not in text
    assert "Mo" not in text
    assert "@" not in text


def test_a_secret_ballot_is_stored_without_its_voter(member_client, member, elm_park, organiser):
    vote = make_vote(elm_park, organiser, secret=True)

    response = post(member_client, vote, {"answer": "against"})

    assert response.status_code == 201
    assert "secret" in response.json()["message"]
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.voter is None
    assert ballot.cast_at is None
    assert Participation.objects.filter(vote=vote, person=member).exists()


def test_a_ranked_ballot(member_client, elm_park, organiser):
    vote = make_vote(
        elm_park, organiser, "scottish_stv", ["Ann", "Bo", "Cat"], seats=2, secret=True
    )
    options = ids(vote)

    response = post(member_client, vote, {"ranking": [options["Cat"], options["Ann"]]})

    assert response.status_code == 201
    assert Ballot.objects.get(vote=vote).content == {
        "ranking": [str(options["Cat"]), str(options["Ann"])]
    }


def test_approval_score_and_consensus_ballots(member_client, elm_park, organiser):
    approval = make_vote(elm_park, organiser, "approval", ["Park", "Pool"], question="Where?")
    score = make_vote(
        elm_park, organiser, "score", ["Tea", "Cake"], question="Which?", rules={"score_max": 3}
    )
    consensus = make_vote(elm_park, organiser, "consensus", question="Agreed?")
    a, s = ids(approval), ids(score)

    assert post(member_client, approval, {"approved": [a["Pool"]]}).status_code == 201
    scores = {str(s["Tea"]): 3, str(s["Cake"]): 0}
    assert post(member_client, score, {"scores": scores}).status_code == 201
    body = {"answer": "stand_aside", "reason": "I will not be here"}
    assert post(member_client, consensus, body).status_code == 201
    assert Ballot.objects.get(vote=consensus).content == body


def test_a_changeable_vote_replaces_the_ballot(member_client, elm_park, organiser, check_schema):
    vote = make_vote(elm_park, organiser, changeable=True)
    post(member_client, vote, {"answer": "for"})

    response = post(member_client, vote, {"answer": "against"})

    assert response.status_code == 200
    check_schema("post", BALLOTS, response)
    assert response.json()["status"] == "changed"
    assert Ballot.objects.get(vote=vote).content == {"answer": "against"}
    assert vote.participations.count() == 1


# --- One person, one ballot -----------------------------------------------------------------


def test_a_second_ballot_is_refused(member_client, vote, check_schema):
    post(member_client, vote, {"answer": "for"})

    response = post(member_client, vote, {"answer": "against"})

    assert response.status_code == 409
    check_schema("post", BALLOTS, response)
    assert response.json() == {
        "errors": {"__all__": ["You have already voted. Each person votes once."]}
    }
    assert Ballot.objects.get(vote=vote).content == {"answer": "for"}


def test_repeated_posts_leave_one_ballot(member_client, elm_park, organiser):
    for secret in (False, True):
        vote = make_vote(elm_park, organiser, secret=secret, question=f"Secret {secret}?")
        statuses = [post(member_client, vote, {"answer": "for"}).status_code for _ in range(5)]
        assert statuses == [201, 409, 409, 409, 409]
        assert Ballot.objects.filter(vote=vote).count() == 1
        assert vote.participations.count() == 1


# --- Who may vote ---------------------------------------------------------------------------


def test_nobody_signed_in_gets_401(client, vote, check_schema):
    response = post(client, vote, {"answer": "for"})

    assert response.status_code == 401
    check_schema("post", BALLOTS, response)
    assert response.json() == {"errors": {"__all__": ["Sign in to vote."]}}
    assert nothing_cast(vote)


def test_nobody_signed_in_gets_401_even_without_a_csrf_token(db, vote):
    response = post(Client(enforce_csrf_checks=True), vote, {"answer": "for"})

    assert response.status_code == 401


def test_a_session_without_its_csrf_token_is_refused(member, vote, check_schema):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = post(client, vote, {"answer": "for"})

    assert response.status_code == 403
    check_schema("post", BALLOTS, response)
    assert "CSRF" in response.json()["errors"]["__all__"][0]
    assert nothing_cast(vote)


def test_a_session_with_its_csrf_token_may_vote(member, vote):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    token = "a" * 32
    client.cookies["csrftoken"] = token

    response = client.post(
        BALLOTS.format(vote_id=vote.pk),
        json.dumps({"answer": "for"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201


@pytest.mark.parametrize("who", ["person", "other_organiser", "organiser"])
def test_people_who_are_not_members_are_refused(client, request, vote, who, check_schema):
    """Roles do not give a vote: membership does (the organiser fixture is not a member)."""
    client.force_login(request.getfixturevalue(who))

    response = post(client, vote, {"answer": "for"})

    assert response.status_code == 403
    check_schema("post", BALLOTS, response)
    assert response.json()["errors"]["__all__"] == [
        "Only members of Elm Park Assembly can vote. Join the assembly first."
    ]
    assert nothing_cast(vote)


def test_a_former_member_is_refused(client, elm_park, member, vote):
    Membership.objects.filter(person=member).update(left_at=timezone.now())
    client.force_login(member)

    assert post(client, vote, {"answer": "for"}).status_code == 403
    assert nothing_cast(vote)


def test_only_verified_residents_when_the_vote_says_so(member_client, member, elm_park, organiser):
    vote = make_vote(elm_park, organiser, who="verified")

    response = post(member_client, vote, {"answer": "for"})

    assert response.status_code == 403
    assert "address has been checked" in response.json()["errors"]["__all__"][0]
    assert nothing_cast(vote)
    Membership.objects.filter(person=member).update(residency=Membership.Residency.VERIFIED)
    assert post(member_client, vote, {"answer": "for"}).status_code == 201


def test_only_people_checked_in_when_the_vote_says_so(
    member_client, member, elm_park, organiser, meeting
):
    vote = make_vote(elm_park, organiser, who="checked_in", meeting=meeting)

    response = post(member_client, vote, {"answer": "for"})

    assert response.status_code == 403
    assert "checked in" in response.json()["errors"]["__all__"][0]
    Attendance.objects.create(
        meeting=meeting,
        person=member,
        name="Mo",
        identity=f"person:{member.pk}",
        residency=Residency.SELF_DECLARED,
        method=Attendance.Method.SELF,
    )
    assert post(member_client, vote, {"answer": "for"}).status_code == 201


def test_a_vote_in_the_room_is_not_cast_online(member_client, elm_park, organiser, meeting):
    vote = make_vote(elm_park, organiser, mode="room", meeting=meeting)

    response = post(member_client, vote, {"answer": "for"})

    assert response.status_code == 403
    assert "in the room" in response.json()["errors"]["__all__"][0]
    assert nothing_cast(vote)


def test_a_vote_not_open_yet_or_closed_is_refused(member_client, elm_park, organiser):
    ready = make_vote(elm_park, organiser, open_it=False, question="Later?")
    closed = make_vote(elm_park, organiser, question="Earlier?")
    results.close_vote(closed, organiser)

    for vote in (ready, closed):
        response = post(member_client, vote, {"answer": "for"})
        assert response.status_code == 403
        assert response.json()["errors"]["__all__"] == [
            "This vote is not open, so no ballots can be cast."
        ]
        assert nothing_cast(vote)


def test_a_vote_past_its_closing_time_is_refused(member_client, elm_park, organiser):
    vote = make_vote(elm_park, organiser, closes_at=timezone.now() + datetime.timedelta(hours=1))
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - datetime.timedelta(1))

    assert post(member_client, vote, {"answer": "for"}).status_code == 403
    assert nothing_cast(vote)


def test_an_unknown_vote(member_client, db, check_schema):
    response = post(member_client, 999, {"answer": "for"})

    assert response.status_code == 404
    check_schema("post", BALLOTS, response)
    assert response.json() == {"errors": {"vote_id": ["There is no vote with that id."]}}


# --- Bad ballots ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "options", "body", "field"),
    [
        ("majority", [], {"answer": "maybe"}, "answer"),
        ("majority", [], {}, "answer"),
        ("majority", [], {"ranking": [1]}, "answer"),
        ("consensus", [], {"answer": "block"}, "reason"),
        ("consensus", [], {"answer": "yes"}, "answer"),
        ("approval", ["A", "B"], {"approved": []}, "approved"),
        ("approval", ["A", "B"], {"approved": [0]}, "approved"),
        ("score", ["A", "B"], {"scores": {"0": 1}}, "scores"),
        ("irv", ["A", "B"], {"ranking": []}, "ranking"),
        ("irv", ["A", "B"], {"ranking": [0]}, "ranking"),
    ],
)
def test_a_bad_ballot_names_its_field(
    member_client, elm_park, organiser, method, options, body, field, check_schema
):
    vote = make_vote(elm_park, organiser, method, options)

    response = post(member_client, vote, body)

    assert response.status_code == 400
    check_schema("post", BALLOTS, response)
    assert list(response.json()["errors"]) == [field]
    assert nothing_cast(vote)


def test_a_ranking_naming_an_option_twice(member_client, elm_park, organiser):
    vote = make_vote(elm_park, organiser, "irv", ["A", "B"])
    a = ids(vote)["A"]

    response = post(member_client, vote, {"ranking": [a, a]})

    assert response.json() == {"errors": {"ranking": ["Each option can have only one number."]}}


def test_scores_out_of_range_or_not_numbers(member_client, elm_park, organiser):
    vote = make_vote(elm_park, organiser, "score", ["A", "B"])
    a, b = (str(pk) for pk in ids(vote).values())

    too_high = post(member_client, vote, {"scores": {a: 9, b: 0}})
    not_a_number = post(member_client, vote, {"scores": {a: True, b: 0}})

    assert too_high.status_code == 400
    assert "from 0 to 5" in too_high.json()["errors"]["scores"][0]
    assert not_a_number.status_code == 400
    assert "scores" in not_a_number.json()["errors"]
    assert nothing_cast(vote)


def test_a_body_that_is_not_json(member_client, vote):
    response = post(member_client, vote, "not json")

    assert response.status_code == 400
    assert nothing_cast(vote)


def test_a_wrongly_typed_field_is_named(member_client, vote):
    response = post(member_client, vote, {"ranking": "first"})

    assert response.status_code == 400
    assert "ranking" in response.json()["errors"]


# --- Rate limit -----------------------------------------------------------------------------


def test_too_many_tries_from_one_person(member_client, elm_park, organiser, settings, check_schema):
    settings.BALLOT_API_RATE = "3/m"
    vote = make_vote(elm_park, organiser)
    statuses = [post(member_client, vote, {"answer": "maybe"}).status_code for _ in range(3)]

    response = post(member_client, vote, {"answer": "for"})

    assert statuses == [400, 400, 400]
    assert response.status_code == 429
    check_schema("post", BALLOTS, response)
    assert nothing_cast(vote)


def test_the_limit_is_per_person(client, elm_park, organiser, member, settings):
    settings.BALLOT_API_RATE = "1/m"
    vote = make_vote(elm_park, organiser)
    other = make_person("bo@example.org", "Bo")
    Membership.objects.create(assembly=elm_park, person=other)
    client.force_login(member)
    post(client, vote, {"answer": "for"})
    assert post(client, vote, {"answer": "for"}).status_code == 429

    client.force_login(other)

    assert post(client, vote, {"answer": "for"}).status_code == 201
