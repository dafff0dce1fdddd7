"""A recall petition filling up: members press "sign" twice at once, and several open a
petition at the same moment. One petition, one signature each, and when the threshold is
reached the recall vote opens exactly once, however many signatures arrive together.

PostgreSQL only: DATABASE_URL=postgres://... .venv/bin/pytest --create-db ...
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_person
from folkmoot.audit.models import Entry
from folkmoot.audit.services import verify_chain
from folkmoot.councils.models import Council, CouncilMember, Level
from folkmoot.decisions.models import Vote
from folkmoot.delegation import recall
from folkmoot.delegation.models import DelegateTerm, RecallPetition, RecallSignature

from .crowd import add_members, at_once, no_server_errors, visitor

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing races",
    ),
    pytest.mark.django_db(transaction=True),
]

MEMBERS = 40
THRESHOLD = 20  # half of 40 resident members, and the cap
SIGNED = "You signed"
OPENED_VOTE = "The petition reached its threshold: the recall vote is open."
REFUSED = (
    "You have already signed this petition. Each member signs once.",
    "This petition is no longer gathering signatures.",
)


@pytest.fixture
def term(elm_park, network) -> DelegateTerm:
    network.recall_percent, network.recall_cap = 50, THRESHOLD
    network.save()
    council = Council.objects.create(
        name="East Testbury District Council",
        slug="east-testbury",
        level=Level.objects.create(name="District", rank=1),
    )
    today = timezone.localdate()
    return DelegateTerm.objects.create(
        member=CouncilMember.objects.create(council=council, assembly=elm_park, seats=1),
        person=make_person("ann@example.org", "Ann"),
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
        seated_at=timezone.now() - datetime.timedelta(days=30),
    )


@pytest.fixture
def members(elm_park):
    return add_members(elm_park, MEMBERS, "Member")


def test_opening_a_petition_at_once_opens_one(live_server, term, members):
    openers = members[:6]
    path = f"/delegates/{term.pk}/recall/"
    calls = []
    for member in openers:
        browser = visitor(live_server, member)
        calls.append(lambda b=browser: (b, b.post(path, {"reason": "Voted against our mandate."})))

    sent = at_once(calls)

    no_server_errors([reply for _b, reply in sent])
    already = "There is already a petition to recall Ann: sign that one."
    told = []
    for browser, reply in sent:
        page = browser.follow(reply)
        if reply.status == 302 and any("The petition is open" in m for m in page.messages):
            told.append("opened")
        elif (reply.status == 400 and page.says(already)) or (
            reply.status == 302 and already in page.messages
        ):
            told.append("refused")
        else:
            told.append(f"{reply.status}: {page.messages or page.text[:200]}")
    assert sorted(told) == ["opened"] + ["refused"] * (len(openers) - 1), told
    petition = RecallPetition.objects.get()
    assert petition.threshold == THRESHOLD
    assert petition.signatures.count() == 1
    assert Entry.objects.filter(kind="recall.opened").count() == 1
    assert verify_chain() == []


def test_signing_twice_at_once_opens_the_recall_vote_exactly_once(
    live_server, elm_park, term, members
):
    petition = recall.open_petition(term, members[0], "Voted against our mandate.")
    assert petition.threshold == THRESHOLD
    path = f"/recalls/{petition.pk}/sign/"
    calls = []
    for member in members[1:]:
        browser = visitor(live_server, member)
        for tab in (browser, browser.copy()):
            calls.append(lambda b=tab, m=member: (m, b, b.post(path, {})))

    sent = at_once(calls)

    no_server_errors([reply for *_rest, reply in sent])
    signed, opened_vote = [], []
    for member, browser, reply in sent:
        assert reply.status == 302, (reply.status, reply.text[:300])
        messages = browser.follow(reply).messages
        if any(m.startswith(SIGNED) for m in messages):
            signed.append(member.pk)
            if any(OPENED_VOTE in m for m in messages):
                opened_vote.append(member.pk)
        else:
            assert any(m in REFUSED for m in messages), messages
    assert len(signed) == len(set(signed)) == THRESHOLD - 1  # nobody signed twice
    assert len(opened_vote) == 1
    # The record: the signatures people were told about, and one vote.
    petition.refresh_from_db()
    on_record = set(petition.signatures.values_list("person", flat=True))
    assert on_record == {members[0].pk, *signed}
    assert RecallSignature.objects.count() == THRESHOLD
    assert petition.status == RecallPetition.Status.VOTING
    assert Vote.objects.filter(assembly=elm_park).count() == 1
    assert petition.vote.status == Vote.Status.OPEN
    subject = f"recall:{petition.pk}"
    assert Entry.objects.filter(kind="recall.signed", subject=subject).count() == THRESHOLD - 1
    assert Entry.objects.filter(kind="recall.vote_opened", subject=subject).count() == 1
    assert verify_chain() == []
