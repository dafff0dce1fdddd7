"""/votes/<pk>/result/ (and result.csv, ballots.blt): the result, after the vote closes."""

import csv
import io

import pytest

from folkmoot.decisions import results, voting

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for, open_vote

teller = helpers.teller
voter2 = helpers.voter2
voter3 = helpers.voter3


@pytest.fixture
def election(elm_park, organiser, member, voter2, voter3, teller):
    vote = open_vote(elm_park, organiser, "irv", ["Ann", "Bo", "Cy"], question="Who chairs?")
    ann, bo, cy = (str(o.pk) for o in vote.options.all())
    for person, ranking in (
        (member, [ann, bo]),
        (voter2, [bo, ann]),
        (voter3, [cy, bo]),
        (teller, [ann]),
    ):
        voting.cast_ballot(vote, person, {"ranking": ranking})
    return vote


def test_hidden_until_closed(election, member):
    page = client_for(member).get(f"/votes/{election.pk}/result/").content.decode()
    assert "The result is shown here when the vote closes." in page
    assert "Stage" not in page
    assert client_for(member).get(f"/votes/{election.pk}/result.csv").status_code == 404
    assert client_for(member).get(f"/votes/{election.pk}/ballots.blt").status_code == 404


@pytest.mark.parametrize("who", WHO)
def test_everyone_sees_the_result_members_see_open_ballots(who, request, election, organiser):
    results.close_vote(election, organiser)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).get(f"/votes/{election.pk}/result/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chosen:" in page
    assert "Stage 2" in page
    assert "<svg" in page
    assert ("Who voted how" in page) == (who in ("member", "teller", "organiser"))


def test_round_by_round_with_the_winner(election, organiser):
    results.close_vote(election, organiser)
    page = client_for(None).get(f"/votes/{election.pk}/result/").content.decode()
    # Stage 1: Ann 2, Bo 1, Cy 1 -> no majority; a lowest is excluded; Ann wins in stage 2.
    assert "Chosen: Ann" in page
    assert "excluded" in page
    assert 'class="result-number">2<' in page


def test_secret_ballots_list_no_voters(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, secret=True)
    voting.cast_ballot(vote, member, {"answer": "for"})
    results.close_vote(vote, organiser)
    page = client_for(member).get(f"/votes/{vote.pk}/result/").content.decode()
    assert "Carried" in page
    assert "Who voted how" not in page
    assert "Mo" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_csv_download(election, organiser):
    results.close_vote(election, organiser)
    response = client_for(None).get(f"/votes/{election.pk}/result.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["stage", "action", "option", "votes", "transfer", "elected", "excluded"]
    first = {row[2]: row[3] for row in rows[1:] if row and row[0] == "1"}
    assert first == {"Ann": "2", "Bo": "1", "Cy": "1"}
    assert rows[-1] == ["winners", "Ann"]


def test_blt_download_counts_the_same(election, organiser):
    from folkmoot.decisions.counting.blt import parse_blt

    results.close_vote(election, organiser)
    response = client_for(None).get(f"/votes/{election.pk}/ballots.blt")
    assert response.status_code == 200
    parsed = parse_blt(response.content.decode())
    assert parsed.names == ["Ann", "Bo", "Cy"]
    assert sorted((w, list(r)) for w, r in parsed.ballots) == [
        (1, [1]),
        (1, [1, 2]),
        (1, [2, 1]),
        (1, [3, 2]),
    ]


def test_no_blt_for_yes_no_votes(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, {"answer": "for"})
    results.close_vote(vote, organiser)
    assert client_for(None).get(f"/votes/{vote.pk}/ballots.blt").status_code == 404


def test_stv_stages_show_surpluses_leaving_and_who_was_elected_earlier(
    elm_park, organiser, member, voter2, voter3, teller
):
    vote = open_vote(
        elm_park, organiser, "scottish_stv", ["Ann", "Bo", "Cy"], question="Two stewards?", seats=2
    )
    ann, bo, cy = (str(o.pk) for o in vote.options.all())
    for person, ranking in ((member, [ann, bo]), (voter2, [ann, cy]), (voter3, [ann, bo])):
        voting.cast_ballot(vote, person, {"ranking": ranking})
    voting.cast_ballot(vote, teller, {"ranking": [cy]})
    results.close_vote(vote, organiser)
    page = client_for(None).get(f"/votes/{vote.pk}/result/").content.decode()
    # Quota 2: Ann (3) is elected at stage 1; at stage 2 her surplus of 1 leaves her...
    assert "<td>\u22121</td>" in page
    # ...and goes on to Bo and Cy, and from then on she is shown as elected earlier.
    assert "<td>+0.66666</td>" in page
    assert "elected earlier" in page
