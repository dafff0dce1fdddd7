from django.core.management import call_command

from folkmoot.accounts.models import User
from folkmoot.assemblies.models import Assembly, Comment, Membership, Supporter
from folkmoot.audit.models import Entry
from folkmoot.decisions.models import (
    Amendment,
    Ballot,
    Decision,
    Participation,
    Proposal,
    Transition,
    Vote,
)
from folkmoot.network.models import Network
from folkmoot.places.models import Area


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
        "audit entries": Entry.objects.count(),
    }


def test_demo_network_matches_the_brief(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "organiser@fellbridge.example" in out
    assert "fellbridge-demo" in out
    assert Area.objects.filter(kind=Area.Kind.DISTRICT).count() == 3
    assert Assembly.objects.filter(kind=Assembly.Kind.NEIGHBOURHOOD).count() == 12
    themed = Assembly.objects.filter(kind=Assembly.Kind.THEMED)
    assert sorted(themed.values_list("theme__slug", flat=True)) == ["education", "health"]
    kiln_hill = Area.objects.get(slug="kiln-hill")
    assert not kiln_hill.assemblies.exists()
    waiting = Supporter.objects.filter(area=kiln_hill, confirmed_at__isnull=False).count()
    assert 0 < waiting < Network.current().supporter_threshold
    assert Network.current().organisers.filter(email="network@fellbridge.example").exists()


def test_running_it_twice_gives_the_same_data(db):
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first


def test_demo_accounts_can_sign_in(client, db):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"login": "organiser@fellbridge.example", "password": "fellbridge-demo"},
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_demo_has_legitimate_assemblies_and_one_just_short(db):
    from folkmoot.legitimacy.rules import Verdict
    from folkmoot.legitimacy.services import assess_assembly, verdicts_for

    call_command("seed_demo")
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


def test_two_assemblies_have_a_proposal_in_every_state(db):
    call_command("seed_demo")
    for slug in ("northgate-central", "riverside-quay"):
        found = Proposal.objects.filter(assembly__slug=slug)
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


def test_the_delegate_election_elects_two_by_scottish_stv(db):
    call_command("seed_demo")
    election = Vote.objects.get(assembly__slug="northgate-central", method="scottish_stv")

    assert election.status == Vote.Status.CLOSED
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


def test_the_audit_chain_and_every_result_check_out(db, capsys):
    call_command("seed_demo")
    call_command("verify_audit")  # raises CommandError on any problem

    out = capsys.readouterr().out
    closed = Vote.objects.filter(status=Vote.Status.CLOSED).count()
    assert closed == 9
    assert f"all {closed} closed vote(s) count the same again" in out
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {"proposal.transition", "vote.opened", "ballot.cast", "vote.closed"} <= kinds
