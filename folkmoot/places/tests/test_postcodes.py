import pytest

from folkmoot.places.postcodes import (
    InvalidPostcode,
    normalise_postcode,
    normalise_prefix,
    postcode_prefixes,
    sector_of,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("eh8 9yl", "EH8 9YL"),
        ("EH89YL", "EH8 9YL"),
        ("  eh8   9yl ", "EH8 9YL"),
        ("sw1a1aa", "SW1A 1AA"),
        ("W1A 0AX", "W1A 0AX"),
        ("m1 1ae", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_normalise_postcode(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "EH8", "EH8 9", "12345", "EH8 9Y", "QQ1 1AA", "hello", "EH8 9CI"]
)
def test_normalise_postcode_refuses_what_is_not_a_full_postcode(typed):
    with pytest.raises(InvalidPostcode, match="full UK postcode"):
        normalise_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("eh", "EH"),
        ("eh8", "EH8"),
        ("eh8 9", "EH8 9"),
        ("EH8  9", "EH8 9"),
        ("sw1a", "SW1A"),
        ("sw1a 1", "SW1A 1"),
        ("eh8 9yl", "EH8 9YL"),
        ("eh89yl", "EH8 9YL"),
    ],
)
def test_normalise_prefix(typed, expected):
    assert normalise_prefix(typed) == expected


@pytest.mark.parametrize("typed", ["", "8", "8EH", "EH8 9Y", "not a postcode", "EH8 9YLX"])
def test_normalise_prefix_says_how_to_fix(typed):
    with pytest.raises(InvalidPostcode, match="like EH8 9YL"):
        normalise_prefix(typed)


def test_prefixes_most_specific_first():
    assert postcode_prefixes("EH8 9YL") == ["EH8 9YL", "EH8 9", "EH8", "EH"]
    assert postcode_prefixes("SW1A 1AA") == ["SW1A 1AA", "SW1A 1", "SW1A", "SW"]
    assert postcode_prefixes("M1 1AE") == ["M1 1AE", "M1 1", "M1", "M"]


def test_prefixes_of_a_prefix():
    assert postcode_prefixes("EH8") == ["EH8", "EH"]
    assert postcode_prefixes("EH8 9") == ["EH8 9", "EH8", "EH"]


def test_sector():
    assert sector_of("EH8 9YL") == "EH8 9"
