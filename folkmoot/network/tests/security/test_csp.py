"""The Content-Security-Policy (django-csp) on every page: scripts only from our own host, no
inline script, no eval, no plugins, no framing. Even if someone's text got through as HTML, the
browser would refuse to run it.

Every URL in the authorisation matrix that shows an HTML page to the organiser (or to someone
who is not signed in) is fetched, and each page is also checked for inline script itself.
"""

import pytest
from django.urls import reverse

from .authz_routes import ARGS, QUERY
from .authz_table import EXPECTED
from .html_scan import scan
from .world import World, build_world

UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "*", "http:", "https:"}


def policy_of(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(policy: dict[str, list[str]], where: str) -> None:
    assert policy, f"{where}: no Content-Security-Policy header"
    script = policy.get("script-src", policy.get("default-src"))
    assert script, f"{where}: no script-src"
    assert not UNSAFE & set(script), f"{where}: script-src {script}"
    assert not {"'unsafe-inline'"} & set(policy.get("style-src", [])), where
    assert policy.get("object-src") == ["'none'"], where
    assert policy.get("frame-ancestors") == ["'none'"], where
    assert policy.get("base-uri") == ["'self'"], where


@pytest.fixture
def world(elm_park, oak_row, organiser, member) -> World:
    return build_world(elm_park, oak_row, organiser, member)


def test_every_page_forbids_inline_script(client, world):
    checked = 0
    for name, (get, _post) in sorted(EXPECTED.items()):
        anonymous, organiser = get.split()[0], get.split()[4]
        if "200" not in (anonymous, organiser) or name.startswith(("api-", "admin:")):
            continue
        client.logout()
        if organiser == "200":
            client.force_login(world.people["organiser"])
        response = client.get(reverse(name, args=ARGS[name](world)) + QUERY.get(name, ""))
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert_strict(policy_of(response), name)
        page = scan(response.content.decode())
        assert not page.problems, (name, page.problems)
        checked += 1
    assert checked >= 60


def test_the_api_docs_are_under_the_same_policy(client, db):
    assert_strict(policy_of(client.get(reverse("api-1.0.0:openapi-view"))), "api docs")


def test_the_settings_never_allow_inline_script(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert not UNSAFE & set(directives["script-src"])
    assert "'unsafe-inline'" not in directives["style-src"]
