"""Public pages as anonymous visitors see them, built once and shared by every worker.

Most people who read Folkmoot are not signed in: residents looking up their assembly, a
result, the confederation. They all see the same page for the same address and language, so
it is built once and kept in the shared cache (Redis in production) for a few seconds
(``PAGE_CACHE_SECONDS``). Three things keep that honest:

- **Nothing shown is older than the last change.** Every committed write to the database
  moves a data version on (``note_write`` below watches every statement); a kept page built
  under an older version is not served as it stands. The one exception is the time it takes
  to build the new one: while one worker rebuilds a page, the others serve the previous copy
  rather than all building it at once (a busy page would otherwise stall every worker).
- **Time moves pages too** ("closes in 2 hours", a vote closing at its time, a verdict that
  depends on today): a page is kept ``PAGE_CACHE_SECONDS`` at most.
- **Only the same page for everyone is shared**: GET requests with no session cookie (so
  nobody signed in), no pending messages, no htmx partial and no API token, to the views
  listed in ``PUBLIC_PAGES`` or the JSON API; only 200 answers. The forms on a page (the
  language switcher, show support) carry the reader's own CSRF token: it is taken out of the
  kept copy and the reader's own put back in.

Off when the cache is not shared between workers (the local-memory default), since a version
moved in one worker would not be seen by another: see ``settings.PAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token

# Pages whose anonymous version is the same for every reader (by URL name).
PUBLIC_PAGES = frozenset(
    {
        "network:home",
        "network:help",
        "network:help_page",
        "assemblies:directory",
        "assemblies:detail",
        "assemblies:find",
        "legitimacy:assembly",
        "meetings:detail",
        "meetings:list",
        "decisions:proposal",
        "decisions:proposal_list",
        "decisions:vote",
        "decisions:vote_list",
        "decisions:vote_result",
        "decisions:decision_log",
        "councils:list",
        "councils:detail",
        "councils:confederation",
        "councils:questions",
        "councils:question",
        "delegation:delegate",
    }
)
API_PREFIX = "/api/"

VERSION_KEY = "folkmoot:data-version"
PAGE_KEY = "folkmoot:page:"
BUILDING_KEY = "folkmoot:page-building:"
BUILDING_SECONDS = 10  # a worker that dies mid-build holds the page back this long at most
KEPT_AFTER_FRESH = 300  # a stale copy stays this long to be served while the next is built
HEADER = "X-Page-Cache"
# Set again for each reader by the middleware around this one.
NOT_KEPT = frozenset({"set-cookie", "vary", "content-length", HEADER.lower()})

# Statements that change data; anything else (SELECT, SAVEPOINT, SET, PRAGMA...) does not.
WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "TRUNCATE", "COPY"})
WRITES |= {"CREATE", "ALTER", "DROP"}
# Tables whose writes change no public page: sign-in sessions and the background task queue.
UNSEEN_TABLES = ("django_session", "django_tasks")
TABLE = re.compile(r'^\s*\w+\s+(?:INTO\s+|FROM\s+)?"?(\w+)', re.IGNORECASE)
# A masked CSRF token as Django writes it into a page: 64 letters and digits.
TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
TOKEN_HOLE = b"\x00folkmoot-csrf\x00"


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


# --- The data version ---------------------------------------------------------------------


def data_version() -> int | None:
    return cache.get(VERSION_KEY)


def move_version() -> None:
    """Called after a write commits: every page kept so far is out of date."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # Never set, or evicted: start from the clock so no old number comes back.
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _is_write(sql: str) -> bool:
    words = sql.lstrip()[:8].split(None, 1)
    if not words or words[0].upper() not in WRITES:
        return False
    table = TABLE.match(sql)
    return not (table and table.group(1).lower().startswith(UNSEEN_TABLES))


def _note_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if enabled() and _is_write(sql):
        connection = context["connection"]
        if not connection.in_atomic_block:
            move_version()
        else:
            # Once per transaction (or savepoint: one rolled back takes its callbacks with it),
            # and only if it commits.
            where = set(connection.savepoint_ids)
            if not any(
                func is move_version and sids == where for sids, func, _ in connection.run_on_commit
            ):
                connection.on_commit(move_version)
    return result


def _watch_writes(connection, **kwargs) -> None:
    if _note_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_write)


def connect() -> None:
    """Called once from the app's ready(): every connection, in every process, moves the
    version when it writes (web workers, the task worker, management commands)."""
    connection_created.connect(_watch_writes, dispatch_uid="folkmoot.page_cache.writes")
    for connection in connections.all(initialized_only=True):
        _watch_writes(connection)


# --- Which requests share a page ------------------------------------------------------------


def shareable(request: HttpRequest) -> bool:
    """A request whose answer is the same for every anonymous reader of this address."""
    if request.method != "GET" or not enabled():
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META or "HTTP_HX_REQUEST" in request.META:
        return False
    match = request.resolver_match
    return request.path_info.startswith(API_PREFIX) or (
        match is not None and match.view_name in PUBLIC_PAGES
    )


def page_key(request: HttpRequest) -> str:
    where = "\n".join(
        [
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
        ]
    )
    return PAGE_KEY + hashlib.sha256(where.encode()).hexdigest()


# --- Keeping and serving a page -------------------------------------------------------------


def _keep(request: HttpRequest, response: HttpResponse, key: str, version: int) -> None:
    content = response.content
    secret = request.META.get("CSRF_COOKIE")
    if secret and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        # The page holds this reader's token: keep a hole where it was.
        content = TOKEN.sub(
            lambda m: TOKEN_HOLE if _unmask_cipher_token(m.group().decode()) == secret else m[0],
            content,
        )
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_KEPT]
    fresh_until = time.time() + settings.PAGE_CACHE_SECONDS
    kept = (version, fresh_until, content, headers)
    cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS + KEPT_AFTER_FRESH)


def _serve(request: HttpRequest, kept: tuple, how: str) -> HttpResponse:
    _version, _fresh_until, content, headers = kept
    if TOKEN_HOLE in content:
        content = content.replace(TOKEN_HOLE, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[HEADER] = how
    return response


class PublicPageCacheMiddleware:
    """Serves and keeps anonymous pages; last in MIDDLEWARE, so it keeps what the view
    answered and every other middleware still handles a kept page on its way out (security
    headers, CSP, gzip, the CSRF cookie)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        building = getattr(request, "_page_cache", None)
        if building is None:
            return response
        key, version, holds_lock = building
        try:
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and "private" not in response.get("Cache-Control", "")
                and not request.user.is_authenticated
            ):
                _keep(request, response, key, version)
        finally:
            if holds_lock:
                cache.delete(BUILDING_KEY + key)
        response[HEADER] = "miss"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not shareable(request):
            return None
        key = page_key(request)
        found = cache.get_many([VERSION_KEY, key])
        version, kept = found.get(VERSION_KEY), found.get(key)
        if version is None:
            move_version()
            version = data_version()
        if kept is not None and kept[0] == version and time.time() < kept[1]:
            return _serve(request, kept, "hit")
        # Out of date or missing: one worker builds it, the others serve the last copy.
        holds_lock = cache.add(BUILDING_KEY + key, 1, timeout=BUILDING_SECONDS)
        if not holds_lock and kept is not None:
            return _serve(request, kept, "stale")
        request._page_cache = (key, version, holds_lock)
        return None
