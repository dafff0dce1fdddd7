"""UK postcodes: normalising what people type, and the prefixes an area can be defined by.

A postcode such as ``EH8 9YL`` has an outward code (``EH8``: postcode area ``EH`` and district
``EH8``) and an inward code (``9YL``). The sector is the outward code plus the inward digit
(``EH8 9``); the unit is the whole postcode. Areas are defined by districts, sectors or units,
so matching a postcode means trying its prefixes from the most specific to the least.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from localflavor.gb.forms import GBPostcodeField

_OUTCODE = GBPostcodeField.outcode_pattern
_PREFIX_RE = re.compile(rf"^(?P<outward>{_OUTCODE})(?: ?(?P<digit>[0-9])(?P<unit>[A-Z]{{2}})?)?$")
_AREA_RE = re.compile(r"^[A-PR-UWYZ][A-HIK-Y]?$")


class InvalidPostcode(ValueError):
    """Raised with a message a person can act on."""


def normalise_postcode(raw: str) -> str:
    """Return a full UK postcode in its standard form (``eh8 9yl`` → ``EH8 9YL``)."""
    try:
        value = GBPostcodeField(required=True).clean((raw or "").strip())
    except ValidationError as error:
        raise InvalidPostcode(
            _("Enter a full UK postcode, like EH8 9YL. Check the letters and numbers.")
        ) from error
    return value


def normalise_prefix(raw: str) -> str:
    """Return a normalised postcode prefix: area (``EH``), district (``EH8``), sector (``EH8 9``)
    or a full postcode. People search with whatever part they know."""
    value = re.sub(r"\s+", " ", (raw or "").strip().upper())
    if _AREA_RE.match(value):
        return value
    compact = value.replace(" ", "")
    # The inward code is always digit + two letters, so split a full postcode from the end.
    if re.match(rf"^(?:{_OUTCODE})[0-9][A-Z]{{2}}$", compact):
        return normalise_postcode(compact)
    match = _PREFIX_RE.match(value)
    if not match:
        raise InvalidPostcode(
            _("Enter a postcode or the start of one, like EH8 9YL, EH8 9 or EH8.")
        )
    if match.group("digit"):
        return f"{match.group('outward')} {match.group('digit')}"
    return match.group("outward")


def postcode_prefixes(postcode: str) -> list[str]:
    """The prefixes of a normalised postcode, most specific first:
    ``EH8 9YL`` → ``["EH8 9YL", "EH8 9", "EH8", "EH"]``."""
    outward, _space, inward = postcode.partition(" ")
    letters = re.match(r"^[A-Z]+", outward)
    prefixes = [postcode]
    if inward:
        prefixes.append(f"{outward} {inward[0]}")
    prefixes.append(outward)
    if letters and letters.group(0) != outward:
        prefixes.append(letters.group(0))
    return list(dict.fromkeys(prefixes))


def sector_of(postcode: str) -> str:
    """The postcode sector (``EH8 9``) of a normalised full postcode."""
    outward, _space, inward = postcode.partition(" ")
    return f"{outward} {inward[0]}" if inward else outward


class PostcodeField(forms.CharField):
    """A form field for a full UK postcode, normalised, with a message that says how to fix it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("label", _("Postcode"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            return normalise_postcode(value)
        except InvalidPostcode as error:
            raise ValidationError(str(error), code="invalid") from error
