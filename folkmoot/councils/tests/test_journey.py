"""The confederation end to end, over HTTP, as the people involved would do it.

Five assemblies sit on two district councils, which sit on a city council:

    Elm Park (1 seat), Oak Row (1), Ash Fields (2) → East Testbury District Council
    Birch Lane (1), Cedar Court (1)                 → West Testbury District Council
    East (2 seats), West (1 seat)                    → Testbury City Council (majority of seats)

A city question is referred down; the assemblies decide (one by an online vote, others by the
organiser recording the decision taken in the room, one misses the deadline); mandates are
derived; a district delegate is recalled by a petition of their own assembly's members; the
city delegates vote as mandated, one tries to vote against the mandate and is refused, one is
recalled by their council mid-vote and replaced; and the city result and its trace are exact.
"""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.councils.models import Council, CouncilMember, Level, Question, Referral
from folkmoot.decisions.models import Proposal, Vote
from folkmoot.delegation.models import DelegateTerm, Mandate, RecallPetition
from folkmoot.places.models import Area

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def local(moment: datetime.datetime) -> str:
    """A datetime as a datetime-local form field sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def seat(member: CouncilMember, person) -> DelegateTerm:
    return DelegateTerm.objects.create(
        member=member,
        person=person,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


def join(assembly: Assembly, prefix: str, count: int) -> list:
    people = []
    for n in range(count):
        person = make_person(f"{prefix}{n}@example.org", f"{prefix.title()} {n}")
        Membership.objects.create(assembly=assembly, person=person)
        people.append(person)
    return people


def organise(assembly: Assembly, email: str, name: str):
    person = make_person(email, name)
    Membership.objects.create(assembly=assembly, person=person)
    Role.objects.create(
        assembly=assembly,
        person=person,
        kind=Role.Kind.ORGANISER,
        starts_on=datetime.date(2026, 1, 1),
    )
    return person


@pytest.fixture
def world(city, elm_park, oak_row, organiser, other_organiser, member):
    east_area = Area.objects.get(slug="east-testbury")
    west_area = Area.objects.create(
        name="West Testbury", slug="west-testbury", kind=Area.Kind.DISTRICT, parent=city
    )

    def assembly(name: str, slug: str, area_parent: Area) -> Assembly:
        area = Area.objects.create(
            name=name, slug=slug, kind=Area.Kind.NEIGHBOURHOOD, parent=area_parent
        )
        return Assembly.objects.create(name=f"{name} Assembly", slug=slug, area=area)

    ash = assembly("Ash Lane", "ash-lane", east_area)
    birch = assembly("Birch Lane", "birch-lane", west_area)
    cedar = assembly("Cedar Court", "cedar-court", west_area)
    w = SimpleNamespace(elm=elm_park, oak=oak_row, ash=ash, birch=birch, cedar=cedar)
    w.elm_organiser, w.oak_organiser, w.elm_member = organiser, other_organiser, member
    w.ash_organiser = organise(ash, "ash-org@example.org", "Asha")
    w.birch_organiser = organise(birch, "birch-org@example.org", "Bree")
    w.cedar_organiser = organise(cedar, "cedar-org@example.org", "Cass")
    w.elm_voters = join(elm_park, "elmvoter", 4)
    w.oak_members = join(oak_row, "oakmember", 8)  # with the organiser, 9 residents → 1 signature

    district = Level.objects.create(name="District", rank=1)
    city_level = Level.objects.create(name="City", rank=2)
    w.east = Council.objects.create(
        name="East Testbury District Council", slug="east", level=district
    )
    w.west = Council.objects.create(
        name="West Testbury District Council", slug="west", level=district
    )
    w.city = Council.objects.create(
        name="Testbury City Council",
        slug="testbury",
        level=city_level,
        result_rule=Council.ResultRule.SEATS,
    )
    w.district_convener = make_person("cora@example.org", "Cora")
    w.city_convener = make_person("cyd@example.org", "Cyd")
    w.east.conveners.add(w.district_convener)
    w.west.conveners.add(w.district_convener)
    w.city.conveners.add(w.city_convener)
    w.seat_elm = CouncilMember.objects.create(council=w.east, assembly=elm_park, seats=1)
    w.seat_oak = CouncilMember.objects.create(council=w.east, assembly=oak_row, seats=1)
    w.seat_ash = CouncilMember.objects.create(council=w.east, assembly=ash, seats=2)
    w.seat_birch = CouncilMember.objects.create(council=w.west, assembly=birch, seats=1)
    w.seat_cedar = CouncilMember.objects.create(council=w.west, assembly=cedar, seats=1)
    w.seat_east = CouncilMember.objects.create(council=w.city, member_council=w.east, seats=2)
    w.seat_west = CouncilMember.objects.create(council=w.city, member_council=w.west, seats=1)

    # The district delegates, elected earlier (elections have their own tests).
    w.dee = make_person("dee@example.org", "Dee")
    w.ola = w.oak_members[0]
    w.abe = make_person("abe@example.org", "Abe")
    w.ada = make_person("ada@example.org", "Ada")
    w.bo = make_person("bo@example.org", "Bo")
    w.cy = make_person("cy@example.org", "Cy")
    w.terms = SimpleNamespace(
        dee=seat(w.seat_elm, w.dee),
        ola=seat(w.seat_oak, w.ola),
        abe=seat(w.seat_ash, w.abe),
        ada=seat(w.seat_ash, w.ada),
        bo=seat(w.seat_birch, w.bo),
        cy=seat(w.seat_cedar, w.cy),
    )
    return w


def appoint(w, convener, member: CouncilMember, terms: list[DelegateTerm], minute: str):
    return signed_in(convener).post(
        reverse("delegation:appoint", args=[member.pk]),
        {
            "delegates": [t.pk for t in terms],
            "minute": minute,
            "starts_on": "2026-03-01",
            "ends_on": "2026-12-31",
        },
    )


def move(organiser, proposal: Proposal, to: str, outcome: str = ""):
    response = signed_in(organiser).post(
        reverse("decisions:proposal_move", args=[proposal.pk]), {"to": to, "outcome": outcome}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def decide_in_the_room(organiser, proposal: Proposal, outcome: str) -> None:
    move(organiser, proposal, "voting")
    move(organiser, proposal, "decided", outcome)


def cast(person, vote: Vote, answer: str):
    return signed_in(person).post(reverse("decisions:vote", args=[vote.pk]), {"answer": answer})


def seat_vote(person, question: Question, answer: str):
    return signed_in(person).post(
        reverse("councils:question_vote", args=[question.pk]), {"answer": answer}
    )


def referred_proposal(question: Question, assembly: Assembly) -> Proposal:
    return Proposal.objects.get(referral__question__parent=question, assembly=assembly)


def test_a_city_question_from_referral_to_a_traced_result(world):
    w = world
    with time_machine.travel(START, tick=False) as clock:
        # The district councils send their delegates up, by minute, through the appoint page.
        refused = appoint(w, w.elm_member, w.seat_east, [w.terms.dee], "not my council")
        assert refused.status_code == 403
        response = appoint(
            w, w.district_convener, w.seat_east, [w.terms.dee, w.terms.abe], "Minute 3: Dee, Abe"
        )
        assert response.status_code == 302
        assert (
            appoint(w, w.district_convener, w.seat_west, [w.terms.bo], "Minute 2: Bo").status_code
            == 302
        )
        city_terms = {
            t.person.display_name: t
            for t in DelegateTerm.objects.filter(member__council=w.city, ended_at__isnull=True)
        }
        assert sorted(city_terms) == ["Abe", "Bo", "Dee"]

        # The city convener puts a question on the agenda and refers it down: not a matter
        # the member bodies gave the city council.
        city = signed_in(w.city_convener)
        response = city.post(
            reverse("councils:question_new", args=[w.city.slug]),
            {"title": "Open empty city buildings as community spaces", "kind": "yes_no"},
        )
        assert response.status_code == 302
        question = Question.objects.get(council=w.city)
        deadline = START + datetime.timedelta(days=28)
        response = city.post(
            reverse("councils:question_refer", args=[question.pk]), {"deadline": local(deadline)}
        )
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.status == Question.Status.REFERRED
        east_question = Question.objects.get(council=w.east, parent=question)
        west_question = Question.objects.get(council=w.west, parent=question)
        assert Proposal.objects.filter(referral__question__parent=question).count() == 5
        elm_proposal = referred_proposal(question, w.elm)
        assert elm_proposal.status == Proposal.Status.DISCUSSION
        page = Client().get(elm_proposal.get_absolute_url()).content.decode()
        assert "Testbury City Council" in page  # the assembly sees who referred it, and when by

        clock.shift(datetime.timedelta(days=7))
        # Elm Park decides by an online vote: 3 for, 1 against.
        elm = signed_in(w.elm_organiser)
        response = elm.post(
            reverse("decisions:vote_new", args=[w.elm.slug]),
            {
                "proposal": elm_proposal.pk,
                "question": "Should we agree it?",
                "method": "majority",
                "mode": "online",
                "who": "members",
                "abstentions": "excluded",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        vote = Vote.objects.get(proposal=elm_proposal)
        assert elm.post(reverse("decisions:vote_open", args=[vote.pk])).status_code == 302
        for voter, answer in zip(w.elm_voters, ["for", "for", "for", "against"], strict=True):
            assert cast(voter, vote, answer).status_code == 302
        assert cast(make_person("outsider@example.org", "Out"), vote, "for").status_code in (
            400,
            403,
        )
        assert elm.post(reverse("decisions:vote_close", args=[vote.pk])).status_code == 302
        elm_proposal.refresh_from_db()
        assert elm_proposal.outcome == Proposal.Outcome.CARRIED
        elm_mandate = Mandate.objects.get(member=w.seat_elm, question=east_question)
        assert (elm_mandate.instruction, elm_mandate.derived) == ("for", True)
        assert elm_mandate.decision.vote == vote

        # Oak Row decides against in the room; Ash Lane for; Birch Lane against.
        decide_in_the_room(w.oak_organiser, referred_proposal(question, w.oak), "not_carried")
        decide_in_the_room(w.ash_organiser, referred_proposal(question, w.ash), "carried")
        decide_in_the_room(w.birch_organiser, referred_proposal(question, w.birch), "not_carried")

        # East has heard from all its members: 2 of 3 bodies for → its city seats vote for.
        east_question.refresh_from_db()
        assert east_question.status == Question.Status.DECIDED
        east_mandate = Mandate.objects.get(member=w.seat_east, question=question)
        assert east_mandate.instruction == "for"
        assert east_mandate.source_question == east_question

        # Meanwhile Oak Row's members recall their district delegate, Ola. Only Oak Row's
        # members may sign; with 9 residents one signature (10%, rounded up) opens the vote.
        outsider = signed_in(w.elm_member)
        petition_url = reverse("delegation:recall_open", args=[w.terms.ola.pk])
        assert outsider.post(petition_url, {"reason": "Not theirs to recall"}).status_code in (
            400,
            403,
        )
        assert not RecallPetition.objects.exists()
        response = signed_in(w.oak_members[1]).post(
            petition_url, {"reason": "Ola voted against our mandate on the bus route."}
        )
        assert response.status_code == 302
        petition = RecallPetition.objects.get()
        assert petition.threshold == 1
        assert petition.status == RecallPetition.Status.VOTING
        recall_vote = petition.vote
        assert cast(w.elm_member, recall_vote, "for").status_code in (400, 403)
        for person, answer in zip(
            w.oak_members[1:5], ["for", "for", "for", "against"], strict=True
        ):
            assert cast(person, recall_vote, answer).status_code == 302
        oak = signed_in(w.oak_organiser)
        assert oak.post(reverse("decisions:vote_close", args=[recall_vote.pk])).status_code == 302
        w.terms.ola.refresh_from_db()
        assert w.terms.ola.end_reason == DelegateTerm.EndReason.RECALLED
        assert w.terms.ola.ended_at is not None

        # Cedar Court never decides. After the deadline its referral is missed, and West's
        # one city seat is mandated against (Birch against, Cedar abstaining).
        clock.move_to(deadline + datetime.timedelta(hours=1))
        assert Client().get(question.get_absolute_url()).status_code == 200
        cedar = Referral.objects.get(question=west_question, member=w.seat_cedar)
        assert cedar.status == Referral.Status.MISSED
        west_mandate = Mandate.objects.get(member=w.seat_west, question=question)
        assert west_mandate.instruction == "against"

        # The city council votes. Only its delegates may.
        city = signed_in(w.city_convener)  # a new day's session
        assert city.post(reverse("councils:question_open", args=[question.pk])).status_code == 302
        assert seat_vote(w.elm_member, question, "for").status_code == 403
        assert seat_vote(w.cy, question, "for").status_code == 403  # a district delegate only
        assert seat_vote(w.dee, question, "for").status_code == 302
        refused = seat_vote(w.bo, question, "for")
        assert refused.status_code == 400
        message = refused.content.decode()
        assert "West Testbury District Council&#x27;s mandate of" in message
        assert "is to vote against" in message
        assert seat_vote(w.bo, question, "against").status_code == 302
        assert seat_vote(w.abe, question, "for").status_code == 302

        # East recalls Abe mid-vote (by minute) and sends Ada instead: Abe's vote is withdrawn.
        response = signed_in(w.district_convener).post(
            reverse("delegation:council_recall", args=[city_terms["Abe"].pk]),
            {"minute": "Minute 5: Abe recalled; he was not reporting back."},
        )
        assert response.status_code == 302
        assert (
            appoint(w, w.district_convener, w.seat_east, [w.terms.ada], "Minute 5: Ada").status_code
            == 302
        )
        assert seat_vote(w.abe, question, "for").status_code == 403
        assert seat_vote(w.ada, question, "for").status_code == 302

        assert city.post(reverse("councils:question_close", args=[question.pk])).status_code == 302

    question.refresh_from_db()
    assert question.status == Question.Status.DECIDED
    assert question.result["outcome"] == "carried"
    assert question.result["seats"] == {"for": 2, "against": 1, "abstain": 0}

    # The trace, as JSON: every seat's vote, its mandate, and the decisions behind it.
    traced = Client().get(f"/api/v1/council-questions/{question.pk}/trace").json()
    assert traced["result"]["outcome"] == "carried"
    east, west = traced["bodies"]
    assert east["name"] == "East Testbury District Council"
    east_votes = {v["delegate"]: (v["answer"], v["withdrawn"]) for v in east["votes"]}
    assert east_votes == {"Dee": ("for", False), "Abe": ("for", True), "Ada": ("for", False)}
    assert east["mandate"]["instruction"] == "for"
    members = {body["name"]: body for body in east["child"]["bodies"]}
    elm_body = members["Elm Park Assembly"]
    assert elm_body["mandate"]["instruction"] == "for"
    assert elm_body["mandate"]["decision"]["vote"]["counts"] == {
        "for": 3,
        "against": 1,
        "abstain": 0,
    }
    assert members["Oak Row Assembly"]["mandate"]["instruction"] == "against"
    assert members["Ash Lane Assembly"]["mandate"]["instruction"] == "for"
    assert [v["answer"] for v in west["votes"]] == ["against"]
    assert west["mandate"]["instruction"] == "against"
    west_members = {body["name"]: body for body in west["child"]["bodies"]}
    assert west_members["Birch Lane Assembly"]["mandate"]["instruction"] == "against"
    assert west_members["Cedar Court Assembly"]["referral"]["status"] == "missed"

    # And the page says the same to anyone.
    page = Client().get(question.get_absolute_url()).content.decode()
    assert "Carried" in page
    assert "Cedar Court Assembly" in page
