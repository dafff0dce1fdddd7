'''Read and write BLT files, the plain-text format STV counting programs share.

The format, line by line::

    4 2                 number of candidates, number of seats
    -3                  optional: withdrawn candidates, as negative numbers
    12 1 2 3 0          a ballot: its weight (how many papers), then preferences, then 0
    3 2=4 1 0           "=" ranks candidates equally (see "Equal rankings" below)
    0                   end of the ballots
    "Ada ALLAN"         one candidate name per line, in candidate-number order
    "Ben BROWN ""Green Party"""     a name may carry a party label in doubled quotes
    "Cal COOK"
    "Dee DAVIS"
    "Ward 1 - Anytown"  the title of the election

Being forgiving where real files differ, strict where the numbers are concerned:

- Fields may be separated by spaces, tabs or commas (some published files use commas).
- Blank lines and lines starting with ``#`` are skipped; ``#`` lines are kept as comments.
  Files that carry no name lines but ``# ALTERNATIVE NAME 3: ...`` comments (as some Glasgow
  2007 files do) take their names from those comments.
- A ballot line may start with an id in brackets, ``(a17) 1 2 3 0``; the id is ignored.
- Text is read per line as UTF-8; a line that is not UTF-8 is read as Windows-1252, and
  failing that as Latin-1, so one stray byte never loses a file. Text that was UTF-8 read as
  Windows-1252 and saved again ("LeÃ³dhas" for "Leódhas") is repaired where that is certain.
- Names are stripped of outer quotes (CSV-style doubled quotes are undone) and spaces are
  collapsed. A party label is split into its own field: ``Name "Party"``,
  ``"Name" "Party"`` and ``Party "Name"`` (a one-word label before the quoted name, as in
  the Aberdeen 2012 files) are understood. ``Name (Party)`` is left as the name, since that
  is how it is printed on the ballot paper.

Equal rankings: ``2=4`` puts candidates 2 and 4 at the same rank. The file keeps them
(``write_blt`` writes them back), but no STV count in this package can give a paper two
equal preferences: under the Scottish rules only preferences "in consecutive order" count, so
a paper is used up to the rank before the first tie, and a paper whose *first* preference
is tied is not valid at all. See ``_ballots.prepare``.

Malformed input raises ``BltError`` with the line number and what is wrong.
'''

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["BltElection", "BltError", "parse_blt", "read_blt", "write_blt"]

Rank = int | tuple[int, ...]  # a candidate number, or several ranked equally
Ranking = tuple[Rank, ...]


class BltError(ValueError):
    """A BLT file could not be read. ``line`` is the 1-based line number (0: whole file)."""

    def __init__(self, line: int, message: str, source: str = ""):
        self.line = line
        self.message = message
        self.source = source
        where = f"{source}: " if source else ""
        where += f"line {line}: " if line else ""
        super().__init__(where + message)


@dataclass
class BltElection:
    """Everything in one BLT file. Candidates are numbered from 1, as in the file."""

    num_candidates: int
    seats: int
    # (weight, ranking); a ranking lists candidate numbers, a tuple inside it is a tie.
    ballots: list[tuple[int, Ranking]]
    names: list[str]
    parties: list[str | None] = field(default_factory=list)
    title: str = ""
    withdrawn: tuple[int, ...] = ()
    comments: list[str] = field(default_factory=list)
    # Things that were odd but could be read (repaired text, repeated preferences...).
    warnings: list[str] = field(default_factory=list)
    # False when some ballot ranks candidates equally ("2=4")
    plain: bool = False

    def __post_init__(self):
        if not self.parties:
            self.parties = [None] * self.num_candidates

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        """The candidates as the option ids the counting functions use: "1", "2", ..."""
        return tuple(str(i) for i in range(1, self.num_candidates + 1))

    @property
    def withdrawn_ids(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.withdrawn)

    def option_ballots(self) -> list[tuple[tuple[str | tuple[str, ...], ...], int]]:
        """The ballots as (ranking of option ids, weight), for the counting functions."""
        out = []
        for weight, ranking in self.ballots:
            out.append(
                (
                    tuple(
                        str(r) if isinstance(r, int) else tuple(str(x) for x in r) for r in ranking
                    ),
                    weight,
                )
            )
        return out


# ---------------------------------------------------------------------------------------
# Text: decoding and repair

_MOJIBAKE_HINT = re.compile("[ÃÂâÅÄ]")


def _decode_line(raw: bytes) -> tuple[str, bool]:
    """Decode one line; the flag says whether a fallback encoding was needed."""
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), True
    except UnicodeDecodeError:
        return raw.decode("latin-1"), True


def _to_cp1252_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))  # the five bytes cp1252 leaves undefined
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 and saved again, where that is certain.

    "LeÃ³dhas" becomes "Leódhas". Text is changed only if it re-encodes to valid UTF-8, so
    a real "Ã" in a name is left alone unless it is followed by exactly the bytes a
    mis-read would leave.
    """
    for _ in range(2):  # twice mis-read text needs two passes
        if not _MOJIBAKE_HINT.search(text):
            break
        raw = _to_cp1252_bytes(text)
        if raw is None:
            break
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            break
        if fixed == text:
            break
        text = fixed
    return text


def _unquote_csv(text: str) -> str:
    """Undo CSV quoting (a doubled quote inside means one quote).

    Text that is not one CSV-quoted field is returned as it is.
    """
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        inner = text[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return text


_QUOTED = re.compile(r'"([^"]*)"')
_SPACES = re.compile(r"\s+")


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def split_name(text: str) -> tuple[str, str | None]:
    """A candidate's name line (already decoded) -> (name, party label or None)."""
    content = _unquote_csv(text.strip())
    segments = [_tidy(s) for s in _QUOTED.findall(content)]
    rest = _tidy(_QUOTED.sub(" ", content))
    segments = [s for s in segments if s]
    if not segments:
        return _tidy(content.strip('"')), None
    if not rest:
        # "Name" "Party"  or  "Name"
        return segments[0], (" ".join(segments[1:]) or None)
    first_quote = content.find('"')
    before = _tidy(content[:first_quote])
    if before and " " not in before and before == rest:
        # Party "Name": a one-word label in front of the quoted name
        return segments[0], before
    # Name "Party"
    return rest, " ".join(segments)


# ---------------------------------------------------------------------------------------
# Reading

_ALT_NAME = re.compile(r"^#\s*ALTERNATIVE NAME\s+(\d+)\s*:\s*(.*)$", re.IGNORECASE)
_BALLOT_ID = re.compile(r"^\([^)]*\)\s*")


def _parse_int(token: str, lineno: int, what: str, source: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise BltError(lineno, f"{what} must be a whole number, not {token!r}", source) from None


def parse_blt(data: bytes | str, source: str = "") -> BltElection:
    """Parse the text of a BLT file. ``source`` (a file name) is only used in messages."""
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
            lines = text.split("\n")
            fallback_lines: set[int] = set()
        except UnicodeDecodeError:
            lines = []
            fallback_lines = set()
            for i, raw in enumerate(data.split(b"\n"), start=1):
                line, fell_back = _decode_line(raw)
                lines.append(line)
                if fell_back:
                    fallback_lines.add(i)
    else:
        lines = data.lstrip("\ufeff").split("\n")
        fallback_lines = set()

    comments: list[str] = []
    warnings: list[str] = [
        f"line {i} was not UTF-8 and was read as Windows-1252/Latin-1"
        for i in sorted(fallback_lines)
    ]
    total = len(lines)
    pos = 0  # index into lines

    def next_content() -> tuple[int, str] | None:
        """The next line that is not blank or a comment, as (line number, stripped text)."""
        nonlocal pos
        while pos < total:
            line = lines[pos].strip()
            pos += 1
            if not line:
                continue
            if line.startswith("#"):
                comments.append(line)
                continue
            return pos, line
        return None

    first = next_content()
    if first is None:
        raise BltError(0, "the file is empty", source)
    lineno, line = first
    comma_separated = "," in line
    tokens = line.replace(",", " ").split()
    if len(tokens) < 2:
        raise BltError(
            lineno, "the first line must give the number of candidates and of seats", source
        )
    n = _parse_int(tokens[0], lineno, "the number of candidates", source)
    seats = _parse_int(tokens[1], lineno, "the number of seats", source)
    if n < 1:
        raise BltError(lineno, "there must be at least one candidate", source)
    if seats < 1:
        raise BltError(lineno, "there must be at least one seat", source)

    withdrawn: list[int] = []
    ballots: list[tuple[int, Ranking]] = []
    append = ballots.append
    seen_withdrawn_line = False
    ended = False
    valid = set(range(1, n + 1))
    last_content = pos
    has_ties = False
    while pos < total:
        line = lines[pos]
        pos += 1
        lineno = pos
        if "," in line:
            line = line.replace(",", " ")
        tokens = line.split()
        if not tokens:
            continue
        last_content = lineno
        head = tokens[0]
        if head[0] in "#(":
            if head[0] == "#":
                comments.append(line.strip())
                continue
            tokens = _BALLOT_ID.sub("", line.strip()).split()
            if not tokens:
                continue
            head = tokens[0]
        if head[0] == "-" and not ballots and not seen_withdrawn_line:
            seen_withdrawn_line = True
            for tok in tokens:
                number = _parse_int(tok, lineno, "a withdrawn candidate", source)
                if number >= 0 or -number > n:
                    raise BltError(
                        lineno,
                        f"withdrawn candidates are written -1 to -{n}, not {tok}",
                        source,
                    )
                withdrawn.append(-number)
            continue
        if tokens[-1] != "0":
            raise BltError(lineno, "a ballot line must end with 0", source)
        if len(tokens) == 1:
            ended = True
            break
        # A ballot line: weight, preferences..., 0
        weight = _parse_int(head, lineno, "the ballot weight", source)
        if weight < 0:
            raise BltError(lineno, f"the ballot weight cannot be negative ({weight})", source)
        del tokens[0]
        tokens.pop()
        if "=" in line:
            has_ties = True
            append((weight, _parse_ranking_with_ties(tokens, n, lineno, source, warnings)))
            continue
        try:
            nums = tuple(map(int, tokens))
        except ValueError:
            bad = next(t for t in tokens if not t.lstrip("-").isdigit())
            raise BltError(
                lineno, f"a preference must be a candidate number, not {bad!r}", source
            ) from None
        if not valid.issuperset(nums):
            bad = next(x for x in nums if x not in valid)
            if bad == 0:
                raise BltError(
                    lineno, "0 may only end a ballot line (found 0 in the middle)", source
                )
            raise BltError(lineno, f"there is no candidate {bad} (candidates are 1 to {n})", source)
        if len(set(nums)) != len(nums):
            warnings.append(
                f"line {lineno}: a candidate is repeated; only the first preference counts"
            )
            nums = tuple(dict.fromkeys(nums))
        append((weight, nums))
    if not ended:
        raise BltError(
            last_content + 1,
            "the ballots must end with a line holding only 0 (it is missing)",
            source,
        )

    # Names and title
    text_lines: list[tuple[int, str]] = []
    while True:
        got = next_content()
        if got is None:
            break
        text_lines.append(got)

    alt_names: dict[int, str] = {}
    for c in comments:
        m = _ALT_NAME.match(c)
        if m:
            alt_names[int(m.group(1))] = m.group(2).strip()

    def clean(raw: str) -> str:
        raw = repair_mojibake(raw)
        if comma_separated and not raw.startswith('"'):
            raw = raw.rstrip(",").replace(",", " ")
        return raw

    names: list[str] = []
    parties: list[str | None] = []
    if (
        len(text_lines) <= 1
        and len(alt_names) >= n
        and all(i in alt_names for i in range(1, n + 1))
    ):
        for i in range(1, n + 1):
            names.append(_tidy(repair_mojibake(alt_names[i])))
            parties.append(None)
        warnings.append("the file has no name lines; names were taken from its comments")
        title_lines = text_lines
    else:
        if len(text_lines) < n:
            where = text_lines[-1][0] + 1 if text_lines else total
            raise BltError(
                where,
                f"the file names {len(text_lines)} of its {n} candidates "
                f"(each needs a line with its name after the 0 line)",
                source,
            )
        for lineno, raw in text_lines[:n]:
            name, party = split_name(clean(raw))
            if not name:
                raise BltError(lineno, "a candidate's name is empty", source)
            names.append(name)
            parties.append(party)
        title_lines = text_lines[n:]
    if len(title_lines) > 1:
        raise BltError(
            title_lines[1][0],
            "unexpected text after the title (the file has more name lines than candidates?)",
            source,
        )
    title = ""
    if title_lines:
        raw = clean(title_lines[0][1])
        title = _unquote_csv(raw)
        title = _tidy(_unquote_csv(title.strip()))
    return BltElection(
        num_candidates=n,
        seats=seats,
        ballots=ballots,
        names=names,
        parties=parties,
        title=title,
        withdrawn=tuple(sorted(set(withdrawn))),
        comments=comments,
        warnings=warnings,
        plain=not has_ties,
    )


def _parse_ranking_with_ties(
    prefs: list[str], n: int, lineno: int, source: str, warnings: list[str]
) -> Ranking:
    ranking: list[Rank] = []
    seen: set[int] = set()
    repeated = False
    for tok in prefs:
        group = []
        for part in tok.split("="):
            if not part:
                raise BltError(lineno, f"{tok!r} is not a valid equal ranking", source)
            x = _parse_int(part, lineno, "a preference", source)
            if x < 1 or x > n:
                raise BltError(
                    lineno, f"there is no candidate {x} (candidates are 1 to {n})", source
                )
            if x in seen:
                repeated = True
                continue
            seen.add(x)
            group.append(x)
        if not group:
            continue
        ranking.append(group[0] if len(group) == 1 else tuple(group))
    if repeated:
        warnings.append(f"line {lineno}: a candidate is repeated; only the first preference counts")
    return tuple(ranking)


def read_blt(path) -> BltElection:
    """Read and parse a BLT file from disk (errors name the file)."""
    with open(path, "rb") as fh:
        data = fh.read()
    return parse_blt(data, source=str(path))


# ---------------------------------------------------------------------------------------
# Writing


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def write_blt(election: BltElection) -> str:
    """The BLT text of ``election``; ``parse_blt(write_blt(e))`` gives ``e`` back.

    A name with a party label is written as two quoted fields, ``"Name" "Party"`` (as in
    some of the Scottish files), which cannot be mistaken for ``Party "Name"``. Comments
    and warnings are not written.
    """
    out = [f"{election.num_candidates} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(f"-{c}" for c in election.withdrawn))
    for weight, ranking in election.ballots:
        parts = [str(weight)]
        for r in ranking:
            parts.append(str(r) if isinstance(r, int) else "=".join(str(x) for x in r))
        parts.append("0")
        out.append(" ".join(parts))
    out.append("0")
    parties = election.parties or [None] * election.num_candidates
    for name, party in zip(election.names, parties, strict=True):
        out.append(f"{_quote(name)} {_quote(party)}" if party else _quote(name))
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"
