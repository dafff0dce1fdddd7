"""Anonymous pages shared between readers (page_cache.py): served again only while nothing has
changed and for a few seconds at most, never for anyone signed in, never with another reader's
CSRF token, and a write that rolls back changes nothing."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from folkmoot.assemblies.models import Assembly
from folkmoot.network import page_cache

pytestmark = pytest.mark.django_db

PAGE = "/assemblies/elm-park/"


@pytest.fixture(autouse=True)
def _shared(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _rename(assembly: Assembly, name: str, capture) -> None:
    """A change committed as the site commits it (the test itself runs in a transaction)."""
    with capture(execute=True), transaction.atomic():
        Assembly.objects.filter(pk=assembly.pk).update(name=name)


def test_second_anonymous_reader_is_served_the_kept_page_without_the_database(client, elm_park):
    first = client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(PAGE)
    assert first[page_cache.HEADER] == "miss"
    assert second[page_cache.HEADER] == "hit"
    assert len(queries) == 0
    assert second.content.replace(b"\n", b"") != b""
    assert "Elm Park" in second.content.decode()


def test_a_committed_change_is_shown_to_the_next_reader(
    client, elm_park, django_capture_on_commit_callbacks
):
    client.get(PAGE)
    _rename(elm_park, "Elm Park Commons", django_capture_on_commit_callbacks)
    after = Client().get(PAGE)
    assert after[page_cache.HEADER] == "miss"
    assert "Elm Park Commons" in after.content.decode()


def test_a_change_rolled_back_keeps_the_page(elm_park, django_capture_on_commit_callbacks):
    Client().get(PAGE)

    def change_then_fail():
        with transaction.atomic():
            Assembly.objects.filter(pk=elm_park.pk).update(name="Never")
            raise RuntimeError

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_then_fail()
    assert callbacks == []
    assert Client().get(PAGE)[page_cache.HEADER] == "hit"


def test_one_transaction_moves_the_version_once(elm_park, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        Assembly.objects.filter(pk=elm_park.pk).update(name="A")
        Assembly.objects.filter(pk=elm_park.pk).update(name="B")
    assert callbacks.count(page_cache.move_version) == 1


def test_a_page_is_kept_for_the_configured_seconds_only(elm_park):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        Client().get(PAGE)
        clock.shift(datetime.timedelta(seconds=29))
        assert Client().get(PAGE)[page_cache.HEADER] == "hit"
        clock.shift(datetime.timedelta(seconds=2))
        assert Client().get(PAGE)[page_cache.HEADER] == "miss"


def test_signed_in_readers_get_their_own_page_and_never_leave_one(client, elm_park, member):
    client.force_login(member)
    response = client.get(PAGE)
    assert page_cache.HEADER not in response
    assert Client().get(PAGE)[page_cache.HEADER] == "miss"
    assert page_cache.HEADER not in client.get(PAGE)


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_AUTHORIZATION": "Bearer something"},
    ],
)
def test_partial_and_token_requests_are_not_shared(elm_park, extra):
    Client().get(PAGE)
    assert page_cache.HEADER not in Client().get(PAGE, **extra)


def test_a_reader_with_messages_waiting_is_not_shared(elm_park):
    Client().get(PAGE)
    reader = Client()
    reader.cookies["messages"] = "anything"
    assert page_cache.HEADER not in reader.get(PAGE)


def test_pages_not_listed_are_not_shared(elm_park):
    Client().get("/accounts/login/")
    assert page_cache.HEADER not in Client().get("/accounts/login/")


def test_not_found_is_not_kept(db):
    Client().get("/assemblies/nowhere/")
    assert Client().get("/assemblies/nowhere/")[page_cache.HEADER] == "miss"


def test_the_api_is_shared_for_anonymous_readers(elm_park):
    Client().get("/api/v1/assemblies")
    response = Client().get("/api/v1/assemblies")
    assert response[page_cache.HEADER] == "hit"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["items"][0]["name"] == "Elm Park Assembly"


def test_languages_are_kept_apart(elm_park):
    Client().get(PAGE, HTTP_ACCEPT_LANGUAGE="cy")
    english = Client().get(PAGE, HTTP_ACCEPT_LANGUAGE="en")
    assert english[page_cache.HEADER] == "miss"
    assert english["Content-Language"] == "en-gb"
    assert Client().get(PAGE, HTTP_ACCEPT_LANGUAGE="cy")["Content-Language"] == "cy"


def _tokens(response) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())


def test_each_reader_gets_their_own_csrf_token_that_works(elm_park):
    first_reader = Client(enforce_csrf_checks=True)
    first = first_reader.get(PAGE)
    second_reader = Client(enforce_csrf_checks=True)
    second = second_reader.get(PAGE)
    assert second[page_cache.HEADER] == "hit"
    assert _tokens(first)
    assert _tokens(second)
    kept = cache.get(page_cache.page_key(second.wsgi_request))
    assert not any(token.encode() in kept[2] for token in _tokens(first))
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    # The second reader's form is accepted with the second reader's cookie.
    switched = second_reader.post(
        "/i18n/setlang/",
        {"language": "cy", "next": PAGE, "csrfmiddlewaretoken": _tokens(second)[0]},
    )
    assert switched.status_code == 302


def test_while_one_worker_rebuilds_others_serve_the_last_copy(
    elm_park, django_capture_on_commit_callbacks
):
    request = Client().get(PAGE).wsgi_request
    _rename(elm_park, "Elm Park Commons", django_capture_on_commit_callbacks)
    key = page_cache.page_key(request)
    assert cache.add(page_cache.BUILDING_KEY + key, 1)  # another worker is building it
    stale = Client().get(PAGE)
    assert stale[page_cache.HEADER] == "stale"
    assert "Elm Park Commons" not in stale.content.decode()
    cache.delete(page_cache.BUILDING_KEY + key)
    fresh = Client().get(PAGE)
    assert "Elm Park Commons" in fresh.content.decode()


def test_off_when_not_configured(settings, elm_park):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(PAGE)
    assert page_cache.HEADER not in Client().get(PAGE)


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "assemblies_assembly" ("name") VALUES (%s)', True),
        ('UPDATE "decisions_vote" SET "status" = %s', True),
        ('DELETE FROM "attendance_checkin" WHERE "id" = %s', True),
        ('SELECT "id" FROM "assemblies_assembly" FOR UPDATE', False),
        ('SAVEPOINT "s1_x1"', False),
        ('RELEASE SAVEPOINT "s1_x1"', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('INSERT INTO "django_tasks_database_dbtaskresult" ("id") VALUES (%s)', False),
        ("PRAGMA foreign_keys = ON", False),
        ("", False),
    ],
)
def test_which_statements_move_the_version(sql, writes):
    assert page_cache._is_write(sql) is writes
