import pytest

from .crowd import MOST_AT_ONCE


@pytest.fixture
def live_server(live_server):
    """pytest-django's live server, with room for a crowd in its queue of connections.

    Django's test server listens with a backlog of 10: a burst of 40 connections overflows it
    and the kernel resets some (the requests never reach Django). Listening again on Linux only
    raises the backlog, so a server started earlier in the session is widened too."""
    live_server.thread.httpd.socket.listen(MOST_AT_ONCE * 4)
    return live_server


@pytest.fixture(autouse=True)
def _roomy_rate_limits(settings):
    """Rate limits stay on (their counters are part of what runs at once), but high enough
    that a crowd on one address is not turned away. The live server runs in this process, so
    it sees these settings."""
    settings.RATELIMIT_ENABLE = True
    settings.SUPPORT_FORM_RATE = "10000/h"
    settings.CHECK_IN_RATE = "10000/h"
    settings.BALLOT_API_RATE = "10000/m"
