"""Reading and writing BLT files."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from folkmoot.decisions.counting.blt import (
    BltElection,
    BltError,
    parse_blt,
    repair_mojibake,
    split_name,
    write_blt,
)

SIMPLE = b"""4 2
3 1 2 0
2 2 1 3 0
1 4 0
0
"Ada ALLAN"
"Ben BROWN"
"Cal COOK"
"Dee DAVIS"
"Ward 1 - Anytown"
"""


def test_reads_the_parts_of_a_simple_file():
    e = parse_blt(SIMPLE)
    assert (e.num_candidates, e.seats) == (4, 2)
    assert e.ballots == [(3, (1, 2)), (2, (2, 1, 3)), (1, (4,))]
    assert e.names == ["Ada ALLAN", "Ben BROWN", "Cal COOK", "Dee DAVIS"]
    assert e.parties == [None] * 4
    assert e.title == "Ward 1 - Anytown"
    assert e.withdrawn == ()
    assert e.candidate_ids == ("1", "2", "3", "4")


def test_withdrawn_line_and_comments_and_blank_lines():
    e = parse_blt(b"3 1\n-2\n# a comment\n\n4 1 2 0\n0\nA\nB\nC\nT\n")
    assert e.withdrawn == (2,)
    assert e.comments == ["# a comment"]
    assert e.ballots == [(4, (1, 2))]


def test_several_withdrawn_on_one_line():
    e = parse_blt(b"4 1\n-2 -4\n1 1 0\n0\nA\nB\nC\nD\nT\n")
    assert e.withdrawn == (2, 4)


def test_commas_as_separators_and_in_unquoted_names():
    e = parse_blt(b"3 1,\n786 1 0,\n87 1 2 0,\n0,\nKathleen BAIRD,\nWilma,LUMSDEN\nBob,\nWard 9,\n")
    assert e.seats == 1
    assert e.ballots == [(786, (1,)), (87, (1, 2))]
    assert e.names == ["Kathleen BAIRD", "Wilma LUMSDEN", "Bob"]
    assert e.title == "Ward 9"


def test_a_quoted_title_keeps_its_comma():
    e = parse_blt(b'1 1\n1 1 0\n0\n"A"\n"Barraigh, Bhatarsaigh"\n')
    assert e.title == "Barraigh, Bhatarsaigh"


@pytest.mark.parametrize(
    ("line", "name", "party"),
    [
        (
            '"Brian ALLAN ""Alba Party for independence"""',
            "Brian ALLAN",
            "Alba Party for independence",
        ),
        ('"""Kate CAMPBELL"" ""Scottish Conservative"""', "Kate CAMPBELL", "Scottish Conservative"),
        ('"""Sally COGLEY"" ""The Rubbish Party"" "', "Sally COGLEY", "The Rubbish Party"),
        (
            '"Jamie COLE-HAMILTON" "Scottish Green Party"',
            "Jamie COLE-HAMILTON",
            "Scottish Green Party",
        ),
        ('"Lab ""George ADAM"" "', "George ADAM", "Lab"),
        ('"Grn ""Richie BRIAN"""', "Richie BRIAN", "Grn"),
        ('"Lesley BERRY"', "Lesley BERRY", None),
        ("Miles BRIGGS   (Con)", "Miles BRIGGS (Con)", None),
        (
            '"Joanna MOORE" "Scottish Family Party Pro-Family, Pro-Marriage"',
            "Joanna MOORE",
            "Scottish Family Party Pro-Family, Pro-Marriage",
        ),
    ],
)
def test_names_with_party_labels(line, name, party):
    assert split_name(line) == (name, party)


def test_mixed_encoding_lines_are_read_and_mojibake_repaired():
    data = (
        b"3 1\n1 1 0\n0\n"
        + "Ren\u00e9e SLATER\n".encode()  # UTF-8
        + "Jos\u00e9 PEREZ\n".encode("cp1252")  # one line in Windows-1252
        + '"Le\u00c3\u00b3dhas MASSIE ""Greens"""\n'.encode()  # UTF-8 read as cp1252, saved
        + b"Title\n"
    )
    e = parse_blt(data)
    assert e.names == ["Ren\u00e9e SLATER", "Jos\u00e9 PEREZ", "Le\u00f3dhas MASSIE"]
    assert e.parties[2] == "Greens"
    assert any("line 5" in w for w in e.warnings)


def test_repair_leaves_real_text_alone():
    assert repair_mojibake("Ren\u00e9e") == "Ren\u00e9e"
    assert repair_mojibake("\u00c3 bientot") == "\u00c3 bientot"  # not valid UTF-8 once re-encoded
    assert repair_mojibake("J\u00c3\u00a9r\u00c3\u00a9mie") == "J\u00e9r\u00e9mie"


def test_names_from_alternative_name_comments_when_the_file_has_none():
    e = parse_blt(
        b"2 1\n1 1 0\n0\n# ALTERNATIVE NAME 1: Gary Barton (Ind)\n"
        b"# ALTERNATIVE NAME 2: Ruth Simpson (Lab)\nCalton ward\n"
    )
    assert e.names == ["Gary Barton (Ind)", "Ruth Simpson (Lab)"]
    assert e.title == "Calton ward"


def test_equal_rankings_are_kept_as_tuples():
    e = parse_blt(b"3 1\n2 1=2 3 0\n0\nA\nB\nC\nT\n")
    assert e.ballots == [(2, ((1, 2), 3))]
    assert "1=2" in write_blt(e)


def test_ballot_ids_in_brackets_are_ignored():
    e = parse_blt(b"2 1\n(a1) 1 2 1 0\n0\nA\nB\nT\n")
    assert e.ballots == [(1, (2, 1))]


def test_a_repeated_preference_counts_once_with_a_warning():
    e = parse_blt(b"2 1\n1 1 2 1 0\n0\nA\nB\nT\n")
    assert e.ballots == [(1, (1, 2))]
    assert "line 2" in e.warnings[0]


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"", 0, "empty"),
        (b"four 2\n", 1, "number of candidates"),
        (b"4\n", 1, "number of candidates and of seats"),
        (b"2 0\n0\nA\nB\nT\n", 1, "at least one seat"),
        (b"2 1\n1 1 2\n0\nA\nB\nT\n", 2, "end with 0"),
        (b"2 1\n1 1 3 0\n0\nA\nB\nT\n", 2, "no candidate 3"),
        (b"2 1\n1 1 x 0\n0\nA\nB\nT\n", 2, "not 'x'"),
        (b"2 1\n1 1 0 2 0\n0\nA\nB\nT\n", 2, "0 may only end"),
        (b"2 1\n-1 1 0\n0\nA\nB\nT\n", 2, "withdrawn"),
        (b"2 1\n1 1 0\n1 2 0", 4, "missing"),
        (b"2 1\n1 1 0\n0\nA\n", 5, "names 1 of its 2 candidates"),
        (b"2 1\n1 1 0\n0\nA\nB\nT\nextra\n", 7, "after the title"),
        (b"2 1\n-3\n1 1 0\n0\nA\nB\nT\n", 2, "-1 to -2"),
        (b"2 1\n1 1=x 0\n0\nA\nB\nT\n", 2, "a preference"),
    ],
)
def test_malformed_files_name_the_line(data, line, words):
    with pytest.raises(BltError) as info:
        parse_blt(data, source="bad.blt")
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith("bad.blt: ")


def test_write_blt_round_trips_a_file_with_everything():
    e = BltElection(
        num_candidates=3,
        seats=2,
        ballots=[(5, (1, 2, 3)), (2, ((2, 3), 1)), (1, ())],
        names=["Ada", "Ben BROWN", 'Cal "Ace" COOK'],
        parties=[None, "Green Party", None],
        title="Ward 7",
        withdrawn=(3,),
    )
    again = parse_blt(write_blt(e))
    assert again.ballots == e.ballots
    assert again.names[:2] == e.names[:2]
    assert again.parties[:2] == e.parties[:2]
    assert (again.title, again.withdrawn, again.seats) == ("Ward 7", (3,), 2)


names = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"#,'),
        min_size=1,
        max_size=12,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    n=st.integers(min_value=1, max_value=6),
    seats=st.integers(min_value=1, max_value=3),
)
def test_property_write_then_parse_gives_the_same_election(data, n, seats):
    ballots = data.draw(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=50),
                st.lists(st.integers(min_value=1, max_value=n), unique=True).map(tuple),
            ),
            max_size=8,
        )
    )
    e = BltElection(
        num_candidates=n,
        seats=seats,
        ballots=ballots,
        names=data.draw(st.lists(names, min_size=n, max_size=n)),
        parties=data.draw(st.lists(st.none() | names, min_size=n, max_size=n)),
        title=data.draw(names),
    )
    again = parse_blt(write_blt(e))
    assert again.ballots == e.ballots
    assert again.names == e.names
    assert again.parties == e.parties
    assert again.title == e.title
