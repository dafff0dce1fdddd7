"""Who may sit on which council: themes match, and a council sits only on a higher level."""

import pytest
from django.core.exceptions import ValidationError

from folkmoot.councils.models import Council, CouncilMember, Level


@pytest.fixture
def levels(db):
    return Level.objects.create(name="District", rank=1), Level.objects.create(name="City", rank=2)


@pytest.fixture
def health_council(levels, testbury_health):
    return Council.objects.create(
        name="Testbury Health Council",
        slug="health",
        level=levels[1],
        theme=testbury_health.theme,
    )


@pytest.fixture
def district(levels):
    return Council.objects.create(name="East Testbury", slug="east", level=levels[0])


def test_a_themed_council_takes_its_theme_s_assemblies(health_council, testbury_health):
    CouncilMember(council=health_council, assembly=testbury_health).full_clean()


def test_a_themed_council_refuses_a_neighbourhood_assembly(health_council, elm_park):
    with pytest.raises(ValidationError, match="its members are Health bodies"):
        CouncilMember(council=health_council, assembly=elm_park).full_clean()


def test_a_general_council_refuses_a_themed_assembly(district, testbury_health):
    with pytest.raises(ValidationError, match="sits on a themed council"):
        CouncilMember(council=district, assembly=testbury_health).full_clean()


def test_a_council_sits_only_on_a_higher_level(levels, district):
    other = Council.objects.create(name="West Testbury", slug="west", level=levels[0])
    with pytest.raises(ValidationError, match="higher level"):
        CouncilMember(council=other, member_council=district).full_clean()
    city = Council.objects.create(name="Testbury", slug="testbury", level=levels[1])
    CouncilMember(council=city, member_council=district).full_clean()
    with pytest.raises(ValidationError, match="higher level"):
        CouncilMember(council=district, member_council=city).full_clean()
