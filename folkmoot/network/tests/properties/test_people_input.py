"""Support form, walk-in check-in (self and teller) and the profile: whatever people type,
either a clean value within the model's limits is saved, or a plain message and nothing saved."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from folkmoot.accounts.forms import ProfileForm
from folkmoot.assemblies.forms import SupportForm
from folkmoot.assemblies.models import Supporter
from folkmoot.attendance import services as attendance
from folkmoot.attendance.forms import TellerWalkInForm, WalkInForm
from folkmoot.attendance.models import Attendance
from folkmoot.meetings.models import Meeting
from folkmoot.places.postcodes import InvalidPostcode

from ._helpers import (
    PROPERTY_SETTINGS,
    check_errors,
    check_message,
    fits,
    hostile_text,
    rolled_back,
    snapshot,
)

pytestmark = pytest.mark.django_db

postcodes = st.one_of(
    hostile_text,
    st.sampled_from(
        ["TB1 1AB", "tb11ab", " TB1  1AB ", "EH8 9YL", "TB1", "ZZ99 9ZZ", "TB1 1AB\x00"]
    ),
)
emails = st.one_of(
    hostile_text,
    st.sampled_from(
        ["a@example.org", "A@Example.ORG ", "a@b", "@example.org", "a" * 250 + "@x.org"]
    ),
)


@pytest.fixture
def meeting(elm_park) -> Meeting:
    return Meeting.objects.create(
        assembly=elm_park,
        title="March assembly",
        starts_at=timezone.now() + datetime.timedelta(minutes=30),
        venue="Hall",
    )


@PROPERTY_SETTINGS
@given(
    name=hostile_text,
    email=emails,
    postcode=postcodes,
    comment=hostile_text,
    consent=st.sampled_from(["on", ""]),
)
def test_support_form(city, elm_park, name, email, postcode, comment, consent):
    with rolled_back():
        before = snapshot()
        form = SupportForm(
            data={
                "name": name,
                "email": email,
                "postcode": postcode,
                "comment": comment,
                "consent": consent,
            }
        )
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        outcome = form.record(elm_park)
        saved = Supporter.objects.get(pk=outcome.supporter.pk)
        for field in ("name", "email", "postcode", "comment"):
            fits(Supporter, field, getattr(saved, field))
        assert saved.name == saved.name.strip()
        assert saved.name
        assert "\x00" not in saved.name + saved.comment


@PROPERTY_SETTINGS
@given(name=hostile_text, postcode=postcodes)
def test_walk_in_form_and_check_in(meeting, name, postcode):
    with rolled_back():
        before = snapshot()
        form = WalkInForm(data={"name": name, "postcode": postcode})
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        result = attendance.check_in_walk_in(
            meeting, form.cleaned_data["name"], form.cleaned_data["postcode"]
        )
        saved = Attendance.objects.get(pk=result.attendance.pk)
        fits(Attendance, "name", saved.name)
        fits(Attendance, "postcode", saved.postcode)
        assert saved.name
        assert saved.name == " ".join(saved.name.split())


@PROPERTY_SETTINGS
@given(name=hostile_text, postcode=postcodes)
def test_check_in_walk_in_service(meeting, name, postcode):
    """The service on its own (the API calls it) refuses what the form would."""
    with rolled_back():
        before = snapshot()
        try:
            result = attendance.check_in_walk_in(meeting, name, postcode)
        except (attendance.AttendanceError, InvalidPostcode) as error:
            check_message(error)
            assert snapshot() == before
            return
        saved = Attendance.objects.get(pk=result.attendance.pk)
        fits(Attendance, "name", saved.name)
        assert saved.name
        assert "\x00" not in saved.name


@PROPERTY_SETTINGS
@given(
    name=hostile_text,
    postcode=postcodes,
    method=st.one_of(hostile_text, st.just("ID with their address")),
)
def test_teller_walk_in(meeting, organiser, name, postcode, method):
    with rolled_back():
        before = snapshot()
        form = TellerWalkInForm(data={"name": name, "postcode": postcode, "method": method})
        if not form.is_valid():
            check_errors(form)
            assert snapshot() == before
            return
        data = form.cleaned_data
        result = attendance.check_in_walk_in(
            meeting,
            data["name"],
            data["postcode"],
            recorded_by=organiser,
            verified_by=organiser,
            verification_method=data["method"],
        )
        saved = Attendance.objects.get(pk=result.attendance.pk)
        fits(Attendance, "name", saved.name)


@PROPERTY_SETTINGS
@given(name=hostile_text, postcode=postcodes)
def test_profile_form(person, name, postcode):
    with rolled_back():
        before = snapshot()
        form = ProfileForm(data={"display_name": name, "postcode": postcode}, instance=person)
        if not form.is_valid():
            check_errors(form)
            person.refresh_from_db()
            assert snapshot() == before
            return
        form.save()
        person.refresh_from_db()
        fits(type(person), "display_name", person.display_name)
        fits(type(person), "postcode", person.postcode)
        assert person.display_name.strip()
