"""Counting the SQL queries a page makes with a small network and with one ten times larger.

A page within budget makes the same number of queries at both sizes (nothing is fetched row
by row) and no more than ``BUDGET``. When a page fails, the message lists the queries that
appear more often with the larger network: those are the ones run once per row.

Each test module measures all its pages at once (the ``measured`` fixture in conftest.py):
for each builder, the small network is made and every page measured, then the large one is
added and every page measured again, then everything is rolled back. Building once per
builder rather than once per page keeps the whole set to a couple of minutes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

BUDGET = 15
SMALL, LARGE = 1, 10


@dataclass(frozen=True)
class Page:
    """One page (or API answer) to measure.

    ``build(size, tag)`` makes the data, ``size`` times over, with names made unique by
    ``tag``; ``url`` and ``viewer`` pick the page and who reads it from what was built.
    ``budget`` is raised only for a page that needs more by design; ``why`` says why.
    """

    name: str
    build: Callable[[int, str], Any]
    url: Callable[[Any], str]
    viewer: Callable[[Any], Any] = lambda world: None
    headers: dict[str, str] = field(default_factory=dict)
    budget: int = BUDGET
    why: str = ""

    def __str__(self) -> str:
        return self.name


@dataclass
class Measured:
    """What one page did with each network, or what went wrong measuring it."""

    small: list[str] = field(default_factory=list)
    large: list[str] = field(default_factory=list)
    error: str = ""


def queries_for(page: Page, world: Any) -> list[str]:
    """The SQL of one request for the page, after a first request that warms up what is made
    on first use (the network row, the session)."""
    client = Client()
    viewer = page.viewer(world)
    if viewer is not None:
        client.force_login(viewer)
    url = page.url(world)
    warm = client.get(url, headers=page.headers)
    assert warm.status_code == 200, f"{page.name}: {url} answered {warm.status_code}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=page.headers)
    assert response.status_code == 200, f"{page.name}: {url} answered {response.status_code}"
    return [query["sql"] for query in captured.captured_queries]


def _measure(page: Page, world: Any, found: Measured, into: list[str]) -> None:
    if found.error:
        return
    try:
        into.extend(queries_for(page, world))
    except Exception as error:
        found.error = f"{type(error).__name__}: {error}"


def measure_all(pages: Iterable[Page]) -> dict[str, Measured]:
    """Every page's queries with the small and then the large network, builder by builder,
    each builder's networks rolled back before the next one's are made."""
    groups: dict[Callable, list[Page]] = {}
    for page in pages:
        groups.setdefault(page.build, []).append(page)
    found = {page.name: Measured() for group in groups.values() for page in group}
    for build, group in groups.items():
        with transaction.atomic():
            small = build(SMALL, "s")
            for page in group:
                _measure(page, small, found[page.name], found[page.name].small)
            large = build(LARGE, "l")
            for page in group:
                _measure(page, large, found[page.name], found[page.name].large)
            transaction.set_rollback(True)
    return found


def shape(sql: str) -> str:
    """A query with its values taken out, so the same query for different rows matches."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\s*(?:\?|%s)\s*,?)+\)", "(…)", sql)


def check(page: Page, measured: Measured) -> tuple[int, int]:
    """The page's query counts, small and large; fails if they differ or pass the budget."""
    assert not measured.error, f"{page.name}: {measured.error}"
    small, large = measured.small, measured.large
    if len(small) == len(large) <= page.budget:
        # Shown with ``pytest -s``: the table of pages and their queries.
        print(f"\nQUERIES\t{page.name}\t{len(small)}\t{len(large)}\t{page.budget}")
        return len(small), len(large)
    grew = Counter(map(shape, large))
    grew.subtract(Counter(map(shape, small)))
    repeated = "\n".join(
        f"  +{times}: {sql[:400]}" for sql, times in grew.most_common() if times > 0
    )
    listing = "\n".join(f"  {sql[:300]}" for sql in large)
    raise AssertionError(
        f"{page.name}: {len(small)} queries with the small network, {len(large)} with the "
        f"large one (budget {page.budget}).\nMore often with the large one:\n{repeated}\n"
        f"All queries (large):\n{listing}"
    )
