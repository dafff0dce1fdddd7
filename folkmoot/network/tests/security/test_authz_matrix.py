"""The authorisation matrix: for every URL name the site has (web pages and API), what each kind
of person gets, read from ``authz_table.EXPECTED``.

Each GET, and each POST to a view that changes something, runs once per person (anonymous, a
member, another assembly's member, a teller, an organiser, a delegate, a council's convener, a
network organiser), each in its own savepoint on one shared world, so every request sees the same
records. A status is the HTTP code, or ``L`` for a redirect to sign in; ``*`` after it means
the POST changed the records it should change (``authz_routes.EFFECTS``), so a redirect that
did the thing differs from one that refused.

A new URL without a row fails ``test_every_url_has_a_row``: add it to ``authz_routes.ARGS``
(which record it is tried on) and ``authz_table.EXPECTED`` (who may do what), and think about
each cell. ``FOLKMOOT_AUTHZ_PRINT=1`` prints the rows as the site answers now, to start from.
"""

import json
import os

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .authz_routes import ARGS, EFFECTS, FORM_POSTS, JSON_POSTS, QUERY
from .authz_table import EXPECTED
from .world import ROLES, World, build_world

LOGIN_PREFIXES = ("/accounts/login/", "/admin/login/")


def url_names() -> set[str]:
    """Every named URL, namespaced, except the Django admin's own pages (the admin checks
    ``is_staff`` itself; its front page has a row)."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner and namespace:
                    inner = f"{namespace}:{inner}"
                walk(pattern, inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None)
    return {name for name in names if not name.startswith("admin:")} | {"admin:index"}


def _status(response) -> str:
    if response.status_code in (301, 302) and response["Location"].startswith(LOGIN_PREFIXES):
        return "L"
    return str(response.status_code)


def _request(client, world: World, name: str, role: str, method: str) -> str:
    """One request by one person, in a savepoint rolled back afterwards."""
    url = reverse(name, args=ARGS[name](world))
    effect = EFFECTS.get(name) if method == "post" else None
    with transaction.atomic():
        cache.clear()  # rate limits start afresh for every cell
        before = effect(world) if effect else None
        client.logout()
        if world.people[role] is not None:
            client.force_login(world.people[role])
        if method == "get":
            response = client.get(url + QUERY.get(name, ""))
        elif name in JSON_POSTS:
            response = client.post(
                url, json.dumps(JSON_POSTS[name]), content_type="application/json"
            )
        else:
            response = client.post(url, FORM_POSTS.get(name, {}))
        status = _status(response)
        if effect and effect(world) != before:
            status += "*"
        transaction.set_rollback(True)
    return status


def _row(client, world: World, name: str, method: str) -> str:
    return " ".join(_request(client, world, name, role, method) for role in ROLES)


@pytest.fixture
def world(elm_park, oak_row, organiser, member) -> World:
    return build_world(elm_park, oak_row, organiser, member)


def test_every_url_has_a_row():
    names = url_names()

    missing = sorted(names - set(EXPECTED))
    assert not missing, f"Add these URL names to authz_table.EXPECTED: {missing}"
    assert not sorted(names - set(ARGS)), "and to authz_routes.ARGS"
    assert not sorted(set(EXPECTED) - names), "rows for URL names that no longer exist"


def test_every_row_names_every_role():
    for name, (get, post) in EXPECTED.items():
        assert len(get.split()) == len(ROLES), name
        assert post is None or len(post.split()) == len(ROLES), name


def test_the_matrix(client, world):
    """Who gets what, for every URL; all differences are reported at once."""
    printing = os.environ.get("FOLKMOOT_AUTHZ_PRINT") == "1"
    wrong = []
    for name in sorted(url_names() & set(EXPECTED)):
        get, post = EXPECTED[name]
        seen_get = _row(client, world, name, "get")
        seen_post = _row(client, world, name, "post") if post is not None or printing else None
        if printing:
            print(f'    "{name}": ("{seen_get}", "{seen_post}"),')
            continue
        if seen_get != get:
            wrong.append(f"GET {name}\n  expected {get}\n  got      {seen_get}")
        if post is not None and seen_post != post:
            wrong.append(f"POST {name}\n  expected {post}\n  got      {seen_post}")
    header = "roles:   " + " ".join(ROLES)
    assert not wrong, header + "\n" + "\n".join(wrong)
