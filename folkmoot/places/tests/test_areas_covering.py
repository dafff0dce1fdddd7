from folkmoot.places.models import Area, AreaPostcode
from folkmoot.places.services import areas_covering, neighbourhood_for


def test_most_specific_area_first_then_the_areas_it_sits_in(city):
    names = [area.name for area in areas_covering("TB1 1AB")]
    assert names == ["Elm Park", "East Testbury", "Testbury"]


def test_a_unit_beats_a_sector(city):
    corner = Area.objects.create(
        name="Elm Corner",
        slug="elm-corner",
        kind=Area.Kind.NEIGHBOURHOOD,
        parent=Area.objects.get(slug="east-testbury"),
    )
    AreaPostcode.objects.create(area=corner, prefix="TB1 1ZZ")
    assert neighbourhood_for("TB1 1ZZ") == corner
    assert neighbourhood_for("TB1 1ZY").name == "Elm Park"


def test_outside_every_area(city):
    assert areas_covering("ZE1 0AA") == []
    assert neighbourhood_for("ZE1 0AA") is None


def test_district_prefix_alone_finds_no_neighbourhood(city):
    # TB1 9 is in the district's postcode district but in no neighbourhood.
    assert [a.name for a in areas_covering("TB1 9AA")] == ["East Testbury", "Testbury"]
    assert neighbourhood_for("TB1 9AA") is None


def test_a_loop_in_parents_does_not_hang(city):
    testbury = Area.objects.get(slug="testbury")
    testbury.parent = Area.objects.get(slug="elm-park")
    testbury.save()
    names = [area.name for area in areas_covering("TB1 1AB")]
    assert names == ["Elm Park", "East Testbury", "Testbury"]
