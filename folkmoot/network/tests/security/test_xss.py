"""Cross-site scripting: every place people write text that others see as HTML, tried with each
classic attack. One test per attack; each writes it into every place at once, then reads every
page that shows those places and asserts two things:

- nothing in the page can run: no script element of the user's, no event-handler attribute, no
  javascript: or data: address, no frame, plugin or inline style (see ``html_scan``);
- the words are still there to read (a marker written before the attack shows in the page).

The places are written the way the app writes them (its services), or straight into the record
where only a form of another helper's app leads there: the page must be safe whatever is stored.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from folkmoot.assemblies import services as assembly_services
from folkmoot.assemblies.models import Supporter
from folkmoot.attendance import services as attendance
from folkmoot.decisions import amendments, discussion, proposals
from folkmoot.meetings.models import Minutes

from .html_scan import scan
from .world import World, build_world

VECTORS = {
    "script": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "body onload": "<body onload=alert(1)>",
    "markdown javascript link": "[tap here](javascript:alert(1))",
    "raw javascript link": '<a href="javascript:alert(1)">tap here</a>',
    "markdown data link": "[tap](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "raw data link": '<a href="data:text/html,<script>alert(1)</script>">tap</a>',
    "svg onload": "<svg onload=alert(1)>",
    "svg script": "<svg><script>alert(1)</script></svg>",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "style expression": '<p style="width:expression(alert(1))">x</p>',
    "style url": '<div style="background:url(javascript:alert(1))">x</div>',
    "entity javascript link": '<a href="&#106;avascript&#58;alert(1)">tap</a>',
    "markdown entity link": "[tap](&#x6A;avascript:alert(1))",
    "tab in scheme": '<a href="jav&#x09;ascript:alert(1)">tap</a>',
    "markdown image onerror": '![x" onerror="alert(1)](/x.png)',
    "markdown image javascript": "![x](javascript:alert(1))",
    "breaking double quotes": '" onmouseover="alert(1)" x="',
    "breaking single quotes": "' onfocus='alert(1)' autofocus x='",
    "closing the tag": '"><script>alert(1)</script>',
    "closing a textarea": "</textarea><script>alert(1)</script>",
}


@dataclass
class Place:
    """Where someone writes text: how it gets stored, and the pages (URL, who reads) that show
    it. ``short`` fields hold 80 characters at most."""

    name: str
    write: Callable[[World, str], None]
    pages: Callable[[World], list[tuple[str, str]]]
    short: bool = False


def _proposal_body(world: World, text: str) -> None:
    proposal = proposals.submit_proposal(
        world.elm_park, world.people["member"], title="Lights", body=text
    )
    proposals.open_for_discussion(proposal, world.people["organiser"])
    world.extra["written"] = proposal


def _proposal_title(world: World, text: str) -> None:
    proposal = proposals.submit_proposal(
        world.elm_park, world.people["member"], title=text, body="Plain words."
    )
    proposals.open_for_discussion(proposal, world.people["organiser"])
    world.extra["titled"] = proposal


def _amendment(world: World, text: str) -> None:
    proposal = world.proposal
    amendments.propose_amendment(
        proposal,
        world.people["member"],
        text=f"{proposal.body} {text}",
        based_on=amendments.current_version(proposal).number,
        reason=text,
    )


def _accepted_amendment(world: World, text: str) -> None:
    """An accepted change shows as a word diff between versions."""
    proposal = world.proposal
    amendment = amendments.propose_amendment(
        proposal,
        world.people["delegate"],
        text=f"{text} {proposal.body}",
        based_on=amendments.current_version(proposal).number,
    )
    amendments.accept_amendment(amendment, world.people["member"])


def _proposal_comment(world: World, text: str) -> None:
    discussion.post_comment(world.proposal, world.people["member"], text)


def _assembly_comment(world: World, text: str) -> None:
    assembly_services.post_comment(world.elm_park, world.people["member"], text)


def _assembly_about(world: World, text: str) -> None:
    world.elm_park.about = text
    world.elm_park.how_to_join = text
    world.elm_park.save()


def _minutes(world: World, text: str) -> None:
    Minutes.objects.filter(meeting=world.meeting).update(body=text)


def _meeting_details(world: World, text: str) -> None:
    world.meeting.venue = text[:200]
    world.meeting.accessibility_notes = text
    world.meeting.save()
    world.agenda_item.details = text
    world.agenda_item.save()


def _question_background(world: World, text: str) -> None:
    question = world.confederation.district_question
    question.text = text
    question.save()


def _council_about(world: World, text: str) -> None:
    council = world.confederation.district
    council.about = text
    council.save()
    world.confederation.meeting.notes = text
    world.confederation.meeting.save()


def _report_back(world: World, text: str) -> None:
    world.confederation.report.text = text
    world.confederation.report.save()


def _recall_reason(world: World, text: str) -> None:
    world.confederation.petition.reason = text
    world.confederation.petition.save()


def _mandate_text(world: World, text: str) -> None:
    for mandate in (world.confederation.elm_mandate, world.confederation.old_mandate):
        mandate.text = text
        mandate.save()


def _display_name(world: World, text: str) -> None:
    member = world.people["member"]
    member.display_name = text
    member.save()


def _walk_in_name(world: World, text: str) -> None:
    attendance.check_in_walk_in(world.meeting, text, "TB1 1AA", recorded_by=world.people["teller"])


def _supporter(world: World, text: str) -> None:
    Supporter.objects.filter(pk=world.supporter.pk).update(name=text, comment=text)


def _page(name: str, who: str, *args) -> Callable[[World], list[tuple[str, str]]]:
    """One page, its URL arguments read from the world when it is built."""

    def pages(world: World) -> list[tuple[str, str]]:
        values = [arg(world) if callable(arg) else arg for arg in args]
        return [(reverse(name, args=values), who)]

    return pages


def _pages(*makers) -> Callable[[World], list[tuple[str, str]]]:
    return lambda world: [page for maker in makers for page in maker(world)]


PROPOSAL = _page("decisions:proposal", "organiser", lambda w: w.proposal.pk)
ASSEMBLY = _page("assemblies:detail", "member", "elm-park")
MEETING = _page("meetings:detail", "member", lambda w: w.meeting.pk)
DANA = _page("delegation:delegate", "member", lambda w: w.confederation.dana.pk)
ROWAN = _page("delegation:delegate", "other_member", lambda w: w.confederation.rowan.pk)
ATTENDANCE = _page("attendance:attendance", "organiser", lambda w: w.meeting.pk)

PLACES = [
    Place(
        "proposal body",
        _proposal_body,
        _page("decisions:proposal", "member", lambda w: w.extra["written"].pk),
    ),
    Place(
        "proposal title",
        _proposal_title,
        _pages(
            _page("decisions:proposal", "anonymous", lambda w: w.extra["titled"].pk),
            _page("decisions:proposal_list", "member", "elm-park"),
        ),
    ),
    Place("amendment", _amendment, PROPOSAL),
    Place("accepted amendment", _accepted_amendment, PROPOSAL),
    Place("proposal comment", _proposal_comment, PROPOSAL),
    Place("assembly comment", _assembly_comment, ASSEMBLY),
    Place("assembly about", _assembly_about, ASSEMBLY),
    Place("minutes", _minutes, MEETING),
    Place(
        "meeting details",
        _meeting_details,
        _pages(MEETING, _page("meetings:agenda", "organiser", lambda w: w.meeting.pk)),
    ),
    Place(
        "council question background",
        _question_background,
        _page("councils:question", "delegate", lambda w: w.confederation.district_question.pk),
    ),
    Place(
        "council about and meeting notes",
        _council_about,
        _page("councils:detail", "convener", "east-testbury"),
    ),
    Place("report-back", _report_back, DANA),
    Place("recall reason", _recall_reason, ROWAN),
    Place(
        "mandate text",
        _mandate_text,
        _pages(DANA, _page("delegation:assembly_delegates", "member", "elm-park")),
    ),
    Place(
        "display name",
        _display_name,
        _pages(_page("assemblies:members", "organiser", "elm-park"), ASSEMBLY, PROPOSAL),
        short=True,
    ),
    Place(
        "walk-in name",
        _walk_in_name,
        _pages(ATTENDANCE, _page("attendance:teller", "teller", lambda w: w.meeting.pk)),
        short=True,
    ),
    Place(
        "supporter name and comment",
        _supporter,
        _page("assemblies:supporters", "organiser", "elm-park"),
        short=True,
    ),
]


def _marker(number: int) -> str:
    return f"Readable{number:02d}"


@pytest.fixture
def world(elm_park, oak_row, organiser, member) -> World:
    return build_world(elm_park, oak_row, organiser, member)


@pytest.mark.parametrize("vector", list(VECTORS.values()), ids=list(VECTORS))
def test_no_place_runs_the_attack_and_the_words_stay_readable(client, world, vector):
    for number, place in enumerate(PLACES):
        text = f"{_marker(number)} {vector}"
        assert not place.short or len(text) <= 80, (place.name, text)
        place.write(world, text)

    problems = []
    for number, place in enumerate(PLACES):
        for url, who in place.pages(world):
            client.logout()
            if world.people[who] is not None:
                client.force_login(world.people[who])
            response = client.get(url)
            assert response.status_code == 200, (place.name, url, who, response.status_code)
            page = scan(response.content.decode())
            problems += [f"{place.name} on {url}: {p}" for p in page.problems]
            if _marker(number) not in page.text:
                problems.append(f"{place.name} on {url}: the words are not shown")
    assert not problems, "\n".join(problems)


def test_the_checker_finds_every_attack_when_nothing_is_escaped():
    """The scan itself must see each attack when it reaches a page raw (except the ones that
    only work by breaking out of an attribute, shown here inside one)."""
    for name, vector in VECTORS.items():
        if name.startswith("markdown"):
            continue  # plain Markdown is not HTML: only its rendering could make it a link
        html = f"<p>{vector}</p>"
        if "quotes" in name:
            quote = '"' if "double" in name else "'"
            html = f"<p title={quote}{vector}{quote}>x</p>"
        assert scan(html).problems, name


def test_the_checker_passes_our_own_markup():
    page = scan(
        '<script src="/static/folkmoot/js/site.js" defer></script>'
        '<script type="application/json" id="x">{}</script>'
        '<a href="https://example.org/">Read more</a><svg aria-hidden="true"><path d="M0"/></svg>'
    )
    assert page.problems == []
    assert page.text == "Read more"
