from django.urls import reverse

URL = reverse("assemblies:find")


def test_postcode_finds_the_neighbourhood_assembly_and_themed_ones(
    client, elm_park, testbury_health
):
    html = client.get(URL, {"postcode": "tb1 1ab"}).content.decode()
    assert "Assemblies for TB1 1AB" in html
    assert "Elm Park Assembly" in html
    assert "Testbury Health Assembly" in html
    assert "Show support for an assembly in your area" not in html


def test_no_assembly_yet_offers_the_support_form(client, elm_park):
    html = client.get(URL, {"postcode": "TB1 4AA"}).content.decode()
    assert "There is no assembly in Ash Fields yet" in html
    assert 'action="/support/"' in html
    assert 'value="TB1 4AA"' in html


def test_outside_every_area(client, elm_park):
    html = client.get(URL, {"postcode": "ZE1 0AA"}).content.decode()
    assert "There is no assembly here yet" in html


def test_bad_postcode_keeps_what_was_typed_and_says_how_to_fix(client, elm_park):
    html = client.get(URL, {"postcode": "TB1"}).content.decode()
    assert "Enter a full UK postcode, like EH8 9YL" in html
    assert 'value="TB1"' in html


def test_shows_how_many_already_support(client, city):
    from folkmoot.assemblies.services import confirm_support, record_support

    for n in range(3):
        outcome = record_support(name="N", email=f"{n}@example.org", postcode="TB1 4AA")
        confirm_support(outcome.supporter)
    html = client.get(URL, {"postcode": "TB1 4ZZ"}).content.decode()
    assert "3</span> people near you have already shown support" in html


def test_without_a_postcode_shows_the_form(client, db):
    html = client.get(URL).content.decode()
    assert "Find my assembly" in html
