"""Council questions, referral deadlines, seat votes, mandates, recall petitions and
report-backs: hostile input is cleaned and saved within limits, or refused with a plain message
and nothing saved (the audit chain included)."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from folkmoot.councils.errors import CouncilError
from folkmoot.councils.models import Competence, CouncilMeeting, Question
from folkmoot.councils.question_forms import QuestionForm, RankingVoteForm, ReferForm
from folkmoot.councils.questions import raise_question, refer
from folkmoot.councils.seat_votes import cast_seat_vote, open_voting
from folkmoot.decisions.models import Decision
from folkmoot.delegation.forms import RecallForm, ReportBackForm
from folkmoot.delegation.mandates import MandateError, issue_mandate
from folkmoot.delegation.recall import RecallError, open_petition
from folkmoot.delegation.reportbacks import ReportBackError, file_report_back

from ._helpers import (
    PROPERTY_SETTINGS,
    check_errors,
    check_message,
    fits,
    hostile_text,
    json_values,
    rolled_back,
    snapshot,
)

pytestmark = pytest.mark.django_db

kinds = st.one_of(st.sampled_from(Question.Kind.values), hostile_text)
option_lines = st.one_of(hostile_text, st.lists(hostile_text, max_size=6).map("\n".join))


@PROPERTY_SETTINGS
@given(title=hostile_text, text=hostile_text, kind=kinds, options=option_lines)
def test_question_form_and_raise(confed, convener, title, text, kind, options):
    council = confed.east
    with rolled_back():
        before = snapshot()
        form = QuestionForm(
            data={"title": title, "text": text, "kind": kind, "options": options},
            council=council,
        )
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        data = form.cleaned_data
        try:
            question = raise_question(
                council,
                convener,
                title=data["title"],
                text=data["text"],
                kind=data["kind"],
                options=data["options"],
            )
        except CouncilError as error:
            check_message(error)
            assert snapshot() == before
            return
        fits(Question, "title", question.title)
        assert question.title.strip()
        assert all(len(o) <= 200 for o in question.options)


@PROPERTY_SETTINGS
@given(title=hostile_text, kind=kinds, options=st.one_of(option_lines, st.lists(hostile_text)))
@example(title="a\x00", kind="ranking", options=["x\x00", "y"])
def test_raise_question_service(confed, convener, title, kind, options):
    with rolled_back():
        before = snapshot()
        try:
            question = raise_question(
                confed.east, convener, title=title, kind=kind, options=options
            )
        except CouncilError as error:
            check_message(error)
            assert snapshot() == before
            return
        fits(Question, "title", question.title)
        assert "\x00" not in question.title + "".join(question.options)


deadlines = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            "2000-01-01T10:00",
            "2999-12-31T23:59",
            "9999-12-31T23:59",
            "0001-01-01T00:00",
            "2026-02-30T10:00",
            "2030-06-01T25:00",
        ]
    ),
    st.datetimes(
        min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30)
    ).map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)


@PROPERTY_SETTINGS
@given(deadline=deadlines)
def test_refer_deadline(confed, convener, deadline):
    with rolled_back():
        question = raise_question(confed.east, convener, title="Close Elm Road?")
        before = snapshot()
        form = ReferForm(data={"deadline": deadline})
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        try:
            refer(question, convener, form.cleaned_data["deadline"])
        except CouncilError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert form.cleaned_data["deadline"] > timezone.now()


@PROPERTY_SETTINGS
@given(
    answer=st.one_of(st.sampled_from(["for", "against", "abstain"]), hostile_text),
    ranking=st.one_of(st.none(), st.lists(hostile_text, max_size=4)),
)
def test_cast_seat_vote(confed, convener, answer, ranking):
    """A delegate's seat vote: refused with a plain message, or saved as one of the answers."""
    with rolled_back():
        competence = Competence.objects.create(council=confed.east, matter="Vans")
        question = Question.objects.create(
            council=confed.east, title="Buy a van?", raised_by=convener, competence=competence
        )
        open_voting(question, convener)
        before = snapshot()
        try:
            vote = cast_seat_vote(question, confed.people.dee, answer=answer, ranking=ranking)
        except CouncilError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert vote.answer in ("for", "against", "abstain")


@PROPERTY_SETTINGS
@given(
    numbers=st.lists(st.one_of(st.integers(-5, 9).map(str), hostile_text), min_size=3, max_size=3)
)
def test_ranking_vote_form(numbers):
    form = RankingVoteForm(
        data={f"rank_{i}": n for i, n in enumerate(numbers)}, options=["Van", "Bike", "Bus"]
    )
    if not form.is_valid():
        check_errors(form)
        return
    ranking = form.cleaned_data["ranking"]
    assert len(set(ranking)) == len(ranking)
    assert set(ranking) <= {"Van", "Bike", "Bus"}


@PROPERTY_SETTINGS
@given(
    instruction=st.one_of(
        st.sampled_from(["for", "against", "abstain", "split", "ranking", "discretion"]),
        hostile_text,
    ),
    split=st.one_of(
        st.none(),
        st.dictionaries(st.sampled_from(["for", "against", "x"]), json_values, max_size=3),
    ),
    ranking=st.one_of(st.none(), st.lists(hostile_text, max_size=3)),
    allowed=st.one_of(
        st.none(),
        st.lists(st.one_of(st.sampled_from(["for", "abstain"]), hostile_text), max_size=3),
    ),
    text=hostile_text,
)
@example(instruction="for", split=None, ranking=None, allowed=None, text="a\x00")
@example(instruction="split", split={"for": "one"}, ranking=None, allowed=None, text="")
@example(instruction="split", split={"for": None}, ranking=None, allowed=None, text="")
@example(instruction="split", split={"for": 1.5}, ranking=None, allowed=None, text="")
def test_issue_mandate(confed, elm_park, organiser, instruction, split, ranking, allowed, text):
    with rolled_back():
        decision = Decision.objects.create(
            assembly=elm_park, summary="Carried", decided_at=timezone.now()
        )
        before = snapshot()
        try:
            mandate = issue_mandate(
                confed.seats.elm,
                instruction=instruction,
                split=split,
                ranking=ranking,
                allowed=allowed,
                text=text,
                decision=decision,
                by=organiser,
            )
        except MandateError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert mandate.instruction == instruction
        assert "\x00" not in mandate.text
        if instruction == "split":
            assert all(isinstance(n, int) and n >= 0 for n in mandate.split.values())
            assert sum(mandate.split.values()) == confed.seats.elm.seats


@PROPERTY_SETTINGS
@given(reason=hostile_text)
def test_recall_petition_reason(confed, elm_park, member, reason):
    with rolled_back():
        before = snapshot()
        form = RecallForm(data={"reason": reason})
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        try:
            petition = open_petition(confed.terms.dee, member, form.cleaned_data["reason"])
        except RecallError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert petition.reason.strip()


@PROPERTY_SETTINGS
@given(reason=hostile_text)
def test_open_petition_service(confed, member, reason):
    with rolled_back():
        before = snapshot()
        try:
            petition = open_petition(confed.terms.dee, member, reason)
        except RecallError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert petition.reason.strip()
        assert "\x00" not in petition.reason


@PROPERTY_SETTINGS
@given(text=hostile_text)
def test_report_back(confed, text):
    with rolled_back():
        meeting = CouncilMeeting.objects.create(
            council=confed.east, starts_at=timezone.now() - datetime.timedelta(days=1)
        )
        before = snapshot()
        form = ReportBackForm(data={"text": text})
        if form.is_valid():
            text = form.cleaned_data["text"]
        else:
            check_errors(form)
        try:
            report = file_report_back(confed.terms.dee, meeting, confed.people.dee, text)
        except ReportBackError as error:
            check_message(error)
            assert snapshot() == before
            return
        assert report.text.strip()
        assert "\x00" not in report.text
