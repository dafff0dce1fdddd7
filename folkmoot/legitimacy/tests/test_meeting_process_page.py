import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from folkmoot.legitimacy.models import ProcessRecord, ProcessStep
from folkmoot.meetings.models import Meeting


@pytest.fixture
def meeting(elm_park, member):
    return Meeting.objects.create(
        assembly=elm_park,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        venue="Elm Hall",
        facilitator=member,
    )


def url(meeting):
    return reverse("legitimacy:meeting_process", args=[meeting.pk])


def recorded_steps():
    return list(ProcessStep.objects.filter(rule=ProcessStep.Rule.RECORDED))


def test_anyone_sees_the_steps(client, meeting):
    html = client.get(url(meeting)).content.decode()
    assert "Did we follow the process?" in html
    assert "Agenda published in advance" in html
    assert "The invitation was never published." in html
    assert "Record what happened" not in html


@pytest.mark.parametrize("who", ["member", "organiser"])
def test_facilitator_or_organiser_records(client, meeting, who, request):
    client.force_login(request.getfixturevalue(who))
    groups, readback = recorded_steps()
    response = client.post(
        url(meeting),
        {
            f"step_{groups.pk}": "yes",
            f"note_{groups.pk}": "Five tables",
            f"step_{readback.pk}": "no",
        },
    )
    assert response.status_code == 302
    records = {r.step_id: r for r in ProcessRecord.objects.filter(meeting=meeting)}
    assert records[groups.pk].met is True
    assert records[groups.pk].note == "Five tables"
    assert records[readback.pk].met is False
    html = client.get(url(meeting)).content.decode()
    assert "Five tables" in html


def test_unanswered_steps_stay_unrecorded(client, meeting, member):
    client.force_login(member)
    groups, _readback = recorded_steps()
    client.post(url(meeting), {f"step_{groups.pk}": "yes"})
    assert ProcessRecord.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("who", ["person", "other_organiser"])
def test_others_cannot_record(client, meeting, who, request):
    client.force_login(request.getfixturevalue(who))
    groups, _readback = recorded_steps()
    assert client.post(url(meeting), {f"step_{groups.pk}": "yes"}).status_code == 403
    assert not ProcessRecord.objects.exists()


def test_anonymous_cannot_record(client, meeting):
    groups, _readback = recorded_steps()
    assert client.post(url(meeting), {f"step_{groups.pk}": "yes"}).status_code == 403
    assert not ProcessRecord.objects.exists()


def test_not_before_the_meeting_day(client, elm_park, organiser):
    future = Meeting.objects.create(
        assembly=elm_park, starts_at=timezone.now() + datetime.timedelta(days=3), venue="Hall"
    )
    client.force_login(organiser)
    groups, _readback = recorded_steps()
    response = client.post(url(future), {f"step_{groups.pk}": "yes"}, follow=True)
    assert "on the day of the meeting or after it" in response.content.decode()
    assert not ProcessRecord.objects.exists()


def test_bad_answer_changes_nothing(client, meeting, organiser):
    client.force_login(organiser)
    groups, _readback = recorded_steps()
    response = client.post(url(meeting), {f"step_{groups.pk}": "perhaps"})
    assert response.status_code == 200
    assert "Choose one of the answers given for" in response.content.decode()
    assert not ProcessRecord.objects.exists()


def test_data_steps_cannot_be_forged(client, meeting, organiser):
    client.force_login(organiser)
    agenda = ProcessStep.objects.get(rule=ProcessStep.Rule.AGENDA_PUBLISHED)
    client.post(url(meeting), {f"step_{agenda.pk}": "yes"})
    assert not ProcessRecord.objects.exists()
