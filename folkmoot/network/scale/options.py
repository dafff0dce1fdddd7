"""What the command was asked for, and the sizes derived from it."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

DEFAULT_ASSEMBLIES = 10_000
MEMBERS_PER_ASSEMBLY = 100
DEFAULT_MEETINGS = 4
DEFAULT_BATCH = 10_000
FEWEST_MEMBERS = 6  # an assembly's organisers, facilitator, tellers and note-taker

# Shares of neighbourhood assemblies in each state. A young network: a few legitimate, some
# just short of it (one criterion missed at one recent meeting), some too new to be judged.
LEGITIMATE_SHARE = 0.07
SHORT_SHARE = 0.06
NEW_SHARE = 0.08

LEGITIMATE, SHORT, GROWING, NEW = "legitimate", "short", "growing", "new"
SHORT_WAYS = ("attendance", "coverage", "notice", "process")


class OptionsError(ValueError):
    """Sizes that cannot make a network; the message says what to change."""


@dataclass(frozen=True)
class Options:
    assemblies: int
    members: int
    meetings: int
    seed: int
    batch: int
    today: datetime.date
    questions: bool = True

    @property
    def now(self) -> datetime.datetime:
        """The generator's "now": the start of ``today`` in the site's timezone. Everything
        held is before it, everything planned after it."""
        return at(self.today, 0)

    def rng(self, *parts: object) -> random.Random:
        """A random source for one part of the network: the same parts, the same numbers,
        however the work is split into chunks."""
        return random.Random("/".join(str(p) for p in (self.seed, *parts)))


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time on a day, as an aware UTC datetime (what the database gives back)."""
    local = datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    return local.astimezone(datetime.UTC)


def derive(
    *,
    assemblies: int | None,
    members: int | None,
    meetings: int | None,
    scale: float | None,
    seed: int,
    batch: int | None,
    today: datetime.date,
    questions: bool = True,
) -> Options:
    """Fill in what was not given: ``--scale`` shrinks or grows the default network, and
    members and meetings follow the number of assemblies."""
    if scale is not None and scale <= 0:
        raise OptionsError("--scale must be more than 0, for example 0.01.")
    count = assemblies if assemblies is not None else round(DEFAULT_ASSEMBLIES * (scale or 1))
    if count < 1:
        raise OptionsError("Ask for at least one assembly.")
    people = members if members is not None else count * MEMBERS_PER_ASSEMBLY
    held = meetings if meetings is not None else DEFAULT_MEETINGS
    if held < 1:
        raise OptionsError("Each assembly needs at least one meeting (--meetings-per-assembly).")
    if people < count * FEWEST_MEMBERS * 1.1:
        raise OptionsError(
            f"{people} members are too few for {count} assemblies: each needs at least "
            f"{FEWEST_MEMBERS} (organisers, facilitator, tellers, note-taker). Ask for at least "
            f"{int(count * FEWEST_MEMBERS * 1.1) + 1} members."
        )
    size = batch or DEFAULT_BATCH
    if size < 100:
        raise OptionsError("--batch must be at least 100 rows.")
    return Options(
        assemblies=count,
        members=people,
        meetings=held,
        seed=seed,
        batch=size,
        today=today,
        questions=questions,
    )
