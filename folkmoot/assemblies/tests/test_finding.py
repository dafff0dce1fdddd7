"""The rules for finding assemblies: by postcode (find) and in the directory (search)."""

import pytest

from folkmoot.assemblies.models import Assembly, Membership
from folkmoot.assemblies.services import find_assemblies, search_assemblies
from folkmoot.places.models import Area
from folkmoot.places.postcodes import InvalidPostcode


def test_find_neighbourhood_then_themed(elm_park, oak_row, testbury_health):
    found = find_assemblies("tb1 2xy")
    assert found.postcode == "TB1 2XY"
    assert found.neighbourhood.name == "Elm Park"
    assert found.neighbourhood_assemblies == [elm_park]
    assert found.themed_assemblies == [testbury_health]
    assert found.assemblies == [elm_park, testbury_health]


def test_find_where_there_is_no_assembly_yet(elm_park, testbury_health):
    found = find_assemblies("TB1 4AA")
    assert found.neighbourhood.name == "Ash Fields"
    assert found.neighbourhood_assemblies == []
    assert found.themed_assemblies == [testbury_health]


def test_find_outside_every_area(elm_park):
    found = find_assemblies("ZE1 0AA")
    assert found.assemblies == []
    assert found.neighbourhood is None
    assert found.sector == "ZE1 0"


def test_find_refuses_a_bad_postcode(elm_park):
    with pytest.raises(InvalidPostcode):
        find_assemblies("TB1")


def test_find_counts_only_current_members(elm_park, member, person):
    Membership.objects.create(assembly=elm_park, person=person, left_at="2024-01-01T00:00Z")
    found = find_assemblies("TB1 1AA")
    assert found.neighbourhood_assemblies[0].member_count == 1


def test_search_by_name_is_case_blind(elm_park, oak_row):
    assert list(search_assemblies(text="ELM")) == [elm_park]


def test_search_by_area_name(elm_park, oak_row):
    assert list(search_assemblies(text="oak row")) == [oak_row]


def test_search_by_postcode_district_finds_all_inside_and_themed_covering(
    elm_park, oak_row, testbury_health
):
    found = list(search_assemblies(postcode_prefix="TB1"))
    assert set(found) == {elm_park, oak_row, testbury_health}
    # Neighbourhood assemblies are listed before themed ones.
    assert found[-1] == testbury_health


def test_search_by_sector(elm_park, oak_row, testbury_health):
    assert set(search_assemblies(postcode_prefix="TB1 3")) == {oak_row, testbury_health}


def test_search_by_full_postcode(elm_park, oak_row):
    assert list(search_assemblies(postcode_prefix="TB1 2AB")) == [elm_park]


def test_search_by_postcode_elsewhere_finds_nothing(elm_park):
    assert list(search_assemblies(postcode_prefix="ZE1")) == []


def test_search_by_containing_area(elm_park, oak_row, testbury_health):
    district = Area.objects.get(slug="east-testbury")
    assert set(search_assemblies(area=district)) == {elm_park, oak_row}
    city = Area.objects.get(slug="testbury")
    assert set(search_assemblies(area=city)) == {elm_park, oak_row, testbury_health}


def test_search_by_theme(elm_park, testbury_health):
    assert list(search_assemblies(theme_slug="health")) == [testbury_health]
    assert list(search_assemblies(theme_slug="nothing")) == []


def test_filters_combine(elm_park, oak_row, testbury_health):
    assert list(search_assemblies(text="assembly", postcode_prefix="TB1 3")) == [
        oak_row,
        testbury_health,
    ]
    assert list(search_assemblies(text="elm", postcode_prefix="TB1 3")) == []


def test_themed_assembly_must_have_a_theme(city):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Assembly.objects.create(
            name="Bad", slug="bad", kind=Assembly.Kind.THEMED, area=Area.objects.first()
        )
