"""GET proposals, votes and results: decisions in the open.

Drafts never show; people appear only by the public name the proposal page shows (who proposed
it, who moved it on); a vote shows how many voted, never who or how; a result only once the
vote has closed.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.decisions import amendments, proposals, results, voting
from folkmoot.decisions.models import Proposal, Vote

from .conftest import API, assert_nothing_personal

PROPOSALS = f"{API}/assemblies/{{assembly_id}}/proposals"
PROPOSAL = f"{API}/proposals/{{proposal_id}}"
VOTES = f"{API}/assemblies/{{assembly_id}}/votes"
VOTE = f"{API}/votes/{{vote_id}}"
RESULT = f"{API}/votes/{{vote_id}}/result"

# Voters: their names and emails must never appear in any answer.
VOTERS = [("vera.voter@example.org", "Veronica"), ("wes@example.org", "Wesley")]
PRIVATE = ["Veronica", "Wesley", "vera.voter", "wes@example.org", "ada@example.org"]


@pytest.fixture
def author(elm_park):
    user = make_person("ada@example.org", "Ada Author")
    Membership.objects.create(assembly=elm_park, person=user)
    return user


@pytest.fixture
def voters(elm_park):
    people = []
    for email, name in VOTERS:
        user = make_person(email, name)
        Membership.objects.create(assembly=elm_park, person=user)
        people.append(user)
    return people


def propose(assembly, author, title, *, to=(), by=None, body="We plant **ten** apple trees."):
    proposal = proposals.submit_proposal(assembly, author, title=title, body=body)
    for step in to:
        proposals.move(proposal, step, by)
    return proposal


def vote_on(assembly, by, proposal=None, method="majority", options=(), **kw):
    setup = voting.VoteSetup(
        question=kw.pop("question", "Shall we?"),
        method=method,
        options=list(options),
        proposal=proposal,
        **kw,
    )
    return voting.open_vote(voting.create_vote(assembly, by, setup), by)


def url(path: str, **ids) -> str:
    return path.format(**ids)


# --- Proposals ------------------------------------------------------------------------------


def test_the_list_shows_public_proposals_newest_first_and_no_drafts(
    client, elm_park, author, organiser, check_schema
):
    propose(elm_park, author, "A secret draft")
    older = propose(elm_park, author, "Fruit trees", to=["discussion"], by=organiser)
    newer = propose(elm_park, author, "A bench", to=["discussion"], by=author)
    withdrawn = propose(elm_park, author, "Night bus", to=["withdrawn"], by=author)

    response = client.get(url(PROPOSALS, assembly_id=elm_park.pk))

    assert response.status_code == 200
    check_schema("get", PROPOSALS, response)
    items = response.json()["items"]
    assert [i["id"] for i in items] == [withdrawn.pk, newer.pk, older.pk]
    assert response.json()["count"] == 3
    assert "A secret draft" not in response.content.decode()
    first = items[-1]
    assert first["title"] == "Fruit trees"
    assert first["status"] == "discussion"
    assert first["status_label"] == "Open for discussion"
    assert first["outcome"] is None
    assert first["proposed_by"] == "Ada Author"
    assert first["versions"] == 1
    assert first["amendments"] == 0
    assert first["url"] == f"http://testserver/proposals/{older.pk}/"


def test_the_list_filters_by_status(client, elm_park, author, organiser):
    propose(elm_park, author, "Open one", to=["discussion"], by=organiser)
    propose(elm_park, author, "Gone", to=["withdrawn"], by=author)

    response = client.get(url(PROPOSALS, assembly_id=elm_park.pk), {"status": "withdrawn"})

    assert [i["title"] for i in response.json()["items"]] == ["Gone"]


def test_asking_for_drafts_is_refused(client, elm_park, author, check_schema):
    propose(elm_park, author, "A secret draft")

    response = client.get(url(PROPOSALS, assembly_id=elm_park.pk), {"status": "draft"})

    assert response.status_code == 400
    check_schema("get", PROPOSALS, response)
    assert "status" in response.json()["errors"]


def test_drafts_stay_hidden_from_their_author_and_organisers_too(
    client, elm_park, author, organiser
):
    """The API shows only what anyone may see, whoever's session the request carries."""
    propose(elm_park, author, "A secret draft")
    for user in (author, organiser):
        client.force_login(user)
        response = client.get(url(PROPOSALS, assembly_id=elm_park.pk))
        assert response.json()["items"] == []


def test_a_draft_is_not_found(client, elm_park, author, check_schema):
    draft = propose(elm_park, author, "A secret draft")

    response = client.get(url(PROPOSAL, proposal_id=draft.pk))

    assert response.status_code == 404
    check_schema("get", PROPOSAL, response)
    assert response.json() == {"errors": {"proposal_id": ["There is no proposal with that id."]}}
    assert "secret" not in response.content.decode()


def test_unknown_assembly_and_proposal(client, db, check_schema):
    response = client.get(url(PROPOSALS, assembly_id=999))
    assert response.status_code == 404
    assert response.json() == {"errors": {"assembly_id": ["There is no assembly with that id."]}}
    check_schema("get", PROPOSALS, response)
    assert client.get(url(PROPOSAL, proposal_id=999)).status_code == 404
    assert client.get(url(PROPOSAL, proposal_id="x")).status_code == 400


def test_one_proposal_with_its_text_timeline_and_votes(
    client, elm_park, author, organiser, voters, check_schema
):
    proposal = propose(
        elm_park,
        author,
        "Fruit trees",
        to=["discussion"],
        by=author,
        body="We plant **ten** trees.\n\n<script>alert(1)</script>",
    )
    amendment = amendments.propose_amendment(
        proposal, voters[0], text="We plant **twelve** trees.", based_on=1
    )
    amendments.accept_amendment(amendment, author)
    vote = vote_on(elm_park, organiser, proposal)
    voting.cast_ballot(vote, voters[0], {"answer": "for"})
    results.close_vote(vote, organiser)

    response = client.get(url(PROPOSAL, proposal_id=proposal.pk))

    assert response.status_code == 200
    check_schema("get", PROPOSAL, response)
    data = response.json()
    assert data["status"] == "decided"
    assert data["outcome"] == "carried"
    assert data["versions"] == 2
    assert data["amendments"] == 1
    assert "<strong>twelve</strong>" in data["text_html"]
    assert "<script" not in data["text_html"]
    assert data["vote_ids"] == [vote.pk]
    steps = [(s["from_status"], s["to_status"], s["by"]) for s in data["timeline"]]
    assert steps == [
        (None, "draft", "Ada Author"),
        ("draft", "discussion", "Ada Author"),
        ("discussion", "voting", "Olu"),
        ("voting", "decided", "Olu"),
    ]
    assert data["timeline"][-1]["note"] == "Carried"
    assert all(s["at"] for s in data["timeline"])
    assert_nothing_personal(response, PRIVATE)


def test_an_erased_author_shows_as_deleted(client, elm_park, author, organiser):
    proposal = propose(elm_park, author, "Fruit trees", to=["discussion"], by=organiser)
    author.erased_at = timezone.now()
    author.save(update_fields=["erased_at"])

    data = client.get(url(PROPOSAL, proposal_id=proposal.pk)).json()

    assert data["proposed_by"] == "Deleted account"
    assert data["timeline"][0]["by"] == "Deleted account"


def test_the_proposal_list_takes_the_same_queries_however_long(
    client, elm_park, author, organiser, voters
):
    for number in range(7):
        proposal = propose(elm_park, author, f"Idea {number}", to=["discussion"], by=organiser)
        amendments.propose_amendment(proposal, voters[0], text=f"Changed {number}", based_on=1)
    path = url(PROPOSALS, assembly_id=elm_park.pk)
    client.get(path)  # warm-up (sessions, content types)

    with CaptureQueriesContext(connection) as one:
        small = client.get(path, {"page_size": 1})
    with CaptureQueriesContext(connection) as seven:
        large = client.get(path, {"page_size": 7})

    assert len(small.json()["items"]) == 1
    assert len(large.json()["items"]) == 7
    assert all(i["amendments"] == 1 and i["versions"] == 1 for i in large.json()["items"])
    assert len(seven) == len(one)
    assert len(seven) <= 3, [q["sql"] for q in seven.captured_queries]


# --- Votes ----------------------------------------------------------------------------------


def test_the_vote_list_newest_first_with_counts_only(
    client, elm_park, author, organiser, voters, check_schema
):
    proposal = propose(elm_park, author, "Fruit trees", to=["discussion"], by=organiser)
    on_it = vote_on(elm_park, organiser, proposal)
    voting.cast_ballot(on_it, voters[0], {"answer": "for"})
    voting.cast_ballot(on_it, voters[1], {"answer": "against"})
    election = vote_on(
        elm_park,
        organiser,
        method="scottish_stv",
        options=["Ann", "Bo", "Cat"],
        seats=2,
        secret=True,
        question="Who are our delegates?",
    )

    response = client.get(url(VOTES, assembly_id=elm_park.pk))

    assert response.status_code == 200
    check_schema("get", VOTES, response)
    items = response.json()["items"]
    assert [i["id"] for i in items] == [election.pk, on_it.pk]
    first, second = items
    assert first["method"] == "scottish_stv"
    assert first["seats"] == 2
    assert first["secret"] is True
    assert [o["label"] for o in first["options"]] == ["Ann", "Bo", "Cat"]
    assert first["participants"] == 0
    assert second["proposal_id"] == proposal.pk
    assert second["participants"] == 2
    assert second["options"] == []
    assert second["status"] == "open"
    assert second["result_available"] is False
    assert_nothing_personal(response, PRIVATE)


def test_the_vote_list_filters_by_status(client, elm_park, organiser):
    vote_on(elm_park, organiser, question="Open one")
    closed = vote_on(elm_park, organiser, question="Closed one")
    results.close_vote(closed, organiser)

    response = client.get(url(VOTES, assembly_id=elm_park.pk), {"status": "closed"})

    assert [i["question"] for i in response.json()["items"]] == ["Closed one"]
    assert response.json()["items"][0]["result_available"] is True


def test_a_vote_on_a_draft_does_not_give_the_draft_away(client, elm_park, author, organiser):
    draft = propose(elm_park, author, "A secret draft")
    setup = voting.VoteSetup(question="Shall we?", method="majority", proposal=draft)
    vote = voting.create_vote(elm_park, organiser, setup)

    data = client.get(url(VOTE, vote_id=vote.pk)).json()

    assert data["proposal_id"] is None
    assert data["status"] == "ready"


def test_one_vote_has_its_settings_and_no_voters(client, elm_park, organiser, voters, check_schema):
    closes = timezone.now() + datetime.timedelta(days=3)
    vote = vote_on(
        elm_park,
        organiser,
        method="qualified",
        rules={"threshold": "3/4", "quorum_people": 2},
        closes_at=closes,
    )
    voting.cast_ballot(vote, voters[0], {"answer": "for"})

    response = client.get(url(VOTE, vote_id=vote.pk))

    assert response.status_code == 200
    check_schema("get", VOTE, response)
    data = response.json()
    assert data["question"] == "Shall we?"
    assert data["method"] == "qualified"
    assert data["method_label"] == "Qualified majority"
    assert data["settings"] == {"threshold": "3/4", "quorum_people": 2}
    assert data["secret"] is False
    assert data["mode"] == "online"
    assert data["who"] == "members"
    assert data["participants"] == 1
    assert data["eligible"] == 2  # the two voters; the organiser is not a member
    assert data["opened_at"]
    assert data["closes_at"].startswith(closes.isoformat()[:16])
    assert data["closed_at"] is None
    assert "three quarters" in data["method_explained"]
    text = response.content.decode()
    assert "ballots" not in data
    assert '"for"' not in text  # how anyone voted is not shown
    assert_nothing_personal(response, PRIVATE)


def test_an_unknown_vote(client, db, check_schema):
    for path in (VOTE, RESULT):
        response = client.get(url(path, vote_id=999))
        assert response.status_code == 404
        check_schema("get", path, response)
        assert response.json() == {"errors": {"vote_id": ["There is no vote with that id."]}}
    assert client.get(url(VOTES, assembly_id=999)).status_code == 404


def test_the_vote_list_takes_the_same_queries_however_long(
    client, elm_park, author, organiser, voters
):
    for number in range(7):
        proposal = propose(elm_park, author, f"Idea {number}", to=["discussion"], by=organiser)
        vote = vote_on(
            elm_park,
            organiser,
            proposal,
            method="approval",
            options=["A", "B"],
            question=f"Q{number}",
        )
        voting.cast_ballot(vote, voters[0], {"approved": [str(vote.options.first().pk)]})
    path = url(VOTES, assembly_id=elm_park.pk)
    client.get(path)  # warm-up

    with CaptureQueriesContext(connection) as one:
        small = client.get(path, {"page_size": 1})
    with CaptureQueriesContext(connection) as seven:
        large = client.get(path, {"page_size": 7})

    assert len(small.json()["items"]) == 1
    items = large.json()["items"]
    assert len(items) == 7
    assert all(i["participants"] == 1 and len(i["options"]) == 2 for i in items)
    assert len(seven) == len(one)
    assert len(seven) <= 4, [q["sql"] for q in seven.captured_queries]


# --- Results --------------------------------------------------------------------------------


def test_no_result_before_the_vote_closes(client, elm_park, organiser, voters, check_schema):
    vote = vote_on(elm_park, organiser)
    voting.cast_ballot(vote, voters[0], {"answer": "for"})

    response = client.get(url(RESULT, vote_id=vote.pk))

    assert response.status_code == 404
    check_schema("get", RESULT, response)
    [message] = response.json()["errors"]["vote_id"]
    assert "published when the vote closes" in message
    assert "still open" in message


def test_no_result_before_the_vote_opens(client, elm_park, organiser):
    setup = voting.VoteSetup(question="Shall we?", method="majority")
    vote = voting.create_vote(elm_park, organiser, setup)

    response = client.get(url(RESULT, vote_id=vote.pk))

    assert response.status_code == 404
    assert "not opened yet" in response.json()["errors"]["vote_id"][0]


def test_the_result_of_a_closed_vote(client, elm_park, author, organiser, voters, check_schema):
    proposal = propose(elm_park, author, "Fruit trees", to=["discussion"], by=organiser)
    vote = vote_on(elm_park, organiser, proposal)
    voting.cast_ballot(vote, voters[0], {"answer": "for"})
    voting.cast_ballot(vote, voters[1], {"answer": "against"})
    results.close_vote(vote, organiser)
    vote.refresh_from_db()

    response = client.get(url(RESULT, vote_id=vote.pk))

    assert response.status_code == 200
    check_schema("get", RESULT, response)
    data = response.json()
    assert data["winners"] == vote.result["winners"]
    assert data["outcome"] == "not_carried"  # a tie does not carry
    assert data["stages"] == vote.result["stages"]
    assert data["details"] == vote.result["details"]
    assert data["explanation"] == vote.result["explanation"]
    assert data["turnout"]["total"] == 2
    assert data["quorum"]["met"] is True
    assert_nothing_personal(response, PRIVATE)


def test_the_result_of_an_election_counted_by_stv(client, elm_park, organiser, check_schema):
    people = []
    for number in range(9):
        user = make_person(f"voter{number}@example.org", f"Voter Number{number}")
        Membership.objects.create(assembly=elm_park, person=user)
        people.append(user)
    vote = vote_on(
        elm_park,
        organiser,
        method="scottish_stv",
        options=["Ann", "Bo", "Cat", "Dee"],
        seats=2,
        secret=True,
        question="Delegates",
    )
    ids = {o.label: str(o.pk) for o in vote.options.all()}
    rankings = [["Ann", "Bo"]] * 4 + [["Bo", "Cat"]] * 2 + [["Cat", "Ann"]] * 2 + [["Dee", "Cat"]]
    for person, ranking in zip(people, rankings, strict=True):
        voting.cast_ballot(vote, person, {"ranking": [ids[name] for name in ranking]})
    results.close_vote(vote, organiser)

    response = client.get(url(RESULT, vote_id=vote.pk))

    check_schema("get", RESULT, response)
    data = response.json()
    assert len(data["winners"]) == 2
    assert data["outcome"] == "chosen"
    assert data["stages"][0]["action"]
    assert data["stages"][0]["votes"]["Ann"] == 4
    assert len(data["stages"]) > 1
    assert_nothing_personal(response, ["Number0", "Number1", "voter0"])


def test_a_secret_votes_answers_hold_no_ballot(client, elm_park, organiser, voters):
    vote = vote_on(elm_park, organiser, secret=True)
    voting.cast_ballot(vote, voters[0], {"answer": "against"})
    results.close_vote(vote, organiser)
    ballot_id = str(vote.ballots.get().pk)

    texts = [
        client.get(url(path, **ids)).content.decode()
        for path, ids in [
            (VOTE, {"vote_id": vote.pk}),
            (RESULT, {"vote_id": vote.pk}),
            (VOTES, {"assembly_id": elm_park.pk}),
        ]
    ]

    for text in texts:
        assert ballot_id not in text
        assert "Veronica" not in text
        assert "@" not in text
    assert Vote.objects.get(pk=vote.pk).status == Vote.Status.CLOSED


def test_a_withdrawn_proposal_keeps_its_note(client, elm_park, author):
    proposal = propose(elm_park, author, "Night bus")
    proposals.withdraw(proposal, author, note="Another group is doing this")

    data = client.get(url(PROPOSAL, proposal_id=proposal.pk)).json()

    assert data["status"] == "withdrawn"
    assert data["timeline"][-1]["note"] == "Another group is doing this"
    assert Proposal.objects.get(pk=proposal.pk).status == "withdrawn"
