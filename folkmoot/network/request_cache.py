"""Facts a page asks for many times while it is answered, read from the database once.

Rendering one page asks the same questions again and again: the network's settings, whether
the reader is an organiser of this assembly, whether they are a member. Each answer is kept for
the rest of that request only, so nothing can go stale between requests. Any statement that
writes (INSERT, UPDATE, DELETE, and the transaction statements around them) forgets everything
kept so far, so a page that changes roles or memberships and then reads them sees the change.
Outside a request (tasks, management commands, tests calling services) nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.core.signals import request_finished, request_started
from django.db import connections
from django.db.backends.signals import connection_created

T = TypeVar("T")

_kept: ContextVar[dict | None] = ContextVar("folkmoot_request_cache", default=None)


def remembered(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or what it returned earlier in this request."""
    kept = _kept.get()
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]


def forget() -> None:
    kept = _kept.get()
    if kept:
        kept.clear()


def _start(**kwargs) -> None:
    _kept.set({})


def _finish(**kwargs) -> None:
    _kept.set(None)


def _forget_on_write(execute, sql, params, many, context):
    if _kept.get() and not sql.lstrip()[:6].upper().startswith("SELECT"):
        forget()
    return execute(sql, params, many, context)


def _watch_writes(connection, **kwargs) -> None:
    if _forget_on_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_forget_on_write)


def connect() -> None:
    """Called once from the app's ready()."""
    request_started.connect(_start, dispatch_uid="folkmoot.request_cache.start")
    request_finished.connect(_finish, dispatch_uid="folkmoot.request_cache.finish")
    connection_created.connect(_watch_writes, dispatch_uid="folkmoot.request_cache.writes")
    for connection in connections.all(initialized_only=True):
        _watch_writes(connection)
