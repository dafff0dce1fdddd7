"""The whole API, fuzzed from its own OpenAPI document (schemathesis): no answer is a server
error, and every answer is one the document describes, with the documented shape.

The data is a small but complete network (two assemblies with meetings, attendance, proposals,
open and closed votes of several methods, and a confederation of councils, delegates and
mandates), and generated ids are mostly swapped for real ones, so
the fuzzing reaches the code that reads real records rather than only answering 404. Generation
is derandomised and capped per operation: the run is the same every time and stays quick.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from folkmoot.assemblies.models import Assembly
from folkmoot.councils.models import Council, Question
from folkmoot.decisions.models import Proposal, Vote
from folkmoot.delegation.models import DelegateTerm, Mandate
from folkmoot.meetings.models import Meeting
from folkmoot.network.tests.security.world import build_world
from folkmoot.wsgi import application

from .conftest import API
from .test_ballots import make_vote

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def real_ids(elm_park, oak_row, organiser, member) -> dict[str, list]:
    """The records the fuzzer's ids are steered to, by path parameter name."""
    build_world(elm_park, oak_row, organiser, member)
    make_vote(elm_park, organiser, "approval", ["Red", "Green"], question="Which colours?")
    make_vote(elm_park, organiser, "ranked", ["Ann", "Bo", "Cy"], question="Who chairs?")
    make_vote(elm_park, organiser, "score", ["Ann", "Bo"], question="How good?")
    councils = list(Council.objects.order_by("pk"))
    return {
        "assembly_id": list(Assembly.objects.order_by("pk").values_list("pk", flat=True)),
        "meeting_id": list(Meeting.objects.order_by("pk").values_list("pk", flat=True)),
        "proposal_id": list(Proposal.objects.order_by("pk").values_list("pk", flat=True)),
        "vote_id": list(Vote.objects.order_by("pk").values_list("pk", flat=True)),
        "council": [c.slug for c in councils] + [str(c.pk) for c in councils],
        "question_id": list(Question.objects.order_by("pk").values_list("pk", flat=True)),
        "mandate_id": list(Mandate.objects.order_by("pk").values_list("pk", flat=True)),
        "delegate_id": list(DelegateTerm.objects.order_by("pk").values_list("pk", flat=True)),
    }


def _steer(path_parameters: dict, real_ids: dict[str, list]) -> dict:
    """Two generated values in three become a real record's id; the third stays as generated
    (so unknown, negative and huge ids are tried too)."""
    steered = {}
    for name, value in path_parameters.items():
        choices = real_ids.get(name)
        seed = value if isinstance(value, int) else sum(map(ord, str(value)))
        if choices and seed % 3:
            value = choices[seed % len(choices)]
        steered[name] = value
    return steered


# Postcodes with assemblies (and one with none), in the shapes people type them.
POSTCODES = ["TB1 1AB", "tb13xy", "TB1 4ZZ", "TB12AB"]


def _steer_query(query: dict) -> dict:
    """Likewise, two generated postcodes in three become real ones."""
    value = query.get("postcode")
    if isinstance(value, str) and len(value) % 3:
        return {**query, "postcode": POSTCODES[len(value) % len(POSTCODES)]}
    return query


def _fuzz(operation, real_ids: dict[str, list], cookies: dict, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=25,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    def run(case):
        if case.path_parameters:
            case.path_parameters = _steer(case.path_parameters, real_ids)
        if case.query:
            case.query = _steer_query(case.query)
        case.call_and_validate(
            checks=CHECKS,
            headers=headers,
            cookies=cookies,
            # Every real server says who is asking; the rate limits count by it.
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        )

    run()


@contextmanager
def connection_kept():
    """Called through WSGI, every answer would close the database connection, and with it the
    test's transaction (PostgreSQL): keep it open, as Django's own test client does. (Use it
    after the test client: the client connects the handlers again when it is done.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_api_answers_as_documented(real_ids, member, client, settings):
    """Every operation in turn; the failures of all of them are reported together."""
    settings.SUPPORT_FORM_RATE = "1000/h"  # fuzz the form's rules, not only its rate limit
    client.force_login(member)
    client.get(reverse("assemblies:support"))  # a page with a form sets the CSRF cookie
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    # Uncompressed answers: the test client does not undo the site's gzip.
    headers = {"X-CSRFToken": cookies["csrftoken"], "Accept-Encoding": "identity"}

    failures = []
    operations = 0
    with connection_kept():
        schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", application)
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            try:
                _fuzz(operation, real_ids, cookies, headers)
            except Exception as error:  # collected, and all reported below
                failures.append(f"{operation.label}:\n{error}")

    assert operations >= 20
    assert not failures, "\n\n".join(failures)
