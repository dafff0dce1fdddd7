from django.urls import reverse

from folkmoot.assemblies.models import Comment, Supporter
from folkmoot.places.models import Area


def url(assembly):
    return reverse("assemblies:detail", args=[assembly.slug])


def test_public_page_shows_what_where_and_how(client, elm_park):
    html = client.get(url(elm_park)).content.decode()
    assert "<h1>Elm Park Assembly</h1>" in html
    assert "First Tuesday, 7pm" in html
    assert "TB1 1" in html
    assert "TB1 2" in html
    assert "How to join" in html
    assert reverse("assemblies:support_assembly", args=["elm-park"]) in html


def test_unknown_assembly_is_404(client, db):
    assert client.get("/assemblies/nowhere/").status_code == 404


def test_counts_only_confirmed_supporters_and_never_names(client, elm_park):
    from django.utils import timezone

    for n, confirmed in enumerate([True, True, False]):
        Supporter.objects.create(
            name=f"Secret Name {n}",
            email=f"s{n}@example.org",
            postcode="TB1 1AA",
            postcode_sector="TB1 1",
            assembly=elm_park,
            consented_at=timezone.now(),
            confirmed_at=timezone.now() if confirmed else None,
        )
    html = client.get(url(elm_park)).content.decode()
    assert "2</span> supporters" in html
    assert "Secret Name" not in html
    assert "s0@example.org" not in html


def test_map_only_where_a_boundary_is_set(client, elm_park):
    assert "area-map" not in client.get(url(elm_park)).content.decode()
    area = Area.objects.get(slug="elm-park")
    area.boundary = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]],
    }
    area.save()
    html = client.get(url(elm_park)).content.decode()
    assert 'id="area-map"' in html
    assert 'id="area-boundary"' in html
    assert "leaflet.js" in html  # loaded only when someone asks for the map
    assert "Show the area on a map" in html


def test_supporters_link_only_for_organisers(client, elm_park, organiser, member):
    link = reverse("assemblies:supporters", args=["elm-park"])
    assert link not in client.get(url(elm_park)).content.decode()
    client.force_login(member)
    assert link not in client.get(url(elm_park)).content.decode()
    client.force_login(organiser)
    assert link in client.get(url(elm_park)).content.decode()


def test_hidden_comments_are_not_public(client, elm_park, member, organiser):
    Comment.objects.create(assembly=elm_park, author=member, body="A fine idea")
    hidden = Comment.objects.create(assembly=elm_park, author=member, body="Rude words")
    from django.utils import timezone

    hidden.hidden_at = timezone.now()
    hidden.save()
    html = client.get(url(elm_park)).content.decode()
    assert "A fine idea" in html
    assert "Rude words" not in html
    client.force_login(organiser)
    html = client.get(url(elm_park)).content.decode()
    assert "Rude words" in html
    assert "Hidden from the public" in html


def test_comment_form_only_when_signed_in(client, elm_park, person):
    html = client.get(url(elm_park)).content.decode()
    assert "Sign in to comment" in html
    assert "Post comment" not in html
    client.force_login(person)
    assert "Post comment" in client.get(url(elm_park)).content.decode()


def test_comment_text_is_escaped(client, elm_park, member):
    Comment.objects.create(assembly=elm_park, author=member, body="<script>alert(1)</script>")
    html = client.get(url(elm_park)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_legitimacy_summary_links_to_the_evidence(client, elm_park):
    html = client.get(url(elm_park)).content.decode()
    assert "Legitimacy" in html
    assert "Everyone in the area was invited" in html
    assert reverse("legitimacy:assembly", args=["elm-park"]) in html


def test_organisers_get_their_tools(client, elm_park, organiser, member):
    tools = [
        reverse("meetings:new", args=["elm-park"]),
        reverse("assemblies:roles", args=["elm-park"]),
        reverse("outreach:postcodes", args=["elm-park"]),
    ]
    client.force_login(member)
    html = client.get(url(elm_park)).content.decode()
    assert not any(link in html for link in tools)
    assert "You are a member of this assembly." in html
    assert reverse("assemblies:members", args=["elm-park"]) in html
    client.force_login(organiser)
    html = client.get(url(elm_park)).content.decode()
    assert all(link in html for link in tools)


def test_visitors_are_offered_to_join(client, elm_park):
    html = client.get(url(elm_park)).content.decode()
    assert reverse("assemblies:join", args=["elm-park"]) in html
    assert reverse("assemblies:members", args=["elm-park"]) not in html


def test_next_meeting_is_shown(client, elm_park):
    import datetime

    from django.utils import timezone

    from folkmoot.meetings.models import Meeting

    meeting = Meeting.objects.create(
        assembly=elm_park,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        venue="Elm Hall",
    )
    html = client.get(url(elm_park)).content.decode()
    assert meeting.get_absolute_url() in html
    assert "Elm Hall" in html
    directory = client.get(reverse("assemblies:directory")).content.decode()
    assert "Next meeting:" in directory
    assert meeting.get_absolute_url() in directory


def test_links_to_deciding_together(client, elm_park):
    html = client.get(url(elm_park)).content.decode()
    for name in ("decisions:proposal_list", "decisions:vote_list", "decisions:decision_log"):
        assert reverse(name, args=["elm-park"]) in html
