"""Two joins at the same moment cannot make someone a resident of two neighbourhoods.

Needs PostgreSQL (SQLite runs one writer at a time, so there is no race to test):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/folkmoot_x .venv/bin/pytest --create-db ...
"""

import threading
import time

import pytest
from django.db import connection, connections

from conftest import make_person
from folkmoot.assemblies import membership as rules
from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.places.models import Area

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _run_at_once(*calls) -> list[str]:
    """Run each call in its own thread (own database connection), all starting together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "done"
        except rules.MembershipError as error:
            outcomes[index] = type(error).__name__
        except Exception as error:
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_neighbourhood_joins_at_once_only_one_succeeds(city, monkeypatch):
    area = Area.objects.get(slug="elm-park")
    first = Assembly.objects.create(name="Elm Park North", slug="elm-north", area=area)
    second = Assembly.objects.create(name="Elm Park South", slug="elm-south", area=area)
    person = make_person("pat@example.org", "Pat")
    person.postcode = "TB1 1AB"
    person.save()

    # Widen the race: pause after checking for another residency, before writing. Without the
    # lock on the person's row both threads would pass the check.
    check = rules.resident_neighbourhood_membership

    def slow_check(*args, **kwargs):
        found = check(*args, **kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(rules, "resident_neighbourhood_membership", slow_check)

    outcomes = _run_at_once(lambda: rules.join(person, first), lambda: rules.join(person, second))

    assert sorted(outcomes) == ["ResidentElsewhere", "done"], outcomes
    assert (
        Membership.objects.filter(
            person=person, left_at__isnull=True, residency=Membership.Residency.SELF_DECLARED
        ).count()
        == 1
    )


def test_two_organisers_ending_each_other_at_once_leave_one(elm_park, monkeypatch):
    import datetime

    ann, bob = make_person("ann@example.org", "Ann"), make_person("bob@example.org", "Bob")
    start = datetime.date(2020, 1, 1)
    ann_role = Role.objects.create(
        assembly=elm_park, person=ann, kind=Role.Kind.ORGANISER, starts_on=start
    )
    bob_role = Role.objects.create(
        assembly=elm_park, person=bob, kind=Role.Kind.ORGANISER, starts_on=start
    )

    # Widen the race: pause after the last-organiser check, before the write.
    save = Role.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.3)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Role, "save", slow_save)

    outcomes = _run_at_once(
        lambda: rules.end_role(bob_role, by=ann), lambda: rules.end_role(ann_role, by=bob)
    )

    assert sorted(outcomes) == ["LastOrganiser", "done"], outcomes
    assert sum(rules.is_organiser(someone, elm_park) for someone in (ann, bob)) == 1
