"""Two tellers tap "check in" for the same person at the same moment: one row, and the slower
tap hears "already checked in". Needs real concurrent transactions, so PostgreSQL only."""

import threading

import pytest
from django.db import connection

from folkmoot.attendance import services
from folkmoot.attendance.models import Attendance

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
    ),
]


def _race(action, tellers):
    barrier = threading.Barrier(len(tellers))
    results, errors = [], []

    def tap(teller):
        try:
            barrier.wait(timeout=10)
            results.append(action(teller))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(teller,)) for teller in tellers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def test_two_tellers_check_in_the_same_member_once(meeting, member, teller, organiser):
    for _round in range(5):
        Attendance.objects.all().delete()
        results = _race(
            lambda who: services.check_in_person(meeting, member, recorded_by=who),
            [teller, organiser],
        )
        assert sorted(r.created for r in results) == [False, True]
        assert Attendance.objects.filter(meeting=meeting).count() == 1
        assert services.counts(meeting).attendees == 1


def test_two_tellers_add_the_same_walk_in_once(meeting, teller, organiser):
    results = _race(
        lambda who: services.check_in_walk_in(meeting, "Ann Lee", "TB1 1AB", recorded_by=who),
        [teller, organiser],
    )
    assert sorted(r.created for r in results) == [False, True]
    assert Attendance.objects.filter(meeting=meeting).count() == 1
