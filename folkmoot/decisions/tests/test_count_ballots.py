"""manage.py count_ballots: one JSON line per BLT file, errors named by file and line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

# 60 papers, 2 seats: the hand-worked election 1 of test_stv_scottish (A=1, B=2, C=3, D=4).
GOOD = '''4 2
24 1 2 0
12 1 3 0
10 2 4 0
8 3 0
6 4 2 0
0
"Ada ALLAN ""Green Party"""
"Ben BROWN"
"Cal COOK"
"Dee DAVIS"
"Ward 1 - Anytown"
'''

ONE_SEAT = """3 1
4 1 0
3 2 1 0
2 3 2 0
0
"A"
"B"
"C"
"By-election"
"""


def run(*args):
    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("count_ballots", *args, stdout=out, stderr=err)
    except CommandError as e:
        error = e
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    return lines, err.getvalue(), error


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.blt"
    path.write_text(GOOD)
    return str(path)


def test_scottish_stv_json_line_per_file(good):
    lines, err, error = run(good, "--method", "scottish_stv", "--format", "json")
    assert error is None
    assert err == ""
    (data,) = lines
    assert data["file"] == good
    assert data["seats"] == 2
    assert data["elected"] == [1, 2]  # 1-based numbers, in order of election
    assert data["elected_names"] == ["Ada ALLAN", "Ben BROWN"]
    assert data["names"] == ["Ada ALLAN", "Ben BROWN", "Cal COOK", "Dee DAVIS"]
    assert data["parties"][0] == "Green Party"
    assert data["quota"] == 21
    assert [s["action"] for s in data["stages"]] == ["first_preferences", "surplus", "exclusion"]
    assert data["stages"][0]["votes"] == {"1": 36, "2": 10, "3": 8, "4": 6}
    assert data["stages"][1]["votes"]["2"] == 19.99984
    assert data["stages"][2]["excluded"] == [4]
    assert data["stages"][2]["elected"] == [2]
    assert data["title"] == "Ward 1 - Anytown"


def test_meek_stv(good):
    lines, _, error = run(good, "--method", "meek_stv")
    assert error is None
    assert lines[0]["method"] == "meek_stv"
    assert sorted(lines[0]["elected"]) == [1, 2]


def test_irv_for_a_one_seat_file(tmp_path):
    path = tmp_path / "one.blt"
    path.write_text(ONE_SEAT)
    lines, _, error = run(str(path), "--method", "irv")
    assert error is None
    # 9 papers: A 4, B 3, C 2 -> C out, B 5 of 9: B wins
    assert lines[0]["elected"] == [2]


def test_irv_refuses_a_multi_seat_file_but_goes_on(good, tmp_path):
    path = tmp_path / "one.blt"
    path.write_text(ONE_SEAT)
    lines, _err, error = run(good, str(path), "--method", "irv")
    assert "one seat" in lines[0]["error"]
    assert lines[1]["elected"] == [2]
    assert error is not None


def test_a_malformed_file_is_named_with_its_line_and_the_others_are_still_counted(good, tmp_path):
    bad = tmp_path / "bad.blt"
    bad.write_text("4 2\n24 1 2 0\n12 1 9 0\n0\nA\nB\nC\nD\nT\n")
    lines, err, error = run(str(bad), good, "--seed", "3")
    assert lines[0] == {
        "file": str(bad),
        "error": "there is no candidate 9 (candidates are 1 to 4)",
        "line": 3,
    }
    assert f"{bad}, line 3: there is no candidate 9" in err
    assert lines[1]["elected"] == [1, 2]
    assert "1 of 2 files could not be counted" in str(error)


def test_a_missing_file(good):
    lines, _err, error = run("/no/such/file.blt", good)
    assert lines[0]["file"] == "/no/such/file.blt"
    assert "cannot read" in lines[0]["error"]
    assert lines[1]["elected"] == [1, 2]
    assert error is not None


def test_seed_makes_lots_repeatable(tmp_path):
    path = tmp_path / "tie.blt"
    path.write_text('3 1\n2 1 2 0\n2 2 1 0\n3 3 0\n0\n"A"\n"B"\n"C"\n"T"\n')
    first, _, _ = run(str(path), "--seed", "11")
    again, _, _ = run(str(path), "--seed", "11")
    assert first[0]["elected"] == again[0]["elected"]
    assert first[0]["seed"] == 11
    assert "lot" in first[0]["tie_breaks"][0]


def test_text_format(good):
    out = StringIO()
    call_command("count_ballots", good, "--format", "text", stdout=out)
    assert "elected: 1. Ada ALLAN" in out.getvalue()
