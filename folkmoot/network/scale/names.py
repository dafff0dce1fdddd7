"""Invented names for places and people, and postcodes in UK postcode areas nobody uses.

Every name is made from the word lists below with the generator's seeded random source, so a
seed always gives the same places and people. Postcodes follow the real shape (``FA12 3BX``)
and pass the site's postcode check, but their two-letter areas are not real ones, so no real
street is ever named.
"""

from __future__ import annotations

import itertools
import random
import re

from django.utils.text import slugify


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Ada Aisha Alfie Amara Amir Anna Arjun Ayesha Ben Bilal Bronwen Callum Carys Chen Chloe "
    "Ciaran Dafydd Dev Dylan Efe Eilidh Elif Ellis Emeka Esme Ewan Fatima Femi Finlay Freya "
    "Gareth Grace Gus Hamza Hana Harriet Ibrahim Imani Iona Isla Ivan Jack Jamal Jaspreet Jia "
    "Joe Kasia Kemi Kian Kofi Lara Leila Lewis Lily Lucy Maeve Mai Marek Maryam Mateo Mia "
    "Mohammed Morag Nadia Niamh Noah Nuala Olu Omar Oscar Owen Pablo Patrick Pia Priya Rhys "
    "Rosa Rory Ruth Sam Sana Seren Shona Sian Sofia Tariq Tegan Theo Tom Una Vikram Wiktor "
    "Yara Yusuf Zainab Zara Zofia"
)
INITIALS = "ABCDEFGHJKLMNOPRSTWY"

_STARTS = _words(
    "Ash Bar Birch Black Bram Brook Cal Castle Chap Clay Cold Corn Cross Dun Elm Fair Fern "
    "Ford Fox Glen Green Hale Hart Hazel Heath High Holly Kings Kirk Lark Lin Long Marl Mill "
    "Moss New North Oak Old Pen Red Rose Rush Salt Sand Shaw South Stan Stone Sud Thorn Tod "
    "Wal Water West Whit Wick Wil Wood Wyn Yar"
)
_ENDS = _words(
    "bank bourne bridge brook burn bury by caster cliffe combe cote croft dale don field ford "
    "gate ham hampton haven hill holme hurst ley lington mere minster mouth ness port ridge "
    "shaw side stead stow thorpe ton vale well wick wood worth"
)
_FEATURES = _words(
    "Green Park Hill Row Fields Common End Cross Gardens Heath Lane Lea Quay Rise Square "
    "Terrace Vale Village Wharf Yard"
)
_REGION_WORDS = _words("North South East West Central Upper Lower Inner Outer Mid")
STREETS = ["Mill Lane", "Church Street", "Station Road", "Victoria Road", "Park Avenue"]

# The two-letter UK postcode areas in use, left out so no generated postcode is a real one.
REAL_AREAS = set(
    _words(
        "AB AL BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT "
        "DY EC EH EN EX FK FY GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY LA LD "
        "LE LL LN LS LU ME MK ML NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM SA SE SG SK "
        "SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB WA WC WD WF WN WR WS WV YO ZE"
    )
)
FIRST_LETTERS = "ABCDEFGHIJKLMNOPRSTUWYZ"  # no Q, V or X starts a UK postcode
SECOND_LETTERS = "ABCDEFGHKLMNOPQRSTUVWXY"  # no I, J or Z second
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters UK inward codes use
INWARD_UNITS = [a + b for a in INWARD_LETTERS for b in INWARD_LETTERS]
_OUTWARD_RE = re.compile(r"^[A-PR-UWYZ][A-HK-Y][0-9]{1,2}$")


class OutOfPostcodes(ValueError):
    """More postcode districts were asked for than the unused postcode areas hold."""


def outward_codes():
    """Postcode districts (``FA1`` ... ``FA99``, then the next unused area), in a fixed
    order, each one a valid UK outward code in an area nobody uses."""
    for first in "FJUWQKGHYZ":
        for second in SECOND_LETTERS:
            area = first + second
            if area in REAL_AREAS or first not in FIRST_LETTERS:
                continue
            for number in range(1, 100):
                code = f"{area}{number}"
                if _OUTWARD_RE.match(code):
                    yield code


class Postcodes:
    """Hands out postcode districts, and sectors within them, as the tree is built."""

    def __init__(self) -> None:
        self._codes = outward_codes()

    def district(self) -> str:
        try:
            return next(self._codes)
        except StopIteration:
            raise OutOfPostcodes(
                "The network is too large for the unused postcode areas: ask for fewer assemblies."
            ) from None


def units_for(rng: random.Random, sector: str, count: int) -> list[str]:
    """``count`` different full postcodes in a sector, sorted."""
    return sorted(f"{sector}{inward}" for inward in rng.sample(INWARD_UNITS, count))


class Slugs:
    """Unique slugs across a kind of thing: a repeated name gets -2, -3, ..."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def __call__(self, name: str) -> str:
        base = slugify(name)[:110] or "place"
        slug, number = base, 1
        while slug in self._used:
            number += 1
            slug = f"{base}-{number}"
        self._used.add(slug)
        return slug


def town(rng: random.Random) -> str:
    return rng.choice(_STARTS) + rng.choice(_ENDS)


def neighbourhood(rng: random.Random, near: str) -> str:
    """A neighbourhood: its own name, or a feature of the town it is near."""
    if rng.random() < 0.5:
        return f"{near} {rng.choice(_FEATURES)}"
    return f"{town(rng)} {rng.choice(_FEATURES)}" if rng.random() < 0.4 else town(rng)


def region(rng: random.Random) -> str:
    return f"{rng.choice(_REGION_WORDS)} {town(rng)}"


def person(rng: random.Random) -> str:
    """A display name as members often give it: a first name and an initial."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(INITIALS)}."


def token(rng: random.Random, nbytes: int) -> str:
    """A URL-safe token like ``secrets.token_urlsafe``, drawn from the seeded source."""
    import base64

    return base64.urlsafe_b64encode(rng.randbytes(nbytes)).rstrip(b"=").decode()


def unusable_password(rng: random.Random) -> str:
    """Like ``make_password(None)``: "!" and 40 random characters, so nobody can sign in."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "!" + "".join(rng.choices(letters, k=40))


def cycle_words(words: list[str], rng: random.Random):
    """The words in a shuffled order, again and again."""
    words = list(words)
    rng.shuffle(words)
    return itertools.cycle(words)
