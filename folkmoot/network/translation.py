"""``gettext`` and ``ngettext`` remembered per language, for code that words the same messages
thousands of times in one go (legitimacy verdicts for a whole directory or council).

A miss in Django's translation catalogues walks every app's catalogue in turn, and for
English most messages have no entry: keeping the answers took working out 1,104 assemblies'
legitimacy from 0.88 s to 0.76 s. The catalogues do not change while the site runs, so the
answer for a language and a message can be kept.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils import translation


@lru_cache(maxsize=4096)
def _gettext(language: str | None, message: str) -> str:
    return translation.gettext(message)


@lru_cache(maxsize=4096)
def _ngettext(language: str | None, singular: str, plural: str, number: int) -> str:
    return translation.ngettext(singular, plural, number)


def gettext(message: str) -> str:
    return _gettext(translation.get_language(), message)


def ngettext(singular: str, plural: str, number: int) -> str:
    return _ngettext(translation.get_language(), singular, plural, number)
