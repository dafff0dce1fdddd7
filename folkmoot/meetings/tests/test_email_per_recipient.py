"""Each invitation is its own background task: one failure does not stop or repeat the rest."""

from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from folkmoot.meetings.models import Meeting
from folkmoot.meetings.services import publish_invitation

from .helpers import in_days, make_supporter


@pytest.fixture
def meeting(elm_park, member):
    make_supporter(elm_park, "sup@example.org")
    make_supporter(elm_park, "broken@example.org")
    return Meeting.objects.create(assembly=elm_park, starts_at=in_days(20), venue="Elm Hall")


def test_a_failing_address_does_not_stop_the_others(meeting):
    real_send = EmailBackend.send_messages

    def send_messages(backend, messages):
        if any(message.to == ["broken@example.org"] for message in messages):
            raise ConnectionError("mail server said no")
        return real_send(backend, messages)

    with mock.patch.object(EmailBackend, "send_messages", send_messages):
        publish_invitation(meeting)
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    assert "broken@example.org" not in sent_to
    assert "sup@example.org" in sent_to
    assert "mo@example.org" in sent_to
    assert len(sent_to) == len(set(sent_to))
