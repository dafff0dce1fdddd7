"""A crowd of browsers for the concurrency tests: each visitor has its own cookies (sign-in,
CSRF, flash messages) and its own connection, and ``at_once`` starts their requests together.

No third-party HTTP client is installed, so this is ``http.client`` with a small cookie jar.
Redirects are not followed by themselves: a test sees the 302, then ``follow`` reads the page
(and the message) the person saw next.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import TypeVar
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.test import Client

T = TypeVar("T")

# Requests in flight at once. Each one holds a PostgreSQL connection in the live server, and
# the server allows 100 (other test runs may share it), so bigger crowds go in waves.
MOST_AT_ONCE = 40


@dataclass
class Reply:
    status: int
    location: str
    text: str  # the body with HTML entities decoded, so messages compare as typed
    data: dict | None = None  # the JSON body, for the API

    def says(self, phrase: str) -> bool:
        return phrase in self.text

    @property
    def messages(self) -> list[str]:
        """The flash messages on the page, in words."""
        found = re.findall(r'<p class="message[^"]*"[^>]*>(.*?)</p>', self.text, re.S)
        return [" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in found]


class Visitor:
    """One person's browser."""

    def __init__(self, base_url: str, session_key: str = ""):
        parts = urlsplit(base_url)
        self.base = base_url
        self.host, self.port = parts.hostname, parts.port
        # Django takes an unmasked 32-character secret as the token too.
        self.cookies: dict[str, str] = {settings.CSRF_COOKIE_NAME: secrets.token_hex(16)}
        if session_key:
            self.cookies[settings.SESSION_COOKIE_NAME] = session_key

    def copy(self) -> Visitor:
        """The same person in a second tab: same sign-in, its own flash messages."""
        twin = Visitor(self.base)
        twin.cookies = dict(self.cookies)
        return twin

    def _send(self, method: str, path: str, body: bytes = b"", headers=None) -> Reply:
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            text = html.unescape(raw.decode("utf-8", "replace"))
            data = None
            if response.headers.get("Content-Type", "").startswith("application/json"):
                data = json.loads(raw or b"null")
            return Reply(response.status, response.headers.get("Location", ""), text, data)
        finally:
            connection.close()

    def _keep(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.coded_value

    @property
    def csrf(self) -> str:
        return self.cookies[settings.CSRF_COOKIE_NAME]

    def get(self, path: str) -> Reply:
        return self._send("GET", path)

    def post(self, path: str, data: dict) -> Reply:
        body = urlencode({**data, "csrfmiddlewaretoken": self.csrf}, doseq=True).encode()
        return self._send("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path: str, payload: dict) -> Reply:
        return self._send(
            "POST",
            path,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", "X-CSRFToken": self.csrf},
        )

    def follow(self, reply: Reply) -> Reply:
        """The page a browser shows after a redirect (a reply that is not one is kept)."""
        if reply.status not in (301, 302, 303):
            return reply
        target = urljoin(self.base + "/", reply.location)
        parts = urlsplit(target)
        return self.get(parts.path + (f"?{parts.query}" if parts.query else ""))


def visitor(live_server, user=None) -> Visitor:
    """A browser pointed at the live server, signed in as ``user`` if given."""
    key = ""
    if user is not None:
        client = Client()
        client.force_login(user)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Visitor(live_server.url, key)


def at_once(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run every call in its own thread, all released together, in waves of MOST_AT_ONCE;
    the results in the calls' order. A call that raised fails the test after all have run."""
    results: list = [None] * len(calls)
    errors: list[BaseException] = []
    for start in range(0, len(calls), MOST_AT_ONCE):
        wave = list(enumerate(calls))[start : start + MOST_AT_ONCE]
        barrier = threading.Barrier(len(wave))

        def run(index: int, call: Callable[[], T], barrier=barrier) -> None:
            try:
                barrier.wait(timeout=30)
                results[index] = call()
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=run, args=pair) for pair in wave]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def no_server_errors(replies: Sequence[Reply]) -> None:
    broken = [(r.status, r.text[:300]) for r in replies if r.status >= 500]
    assert broken == [], broken


def add_members(assembly, n: int, tag: str, residency: str = "") -> list:
    """``n`` new members of ``assembly`` named "<tag> 01"...; self-declared residents unless
    told otherwise. Bulk inserts: the crowd is set up in a moment."""
    from folkmoot.accounts.models import User
    from folkmoot.assemblies.models import Membership

    users = User.objects.bulk_create(
        User(email=f"{tag.lower()}{i:02}@example.org", display_name=f"{tag} {i:02}")
        for i in range(1, n + 1)
    )
    Membership.objects.bulk_create(
        Membership(
            assembly=assembly,
            person=user,
            residency=residency or Membership.Residency.SELF_DECLARED,
        )
        for user in users
    )
    return users
