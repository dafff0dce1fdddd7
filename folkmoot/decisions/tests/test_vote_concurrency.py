"""Two ballots from the same person at the same moment: exactly one is counted.

Needs PostgreSQL (SQLite runs one writer at a time, so there is no race to test):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/folkmoot_x .venv/bin/pytest --create-db ...
"""

import threading

import pytest
from django.db import connection, connections

from folkmoot.decisions import voting
from folkmoot.decisions.models import Ballot, Participation

from .vote_helpers import open_vote

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

ATTEMPTS = 6


def _run_at_once(*calls) -> list[str]:
    """Run each call in its own thread (own database connection), all starting together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "done"
        except voting.VotingError as error:
            outcomes[index] = type(error).__name__
        except Exception as error:
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("secret", [False, True], ids=["open", "secret"])
def test_same_person_voting_at_once_counts_once(secret, elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, secret=secret)
    outcomes = _run_at_once(
        *[
            (lambda answer=answer: voting.cast_ballot(vote, member, {"answer": answer}))
            for answer in ["for", "against"] * (ATTEMPTS // 2)
        ]
    )
    assert sorted(outcomes) == ["AlreadyVoted"] * (ATTEMPTS - 1) + ["done"]
    assert Participation.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_changing_at_once_still_leaves_one_ballot(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, changeable=True)
    outcomes = _run_at_once(
        *[
            (lambda answer=answer: voting.cast_ballot(vote, member, {"answer": answer}))
            for answer in ["for", "against"] * (ATTEMPTS // 2)
        ]
    )
    # The first insert wins; the others either change it (after it commits) or are refused
    # because they raced the first insert. Never a second ballot.
    assert set(outcomes) <= {"done", "AlreadyVoted"}
    assert "done" in outcomes
    assert Participation.objects.filter(vote=vote).count() == 1
    assert Ballot.objects.filter(vote=vote).count() == 1
