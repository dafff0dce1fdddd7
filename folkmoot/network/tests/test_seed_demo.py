"""The demo network (``manage.py seed_demo``): what it holds, and that it is built honestly.

The demo is built once for this module, inside a transaction rolled back at the end (its city
question waits a few seconds for a real deadline to pass); each test runs in a savepoint of
its own, so nothing one test does is seen by another.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Comment, Membership, Supporter
from folkmoot.audit.models import Entry
from folkmoot.councils.models import (
    Competence,
    Council,
    CouncilMeeting,
    CouncilMember,
    Question,
    Referral,
    SeatVote,
)
from folkmoot.decisions.models import (
    Amendment,
    Ballot,
    Decision,
    Participation,
    Proposal,
    Transition,
    Vote,
)
from folkmoot.delegation.models import (
    DelegateTerm,
    Election,
    Mandate,
    RecallPetition,
    RecallSignature,
    ReportBack,
)
from folkmoot.network.demo_decisions import ASSEMBLY_PLANS, ELECTION_QUESTION
from folkmoot.network.models import Network
from folkmoot.places.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """The demo, built once; the command's output is kept for the tests that read it."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _snapshot():
    return {
        "areas": sorted(Area.objects.values_list("slug", "parent__slug", "kind")),
        "assemblies": sorted(Assembly.objects.values_list("slug", "kind", "area__slug")),
        "people": User.objects.count(),
        "members": Membership.objects.count(),
        "supporters": sorted(Supporter.objects.values_list("email", "name")),
        "proposals": sorted(
            Proposal.objects.values_list("assembly__slug", "title", "status", "outcome")
        ),
        "votes": sorted(Vote.objects.values_list("question", "status", "method")),
        "results": sorted(
            (v.question, str(v.result)) for v in Vote.objects.filter(status=Vote.Status.CLOSED)
        ),
        "ballots": Ballot.objects.count(),
        "participations": Participation.objects.count(),
        "transitions": Transition.objects.count(),
        "amendments": Amendment.objects.count(),
        "comments": Comment.objects.count(),
        "decisions": Decision.objects.count(),
        "councils": sorted(
            Council.objects.values_list("slug", "level__name", "result_rule", "cascade_rule")
        ),
        "council members": sorted(
            CouncilMember.objects.values_list(
                "council__slug", "assembly__slug", "member_council__slug", "seats"
            ),
            key=str,
        ),
        "competences": Competence.objects.count(),
        "council questions": sorted(
            (q.council.slug, q.title, q.status, str(q.result)) for q in Question.objects.all()
        ),
        "referrals": sorted(Referral.objects.values_list("member__pk", "status"), key=str),
        "seat votes": SeatVote.objects.count(),
        "elections": Election.objects.count(),
        "delegates": sorted(
            DelegateTerm.objects.values_list("person__display_name", "member__pk", "substitute")
        ),
        "mandates": Mandate.objects.count(),
        "report-backs": ReportBack.objects.count(),
        "petitions": RecallPetition.objects.count(),
        "signatures": RecallSignature.objects.count(),
        "council meetings": CouncilMeeting.objects.count(),
        "audit entries": Entry.objects.count(),
    }


def _summary(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Demo network ready"))


def test_demo_network_matches_the_brief(demo):
    assert "organiser@fellbridge.example" in demo
    assert "delegate@fellbridge.example" in demo
    assert "fellbridge-demo" in demo
    assert Area.objects.filter(kind=Area.Kind.DISTRICT).count() == 3
    assert Assembly.objects.filter(kind=Assembly.Kind.NEIGHBOURHOOD).count() == 12
    themed = Assembly.objects.filter(kind=Assembly.Kind.THEMED)
    assert sorted(themed.values_list("theme__slug", flat=True)) == ["education", "health"]
    kiln_hill = Area.objects.get(slug="kiln-hill")
    assert not kiln_hill.assemblies.exists()
    waiting = Supporter.objects.filter(area=kiln_hill, confirmed_at__isnull=False).count()
    assert 0 < waiting < Network.current().supporter_threshold
    assert Network.current().organisers.filter(email="network@fellbridge.example").exists()


def test_running_it_twice_gives_the_same_data_and_the_audit_still_checks_out(demo):
    first = _snapshot()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _snapshot() == first
    assert _summary(out.getvalue()) == _summary(demo)
    call_command("verify_audit", stdout=StringIO())  # raises CommandError on any problem


@pytest.mark.parametrize(
    "email",
    [
        "organiser@fellbridge.example",
        "delegate@fellbridge.example",
        "convener@fellbridge.example",
    ],
)
def test_demo_accounts_can_sign_in(client, email):
    response = client.post("/accounts/login/", {"login": email, "password": "fellbridge-demo"})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_demo_has_legitimate_assemblies_and_one_just_short():
    from folkmoot.legitimacy.rules import Verdict
    from folkmoot.legitimacy.services import assess_assembly, verdicts_for

    verdicts = verdicts_for(Assembly.objects.all())
    by_slug = {a.slug: verdicts[a.pk] for a in Assembly.objects.all()}
    legitimate = [slug for slug, verdict in by_slug.items() if verdict == Verdict.LEGITIMATE]
    assert len(legitimate) >= 3
    assert by_slug["castle-hill"] == Verdict.NOT_YET
    assessment, _history = assess_assembly(Assembly.objects.get(slug="millbrook"))
    attendance = next(c for c in assessment.criteria if c.key == "attendance")
    assert "The last meeting had 148: 2 more." in attendance.missing[0]
    assert all(c.status == "met" for c in assessment.criteria if c.key != "attendance")


STATES = {
    ("draft", ""),
    ("discussion", ""),
    ("voting", ""),
    ("decided", "carried"),
    ("decided", "not_carried"),
    ("decided", "consensus"),
    ("decided", "blocked"),
    ("withdrawn", ""),
}


def test_two_assemblies_have_a_proposal_in_every_state():
    for slug, plans in ASSEMBLY_PLANS.items():
        # Their own proposals; the councils add referred questions and standing mandates.
        found = Proposal.objects.filter(assembly__slug=slug, title__in=[p.title for p in plans])
        assert set(found.values_list("status", "outcome")) == STATES, slug
        open_one = found.get(status=Proposal.Status.DISCUSSION)
        assert open_one.amendments.filter(status=Amendment.Status.PROPOSED).count() == 1
        assert Comment.objects.filter(proposal=open_one).count() == 3
        assert Comment.objects.filter(proposal=open_one, parent__isnull=False).count() == 1
        voting_one = found.get(status=Proposal.Status.VOTING)
        vote = voting_one.votes.get()
        assert vote.status == Vote.Status.OPEN
        assert vote.ballots.exists()
        assert vote.result is None
        for decided in found.filter(status=Proposal.Status.DECIDED):
            assert decided.votes.get().status == Vote.Status.CLOSED
            assert decided.decision.vote == decided.votes.get()
    mira_draft = Proposal.objects.filter(
        assembly__slug="northgate-central", status=Proposal.Status.DRAFT
    ).get()
    assert mira_draft.author.email == "member@fellbridge.example"


def test_the_delegate_election_elects_two_by_scottish_stv():
    election = Vote.objects.get(assembly__slug="northgate-central", question=ELECTION_QUESTION)

    assert election.status == Vote.Status.CLOSED
    assert election.method == Vote.Method.SCOTTISH_STV
    assert election.seats == 2
    assert election.secret
    options = list(election.options.all())
    assert len(options) == 5
    central = Assembly.objects.get(slug="northgate-central")
    for option in options:
        assert option.candidate is not None
        assert option.candidate.display_name == option.label
        assert Membership.objects.filter(assembly=central, person=option.candidate).exists()
    assert election.ballots.count() == 60
    assert not election.ballots.filter(voter__isnull=False).exists()
    result = election.result
    assert len(result["winners"]) == 2
    assert result["winners"] == ["Priya Shah", "Grace Lindqvist"]
    assert result["details"]["quota"] == 21
    # Grace, third on first choices, is carried to the second seat by transfers.
    assert [s["action"] for s in result["stages"]][:2] == ["first_preferences", "surplus"]
    assert any(s["excluded"] for s in result["stages"])


def test_the_audit_chain_and_every_result_check_out():
    out = StringIO()
    call_command("verify_audit", stdout=out)  # raises CommandError on any problem

    closed = Vote.objects.filter(status=Vote.Status.CLOSED).count()
    assert closed == 42
    assert f"all {closed} closed vote(s) count the same again" in out.getvalue()
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {
        "proposal.transition",
        "vote.opened",
        "ballot.cast",
        "vote.closed",
        "election.declared",
        "delegates.appointed",
        "mandate.issued",
        "council_question.referred",
        "referral.decided",
        "referral.missed",
        "council_question.aggregated",
        "seat_vote.cast",
        "council_question.decided",
        "report_back.filed",
        "recall.opened",
        "recall.signed",
    } <= kinds


# --- The confederation -------------------------------------------------------------------------


def test_councils_at_two_levels_with_their_member_bodies_and_seats():
    from folkmoot.councils.models import Level

    assert list(Level.objects.values_list("name", "rank")) == [("District", 1), ("City", 2)]
    districts = Council.objects.filter(level__rank=1, theme__isnull=True)
    assert districts.count() == 3
    neighbourhoods = set(
        Assembly.objects.filter(kind=Assembly.Kind.NEIGHBOURHOOD).values_list("pk", flat=True)
    )
    members = CouncilMember.objects.filter(council__in=districts)
    assert set(members.values_list("assembly", flat=True)) == neighbourhoods
    assert set(members.values_list("seats", flat=True)) == {1, 2}
    city = Council.objects.get(slug="fellbridge-city")
    assert city.level.name == "City"
    assert sorted(city.members.values_list("member_council__slug", "seats")) == [
        ("northgate-district", 2),
        ("riverside-district", 2),
        ("southfield-district", 2),
    ]
    assert sorted(districts.values_list("cascade_rule", flat=True)) == [
        "majority",
        "majority",
        "proportional",
    ]
    health = Council.objects.get(theme__slug="health")
    assert list(health.members.values_list("assembly__slug", flat=True)) == ["fellbridge-health"]
    for council in Council.objects.all():
        assert council.competences.exists(), council
        assert council.conveners.exists(), council
    assert city.conveners.filter(email="network@fellbridge.example").exists()
    assert districts.get(slug="northgate-district").conveners.get().email == (
        "convener@fellbridge.example"
    )


def test_delegates_are_elected_by_stv_and_appointed_by_minute():
    central = CouncilMember.objects.get(assembly__slug="northgate-central")
    election = Election.objects.get(member=central)
    assert election.declared_at is not None
    assert (election.seats, election.substitutes) == (2, 1)
    assert election.vote.method == Vote.Method.SCOTTISH_STV
    assert election.vote.status == Vote.Status.CLOSED
    terms = DelegateTerm.objects.filter(member=central, ended_at__isnull=True)
    assert sorted(terms.values_list("person__display_name", "substitute")) == [
        ("Dara", False),
        ("Grace Lindqvist", True),
        ("Priya Shah", False),
    ]
    assert terms.get(person__display_name="Dara").person.email == "delegate@fellbridge.example"
    for member in CouncilMember.objects.all():
        seated = member.delegate_terms.filter(ended_at__isnull=True, substitute=False)
        assert seated.count() == member.seats, member
        if member.assembly_id:
            assert member.elections.get().declared_at is not None
        else:
            assert all(t.appointed_minute.startswith("Minute 1 of") for t in seated)


def _city_question() -> Question:
    return Question.objects.get(
        council__slug="fellbridge-city", title__startswith="Should the city's unused buildings"
    )


def test_the_city_question_is_decided_with_a_trace_through_both_levels():
    from folkmoot.councils.trace import trace

    question = _city_question()
    assert question.status == Question.Status.DECIDED
    assert question.deadline < question.voting_opened_at
    assert question.result["outcome"] == "carried"
    assert question.result["seats"] == {"for": 5, "against": 1, "abstain": 0}
    traced = trace(question)
    assert len(traced["bodies"]) == 3
    answers = set()
    for district in traced["bodies"]:
        assert district["referral"]["status"] == "decided"
        for vote in district["votes"]:
            assert vote["mandate"]["source_question"]["id"] == district["child"]["question"]["id"]
        below = district["child"]["bodies"]
        assert len(below) == 4
        for assembly in below:
            if assembly["referral"]["status"] == "missed":
                continue
            decision = assembly["mandate"]["decision"]
            assert decision["vote"]["turnout"]["total"] > 0
            answers.add(assembly["mandate"]["instruction"])
    assert answers == {"for", "against"}
    riverside = next(b for b in traced["bodies"] if b["name"] == "Riverside District Council")
    assert riverside["mandate"]["split"] == {"for": 1, "against": 1, "abstain": 0}
    for vote in SeatVote.objects.filter(question=question):
        assert vote.mandate is not None
        assert vote.answer == vote.mandate.instruction or vote.mandate.instruction == "split"


def test_one_assembly_missed_the_deadline():
    missed = Referral.objects.get(status=Referral.Status.MISSED)
    assert missed.member.assembly.slug == "larkrise"
    assert missed.question.parent == _city_question()
    assert missed.proposal.status == Proposal.Status.DISCUSSION
    assert Comment.objects.filter(proposal=missed.proposal).exists()
    southfield = missed.question
    assert southfield.status == Question.Status.DECIDED
    assert southfield.result["mandate"]["instruction"] == "for"


def test_a_second_city_question_is_still_being_decided():
    from django.utils import timezone

    question = Question.objects.get(
        council__slug="fellbridge-city", title__startswith="Should the city ask for a 20 mph"
    )
    assert question.status == Question.Status.REFERRED
    assert question.deadline > timezone.now()
    below = Referral.objects.filter(question__parent=question)
    assert below.filter(status=Referral.Status.DECIDED).count() == 5
    assert below.filter(status=Referral.Status.PENDING).count() == 7
    central = below.get(member__assembly__slug="northgate-central").proposal
    assert central.votes.get().status == Vote.Status.OPEN


def test_a_question_within_competence_is_voted_by_standing_mandates():
    lend = Question.objects.get(title__startswith="Lend the district's PA system")
    assert lend.competence.matter == "Sharing the district's meeting rooms and equipment"
    assert lend.status == Question.Status.DECIDED
    assert lend.result["outcome"] == "carried"
    for vote in lend.seat_votes.select_related("member__assembly", "mandate"):
        if vote.member.assembly.slug == "tanners-row":  # no standing mandate: it abstains
            assert (vote.answer, vote.mandate) == ("abstain", None)
        else:
            assert vote.mandate.question_id is None
            assert vote.mandate.decision.proposal.title.startswith("Standing instructions")
    grant = Question.objects.get(title__startswith="Give £300")
    assert grant.status == Question.Status.VOTING


def test_report_backs_are_filed_but_one_is_missing():
    from folkmoot.delegation.reportbacks import missing_report_backs

    northgate = Council.objects.get(slug="northgate-district")
    [(term, meeting)] = missing_report_backs(council=northgate)
    assert term.person.display_name == "Kwame Asante"
    assert meeting.report_backs.count() == 5
    assert missing_report_backs(council=Council.objects.get(slug="fellbridge-city")) == []


def test_one_recall_petition_is_gathering_signatures():
    petition = RecallPetition.objects.get()
    assert petition.status == RecallPetition.Status.GATHERING
    assert petition.vote is None
    assert petition.reason
    assert 0 < petition.signatures.count() < petition.threshold
    assert petition.delegate.person.display_name == "Kwame Asante"


def _pages() -> list[str]:
    kwame = DelegateTerm.objects.get(person__display_name="Kwame Asante")
    return [
        "/confederation/",
        "/councils/",
        "/councils/fellbridge-city/",
        "/councils/northgate-district/",
        "/councils/fellbridge-health-council/",
        _city_question().get_absolute_url(),
        kwame.get_absolute_url(),
        "/assemblies/millbrook/delegates/",
    ]


def test_the_confederation_pages_are_public(client):
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(_city_question().get_absolute_url()).content.decode()
    assert "Larkrise Assembly" in page
    assert "Did not decide by the deadline" in page


def test_dara_can_vote_for_her_seat_on_the_open_question(client):
    client.force_login(User.objects.get(email="delegate@fellbridge.example"))
    grant = Question.objects.get(title__startswith="Give £300")
    page = client.get(grant.get_absolute_url()).content.decode()
    assert "Your seat for Northgate Central Assembly" in page
    assert f'action="/council-questions/{grant.pk}/vote/"' in page
    # Her assembly's standing mandate allows for or abstain, not against: refused, naming it.
    refused = client.post(f"/council-questions/{grant.pk}/vote/", {"answer": "against"})
    assert "Northgate Central Assembly&#x27;s mandate of" in refused.content.decode()
    assert not grant.seat_votes.filter(delegate__person__display_name="Dara").exists()
    cast = client.post(f"/council-questions/{grant.pk}/vote/", {"answer": "for"})
    assert cast.status_code == 302
    assert grant.seat_votes.get(delegate__person__display_name="Dara").answer == "for"


@pytest.mark.parametrize("which", ["/confederation/", "city question"])
def test_the_big_pages_stay_under_100_kb(client, which):
    from folkmoot.network.tests.test_page_weight import LIMIT, _weight

    url = _city_question().get_absolute_url() if which == "city question" else which
    total, _assets = _weight(client, url)
    assert total < LIMIT, f"{url} weighs {total} bytes compressed"
