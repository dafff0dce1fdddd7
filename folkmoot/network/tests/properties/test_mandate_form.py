"""The mandate form as an organiser fills it in: instruction, ranking, the bounds of discretion
and the words. Either the mandate saved is one the rules allow, or a plain message and nothing
saved."""

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from folkmoot.councils.models import Question
from folkmoot.decisions.models import Decision
from folkmoot.delegation.forms import MandateForm
from folkmoot.delegation.mandates import MandateError, issue_from_decision

from ._helpers import (
    PROPERTY_SETTINGS,
    check_errors,
    check_message,
    hostile_text,
    rolled_back,
    snapshot,
)

pytestmark = pytest.mark.django_db

OPTIONS = ["Van", "Bike", "Bus"]
choice = st.one_of(st.sampled_from([*OPTIONS, ""]), hostile_text)


@PROPERTY_SETTINGS
@given(
    instruction=st.one_of(
        st.sampled_from(["for", "against", "abstain", "ranking", "discretion", "split"]),
        hostile_text,
    ),
    ranks=st.lists(choice, min_size=3, max_size=3),
    allowed=st.lists(
        st.one_of(st.sampled_from(["for", "against", "abstain"]), hostile_text), max_size=3
    ),
    text=hostile_text,
    use_decision=st.booleans(),
)
def test_mandate_form(confed, elm_park, organiser, instruction, ranks, allowed, text, use_decision):
    with rolled_back():
        question = Question.objects.create(
            council=confed.east,
            title="How to travel?",
            kind=Question.Kind.RANKING,
            options=OPTIONS,
            raised_by=organiser,
        )
        decision = Decision.objects.create(
            assembly=elm_park, summary="Bus first", decided_at=timezone.now()
        )
        member = confed.seats.elm
        before = snapshot()
        data = {
            "instruction": instruction,
            "allowed": allowed,
            "text": text,
            "decision": str(decision.pk) if use_decision else "",
        }
        data.update({f"rank_{n}": rank for n, rank in enumerate(ranks, start=1)})
        form = MandateForm(data=data, member=member, question=question)
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        cleaned = form.cleaned_data
        try:
            mandate = issue_from_decision(
                member,
                organiser,
                decision=cleaned["decision"],
                instruction=cleaned["instruction"],
                question=question,
                ranking=cleaned["ranking"],
                allowed=cleaned["allowed"],
                text=cleaned["text"],
            )
        except MandateError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert mandate.decision == decision
        assert set(mandate.ranking) <= set(OPTIONS)
        assert len(set(mandate.ranking)) == len(mandate.ranking)
        assert set(mandate.allowed) <= {"for", "against", "abstain"}
