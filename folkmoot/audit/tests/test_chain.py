import itertools

import pytest

from folkmoot.audit.models import Entry, Head
from folkmoot.audit.services import GENESIS, record, verify_chain


@pytest.fixture
def chain(db):
    return [
        record("vote.opened", f"vote:{n}", {"n": n, "question": "Fix the park?"}) for n in range(5)
    ]


def test_entries_link_one_to_the_next(chain):
    assert chain[0].previous_hash == GENESIS
    for before, after in itertools.pairwise(chain):
        assert after.previous_hash == before.hash
    assert [e.sequence for e in chain] == [1, 2, 3, 4, 5]
    assert verify_chain() == []


def test_a_changed_payload_is_found(chain):
    Entry.objects.filter(sequence=3).update(payload={"n": 99})
    problems = verify_chain()
    assert [(p.sequence, p.problem) for p in problems] == [(3, "was changed after it was recorded")]


def test_a_removed_entry_is_found(chain):
    Entry.objects.filter(sequence=2).delete()
    problems = {p.problem for p in verify_chain()}
    assert "entry #2 is missing" in problems
    assert "does not link to the entry before" in problems


def test_removing_the_newest_entries_is_found(chain):
    Entry.objects.filter(sequence__gte=4).delete()
    assert [p.problem for p in verify_chain()] == ["the newest entries are missing"]


def test_a_rewritten_chain_is_found(chain):
    # Recomputing one entry's own hash is not enough: the next one no longer links to it.
    from folkmoot.audit.services import entry_hash

    entry = Entry.objects.get(sequence=2)
    entry.payload = {"n": 42}
    entry.hash = entry_hash(
        entry.previous_hash, 2, entry.kind, entry.subject, entry.payload, entry.recorded_at
    )
    entry.save()
    assert [(p.sequence, p.problem) for p in verify_chain()] == [
        (3, "does not link to the entry before")
    ]


def test_head_follows_the_chain(chain):
    head = Head.objects.get()
    assert (head.sequence, head.hash) == (5, chain[-1].hash)
