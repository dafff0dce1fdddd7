"""The support form pressed again and again: the same email ten times at once is one
supporter and the same answer every time; a crowd of neighbours is each counted once; the
rate limit cannot be slipped by sending together; and when confirmations cross the threshold
together, the network's organisers are told once.

PostgreSQL only: DATABASE_URL=postgres://... .venv/bin/pytest --create-db ...
"""

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from folkmoot.assemblies.models import Supporter, SupportThresholdNotice
from folkmoot.places.models import Area

from .crowd import at_once, no_server_errors, visitor

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one writer at a time, so nothing races",
    ),
    pytest.mark.django_db(transaction=True),
]

ASH_FIELDS = "TB1 4AB"  # an area with no assembly yet: support gathers there
SENT = "Check your email"


def form(email: str, postcode: str = ASH_FIELDS, name: str = "Pat") -> dict:
    return {"name": name, "email": email, "postcode": postcode, "consent": "on", "website": ""}


def answered_alike(live_server, sent) -> None:
    """Every submission got the same answer: off to "check your email"."""
    no_server_errors([reply for _b, reply in sent])
    for browser, reply in sent:
        assert (reply.status, reply.location) == (302, "/support/sent/"), reply.status
        assert browser.follow(reply).says(SENT)


def test_the_same_email_ten_times_at_once_is_one_supporter(live_server, city):
    calls = []
    for n in range(10):
        browser = visitor(live_server)
        email = "Pat@Example.org" if n % 2 else " pat@example.org"  # the same address
        calls.append(lambda b=browser, e=email: (b, b.post("/support/", form(e))))

    sent = at_once(calls)

    answered_alike(live_server, sent)
    supporter = Supporter.objects.get()
    assert (supporter.email, supporter.assembly, supporter.area.slug) == (
        "pat@example.org",
        None,
        "ash-fields",
    )
    # Each press was told "we have sent you an email", and was sent one: the same link.
    assert len(mail.outbox) == 10
    assert all(supporter.token in message.body for message in mail.outbox)


def test_the_page_and_the_api_at_once_for_one_assembly_is_one_supporter(live_server, elm_park):
    page = f"/assemblies/{elm_park.slug}/support/"
    calls = []
    for _n in range(8):
        browser = visitor(live_server)
        calls.append(lambda b=browser: ("page", b.post(page, form("pat@example.org", "TB1 1AB"))))
    for _n in range(4):
        browser = visitor(live_server)
        payload = {**form("pat@example.org", "TB1 1AB"), "consent": True, "assembly": elm_park.pk}
        payload.pop("website")
        calls.append(lambda b=browser, p=payload: ("api", b.post_json("/api/v1/supporters", p)))

    sent = at_once(calls)

    no_server_errors([reply for _how, reply in sent])
    for how, reply in sent:
        if how == "page":
            assert (reply.status, reply.location) == (302, "/support/sent/")
        else:
            assert (reply.status, reply.data["status"]) == (202, "sent")
    assert Supporter.objects.filter(email="pat@example.org", assembly=elm_park).count() == 1
    assert Supporter.objects.count() == 1
    assert len(mail.outbox) == len(calls)


def test_a_crowd_of_neighbours_each_pressing_twice_are_each_counted_once(live_server, city):
    people = [f"neighbour{n:02}@example.org" for n in range(20)]
    calls = []
    for email in people:
        for _tab in range(2):
            browser = visitor(live_server)
            calls.append(lambda b=browser, e=email: (b, b.post("/support/", form(e))))

    sent = at_once(calls)

    answered_alike(live_server, sent)
    assert sorted(Supporter.objects.values_list("email", flat=True)) == people
    assert Supporter.objects.filter(area__slug="ash-fields", assembly=None).count() == 20


def test_sending_together_does_not_slip_past_the_rate_limit(live_server, city, settings):
    settings.SUPPORT_FORM_RATE = "10/h"  # the default: ten an hour from one address
    calls = []
    for n in range(16):
        browser = visitor(live_server)
        email = f"someone{n:02}@example.org"
        calls.append(lambda b=browser, e=email: (e, b.post("/support/", form(e))))

    sent = at_once(calls)

    no_server_errors([reply for _e, reply in sent])
    accepted = sorted(e for e, reply in sent if reply.status == 302)
    turned_away = [reply for _e, reply in sent if reply.status == 429]
    assert (len(accepted), len(turned_away)) == (10, 6)
    # Exactly the ten who were told "check your email" are on record.
    assert sorted(Supporter.objects.values_list("email", flat=True)) == accepted


def test_confirmations_crossing_the_threshold_together_tell_the_organisers_once(
    live_server, city, network, network_organiser
):
    network.supporter_threshold = 10
    network.save()
    ash_fields = Area.objects.get(slug="ash-fields")
    supporters = Supporter.objects.bulk_create(
        Supporter(
            name=f"Neighbour {n:02}",
            email=f"neighbour{n:02}@example.org",
            postcode=ASH_FIELDS,
            postcode_sector="TB1 4",
            area=ash_fields,
            consented_at=timezone.now(),
        )
        for n in range(12)
    )
    calls = []
    for supporter in supporters:
        for _tab in range(2):  # the button pressed twice
            browser = visitor(live_server)
            path = f"/support/confirm/{supporter.token}/"
            calls.append(lambda b=browser, p=path: b.post(p, {}))

    sent = at_once(calls)

    no_server_errors(sent)
    assert all(r.status == 200 and r.says("Thank you, you are counted") for r in sent)
    assert not Supporter.objects.filter(confirmed_at__isnull=True).exists()
    notice = SupportThresholdNotice.objects.get()
    assert notice.key == f"area:{ash_fields.pk}"
    assert 10 <= notice.supporter_count <= 12
    told = [m for m in mail.outbox if network_organiser.email in m.to]
    assert len(told) == 1
