from django.urls import reverse

URL = reverse("assemblies:directory")


def test_lists_every_assembly_with_area_and_member_count(client, elm_park, oak_row, member):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Elm Park Assembly" in html
    assert "Oak Row Assembly" in html
    assert "1 member" in html
    assert "First Tuesday, 7pm" in html
    assert "2 assemblies" in html


def test_search_by_postcode_prefix(client, elm_park, oak_row):
    html = client.get(URL, {"postcode": "tb1 3"}).content.decode()
    assert "Oak Row Assembly" in html
    assert "Elm Park Assembly" not in html


def test_search_by_name_theme_and_area(client, elm_park, oak_row, testbury_health):
    html = client.get(URL, {"q": "health"}).content.decode()
    assert "Testbury Health Assembly" in html
    assert "Elm Park Assembly" not in html
    html = client.get(URL, {"theme": "health"}).content.decode()
    assert "Testbury Health Assembly" in html
    assert "Oak Row Assembly" not in html
    html = client.get(URL, {"area": "east-testbury"}).content.decode()
    assert "Oak Row Assembly" in html
    assert "Testbury Health Assembly" not in html


def test_bad_postcode_says_how_to_fix_and_lists_nothing(client, elm_park):
    response = client.get(URL, {"postcode": "nowhere"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "like EH8 9YL, EH8 9 or EH8" in html
    assert "0 assemblies" in html


def test_htmx_request_gets_only_the_results(client, elm_park):
    response = client.get(URL, {"q": "elm"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Elm Park Assembly" in html
    assert "<html" not in html


def test_friendly_empty_state(client, elm_park):
    html = client.get(URL, {"q": "zzz"}).content.decode()
    assert "No assemblies match that search." in html
    assert reverse("assemblies:support") in html


def test_pages_of_24(client, city):
    from folkmoot.assemblies.models import Assembly
    from folkmoot.places.models import Area

    area = Area.objects.get(slug="elm-park")
    Assembly.objects.bulk_create(
        [Assembly(name=f"Assembly {n:02}", slug=f"a{n}", area=area) for n in range(30)]
    )
    first = client.get(URL).content.decode()
    assert "Assembly 23" in first
    assert "Assembly 24" not in first
    assert "Page 1 of 2" in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Assembly 24" in second


def test_each_card_shows_legitimacy_in_words(client, elm_park):
    html = client.get(URL).content.decode()
    assert "○</span> Not yet" in html
    assert reverse("legitimacy:assembly", args=["elm-park"]) in html


def test_query_count_does_not_grow_with_the_list(client, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from folkmoot.assemblies.models import Assembly
    from folkmoot.places.models import Area

    area = Area.objects.get(slug="elm-park")
    Assembly.objects.bulk_create(
        [Assembly(name=f"A{n}", slug=f"a{n}", area=area) for n in range(2)]
    )
    client.get(URL)  # the first request creates the network's settings row
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    Assembly.objects.bulk_create(
        [Assembly(name=f"B{n}", slug=f"b{n}", area=area) for n in range(20)]
    )
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
