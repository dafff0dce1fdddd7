"""Facts read once per request (request_cache.py): kept for one request only, forgotten as
soon as anything is written, and never kept outside a request."""

import datetime

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from folkmoot.assemblies.models import Role
from folkmoot.assemblies.services import is_member, is_organiser
from folkmoot.network.models import Network
from folkmoot.network.request_cache import remembered
from folkmoot.network.services import is_network_organiser

pytestmark = pytest.mark.django_db


def _send(signal) -> None:
    """A request starting or finishing, as the test client sends it: without closing the
    database connection the test runs in."""
    signal.disconnect(close_old_connections)
    try:
        signal.send(sender=None)
    finally:
        signal.connect(close_old_connections)


@pytest.fixture
def in_a_request():
    _send(request_started)
    yield
    _send(request_finished)


def test_outside_a_request_nothing_is_kept(network):
    with CaptureQueriesContext(connection) as queries:
        Network.current()
        Network.current()
    assert len(queries) == 2


def test_in_a_request_the_network_is_read_once(network, in_a_request):
    with CaptureQueriesContext(connection) as queries:
        first = Network.current()
        second = Network.current()
    assert len(queries) == 1
    assert first is second


def test_permission_checks_are_read_once(network, elm_park, organiser, member, in_a_request):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert is_organiser(organiser, elm_park)
            assert not is_organiser(member, elm_park)
            assert is_member(member, elm_park)
            assert not is_network_organiser(member)
    # Roles of two people, one membership, the network and its organisers.
    assert len(queries) == 5


def test_a_write_forgets_what_was_kept(elm_park, member, in_a_request):
    assert not is_organiser(member, elm_park)
    Role.objects.create(
        assembly=elm_park,
        person=member,
        kind=Role.Kind.ORGANISER,
        starts_on=datetime.date(2020, 1, 1),
    )
    assert is_organiser(member, elm_park)
    Role.objects.filter(person=member).update(ends_on=datetime.date(2020, 1, 2))
    assert not is_organiser(member, elm_park)


def test_the_next_request_reads_again(network, in_a_request):
    Network.current()
    _send(request_finished)
    _send(request_started)
    with CaptureQueriesContext(connection) as queries:
        Network.current()
    assert len(queries) == 1


def test_remembered_keys_are_separate(in_a_request):
    assert remembered(("a",), lambda: 1) == 1
    assert remembered(("b",), lambda: 2) == 2
    assert remembered(("a",), lambda: 3) == 1
