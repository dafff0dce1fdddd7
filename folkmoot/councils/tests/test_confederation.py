"""The confederation page: the whole network as a tree, an overview drawing, and the
assemblies on no council yet. Readable without JavaScript, small, and a fixed number of
queries whatever the size of the network."""

import datetime
import gzip
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from folkmoot.assemblies.models import Assembly
from folkmoot.councils import confederation
from folkmoot.councils.confederation_drawing import _wrap
from folkmoot.councils.models import Council, CouncilMember
from folkmoot.meetings.models import Meeting

from . import fixtures_councils
from .fixtures_councils import make_person

council_net = fixtures_councils.council_net

URL = "/confederation/"


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_url_has_its_name():
    assert reverse("councils:confederation") == URL


def test_top_councils_first_down_to_the_assemblies(client, council_net):
    html = page(client)
    city = html.index('id="council-testbury-city"')
    district = html.index('id="council-east-testbury"')
    elm = html.index(">Elm Park Assembly<")
    assert city < district < elm
    assert "Its 2 seats on Testbury City Council:" in html
    assert ">Dee<" in html
    assert ">Eli<" in html
    assert ">Oona<" in html
    assert "Substitutes:" in html
    assert "Gone" not in html
    # Vacancies: one of the district's seats on the city, one of Elm Park's on the district.
    assert html.count("Vacant seat") == 2
    assert "6 seats, 4 filled, 2 vacant" in html
    assert "3 councils · 4 assemblies" in html


def test_seat_holders_link_to_delegate_pages(client, council_net):
    html = page(client)
    assert reverse("delegation:delegate", args=[council_net.dee.pk]) in html
    assert reverse("delegation:delegate", args=[council_net.eli.pk]) in html


def test_legitimacy_for_each_assembly(client, council_net):
    html = page(client)
    tree = html[html.index("The network in words") : html.index("Assemblies on no council yet")]
    assert tree.count('<span aria-hidden="true">○</span> Not yet') == 3  # no meetings yet
    assert reverse("legitimacy:assembly", args=["oak-row"]) in tree


def test_themed_councils_are_their_own_branch(client, council_net):
    html = page(client)
    general = html.index("General councils")
    themed = html.index("Themed: Health")
    assert general < html.index('id="council-testbury-city"') < themed
    assert themed < html.index('id="council-testbury-health-council"')
    assert html.index("Testbury Health Assembly") > themed


def test_assemblies_on_no_council(client, council_net):
    html = page(client)
    section = html[html.index("Assemblies on no council yet") :]
    assert "1 assembly does not send delegates to any council yet." in section
    assert council_net.ash.get_absolute_url() in section
    assert "Elm Park Assembly" not in section


def test_every_assembly_on_a_council(client, council_net):
    council_net.ash.delete()
    assert "Every assembly sends delegates to a council." in page(client)


def test_no_councils_yet(client, elm_park):
    html = page(client)
    assert "No councils yet" in html
    assert "<svg xmlns" not in html
    assert "Elm Park Assembly" in html


def test_works_without_javascript_and_for_screen_readers(client, council_net):
    html = page(client)
    assert "<script>" not in html  # nothing inline; the tree is in the page itself
    assert "hx-get" not in html
    assert html.count("<details open>") == 3  # a small network is shown fully open
    assert html.count("<summary>") == 3
    svg = html.split("<svg xmlns", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg
    assert 'aria-labelledby="drawing-title drawing-desc"' in svg
    assert '<title id="drawing-title">Overview of the network</title>' in svg
    assert "3 councils and 4 assemblies" in svg
    assert "The list below says the same in words" in svg
    assert '<a href="#in-words">' in html
    assert '<h2 id="in-words"' in html


def test_the_drawing_shows_councils_by_level_and_their_assemblies(client, council_net):
    svg = page(client).split("<svg xmlns", 1)[1].split("</svg>", 1)[0]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Testbury Health" in texts  # long names go on two lines
    assert "Council" in texts
    assert "East Testbury" in texts
    assert "District Council" in texts
    assert "District · Health" in texts
    assert "3 seats, 1 vacant" in texts
    assert "2 assemblies" in texts
    assert "on no council yet" in texts
    assert svg.count('stroke-dasharray="6 4"') == 2  # themed: the council and its assemblies
    assert svg.count("<line ") == 3  # city-district, and each council to its assemblies
    # Columns: the city level left of the district level, left of the assemblies.
    xs = {t: int(x) for x, t in re.findall(r'<text x="(\d+)"[^>]*>([^<]*)</text>', svg)}
    assert xs["Testbury City"] < xs["District · Health"] < xs["2 assemblies"]


def test_page_weight_for_the_demo_sized_network(client, council_net):
    fixtures_councils.grow(
        (council_net.district_level, council_net.city_level), council_net.city, 3, 4, "w"
    )
    response = client.get(URL)
    assert len(gzip.compress(response.content)) < 100_000
    assert len(response.content) < 150_000


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client)
    return len(queries)


def _meetings_for(assemblies) -> None:
    """Held meetings, so the legitimacy verdicts read real evidence."""
    when = timezone.now() - datetime.timedelta(days=10)
    Meeting.objects.bulk_create(
        [Meeting(assembly=a, starts_at=when, venue="Hall") for a in assemblies]
    )


def test_queries_do_not_grow_with_the_network(client, council_net, monkeypatch):
    # Both sizes past the limit, so both show the tree stopped at the councils (the whole
    # tree is the next test); an expanded and a collapsed page differ by a query.
    monkeypatch.setattr(confederation, "EXPAND_LIMIT", 3)
    levels = (council_net.district_level, council_net.city_level)
    fixtures_councils.grow(levels, council_net.city, 1, 2, "s")
    _meetings_for(Assembly.objects.all())
    page(client)  # the first request creates the network's settings row
    few = _count_queries(client)
    fixtures_councils.grow(levels, council_net.city, 10, 20, "l")
    _meetings_for(Assembly.objects.filter(meetings__isnull=True))
    assert Council.objects.count() > 10
    assert _count_queries(client) == few


def test_queries_do_not_grow_when_the_whole_tree_is_shown(client, council_net, monkeypatch):
    monkeypatch.setattr(confederation, "EXPAND_LIMIT", 10_000)
    levels = (council_net.district_level, council_net.city_level)
    _meetings_for(Assembly.objects.all())
    page(client)
    few = _count_queries(client)
    fixtures_councils.grow(levels, council_net.city, 10, 10, "x")
    _meetings_for(Assembly.objects.filter(meetings__isnull=True))
    html = page(client)
    assert "Assembly x9-9" in html
    assert _count_queries(client) == few


def test_a_big_network_stops_at_the_councils(client, council_net, monkeypatch):
    monkeypatch.setattr(confederation, "EXPAND_LIMIT", 3)
    html = page(client)
    assert "The network is big, so this list stops at the councils" in html
    tree = html[html.index("The network in words") : html.index("Assemblies on no council yet")]
    assert "Elm Park Assembly" not in tree
    assert "2 assemblies</a>" in tree
    assert f'<a href="{council_net.district.get_absolute_url()}">2 assemblies</a>' in tree
    assert "3 seats, 1 vacant" in tree
    assert ">Dee<" in tree  # the councils' own seats are still shown


def test_a_big_tree_opens_only_its_top_levels(client, council_net, monkeypatch):
    monkeypatch.setattr(confederation, "OPEN_ALL_LIMIT", 1)
    monkeypatch.setattr(confederation, "OPEN_DEPTH", 1)
    html = page(client)
    assert html.count("<details open>") == 2  # the city and the health council
    assert html.count("<details>") == 1  # the district, inside the city


def test_a_council_in_two_councils_is_drawn_once(client, council_net):
    region = Council.objects.create(
        name="Region", slug="region", level=council_net.city_level, area=None
    )
    CouncilMember.objects.create(council=region, member_council=council_net.district, seats=1)
    html = page(client)
    assert html.count('id="council-east-testbury"') == 1
    assert "shown in full above" in html
    assert '<a href="#council-east-testbury">' in html


def test_large_rows_in_the_drawing_are_summed_up(council_net):
    levels = (council_net.district_level, council_net.city_level)
    fixtures_councils.grow(levels, council_net.city, 14, 1, "r")
    drawing = confederation.build().drawing
    texts = [line for box in drawing.boxes for line in box.lines]
    assert "and 5 more" in texts  # 16 district councils: 11 drawn, the rest summed up
    assert len(drawing.boxes) <= 3 * 12


def test_long_names_in_the_drawing():
    assert _wrap("City Council") == ["City Council"]
    assert _wrap("Testbury Health Council") == ["Testbury Health", "Council"]
    assert _wrap("The Greater Testbury and Wolds Housing Council") == [
        "The Greater Testbury",
        "and Wolds Housing C…",
    ]
    assert _wrap("Llanfairpwllgwyngyllgogerychwyrndrobwll") == ["Llanfairpwllgwyngyl…"]


def test_a_big_network_does_not_assess_every_assembly(client, council_net, monkeypatch):
    """Past the limit, legitimacy is left to each council's page (it costs about a
    millisecond an assembly): only the assemblies on no council, listed by name, are assessed."""
    monkeypatch.setattr(confederation, "EXPAND_LIMIT", 3)
    assessed = []
    real = confederation.verdicts_for
    monkeypatch.setattr(
        confederation, "verdicts_for", lambda found: assessed.extend(found) or real(found)
    )
    html = page(client)
    seated = set(CouncilMember.objects.exclude(assembly=None).values_list("assembly", flat=True))
    assert seated
    assert not {a.pk for a in assessed} & seated
    assert "which are legitimate" in html


def test_a_network_of_many_councils_lists_the_top_two_levels_in_full(
    client, council_net, monkeypatch
):
    monkeypatch.setattr(confederation, "EXPAND_LIMIT", 3)
    monkeypatch.setattr(confederation, "COUNCIL_LIMIT", 1)
    monkeypatch.setattr(confederation, "DEPTH_LIMIT", 1)
    html = page(client)
    tree = html[html.index("The network in words") : html.index("Assemblies on no council yet")]
    assert "Below the top two levels each council is one line" in html
    below = Council.objects.filter(seats_above__isnull=False).distinct()
    assert below
    for council in below:
        assert council.get_absolute_url() in tree  # still there, as one line with a link
        assert f'id="council-{council.slug}"' not in tree  # not drawn in full


def _council_numbers(conf) -> dict[int, tuple]:
    """Each council's seats, assemblies and seats of its assemblies, as the page shows them."""
    numbers = {}

    def visit(node):
        numbers[node.pk] = (node.seat_count, node.assembly_count, node.assembly_seats)
        for member in node.member_councils:
            if member.council is not None:
                visit(member.council)

    for branch in conf.branches:
        for node in branch.councils:
            visit(node)
    return numbers


def test_a_big_network_counts_its_seats_as_a_small_one_does(council_net, monkeypatch):
    """Past the limit the assemblies' seats are counted in SQL, not read one by one: the same
    numbers, an over-filled seat included (a body fills at most its seats)."""
    levels = (council_net.district_level, council_net.city_level)
    fixtures_councils.grow(levels, council_net.city, 3, 4, "n")
    fixtures_councils.seat(council_net.oak, make_person("ola@example.org", "Ola"))  # 1 seat
    whole = confederation.build()
    monkeypatch.setattr(confederation, "EXPAND_LIMIT", 3)
    counted = confederation.build()
    assert counted.collapsed
    assert not whole.collapsed
    assert counted.seats == whole.seats
    assert _council_numbers(counted) == _council_numbers(whole)
    district = _council_numbers(whole)[council_net.district.pk]
    assert (district[0].seats, district[0].vacant) == (3, 1)


def test_the_council_list_counts_as_the_tree_does(council_net):
    fixtures_councils.seat(council_net.oak, make_person("ola@example.org", "Ola"))
    tree = _council_numbers(confederation.build())
    listed = {council.pk: seats for council, _bodies, seats in confederation.seat_summaries()}
    assert listed == {pk: seats for pk, (seats, _count, _a) in tree.items()}
