"""Remembered translations still follow the reader's language."""

from django.utils import translation

from folkmoot.network.translation import gettext, ngettext


def test_each_language_gets_its_own_words():
    with translation.override("cy"):
        assert gettext("Privacy") == "Preifatrwydd"
    with translation.override("en-gb"):
        assert gettext("Privacy") == "Privacy"
    with translation.override("cy"):
        assert gettext("Privacy") == "Preifatrwydd"


def test_plurals_follow_the_number():
    with translation.override("en-gb"):
        assert ngettext("%(n)s seat", "%(n)s seats", 1) == "%(n)s seat"
        assert ngettext("%(n)s seat", "%(n)s seats", 2) == "%(n)s seats"
